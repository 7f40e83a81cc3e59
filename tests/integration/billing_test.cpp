// The Billing section of the contract against a fake Stripe on loopback that speaks Stripe's
// wire format, on both engines.

#include <gtest/gtest.h>

#include <soci/soci.h>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <thread>

#include "billing/signature.h"
#include "support/auth_helpers.h"
#include "support/fake_stripe.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

const std::string kSecretA = "whsec_test_secret_a";
const std::string kSecretB = "whsec_test_secret_b";

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

app::Env StripeEnv(const FakeStripe& stripe) {
  return {{"STRIPE_SECRET_KEY", FakeStripe::kSecretKey},
          {"STRIPE_API_BASE", stripe.base_url()},
          {"STRIPE_WEBHOOK_SECRET", kSecretA + "," + kSecretB},
          {"STRIPE_PRICE_IDS", "pro_monthly=price_pro_m,pro_yearly=price_pro_y"},
          {"STRIPE_TIMEOUT_MS", "1500"},
          {"FRONTEND_URL", "https://app.example.com"},
          {"RATE_LIMIT_ENABLED", "false"}};
}

std::string EventBody(const std::string& id, const std::string& type,
                      const boost::json::object& object) {
  return boost::json::serialize(boost::json::object{{"id", id},
                                                    {"object", "event"},
                                                    {"type", type},
                                                    {"created", Now()},
                                                    {"data", {{"object", object}}}});
}

HttpResponse Deliver(const HttpClient& client, const std::string& body,
                     const std::string& secret = kSecretA, std::int64_t timestamp = 0) {
  std::string signature = billing::SignStripePayload(body, secret, timestamp ? timestamp : Now());
  return client.Send("POST", "/api/v1/billing/webhook", body,
                     {{"Content-Type", "application/json"}, {"Stripe-Signature", signature}});
}

class BillingTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { Start({}); }

  void Start(const app::Env& extra) {
    server_.reset();
    app::Env env = StripeEnv(stripe_);
    for (const auto& [k, v] : extra) env[k] = v;
    server_ = std::make_unique<TestServer>(db_, env);
    if (user_.user_id == 0) user_ = CreateUser(*server_, "payer@example.com");
  }

  HttpClient client() { return server_->client(); }

  HttpResponse Checkout(const std::string& plan) {
    return client().PostJson("/api/v1/billing/checkout-session", JsonString({{"plan_id", plan}}),
                             BearerHeaders(user_.access));
  }

  // Gives the user a customer and Stripe a subscription for it.
  std::string Subscribe(const std::string& sub_id, const std::string& status,
                        const std::string& price = "price_pro_m") {
    const std::string customer = "cus_" + sub_id;
    ExecSql(*server_, "UPDATE users SET stripe_customer_id = '" + customer +
                          "' WHERE id = " + std::to_string(user_.user_id));
    stripe_.PutSubscription(FakeStripe::MakeSubscription(sub_id, customer, price, status));
    return customer;
  }

  HttpResponse SubscriptionEvent(const std::string& event_id, const std::string& type,
                                 const std::string& sub_id) {
    return Deliver(client(), EventBody(event_id, type, stripe_.Subscription(sub_id)));
  }

  template <typename T>
  T Scalar(const std::string& sql) {
    T value{};
    server_->app().database().Run([&](soci::session& s) { s << sql, soci::into(value); });
    return value;
  }

  std::string UserType() {
    return Scalar<std::string>("SELECT user_type FROM users WHERE id = " +
                               std::to_string(user_.user_id));
  }

  FakeStripe stripe_;
  TestDatabase db_{GetParam()};
  std::unique_ptr<TestServer> server_;
  LoggedIn user_;
};

TEST_P(BillingTest, PlansComeFromConfig) {
  auto r = client().Get("/api/v1/billing/plans");
  ASSERT_EQ(r.status, 200);
  auto plans = r.Json().at("results").as_array();
  ASSERT_EQ(plans.size(), 3u);
  EXPECT_EQ(plans[0].at("plan_id"), "basic");
  EXPECT_TRUE(plans[0].at("price_id").is_null());
  EXPECT_EQ(plans[0].at("app_limit"), 3);
  EXPECT_EQ(plans[1].at("plan_id"), "pro_monthly");
  EXPECT_EQ(plans[1].at("user_type"), "pro");
  EXPECT_EQ(plans[1].at("price_id"), "price_pro_m");
  EXPECT_EQ(plans[1].at("app_limit"), 25);
}

TEST_P(BillingTest, WithoutKeysBillingIsNotConfigured) {
  Start({{"STRIPE_SECRET_KEY", ""}, {"STRIPE_WEBHOOK_SECRET", ""}});
  for (auto r :
       {Checkout("pro_monthly"),
        client().PostJson("/api/v1/billing/portal-session", "", BearerHeaders(user_.access)),
        Deliver(client(), EventBody("evt_x", "invoice.paid", {{"id", "in_1"}}))}) {
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.Json().at("code"), "BILLING_NOT_CONFIGURED");
  }
  EXPECT_EQ(client().Get("/api/v1/billing/plans").status, 200);
  EXPECT_EQ(stripe_.Requests().size(), 0u);
}

TEST_P(BillingTest, CheckoutSendsTheContractFields) {
  auto r = Checkout("pro_monthly");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::string(r.Json().at("session_id").as_string()).rfind("cs_test_", 0), 0u);
  EXPECT_EQ(std::string(r.Json().at("url").as_string()).rfind("https://checkout.stripe.test/", 0),
            0u);
  auto requests = stripe_.Requests();
  ASSERT_EQ(requests.size(), 2u);
  const auto& customer = requests[0];
  EXPECT_EQ(customer.path, "/v1/customers");
  EXPECT_EQ(customer.Form("email"), "payer@example.com");
  EXPECT_EQ(customer.Form("metadata[user_id]"), std::to_string(user_.user_id));
  const std::string installation = Scalar<std::string>("SELECT id FROM installation");
  EXPECT_EQ(installation.size(), 32u) << installation;
  EXPECT_EQ(customer.headers.at("idempotency-key"),
            "plangate-customer-" + installation + "-" + std::to_string(user_.user_id));
  const auto& session = requests[1];
  EXPECT_EQ(session.method, "POST");
  EXPECT_EQ(session.path, "/v1/checkout/sessions");
  EXPECT_EQ(session.Form("customer"), "cus_1");
  EXPECT_EQ(session.Form("mode"), "subscription");
  EXPECT_EQ(session.Form("line_items[0][price]"), "price_pro_m");
  EXPECT_EQ(session.Form("line_items[0][quantity]"), "1");
  EXPECT_EQ(session.Form("client_reference_id"), std::to_string(user_.user_id));
  EXPECT_EQ(session.Form("metadata[user_id]"), std::to_string(user_.user_id));
  EXPECT_EQ(session.Form("success_url"),
            "https://app.example.com/billing/success?session_id={CHECKOUT_SESSION_ID}");
  EXPECT_EQ(session.Form("cancel_url"), "https://app.example.com/billing/cancel");
  EXPECT_FALSE(session.headers.at("idempotency-key").empty());
  EXPECT_EQ(session.headers.at("stripe-version"), "2024-06-20");
  EXPECT_EQ(session.headers.at("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(Scalar<std::string>("SELECT stripe_customer_id FROM users WHERE id = " +
                                std::to_string(user_.user_id)),
            "cus_1");
  // A second checkout reuses the customer.
  ASSERT_EQ(Checkout("pro_yearly").status, 201);
  EXPECT_EQ(stripe_.Count("POST", "/v1/customers"), 1u);
  EXPECT_EQ(stripe_.Requests().back().Form("line_items[0][price]"), "price_pro_y");

  for (std::string plan : {"basic", "gold", ""}) {
    auto bad = Checkout(plan);
    EXPECT_EQ(bad.status, 400) << plan;
    EXPECT_TRUE(bad.Json().at("errors").as_object().contains("plan_id")) << plan;
  }
  EXPECT_EQ(
      client().PostJson("/api/v1/billing/checkout-session", R"({"plan_id":"pro_monthly"})").status,
      401);
  // The secret key never reaches a log line.
  EXPECT_EQ(server_->logs().All().find(FakeStripe::kSecretKey), std::string::npos);
}

TEST_P(BillingTest, CustomerIsCreatedOnceUnderConcurrentCheckouts) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] { ok += Checkout("pro_monthly").status == 201; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(stripe_.customers_created(), 1u);
  for (const auto& r : stripe_.Requests()) {
    if (r.path == "/v1/checkout/sessions") {
      EXPECT_EQ(r.Form("customer"), "cus_1");
    }
  }
}

TEST_P(BillingTest, LiveSubscriptionBlocksCheckoutAndPortalNeedsACustomer) {
  auto portal =
      client().PostJson("/api/v1/billing/portal-session", "", BearerHeaders(user_.access));
  EXPECT_EQ(portal.status, 409);
  EXPECT_EQ(portal.Json().at("code"), "NO_BILLING_ACCOUNT");

  Subscribe("sub_live", "active");
  ASSERT_EQ(SubscriptionEvent("evt_live", "customer.subscription.created", "sub_live").status, 200);
  auto again = Checkout("pro_monthly");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.Json().at("code"), "ALREADY_SUBSCRIBED");

  auto opened =
      client().PostJson("/api/v1/billing/portal-session", "", BearerHeaders(user_.access));
  ASSERT_EQ(opened.status, 201) << opened.body;
  EXPECT_EQ(
      std::string(opened.Json().at("url").as_string()).rfind("https://billing.stripe.test/", 0),
      0u);
  auto request = stripe_.Requests().back();
  EXPECT_EQ(request.path, "/v1/billing_portal/sessions");
  EXPECT_EQ(request.Form("customer"), "cus_sub_live");
  EXPECT_EQ(request.Form("return_url"), "https://app.example.com/billing");
}

TEST_P(BillingTest, StripeFailuresAreRetriedOrReportedAs502) {
  stripe_.FailNext(1, 500);
  auto retried = Checkout("pro_monthly");
  EXPECT_EQ(retried.status, 201) << retried.body;
  auto customers = stripe_.Count("POST", "/v1/customers");
  EXPECT_EQ(customers, 2u) << "a 500 is retried";
  auto requests = stripe_.Requests();
  EXPECT_EQ(requests[0].headers.at("idempotency-key"), requests[1].headers.at("idempotency-key"))
      << "the retry carries the same Idempotency-Key";

  ExecSql(*server_, "UPDATE users SET stripe_customer_id = NULL");
  std::size_t before = stripe_.Requests().size();
  stripe_.FailNext(1, 400, "invalid_request_error");
  auto refused = Checkout("pro_monthly");
  EXPECT_EQ(refused.status, 502);
  EXPECT_EQ(refused.Json().at("code"), "BILLING_PROVIDER_ERROR");
  EXPECT_EQ(stripe_.Requests().size(), before + 1) << "a 400 is not retried";
  // Stripe's message (which echoes the form we sent) goes to the log, never to the client.
  EXPECT_EQ(refused.Json().at("detail"), "The payment provider rejected the request.");
  EXPECT_EQ(refused.body.find("Injected failure"), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find("Received"), std::string::npos) << refused.body;
  auto logged = server_->logs().WaitForEvents("billing.stripe.failed", 1);
  ASSERT_FALSE(logged.empty());
  EXPECT_NE(std::string(logged.back().at("message").as_string()).find("Injected failure"),
            std::string::npos);
  EXPECT_EQ(server_->logs().All().find(FakeStripe::kSecretKey), std::string::npos);

  stripe_.FailNext(10, 503);
  EXPECT_EQ(Checkout("pro_monthly").status, 502);
  stripe_.FailNext(0, 500);

  // STRIPE_TIMEOUT_MS (1.5 s) bounds the whole call, its retries included: three tries of
  // 1.5 s each, and their backoff, took over 4.5 s before.
  auto started = std::chrono::steady_clock::now();
  stripe_.HangNext(3, 2500ms);
  auto hung = Checkout("pro_monthly");
  EXPECT_EQ(hung.status, 502);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);
  stripe_.HangNext(0, 0ms);  // the tries the deadline left unused

  // No worker is left stuck: twice as many requests as there are workers, at once, all answered
  // quickly, and the next call to Stripe (on a reused client handle) goes through.
  std::vector<std::thread> calls;
  std::atomic<int> answered{0};
  started = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    calls.emplace_back([&] {
      auto me = server_->client().Get("/api/v1/auth/me", BearerHeaders(user_.access));
      answered += me.status == 200;
    });
  }
  for (auto& c : calls) c.join();
  EXPECT_EQ(answered.load(), 8);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(Checkout("pro_monthly").status, 201);
}

// A Stripe that accepts connections and never answers holds only the threads of the routes that
// call it (STRIPE_CONCURRENCY): every other route answers at once, and each Stripe-backed
// request answers 502 within STRIPE_TIMEOUT_MS of its arrival, its wait for a thread included.
// On the shared worker pool, twelve hung checkouts held all four workers for three rounds.
TEST_P(BillingTest, AHangingStripeHoldsOnlyTheThreadsOfTheRoutesThatCallIt) {
  Start({{"STRIPE_TIMEOUT_MS", "1000"},
         {"STRIPE_MAX_RETRIES", "0"},
         {"STRIPE_CONCURRENCY", "2"},
         {"WORKER_THREADS", "4"}});
  std::vector<LoggedIn> payers;
  for (int i = 0; i < 12; ++i) {
    payers.push_back(CreateUser(*server_, "hung" + std::to_string(i) + "@example.com"));
  }
  stripe_.HangNext(1000, 2000ms);
  std::vector<std::thread> checkouts;
  std::vector<int> statuses(payers.size());
  std::vector<std::chrono::steady_clock::duration> took(payers.size());
  for (std::size_t i = 0; i < payers.size(); ++i) {
    checkouts.emplace_back([&, i] {
      auto started = std::chrono::steady_clock::now();
      auto r = client().PostJson("/api/v1/billing/checkout-session",
                                 JsonString({{"plan_id", "pro_monthly"}}),
                                 BearerHeaders(payers[i].access));
      took[i] = std::chrono::steady_clock::now() - started;
      statuses[i] = r.status;
    });
  }
  std::this_thread::sleep_for(200ms);  // the checkouts hold what they can
  auto started = std::chrono::steady_clock::now();
  auto created =
      client().PostJson("/api/v1/apps", R"({"name":"still here"})", BearerHeaders(user_.access));
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(user_.access)).status, 200);
  EXPECT_EQ(client().Get("/api/v1/billing/subscription", BearerHeaders(user_.access)).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  for (auto& t : checkouts) t.join();
  for (std::size_t i = 0; i < payers.size(); ++i) {
    EXPECT_EQ(statuses[i], 502) << i;
    EXPECT_LT(took[i], 2500ms) << i;
  }
  stripe_.HangNext(0, 0ms);
}

TEST_P(BillingTest, UnreachableStripeIs502InBoundedTime) {
  Start({{"STRIPE_API_BASE", "http://127.0.0.1:1"}});
  auto started = std::chrono::steady_clock::now();
  auto r = Checkout("pro_monthly");
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.Json().at("code"), "BILLING_PROVIDER_ERROR");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST_P(BillingTest, WebhookSignatureRules) {
  const std::string body =
      EventBody("evt_sig", "invoice.paid", {{"id", "in_1"}, {"customer", "cus_none"}});
  auto forged = Deliver(client(), body, "whsec_wrong");
  EXPECT_EQ(forged.status, 400);
  EXPECT_EQ(forged.Json().at("code"), "SIGNATURE_INVALID");
  auto stale = Deliver(client(), body, kSecretA, Now() - 301);
  EXPECT_EQ(stale.status, 400);
  auto future = Deliver(client(), body, kSecretA, Now() + 301);
  EXPECT_EQ(future.status, 400);
  auto missing = client().Send("POST", "/api/v1/billing/webhook", body,
                               {{"Content-Type", "application/json"}});
  EXPECT_EQ(missing.status, 400);
  // Tampered body under a valid header.
  std::string header = billing::SignStripePayload(body, kSecretA, Now());
  auto tampered =
      client().Send("POST", "/api/v1/billing/webhook", body + " ",
                    {{"Content-Type", "application/json"}, {"Stripe-Signature", header}});
  EXPECT_EQ(tampered.status, 400);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM webhook_events"), 0);
  EXPECT_EQ(server_->logs().Events("billing.webhook.rejected").size(), 5u);

  // Either secret works (rotation), and one good v1 among several is enough.
  EXPECT_EQ(Deliver(client(), body, kSecretB).status, 200);
  std::string multi = "t=" + std::to_string(Now()) + ",v1=" + std::string(64, '0') + "," +
                      billing::SignStripePayload(body, kSecretA, Now())
                          .substr(billing::SignStripePayload(body, kSecretA, Now()).find("v1="));
  EXPECT_EQ(client()
                .Send("POST", "/api/v1/billing/webhook", body,
                      {{"Content-Type", "application/json"}, {"Stripe-Signature", multi}})
                .status,
            200);
}

TEST_P(BillingTest, UnknownEventTypesAreAcknowledgedAndIgnored) {
  auto r = Deliver(client(), EventBody("evt_other", "product.created", {{"id", "prod_1"}}));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Json().at("received"), true);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM webhook_events"), 0);
  EXPECT_EQ(stripe_.Requests().size(), 0u);
}

TEST_P(BillingTest, CheckoutCompletedUpgradesToPro) {
  const std::string uid = std::to_string(user_.user_id);
  stripe_.PutSubscription(
      FakeStripe::MakeSubscription("sub_new", "cus_new", "price_pro_m", "active", user_.user_id));
  boost::json::object session{{"id", "cs_test_1"},
                              {"object", "checkout.session"},
                              {"customer", "cus_new"},
                              {"subscription", "sub_new"},
                              {"mode", "subscription"},
                              {"client_reference_id", uid},
                              {"metadata", {{"user_id", uid}}}};
  auto r = Deliver(client(), EventBody("evt_checkout", "checkout.session.completed", session));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(UserType(), "pro");
  EXPECT_EQ(Scalar<std::string>("SELECT stripe_customer_id FROM users WHERE id = " + uid),
            "cus_new");
  auto sub =
      client().Get("/api/v1/billing/subscription", BearerHeaders(user_.access)).Json().as_object();
  EXPECT_EQ(sub["user_type"], "pro");
  EXPECT_EQ(sub["subscription"].at("status"), "active");
  EXPECT_EQ(sub["subscription"].at("plan_id"), "pro_monthly");
  EXPECT_EQ(sub["subscription"].at("cancel_at_period_end"), false);
  EXPECT_EQ(std::string(sub["subscription"].at("current_period_end").as_string()).back(), 'Z');
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(user_.access)).Json().at("app_limit"),
            25);
  EXPECT_EQ(stripe_.Count("GET", "/v1/subscriptions/sub_new"), 1u) << "re-read before applying";
  auto changed = server_->logs().Events("user.user_type.changed");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0]["old"], "basic");
  EXPECT_EQ(changed[0]["new"], "pro");
  EXPECT_EQ(server_->logs().Events("billing.webhook.processed").size(), 1u);
  EXPECT_EQ(server_->logs().Events("billing.subscription.changed").size(), 1u);
}

TEST_P(BillingTest, DuplicateEventsApplyOnce) {
  Subscribe("sub_dup", "active");
  ASSERT_EQ(SubscriptionEvent("evt_dup", "customer.subscription.created", "sub_dup").status, 200);
  ASSERT_EQ(SubscriptionEvent("evt_dup", "customer.subscription.created", "sub_dup").status, 200);
  EXPECT_EQ(server_->logs().Events("billing.webhook.processed").size(), 1u);
  EXPECT_EQ(server_->logs().Events("billing.webhook.duplicate").size(), 1u);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM subscriptions"), 1);
  EXPECT_EQ(stripe_.Count("GET", "/v1/subscriptions/"), 1u);
}

// An instance answers re-deliveries it processed from memory; one it did not (another instance's
// event, or one from before a restart) is a duplicate by the database's ledger, read in the
// applying transaction.
TEST_P(BillingTest, ARedeliveryAfterARestartIsStillADuplicate) {
  Subscribe("sub_again", "active");
  const std::string body =
      EventBody("evt_again", "customer.subscription.updated", stripe_.Subscription("sub_again"));
  ASSERT_EQ(Deliver(client(), body).status, 200);
  ASSERT_EQ(Deliver(client(), body).status, 200);
  EXPECT_EQ(stripe_.Count("GET", "/v1/subscriptions/"), 1u);  // the second from memory
  auto unchanged = [&] {
    EXPECT_TRUE(server_->logs().Events("billing.webhook.processed").empty());
    EXPECT_TRUE(server_->logs().Events("billing.webhook.failed").empty());
    EXPECT_EQ(UserType(), "pro");
    EXPECT_EQ(Scalar<std::string>(
                  "SELECT status FROM subscriptions WHERE stripe_subscription_id = 'sub_again'"),
              "active");
    EXPECT_EQ(Scalar<int>("SELECT attempts FROM webhook_events WHERE event_id = 'evt_again'"), 1);
  };
  // A new process: applying the event again would now write what Stripe says, canceled. The
  // claim finds it processed after the re-read.
  Start({});
  auto canceled = stripe_.Subscription("sub_again");
  canceled["status"] = "canceled";
  stripe_.PutSubscription(canceled);
  ASSERT_EQ(Deliver(client(), body).status, 200);
  EXPECT_EQ(server_->logs().Events("billing.webhook.duplicate").size(), 1u);
  EXPECT_EQ(stripe_.Count("GET", "/v1/subscriptions/"), 2u);
  unchanged();
  // Another new process, and Stripe failing: the ledger says it is processed, still a 200.
  Start({});
  stripe_.FailNext(3, 500);  // every attempt of the one re-read
  ASSERT_EQ(Deliver(client(), body).status, 200);
  auto duplicates = server_->logs().Events("billing.webhook.duplicate");
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_TRUE(duplicates[0].contains("error")) << "the failed re-read is logged";
  unchanged();
  // Once seen here, it is answered from memory: no Stripe call at all.
  const std::size_t reads = stripe_.Count("GET", "/v1/subscriptions/");
  ASSERT_EQ(Deliver(client(), body).status, 200);
  EXPECT_EQ(stripe_.Count("GET", "/v1/subscriptions/"), reads);
  EXPECT_EQ(server_->logs().Events("billing.webhook.duplicate").size(), 2u);
}

TEST_P(BillingTest, ConcurrentDeliveriesOfOneEventApplyOnce) {
  Subscribe("sub_many", "active");
  const std::string body =
      EventBody("evt_many", "customer.subscription.updated", stripe_.Subscription("sub_many"));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] { ok += Deliver(client(), body).status == 200; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(server_->logs().WaitForEvents("billing.webhook.processed", 1).size(), 1u);
  EXPECT_EQ(server_->logs().Events("billing.webhook.duplicate").size(), 9u);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM subscriptions"), 1);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM webhook_events WHERE status = 'processed'"), 1);
  EXPECT_EQ(UserType(), "pro");
}

// Two subscriptions of one user change at once: one ends, the other starts. Each event's write
// decides the plan from the user's other subscriptions, so the two must not each miss the other's
// row (the one ending would make the user basic, the starting one would see pro already set):
// the user's row is held while a subscription is applied.
TEST_P(BillingTest, EventsOfOneUsersSubscriptionsAtOnceLeaveThePlanTheyDecideTogether) {
  const std::string customer = "cus_pair";
  ExecSql(*server_, "UPDATE users SET stripe_customer_id = '" + customer +
                        "' WHERE id = " + std::to_string(user_.user_id));
  for (int round = 0; round < 12; ++round) {
    const std::string ending = "sub_end_" + std::to_string(round);
    const std::string starting = "sub_start_" + std::to_string(round);
    const std::string n = std::to_string(round);
    stripe_.PutSubscription(
        FakeStripe::MakeSubscription(ending, customer, "price_pro_m", "active"));
    ASSERT_EQ(SubscriptionEvent("evt_a" + n, "customer.subscription.created", ending).status, 200);
    ASSERT_EQ(UserType(), "pro");
    auto ended = stripe_.Subscription(ending);
    ended["status"] = "canceled";
    stripe_.PutSubscription(ended);
    stripe_.PutSubscription(
        FakeStripe::MakeSubscription(starting, customer, "price_pro_m", "active"));
    const std::string end_event =
        EventBody("evt_b" + n, "customer.subscription.deleted", stripe_.Subscription(ending));
    const std::string start_event =
        EventBody("evt_c" + n, "customer.subscription.created", stripe_.Subscription(starting));
    std::atomic<int> ok{0};
    std::thread first([&] { ok += Deliver(client(), end_event).status == 200; });
    std::thread second([&] { ok += Deliver(client(), start_event).status == 200; });
    first.join();
    second.join();
    ASSERT_EQ(ok.load(), 2);
    ASSERT_EQ(UserType(), "pro") << "round " << round;
    // The round's new subscription ends too, so that the next starts from basic.
    auto gone = stripe_.Subscription(starting);
    gone["status"] = "canceled";
    stripe_.PutSubscription(gone);
    ASSERT_EQ(SubscriptionEvent("evt_d" + n, "customer.subscription.deleted", starting).status,
              200);
    ASSERT_EQ(UserType(), "basic") << "round " << round;
  }
}

TEST_P(BillingTest, StaleEventsNeverOverwriteNewerState) {
  Subscribe("sub_order", "active");
  const std::string stale_active =
      EventBody("evt_old", "customer.subscription.updated", stripe_.Subscription("sub_order"));
  // Stripe has moved on: the subscription is canceled, and that event arrives first.
  auto canceled = stripe_.Subscription("sub_order");
  canceled["status"] = "canceled";
  canceled["canceled_at"] = Now();
  stripe_.PutSubscription(canceled);
  ASSERT_EQ(SubscriptionEvent("evt_new", "customer.subscription.deleted", "sub_order").status, 200);
  EXPECT_EQ(UserType(), "basic");
  // The late "active" event is applied by re-reading Stripe, so it cannot resurrect the plan.
  ASSERT_EQ(Deliver(client(), stale_active).status, 200);
  EXPECT_EQ(UserType(), "basic");
  EXPECT_EQ(Scalar<std::string>(
                "SELECT status FROM subscriptions WHERE stripe_subscription_id = 'sub_order'"),
            "canceled");
}

TEST_P(BillingTest, CancelAtPeriodEndKeepsProUntilStripeEndsIt) {
  Subscribe("sub_cancel", "active");
  auto sub = stripe_.Subscription("sub_cancel");
  sub["cancel_at_period_end"] = true;
  stripe_.PutSubscription(sub);
  ASSERT_EQ(SubscriptionEvent("evt_c1", "customer.subscription.updated", "sub_cancel").status, 200);
  EXPECT_EQ(UserType(), "pro");
  EXPECT_EQ(client()
                .Get("/api/v1/billing/subscription", BearerHeaders(user_.access))
                .Json()
                .at("subscription")
                .at("cancel_at_period_end"),
            true);
  sub["status"] = "canceled";
  stripe_.PutSubscription(sub);
  ASSERT_EQ(SubscriptionEvent("evt_c2", "customer.subscription.deleted", "sub_cancel").status, 200);
  EXPECT_EQ(UserType(), "basic");
}

TEST_P(BillingTest, ImmediateDowngradeModeDowngradesWhenCancellationIsScheduled) {
  Start({{"CANCEL_DOWNGRADE_MODE", "immediate"}});
  Subscribe("sub_now", "active");
  ASSERT_EQ(SubscriptionEvent("evt_n1", "customer.subscription.created", "sub_now").status, 200);
  EXPECT_EQ(UserType(), "pro");
  auto sub = stripe_.Subscription("sub_now");
  sub["cancel_at_period_end"] = true;
  stripe_.PutSubscription(sub);
  ASSERT_EQ(SubscriptionEvent("evt_n2", "customer.subscription.updated", "sub_now").status, 200);
  EXPECT_EQ(UserType(), "basic");
}

TEST_P(BillingTest, EveryStatusMapsToTheRightUserType) {
  struct Case {
    std::string status;
    std::string expected;
  };
  std::vector<Case> cases = {{"trialing", "pro"},
                             {"active", "pro"},
                             {"past_due", "pro"},
                             {"unpaid", "basic"},
                             {"canceled", "basic"},
                             {"incomplete", "basic"},
                             {"incomplete_expired", "basic"},
                             {"paused", "basic"}};
  int n = 0;
  for (const auto& c : cases) {
    Subscribe("sub_status", c.status);
    ASSERT_EQ(SubscriptionEvent("evt_status_" + std::to_string(n++),
                                "customer.subscription.updated", "sub_status")
                  .status,
              200);
    EXPECT_EQ(UserType(), c.expected) << c.status;
  }
  // An unknown price is not a pro plan.
  Subscribe("sub_status", "active", "price_somebody_else");
  ASSERT_EQ(SubscriptionEvent("evt_status_x", "customer.subscription.updated", "sub_status").status,
            200);
  EXPECT_EQ(UserType(), "basic");
}

TEST_P(BillingTest, PastDueFollowsConfigAndInvoiceEventsReRead) {
  Start({{"PAST_DUE_KEEPS_PRO", "false"}});
  Subscribe("sub_pd", "active");
  ASSERT_EQ(SubscriptionEvent("evt_pd1", "customer.subscription.created", "sub_pd").status, 200);
  EXPECT_EQ(UserType(), "pro");
  auto sub = stripe_.Subscription("sub_pd");
  sub["status"] = "past_due";
  stripe_.PutSubscription(sub);
  boost::json::object invoice{{"id", "in_1"},
                              {"object", "invoice"},
                              {"customer", "cus_sub_pd"},
                              {"subscription", "sub_pd"},
                              {"status", "open"}};
  ASSERT_EQ(Deliver(client(), EventBody("evt_pd2", "invoice.payment_failed", invoice)).status, 200);
  EXPECT_EQ(UserType(), "basic");
  // The newer invoice shape keeps the subscription under parent.subscription_details.
  sub["status"] = "active";
  stripe_.PutSubscription(sub);
  boost::json::object paid{{"id", "in_2"},
                           {"object", "invoice"},
                           {"customer", "cus_sub_pd"},
                           {"parent", {{"subscription_details", {{"subscription", "sub_pd"}}}}}};
  ASSERT_EQ(Deliver(client(), EventBody("evt_pd3", "invoice.paid", paid)).status, 200);
  EXPECT_EQ(UserType(), "pro");
}

TEST_P(BillingTest, FailureWhileApplyingIs500AndTheRetrySucceeds) {
  Subscribe("sub_fail", "active");
  const std::string body =
      EventBody("evt_fail", "customer.subscription.created", stripe_.Subscription("sub_fail"));
  stripe_.FailNext(3, 500);
  auto failed = Deliver(client(), body);
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.Json().at("code"), "INTERNAL_ERROR");
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM subscriptions"), 0) << "nothing half-written";
  EXPECT_EQ(Scalar<std::string>("SELECT status FROM webhook_events WHERE event_id = 'evt_fail'"),
            "failed");
  EXPECT_EQ(UserType(), "basic");
  EXPECT_EQ(server_->logs().Events("billing.webhook.failed").size(), 1u);

  auto retried = Deliver(client(), body);
  EXPECT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(UserType(), "pro");
  EXPECT_EQ(Scalar<std::string>("SELECT status FROM webhook_events WHERE event_id = 'evt_fail'"),
            "processed");
  EXPECT_EQ(Scalar<long long>("SELECT attempts FROM webhook_events WHERE event_id = 'evt_fail'"),
            2);
}

TEST_P(BillingTest, SafetyNetFixesAMissedDeletion) {
  Subscribe("sub_missed", "active");
  auto sub = stripe_.Subscription("sub_missed");
  sub["cancel_at_period_end"] = true;
  sub["current_period_end"] = Now() - 7200;
  stripe_.PutSubscription(sub);
  ASSERT_EQ(SubscriptionEvent("evt_m1", "customer.subscription.updated", "sub_missed").status, 200);
  EXPECT_EQ(UserType(), "pro");
  sub["status"] = "canceled";
  stripe_.PutSubscription(sub);  // ...and the deletion event never arrives.
  EXPECT_EQ(server_->app().billing().RepairOverdueCancellations(3600), 1);
  EXPECT_EQ(UserType(), "basic");
}

INSTANTIATE_TEST_SUITE_P(Engines, BillingTest, kEngines, EngineName);

TEST(BillingScaleOutTest, TwoInstancesReceivingOneEventApplyItOnce) {
  TestDatabase db(Engine::kPostgres);
  FakeStripe stripe;
  TestServer a(db, StripeEnv(stripe));
  TestServer b(db, StripeEnv(stripe));
  auto user = CreateUser(a, "two@example.com");
  ExecSql(a, "UPDATE users SET stripe_customer_id = 'cus_two' WHERE id = " +
                 std::to_string(user.user_id));
  stripe.PutSubscription(
      FakeStripe::MakeSubscription("sub_two", "cus_two", "price_pro_m", "active"));
  const std::string body =
      EventBody("evt_two", "customer.subscription.created", stripe.Subscription("sub_two"));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] { ok += Deliver((i % 2 ? a : b).client(), body).status == 200; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  auto processed = a.logs().Events("billing.webhook.processed").size() +
                   b.logs().Events("billing.webhook.processed").size();
  EXPECT_EQ(processed, 1u);
  long long rows = 0;
  a.app().database().Run(
      [&](soci::session& s) { s << "SELECT COUNT(*) FROM subscriptions", soci::into(rows); });
  EXPECT_EQ(rows, 1);
}

// Two installations on one Stripe account each have a user 1: their customer keys differ (or
// Stripe would answer the second with the first one's customer), while the retries of one call
// keep its key.
TEST(BillingInstallationTest, CustomerKeysDifferBetweenInstallationsAndHoldAcrossRetries) {
  FakeStripe stripe;
  TestDatabase one(Engine::kSqlite);
  TestDatabase two(Engine::kPostgres);
  TestServer a(one, StripeEnv(stripe));
  TestServer b(two, StripeEnv(stripe));
  auto first = CreateUser(a, "first@example.com");
  auto second = CreateUser(b, "second@example.com");
  ASSERT_EQ(first.user_id, second.user_id);
  const std::string checkout = JsonString({{"plan_id", "pro_monthly"}});
  stripe.FailNext(1, 500);  // a's first attempt fails and is retried
  ASSERT_EQ(a.client()
                .PostJson("/api/v1/billing/checkout-session", checkout, BearerHeaders(first.access))
                .status,
            201);
  ASSERT_EQ(
      b.client()
          .PostJson("/api/v1/billing/checkout-session", checkout, BearerHeaders(second.access))
          .status,
      201);
  std::vector<std::string> keys;
  for (const auto& r : stripe.Requests()) {
    if (r.path == "/v1/customers") keys.push_back(r.headers.at("idempotency-key"));
  }
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0], keys[1]) << "a retry carries its call's key";
  EXPECT_NE(keys[0], keys[2]) << "two installations, one key";
  EXPECT_EQ(stripe.customers_created(), 2u);
}

TEST(SyncStripeTest, RepairsADriftedUser) {
  TestDatabase db(Engine::kSqlite);
  FakeStripe stripe;
  app::Env env = StripeEnv(stripe);
  TestServer server(db, env);
  auto user = CreateUser(server, "drift@example.com");
  ExecSql(server, "UPDATE users SET stripe_customer_id = 'cus_drift' WHERE id = " +
                      std::to_string(user.user_id));
  stripe.PutSubscription(
      FakeStripe::MakeSubscription("sub_drift", "cus_drift", "price_pro_y", "active"));
  TempDir cwd;
  env["DATABASE_URL"] = db.url();
  std::string out, err;
  ASSERT_EQ(RunCommand({PLANGATE_BINARY, "sync-stripe"}, env, cwd.path(), &out, &err), 0) << err;
  EXPECT_NE(out.find("user " + std::to_string(user.user_id) + ": basic -> pro"), std::string::npos)
      << out;
  EXPECT_NE(out.find("1 user changed"), std::string::npos) << out;
  EXPECT_EQ(stripe.Requests().back().Form("customer"), "cus_drift");
  EXPECT_EQ(stripe.Requests().back().Form("status"), "all");
  auto me = server.client().Get("/api/v1/auth/me", BearerHeaders(user.access));
  EXPECT_EQ(me.Json().at("user_type"), "pro");
  // A second run changes nothing.
  ASSERT_EQ(RunCommand({PLANGATE_BINARY, "sync-stripe"}, env, cwd.path(), &out, &err), 0);
  EXPECT_NE(out.find("0 users changed"), std::string::npos) << out;
}

}  // namespace
}  // namespace plangate::test
