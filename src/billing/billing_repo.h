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
std::optional<StoredSubscription> FindSubscription(soci::session& s,
                                                   const std::string& stripe_subscription_id);
bool HasLiveSubscription(soci::session& s, std::int64_t user_id);
// Subscriptions whose scheduled cancellation should have happened by `before` but are still
// live here: the downgrade safety net re-reads them.
std::vector<std::string> OverdueCancellations(soci::session& s, std::int64_t before);

std::optional<std::int64_t> UserByCustomer(soci::session& s, const std::string& customer_id);
// Sets the customer id only if the user has none; returns the id the user has afterwards.
std::string ClaimCustomerId(soci::session& s, std::int64_t user_id, const std::string& customer_id,
                            std::int64_t now);
std::vector<std::pair<std::int64_t, std::string>> UsersWithCustomers(soci::session& s);
// This database's random installation id (migration 0005), for keys that must not collide with
// another installation's on the same Stripe account.
std::string InstallationId(soci::session& s);
// Returns the previous user_type when it changed.
std::optional<std::string> SetUserType(soci::session& s, std::int64_t user_id,
                                       const std::string& user_type, std::int64_t now);

// The webhook ledger. Claims the event for processing: true when this caller is the one that
// applies it (new, or failed before); false when it was already processed.
bool ClaimEvent(soci::session& s, const std::string& event_id, const std::string& type,
                std::int64_t now);
bool EventProcessed(soci::session& s, const std::string& event_id);
void RecordEventFailure(soci::session& s, const std::string& event_id, const std::string& type,
                        const std::string& error, std::int64_t now);

}  // namespace plangate::billing::repo
