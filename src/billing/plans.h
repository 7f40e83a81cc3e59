#pragma once
// Plans come from configuration: the free basic plan plus one paid plan per STRIPE_PRICE_IDS
// entry. Pure: no I/O.

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"

namespace plangate::billing {

struct Plan {
  std::string plan_id;
  std::string user_type;  // basic | pro
  int app_limit = 0;
  std::optional<std::string> price_id;  // null for basic
};

std::vector<Plan> Plans(const core::Config& config);
// A paid plan by id (never basic).
std::optional<Plan> PaidPlan(const core::Config& config, const std::string& plan_id);
// The paid plan whose Stripe price this is.
std::optional<std::string> PlanForPrice(const core::Config& config, const std::string& price_id);

}  // namespace plangate::billing
