#pragma once
// A Stripe subscription as this service keeps it, and the user_type rule over those: pure, no
// I/O.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"

namespace plangate::billing {

struct SubscriptionState {
  std::string stripe_subscription_id;
  std::string stripe_customer_id;
  std::optional<std::string> plan_id;  // the paid plan of its price, if the price is ours
  std::optional<std::string> price_id;
  std::string status;  // Stripe's
  std::optional<std::int64_t> current_period_end;
  bool cancel_at_period_end = false;
  std::optional<std::int64_t> trial_end;
  std::optional<std::int64_t> canceled_at;
  std::int64_t stripe_created = 0;
  std::optional<std::int64_t> metadata_user_id;
};

// Reads a Stripe subscription object (current_period_end either top-level or, in newer API
// versions, on the first item). Throws std::invalid_argument when it is not one.
SubscriptionState ParseSubscription(const boost::json::object& object, const core::Config& config);

// trialing, active, past_due: the statuses that block a new checkout.
bool IsLive(const std::string& status);

// The user's subscriptions, newest first (stripe_created, then the row's age), as they are once
// `written` is stored: its old copy replaced, or it added as the newest row of its creation time.
std::vector<SubscriptionState> WithSubscription(std::vector<SubscriptionState> newest_first,
                                                const SubscriptionState& written);

struct UserTypeDecision {
  std::string user_type;  // basic | pro
  std::string reason;
};

// pro while some subscription is on a paid plan and trialing or active (or past_due while
// PAST_DUE_KEEPS_PRO); a scheduled cancellation keeps pro until Stripe ends it, unless
// CANCEL_DOWNGRADE_MODE=immediate. basic otherwise.
UserTypeDecision DecideUserType(const std::vector<SubscriptionState>& subscriptions,
                                bool past_due_keeps_pro, core::CancelDowngradeMode mode);

}  // namespace plangate::billing
