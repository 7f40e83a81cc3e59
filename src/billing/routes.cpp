#include "billing/routes.h"

#include "http/route_docs.h"

namespace plangate::billing {

using namespace http::route_names;

std::vector<Route> BillingRoutes(BillingHandlers& billing) {
  std::vector<Route> routes;
  const ResponseDoc kProvider = Error(502, "Stripe answered with an error or could not be reached.",
                                      {"BILLING_PROVIDER_ERROR"});
  const ResponseDoc kNotConfigured =
      Error(503, "No Stripe secret key is configured, or the database is unreachable.",
            {"BILLING_NOT_CONFIGURED", "SERVICE_UNAVAILABLE"});
  routes.push_back(
      Route{Method::kGet, "/api/v1/billing/plans", AuthRequirement::kNone, Execution::kInline,
            Bind(billing, &billing::BillingHandlers::ListPlans),
            RouteDoc{"The plans: basic (free) and each configured paid plan",
                     "billing",
                     "",
                     {ResponseDoc{200, "Plans; basic's price_id is null.", "PlanList", {}}}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/billing/checkout-session", AuthRequirement::kUser,
      Execution::kOutboundPool, Bind(billing, &billing::BillingHandlers::CreateCheckoutSession),
      RouteDoc{"Start a Stripe Checkout for a paid plan",
               "billing",
               "CheckoutRequest",
               {ResponseDoc{201, "Redirect the browser to url.", "CheckoutSession", {}},
                Error(409, "A live subscription (trialing, active, past_due) exists.",
                      {"ALREADY_SUBSCRIBED"}),
                http::kUnauthenticated, http::kDisabled, kProvider, kNotConfigured},
               "plan_id basic or unknown is a VALIDATION_ERROR. The Stripe customer is created on "
               "first use."}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/billing/portal-session", AuthRequirement::kUser,
            Execution::kOutboundPool, Bind(billing, &billing::BillingHandlers::CreatePortalSession),
            RouteDoc{"Open the Stripe Billing Portal",
                     "billing",
                     "",
                     {ResponseDoc{201, "Redirect the browser to url.", "PortalSession", {}},
                      Error(409, "No Stripe customer yet.", {"NO_BILLING_ACCOUNT"}),
                      http::kUnauthenticated, http::kDisabled, kProvider, kNotConfigured}}});
  routes.push_back(
      Route{Method::kGet, "/api/v1/billing/subscription", AuthRequirement::kUser,
            Execution::kWorkerPool, Bind(billing, &billing::BillingHandlers::GetSubscription),
            RouteDoc{"The caller's user_type and newest subscription",
                     "billing",
                     "",
                     {ResponseDoc{200, "The subscription, or null.", "SubscriptionStatus", {}},
                      http::kUnauthenticated, http::kDisabled, http::kUnavailable}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/billing/webhook", AuthRequirement::kNone, Execution::kOutboundPool,
      Bind(billing, &billing::BillingHandlers::HandleStripeWebhook),
      RouteDoc{
          "Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)",
          "billing",
          "StripeEvent",
          {ResponseDoc{
               200, "Received (also for duplicates and ignored types).", "WebhookReceived", {}},
           Error(400, "Bad or stale Stripe-Signature, or not an event.",
                 {"SIGNATURE_INVALID", "BAD_REQUEST"}),
           Error(500, "Applying failed; Stripe retries.", {"INTERNAL_ERROR"}), kNotConfigured},
          "The subscription is re-read from Stripe before it is applied, so a late event "
          "never overwrites newer state; each event id is applied once."}});
  return routes;
}

}  // namespace plangate::billing
