#pragma once
// Stripe billing: customers, Checkout and Portal sessions, the signed webhook, user_type sync.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/plans.h"
#include "billing/processed_events.h"
#include "billing/stripe_client.h"
#include "billing/subscription.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"

namespace plangate::billing {
namespace repo {
struct PlanHolder;
}

struct CheckoutResult {
  std::string session_id;
  std::string url;
};

struct UserSubscription {
  std::string user_type;
  std::optional<SubscriptionState> subscription;  // the newest
};

struct WebhookOutcome {
  bool duplicate = false;
  bool ignored = false;
};

struct SyncChange {
  std::int64_t user_id = 0;
  std::string from, to;
  int subscriptions = 0;
};

class BillingService {
 public:
  // stripe may be null: no STRIPE_SECRET_KEY, and every call that needs Stripe answers 503
  // BILLING_NOT_CONFIGURED.
  BillingService(const core::Config& config, db::Database& db, const core::Clock& clock,
                 const logging::Logger& logger, std::unique_ptr<StripeClient> stripe);

  std::vector<Plan> ListPlans() const { return Plans(config_); }
  CheckoutResult CreateCheckoutSession(const core::RequestMeta& req, std::int64_t user_id,
                                       const std::string& plan_id);
  std::string CreatePortalSession(const core::RequestMeta& req, std::int64_t user_id);
  UserSubscription Subscription(std::int64_t user_id);
  // Verifies, dedupes and applies a Stripe event. Throws ApiError 400 SIGNATURE_INVALID / 400
  // BAD_REQUEST, or std::exception (rendered 500, so Stripe retries) when applying fails.
  // `signature` is the Stripe-Signature header, absent when none came; `body` the raw payload it
  // signs.
  WebhookOutcome HandleWebhook(const core::RequestMeta& req,
                               std::optional<std::string_view> signature, std::string_view body);

  // Re-reads every customer's subscriptions and repairs drift; returns the user_type changes.
  std::vector<SyncChange> SyncAll();
  // Re-reads subscriptions whose scheduled cancellation is overdue by `grace_seconds`.
  int RepairOverdueCancellations(std::int64_t grace_seconds);
  // Admin: cancel the user's live subscription now or at period end; returns its new state.
  SubscriptionState CancelSubscription(std::int64_t user_id, bool immediately,
                                       std::string_view request_id = {});

  // DELETE /auth/me: cancels the user's live subscription at once, if any (502, or 503 without
  // Stripe keys, when it cannot; the account then stays).
  void CancelBeforeAccountDeletion(std::int64_t user_id, std::string_view request_id);

  bool configured() const { return stripe_ != nullptr; }

 private:
  StripeClient& Stripe() const;
  std::string EnsureCustomer(std::int64_t user_id);
  std::optional<SubscriptionState> LiveSubscription(std::int64_t user_id);
  SubscriptionState Cancel(std::int64_t user_id, const SubscriptionState& live, bool immediately,
                           const std::string& reason, std::string_view request_id);
  // Writes the subscription and decides the user's user_type again, in the caller's transaction,
  // which holds the user's row (repo::LockPlanHolder). Returns the user_type it leaves.
  std::string ApplySubscription(soci::session& s, const repo::PlanHolder& user,
                                const SubscriptionState& state, const std::string& reason,
                                std::string_view request_id);

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  std::unique_ptr<StripeClient> stripe_;
  // Under 1 MiB when full (each id is kept twice: the set and the order); re-deliveries come
  // minutes to days apart, and one missed here costs a Stripe read and the claim, not a wrong
  // answer.
  ProcessedEvents processed_{4096};
};

}  // namespace plangate::billing
