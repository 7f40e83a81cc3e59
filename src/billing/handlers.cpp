#include "billing/handlers.h"

#include <boost/json/serialize.hpp>

#include "billing/requests.h"
#include "core/clock.h"
#include "core/log_events.h"
#include "http/json_body.h"

namespace plangate::billing {

using http::Response;

http::ApiError ProviderError(const logging::Logger& logger, std::string_view request_id,
                             const StripeError& e) {
  // The logger redacts every configured secret, and Stripe never echoes the key anyway.
  logger.Warn(logging::events::kBillingStripeFailed,
              {{"status", e.status()},
               {"type", e.type()},
               {"stripe_code", e.code()},
               {"message", e.stripe_message()}},
              request_id);
  std::string detail = "The payment provider could not complete the request.";
  if (e.status() >= 400 && e.status() < 500 && e.type() == "invalid_request_error") {
    detail = "The payment provider rejected the request.";
  } else if (e.status() == 0) {
    detail = "The payment provider could not be reached.";
  }
  return http::ApiError(core::errors::kBillingProviderError, detail);
}

boost::json::value SubscriptionJson(const std::optional<SubscriptionState>& s) {
  if (!s) return nullptr;
  return boost::json::object{
      {"plan_id", s->plan_id ? boost::json::value(*s->plan_id) : boost::json::value(nullptr)},
      {"status", s->status},
      {"current_period_end", http::TimestampOrNull(s->current_period_end)},
      {"cancel_at_period_end", s->cancel_at_period_end},
      {"trial_end", http::TimestampOrNull(s->trial_end)},
      {"canceled_at", http::TimestampOrNull(s->canceled_at)}};
}

Response BillingHandlers::ListPlans(http::Context&) {
  boost::json::array results;
  for (const auto& p : service_.ListPlans()) {
    results.push_back(boost::json::object{
        {"plan_id", p.plan_id},
        {"user_type", p.user_type},
        {"app_limit", p.app_limit},
        {"price_id", p.price_id ? boost::json::value(*p.price_id) : boost::json::value(nullptr)}});
  }
  return http::JsonResponse(200, boost::json::object{{"results", std::move(results)}});
}

Response BillingHandlers::CreateCheckoutSession(http::Context& c) {
  CheckoutRequest in = ReadCheckoutRequest(c.request);
  auto result = WithStripeErrors(logger_, c.request.request_id, [&] {
    return service_.CreateCheckoutSession(c.request.Meta(), c.principal->user_id, in.plan_id);
  });
  return http::JsonResponse(
      201, boost::json::object{{"session_id", result.session_id}, {"url", result.url}});
}

Response BillingHandlers::CreatePortalSession(http::Context& c) {
  std::string url = WithStripeErrors(logger_, c.request.request_id, [&] {
    return service_.CreatePortalSession(c.request.Meta(), c.principal->user_id);
  });
  return http::JsonResponse(201, boost::json::object{{"url", url}});
}

Response BillingHandlers::GetSubscription(http::Context& c) {
  auto s = service_.Subscription(c.principal->user_id);
  return http::JsonResponse(
      200, boost::json::object{{"user_type", s.user_type},
                               {"subscription", SubscriptionJson(s.subscription)}});
}

Response BillingHandlers::HandleStripeWebhook(http::Context& c) {
  service_.HandleWebhook(c.request.Meta(), c.request.HeaderValue("Stripe-Signature"),
                         c.request.body);
  return http::JsonResponse(200, boost::json::object{{"received", true}});
}

}  // namespace plangate::billing
