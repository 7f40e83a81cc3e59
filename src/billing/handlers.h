#pragma once
// HTTP handlers for /api/v1/billing/*.

#include <boost/json/object.hpp>

#include "billing/service.h"
#include "core/logging.h"
#include "http/errors.h"
#include "http/router.h"

namespace plangate::billing {

class BillingHandlers {
 public:
  BillingHandlers(BillingService& service, const logging::Logger& logger)
      : service_(service), logger_(logger) {}

  http::Response ListPlans(http::Context& c);
  http::Response CreateCheckoutSession(http::Context& c);
  http::Response CreatePortalSession(http::Context& c);
  http::Response GetSubscription(http::Context& c);
  http::Response HandleStripeWebhook(http::Context& c);

 private:
  BillingService& service_;
  const logging::Logger& logger_;
};

boost::json::value SubscriptionJson(const std::optional<SubscriptionState>& s);

// Runs fn, turning a StripeError into 502 BILLING_PROVIDER_ERROR. Stripe's own message goes to
// the log only: for a request error it echoes what we sent (emails, ids, URLs), which is ours to
// read, not the caller's.
template <typename Fn>
auto WithStripeErrors(const logging::Logger& logger, std::string_view request_id, Fn&& fn)
    -> decltype(fn());

// Logs e as billing.stripe.failed and answers one fixed sentence per kind of failure.
http::ApiError ProviderError(const logging::Logger& logger, std::string_view request_id,
                             const StripeError& e);

template <typename Fn>
auto WithStripeErrors(const logging::Logger& logger, std::string_view request_id, Fn&& fn)
    -> decltype(fn()) {
  try {
    return fn();
  } catch (const StripeError& e) {
    throw ProviderError(logger, request_id, e);
  }
}

}  // namespace plangate::billing
