#include "billing/export.h"

#include "billing/billing_repo.h"
#include "billing/handlers.h"

namespace plangate::billing {

boost::json::value NewestSubscriptionJson(soci::session& s, std::int64_t user_id) {
  auto subscriptions = repo::SubscriptionsOf(s, user_id);
  std::optional<SubscriptionState> newest;
  if (!subscriptions.empty()) newest = std::move(subscriptions.front());
  return SubscriptionJson(newest);
}

boost::json::object ExportPart(soci::session& s, std::int64_t user_id) {
  return {{"subscription", NewestSubscriptionJson(s, user_id)}};
}

}  // namespace plangate::billing
