#include "billing/subscription.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "billing/plans.h"

namespace plangate::billing {

namespace {
std::optional<std::int64_t> OptInt(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64()) return static_cast<std::int64_t>(it->value().as_uint64());
  return std::nullopt;
}

std::optional<std::string> OptString(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

const boost::json::object* OptObject(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}
}  // namespace

bool IsLive(const std::string& status) {
  return status == "trialing" || status == "active" || status == "past_due";
}

SubscriptionState ParseSubscription(const boost::json::object& o, const core::Config& config) {
  SubscriptionState s;
  auto id = OptString(o, "id");
  auto object = OptString(o, "object");
  auto status = OptString(o, "status");
  if (!id || !status || (object && *object != "subscription")) {
    throw std::invalid_argument("not a Stripe subscription object");
  }
  s.stripe_subscription_id = *id;
  s.status = *status;
  // customer is an id, or an expanded object with one.
  if (auto customer = OptString(o, "customer")) {
    s.stripe_customer_id = *customer;
  } else if (auto* expanded = OptObject(o, "customer")) {
    s.stripe_customer_id = OptString(*expanded, "id").value_or("");
  }
  s.current_period_end = OptInt(o, "current_period_end");
  if (auto* items = OptObject(o, "items")) {
    auto data = items->find("data");
    if (data != items->end() && data->value().is_array() && !data->value().as_array().empty() &&
        data->value().as_array()[0].is_object()) {
      const auto& item = data->value().as_array()[0].as_object();
      if (auto* price = OptObject(item, "price")) s.price_id = OptString(*price, "id");
      if (!s.current_period_end) s.current_period_end = OptInt(item, "current_period_end");
    }
  }
  if (!s.price_id) {
    if (auto* plan = OptObject(o, "plan")) s.price_id = OptString(*plan, "id");
  }
  if (s.price_id) s.plan_id = PlanForPrice(config, *s.price_id);
  auto cancel = o.find("cancel_at_period_end");
  s.cancel_at_period_end =
      cancel != o.end() && cancel->value().is_bool() && cancel->value().as_bool();
  s.trial_end = OptInt(o, "trial_end");
  s.canceled_at = OptInt(o, "canceled_at");
  s.stripe_created = OptInt(o, "created").value_or(0);
  if (auto* metadata = OptObject(o, "metadata")) {
    if (auto uid = OptString(*metadata, "user_id")) {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(uid->data(), uid->data() + uid->size(), v);
      if (ec == std::errc() && end == uid->data() + uid->size() && v > 0) s.metadata_user_id = v;
    }
  }
  return s;
}

std::vector<SubscriptionState> WithSubscription(std::vector<SubscriptionState> subs,
                                                const SubscriptionState& written) {
  auto same = [&](const SubscriptionState& s) {
    return s.stripe_subscription_id == written.stripe_subscription_id;
  };
  auto old = std::find_if(subs.begin(), subs.end(), same);
  if (old != subs.end() && old->stripe_created == written.stripe_created) {
    *old = written;  // its row keeps its place
    return subs;
  }
  if (old != subs.end()) subs.erase(old);
  // A new row has the highest id, so it goes first among rows of its creation time.
  auto at = std::find_if(subs.begin(), subs.end(), [&](const SubscriptionState& s) {
    return s.stripe_created <= written.stripe_created;
  });
  subs.insert(at, written);
  return subs;
}

UserTypeDecision DecideUserType(const std::vector<SubscriptionState>& subs, bool past_due_keeps_pro,
                                core::CancelDowngradeMode mode) {
  for (const auto& s : subs) {
    if (!s.plan_id) continue;
    bool entitled = s.status == "trialing" || s.status == "active" ||
                    (s.status == "past_due" && past_due_keeps_pro);
    if (!entitled) continue;
    if (s.cancel_at_period_end && mode == core::CancelDowngradeMode::kImmediate) continue;
    return {"pro", "subscription " + s.stripe_subscription_id + " is " + s.status};
  }
  if (subs.empty()) return {"basic", "no subscription"};
  return {"basic", "no entitling subscription (latest status " + subs.front().status + ")"};
}

}  // namespace plangate::billing
