#pragma once
// HTTP handlers for /api/v1/billing/*.

#include <boost/json/object.hpp>

#include "billing/service.h"
#include "http/errors.h"
#include "http/router.h"

namespace plangate::billing {

class BillingHandlers {
 public:
  explicit BillingHandlers(BillingService& service) : service_(service) {}

  http::Response ListPlans(http::Context& c);
  http::Response CreateCheckoutSession(http::Context& c);
  http::Response CreatePortalSession(http::Context& c);
  http::Response GetSubscription(http::Context& c);
  http::Response HandleStripeWebhook(http::Context& c);

 private:
  BillingService& service_;
};

boost::json::value SubscriptionJson(const std::optional<SubscriptionState>& s);

// Runs fn, turning a StripeError into 502 BILLING_PROVIDER_ERROR (Stripe's message only for its
// request errors, which describe our request, never its internals).
template <typename Fn>
auto WithStripeErrors(Fn&& fn) -> decltype(fn());

http::ApiError ProviderError(const StripeError& e);

template <typename Fn>
auto WithStripeErrors(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const StripeError& e) {
    throw ProviderError(e);
  }
}

}  // namespace plangate::billing
