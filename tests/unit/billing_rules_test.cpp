#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "app/config.h"
#include "billing/plans.h"
#include "billing/processed_events.h"
#include "billing/signature.h"
#include "billing/stripe_client.h"
#include "billing/subscription.h"

namespace plangate::billing {
namespace {

core::Config TestConfig() {
  return app::ParseConfig({{"STRIPE_PRICE_IDS", "pro_monthly=price_m,pro_yearly=price_y"}});
}

SubscriptionState Sub(std::string status, bool cancel, bool paid = true) {
  SubscriptionState s;
  s.stripe_subscription_id = "sub_1";
  s.status = std::move(status);
  s.cancel_at_period_end = cancel;
  if (paid) s.plan_id = "pro_monthly";
  return s;
}

// Every Stripe status x cancel_at_period_end x PAST_DUE_KEEPS_PRO x CANCEL_DOWNGRADE_MODE.
TEST(UserTypeRuleTest, FullMatrix) {
  const std::vector<std::string> statuses = {
      "incomplete", "incomplete_expired", "trialing", "active",
      "past_due",   "canceled",           "unpaid",   "paused"};
  for (const auto& status : statuses) {
    for (bool cancel : {false, true}) {
      for (bool keep : {false, true}) {
        for (auto mode :
             {core::CancelDowngradeMode::kPeriodEnd, core::CancelDowngradeMode::kImmediate}) {
          bool entitled =
              status == "trialing" || status == "active" || (status == "past_due" && keep);
          bool pro = entitled && !(cancel && mode == core::CancelDowngradeMode::kImmediate);
          auto d = DecideUserType({Sub(status, cancel)}, keep, mode);
          EXPECT_EQ(d.user_type, pro ? "pro" : "basic")
              << status << " cancel=" << cancel << " keep=" << keep
              << " immediate=" << (mode == core::CancelDowngradeMode::kImmediate);
          EXPECT_FALSE(d.reason.empty());
        }
      }
    }
  }
}

TEST(UserTypeRuleTest, UnknownPricesAndEmptyHistoryAreBasic) {
  EXPECT_EQ(DecideUserType({}, true, core::CancelDowngradeMode::kPeriodEnd).user_type, "basic");
  EXPECT_EQ(
      DecideUserType({Sub("active", false, false)}, true, core::CancelDowngradeMode::kPeriodEnd)
          .user_type,
      "basic");
  EXPECT_EQ(DecideUserType({Sub("canceled", false), Sub("active", false)}, true,
                           core::CancelDowngradeMode::kPeriodEnd)
                .user_type,
            "pro");
}

// The list a write decides from is the one SubscriptionsOf would read after it: newest first by
// stripe_created, a new row first among its ties (it has the highest id), an updated row in place.
TEST(SubscriptionListTest, AWrittenSubscriptionTakesTheRowOrderTheDatabaseWouldGiveIt) {
  auto made = [](std::string id, std::int64_t created, std::string status) {
    SubscriptionState s = Sub(std::move(status), false);
    s.stripe_subscription_id = std::move(id);
    s.stripe_created = created;
    return s;
  };
  auto ids = [](const std::vector<SubscriptionState>& subs) {
    std::string out;
    for (const auto& s : subs) out += s.stripe_subscription_id + "/" + s.status + " ";
    return out;
  };
  std::vector<SubscriptionState> stored = {
      made("sub_c", 300, "active"), made("sub_b", 200, "canceled"), made("sub_a", 100, "canceled")};
  EXPECT_EQ(ids(WithSubscription({}, made("sub_x", 1, "active"))), "sub_x/active ");
  EXPECT_EQ(ids(WithSubscription(stored, made("sub_b", 200, "active"))),
            "sub_c/active sub_b/active sub_a/canceled ");
  EXPECT_EQ(ids(WithSubscription(stored, made("sub_d", 400, "trialing"))),
            "sub_d/trialing sub_c/active sub_b/canceled sub_a/canceled ");
  EXPECT_EQ(ids(WithSubscription(stored, made("sub_d", 200, "trialing"))),
            "sub_c/active sub_d/trialing sub_b/canceled sub_a/canceled ");
  EXPECT_EQ(ids(WithSubscription(stored, made("sub_d", 50, "trialing"))),
            "sub_c/active sub_b/canceled sub_a/canceled sub_d/trialing ");
  // The reason names the newest entitling one, and the newest's status when none entitles.
  auto canceled = WithSubscription(stored, made("sub_c", 300, "canceled"));
  auto decision = DecideUserType(canceled, false, core::CancelDowngradeMode::kPeriodEnd);
  EXPECT_EQ(decision.user_type, "basic");
  EXPECT_NE(decision.reason.find("latest status canceled"), std::string::npos) << decision.reason;
}

TEST(ProcessedEventsTest, KeepsTheNewestAndForgetsTheOldest) {
  ProcessedEvents seen(3);
  EXPECT_FALSE(seen.Contains("evt_1"));
  for (const char* id : {"evt_1", "evt_2", "evt_3", "evt_2"}) seen.Add(id);
  EXPECT_TRUE(seen.Contains("evt_1"));
  EXPECT_TRUE(seen.Contains("evt_3"));
  seen.Add("evt_4");  // a repeat did not take a place: evt_1 is the one to go
  EXPECT_FALSE(seen.Contains("evt_1"));
  EXPECT_TRUE(seen.Contains("evt_2"));
  EXPECT_TRUE(seen.Contains("evt_4"));
  ProcessedEvents none(0);
  none.Add("evt_1");
  EXPECT_FALSE(none.Contains("evt_1"));
}

TEST(SubscriptionParseTest, ReadsBothApiShapes) {
  auto config = TestConfig();
  auto old_shape = boost::json::parse(R"({"id":"sub_1","object":"subscription","customer":"cus_1",
    "status":"active","current_period_end":1700000000,"cancel_at_period_end":true,"trial_end":null,
    "canceled_at":null,"created":1690000000,"metadata":{"user_id":"42"},
    "items":{"data":[{"price":{"id":"price_y"}}]}})")
                       .as_object();
  auto s = ParseSubscription(old_shape, config);
  EXPECT_EQ(s.stripe_customer_id, "cus_1");
  EXPECT_EQ(s.plan_id, "pro_yearly");
  EXPECT_EQ(s.current_period_end, 1700000000);
  EXPECT_TRUE(s.cancel_at_period_end);
  EXPECT_EQ(s.metadata_user_id, 42);
  EXPECT_FALSE(s.trial_end);
  auto new_shape = boost::json::parse(R"({"id":"sub_2","object":"subscription",
    "customer":{"id":"cus_2"},"status":"trialing","trial_end":1700001000,
    "items":{"data":[{"price":{"id":"price_other"},"current_period_end":1700002000}]}})")
                       .as_object();
  auto t = ParseSubscription(new_shape, config);
  EXPECT_EQ(t.stripe_customer_id, "cus_2");
  EXPECT_EQ(t.current_period_end, 1700002000);
  EXPECT_EQ(t.price_id, "price_other");
  EXPECT_FALSE(t.plan_id);
  EXPECT_THROW(
      ParseSubscription(boost::json::parse(R"({"object":"customer"})").as_object(), config),
      std::invalid_argument);
}

TEST(PlansTest, BasicPlusConfiguredPaidPlans) {
  auto config = TestConfig();
  auto plans = Plans(config);
  ASSERT_EQ(plans.size(), 3u);
  EXPECT_EQ(plans[0].plan_id, "basic");
  EXPECT_FALSE(plans[0].price_id);
  EXPECT_FALSE(PaidPlan(config, "basic"));
  EXPECT_EQ(PaidPlan(config, "pro_yearly")->price_id, "price_y");
  EXPECT_EQ(PlanForPrice(config, "price_m"), "pro_monthly");
}

TEST(StripeSignatureTest, VerifiesLikeStripe) {
  const std::string payload = R"({"id":"evt_1","type":"invoice.paid"})";
  const std::int64_t t = 1700000000;
  std::string header = SignStripePayload(payload, "whsec_a", t);
  EXPECT_TRUE(VerifyStripeSignature(header, payload, {"whsec_a"}, t));
  EXPECT_TRUE(VerifyStripeSignature(header, payload, {"whsec_old", "whsec_a"}, t + 300));
  EXPECT_FALSE(VerifyStripeSignature(header, payload, {"whsec_a"}, t + 301));
  EXPECT_FALSE(VerifyStripeSignature(header, payload, {"whsec_a"}, t - 301));
  EXPECT_FALSE(VerifyStripeSignature(header, payload, {"whsec_b"}, t));
  EXPECT_FALSE(VerifyStripeSignature(header, payload + "x", {"whsec_a"}, t));
  EXPECT_FALSE(VerifyStripeSignature(header, payload, {}, t));
  std::string v1 = header.substr(header.find("v1="));
  EXPECT_TRUE(VerifyStripeSignature("t=1700000000,v0=abc,v1=" + std::string(64, 'f') + "," + v1,
                                    payload, {"whsec_a"}, t));
  for (std::string bad : std::vector<std::string>{"", "t=", "v1=abc", "t=abc," + v1, "t=-5," + v1,
                                                  "t=1700000000", "t=1700000000,v1=zz"}) {
    EXPECT_FALSE(VerifyStripeSignature(bad, payload, {"whsec_a"}, t)) << bad;
  }
  SignatureHeader parsed;
  EXPECT_TRUE(ParseSignatureHeader(" t=12, v1=" + std::string(64, 'a'), &parsed));
  EXPECT_EQ(parsed.timestamp, 12);
}

TEST(StripeFormTest, EncodesNestedKeys) {
  EXPECT_EQ(
      EncodeForm({{"line_items[0][price]", "price_1"}, {"success_url", "https://x/s?id={ID}"}}),
      "line_items%5B0%5D%5Bprice%5D=price_1&success_url=https%3A%2F%2Fx%2Fs%3Fid%3D%7BID%7D");
}

}  // namespace
}  // namespace plangate::billing
