#pragma once
// SQL for subscriptions, the webhook ledger and the users' Stripe customer ids.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing/subscription.h"

namespace soci {
class session;
}

namespace plangate::billing::repo {

struct StoredSubscription {
  std::int64_t user_id = 0;
  SubscriptionState state;
};

// Insert or update the row of this Stripe subscription id (one row per id, ever).
void UpsertSubscription(soci::session& s, std::int64_t user_id, const SubscriptionState& state,
                        std::int64_t now);
std::vector<SubscriptionState> SubscriptionsOf(soci::session& s, std::int64_t user_id);
// What a subscription write decides from, in one read: the user's subscriptions, newest first,
// and the stored row of `subscription_id`, whoever it belongs to (none before its first event).
struct SubscriptionsBeforeWrite {
  std::vector<SubscriptionState> of_user;
  std::optional<StoredSubscription> target;
};
SubscriptionsBeforeWrite ReadBeforeWrite(soci::session& s, std::int64_t user_id,
                                         const std::string& subscription_id);
std::optional<StoredSubscription> FindSubscription(soci::session& s,
                                                   const std::string& stripe_subscription_id);
bool HasLiveSubscription(soci::session& s, std::int64_t user_id);
// Subscriptions whose scheduled cancellation should have happened by `before` but are still
// live here: the downgrade safety net re-reads them.
std::vector<std::string> OverdueCancellations(soci::session& s, std::int64_t before);

// The user a subscription write decides the plan of, with the row locked to the end of the
// transaction: one user's subscription writes apply one at a time, each deciding the plan from
// every other one committed (two events of one user at once cannot both miss the other's row).
struct PlanHolder {
  std::int64_t id = 0;
  std::string user_type;
};
enum class HolderLock {
  kPlan,    // FOR NO KEY UPDATE: inserts that reference the user (a new app) go on
  kKeyToo,  // FOR UPDATE, when the transaction will also set the user's stripe_customer_id (a
            // unique key): taking the weaker lock first and then that one could deadlock with
            // such an insert
};
std::optional<PlanHolder> LockPlanHolder(soci::session& s, std::int64_t user_id,
                                         HolderLock lock = HolderLock::kPlan);
std::optional<PlanHolder> LockPlanHolderByCustomer(soci::session& s, const std::string& customer_id,
                                                   HolderLock lock = HolderLock::kPlan);
// Sets the customer id only if the user has none; returns the id the user has afterwards.
std::string ClaimCustomerId(soci::session& s, std::int64_t user_id, const std::string& customer_id,
                            std::int64_t now);
std::vector<std::pair<std::int64_t, std::string>> UsersWithCustomers(soci::session& s);
// This database's random installation id (migration 0005), for keys that must not collide with
// another installation's on the same Stripe account.
std::string InstallationId(soci::session& s);
void WriteUserType(soci::session& s, std::int64_t user_id, const std::string& user_type,
                   std::int64_t now);

// The webhook ledger. Claims the event for processing: true when this caller is the one that
// applies it (new, or failed before); false when it was already processed.
bool ClaimEvent(soci::session& s, const std::string& event_id, const std::string& type,
                std::int64_t now);
// Records a failed attempt; false when the event was processed already (by another instance, or
// before a restart), in which case nothing is written.
bool RecordEventFailure(soci::session& s, const std::string& event_id, const std::string& type,
                        const std::string& error, std::int64_t now);

}  // namespace plangate::billing::repo
