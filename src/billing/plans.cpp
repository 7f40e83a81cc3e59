#include "billing/plans.h"

namespace plangate::billing {

std::vector<Plan> Plans(const core::Config& c) {
  std::vector<Plan> plans{{"basic", "basic", c.app_limit_basic, std::nullopt}};
  for (const auto& [plan_id, price] : c.stripe_price_ids) {
    plans.push_back({plan_id, "pro", c.app_limit_pro, price});
  }
  return plans;
}

std::optional<Plan> PaidPlan(const core::Config& c, const std::string& plan_id) {
  for (const auto& [id, price] : c.stripe_price_ids) {
    if (id == plan_id) return Plan{id, "pro", c.app_limit_pro, price};
  }
  return std::nullopt;
}

std::optional<std::string> PlanForPrice(const core::Config& c, const std::string& price_id) {
  for (const auto& [id, price] : c.stripe_price_ids) {
    if (price == price_id) return id;
  }
  return std::nullopt;
}

}  // namespace plangate::billing
