#include "billing/service.h"

#include <soci/soci.h>

#include "billing/billing_repo.h"
#include "billing/requests.h"
#include "billing/signature.h"
#include "core/crypto.h"
#include "core/log_events.h"
#include "http/errors.h"
#include "users/users_repo.h"

namespace plangate::billing {

using http::ApiError;

namespace {

ApiError NotConfigured() {
  return ApiError(core::errors::kBillingNotConfigured, "Billing is not configured on this server.");
}

bool Handled(const std::string& type) {
  static const char* kTypes[] = {"checkout.session.completed",
                                 "customer.subscription.created",
                                 "customer.subscription.updated",
                                 "customer.subscription.deleted",
                                 "customer.subscription.paused",
                                 "customer.subscription.resumed",
                                 "customer.subscription.trial_will_end",
                                 "invoice.paid",
                                 "invoice.payment_succeeded",
                                 "invoice.payment_failed"};
  for (const char* t : kTypes) {
    if (type == t) return true;
  }
  return false;
}

}  // namespace

BillingService::BillingService(const core::Config& config, db::Database& db,
                               const core::Clock& clock, const logging::Logger& logger,
                               std::unique_ptr<StripeClient> stripe)
    : config_(config), db_(db), clock_(clock), logger_(logger), stripe_(std::move(stripe)) {}

StripeClient& BillingService::Stripe() const {
  if (!stripe_) throw NotConfigured();
  return *stripe_;
}

std::string BillingService::EnsureCustomer(std::int64_t user_id) {
  auto user = db_.Run([&](soci::session& s) { return users::FindById(s, user_id); });
  if (!user) throw ApiError::NotFound();
  if (user->stripe_customer_id) return *user->stripe_customer_id;
  const std::string installation =
      db_.Run([](soci::session& s) { return repo::InstallationId(s); });
  // One key per user of this installation: concurrent checkouts get the same customer back from
  // Stripe, and another installation's user with the same id does not.
  auto customer = Stripe().Post(
      "/v1/customers", {{"email", user->email}, {"metadata[user_id]", std::to_string(user_id)}},
      "plangate-customer-" + installation + "-" + std::to_string(user_id));
  auto id = IdOf(customer, "id");
  if (!id) throw StripeError(502, "api_error", "", "Stripe returned a customer without an id.");
  return db_.Transaction(
      [&](soci::session& s) { return repo::ClaimCustomerId(s, user_id, *id, clock_.Now()); });
}

CheckoutResult BillingService::CreateCheckoutSession(const core::RequestMeta& req,
                                                     std::int64_t user_id,
                                                     const std::string& plan_id) {
  Stripe();
  auto plan = PaidPlan(config_, plan_id);
  if (!plan) {
    throw ApiError::ValidationField(
        "plan_id", plan_id == "basic" ? "The basic plan is free: there is nothing to check out."
                                      : "\"" + plan_id + "\" is not a paid plan.");
  }
  bool live = db_.Run([&](soci::session& s) { return repo::HasLiveSubscription(s, user_id); });
  if (live) {
    throw ApiError(core::errors::kAlreadySubscribed,
                   "You already have a subscription; manage it in the billing portal.");
  }
  std::string customer = EnsureCustomer(user_id);
  const std::string uid = std::to_string(user_id);
  auto session = Stripe().Post(
      "/v1/checkout/sessions",
      {{"customer", customer},
       {"mode", "subscription"},
       {"line_items[0][price]", *plan->price_id},
       {"line_items[0][quantity]", "1"},
       {"client_reference_id", uid},
       {"metadata[user_id]", uid},
       {"subscription_data[metadata][user_id]", uid},
       {"success_url", config_.frontend_url + "/billing/success?session_id={CHECKOUT_SESSION_ID}"},
       {"cancel_url", config_.frontend_url + "/billing/cancel"}},
      "plangate-checkout-" + uid + "-" + core::RandomToken(12));
  CheckoutResult result{IdOf(session, "id").value_or(""), IdOf(session, "url").value_or("")};
  logger_.Info(logging::events::kBillingCheckoutCreated,
               {{"user_id", user_id}, {"plan_id", plan_id}, {"session_id", result.session_id}},
               req.request_id);
  return result;
}

std::string BillingService::CreatePortalSession(const core::RequestMeta& req,
                                                std::int64_t user_id) {
  Stripe();
  auto user = db_.Run([&](soci::session& s) { return users::FindById(s, user_id); });
  if (!user) throw ApiError::NotFound();
  if (!user->stripe_customer_id) {
    throw ApiError(core::errors::kNoBillingAccount,
                   "There is no billing account yet: subscribe first.");
  }
  auto session = Stripe().Post(
      "/v1/billing_portal/sessions",
      {{"customer", *user->stripe_customer_id}, {"return_url", config_.frontend_url + "/billing"}},
      "plangate-portal-" + std::to_string(user_id) + "-" + core::RandomToken(12));
  return IdOf(session, "url").value_or("");
}

UserSubscription BillingService::Subscription(std::int64_t user_id) {
  return db_.Transaction(
      [&](soci::session& s) {
        auto user = users::FindById(s, user_id);
        if (!user) throw ApiError::NotFound();
        auto subs = repo::SubscriptionsOf(s, user_id);
        UserSubscription out{user->user_type, std::nullopt};
        if (!subs.empty()) out.subscription = subs.front();
        return out;
      },
      db::TxMode::kRead);
}

std::string BillingService::ApplySubscription(soci::session& s, const repo::PlanHolder& user,
                                              const SubscriptionState& state,
                                              const std::string& reason,
                                              std::string_view request_id) {
  const std::int64_t now = clock_.Now();
  const std::int64_t user_id = user.id;
  auto before = repo::ReadBeforeWrite(s, user_id, state.stripe_subscription_id);
  repo::UpsertSubscription(s, user_id, state, now);
  auto decision = DecideUserType(WithSubscription(std::move(before.of_user), state),
                                 config_.past_due_keeps_pro, config_.cancel_downgrade_mode);
  const bool type_changes = decision.user_type != user.user_type;
  if (type_changes) repo::WriteUserType(s, user_id, decision.user_type, now);
  const auto& previous = before.target;
  if (!previous || previous->state.status != state.status ||
      previous->state.cancel_at_period_end != state.cancel_at_period_end ||
      previous->state.plan_id != state.plan_id) {
    logger_.Info(logging::events::kBillingSubscriptionChanged,
                 {{"user_id", user_id},
                  {"subscription_id", state.stripe_subscription_id},
                  {"status", state.status},
                  {"previous_status", previous ? boost::json::value(previous->state.status)
                                               : boost::json::value(nullptr)},
                  {"cancel_at_period_end", state.cancel_at_period_end},
                  {"plan_id", state.plan_id ? boost::json::value(*state.plan_id)
                                            : boost::json::value(nullptr)},
                  {"source", reason}},
                 request_id);
  }
  if (type_changes) {
    logger_.Info(logging::events::kUserUserTypeChanged,
                 {{"user_id", user_id},
                  {"old", user.user_type},
                  {"new", decision.user_type},
                  {"reason", decision.reason},
                  {"source", reason}},
                 request_id);
  }
  return decision.user_type;
}

WebhookOutcome BillingService::HandleWebhook(const core::RequestMeta& req,
                                             std::optional<std::string_view> signature,
                                             std::string_view body) {
  if (config_.stripe_webhook_secrets.empty()) throw NotConfigured();
  if (!signature ||
      !VerifyStripeSignature(*signature, body, config_.stripe_webhook_secrets, clock_.Now())) {
    logger_.Warn(logging::events::kBillingWebhookRejected,
                 {{"reason", signature ? "bad_signature" : "no_signature"}, {"ip", req.client_ip}},
                 req.request_id);
    throw ApiError(core::errors::kSignatureInvalid, "The Stripe-Signature header does not verify.");
  }
  StripeEvent event = ReadStripeEvent(body);
  logger_.Info(logging::events::kBillingWebhookReceived,
               {{"event_id", event.id}, {"type", event.type}}, req.request_id);
  if (!Handled(event.type)) return WebhookOutcome{false, true};

  // `error`: what failed before the ledger said it was a duplicate (Stripe's re-read), logged so
  // that the outage leaves a trace.
  auto duplicate = [&](std::string_view error = {}) {
    processed_.Add(event.id);
    boost::json::object fields{{"event_id", event.id}, {"type", event.type}};
    if (!error.empty()) fields["error"] = error;
    logger_.Info(logging::events::kBillingWebhookDuplicate, std::move(fields), req.request_id);
    return WebhookOutcome{true, false};
  };
  if (processed_.Contains(event.id)) return duplicate();

  try {
    auto subscription_id = event.subscription_id;
    auto customer = event.customer;
    // Order safety: apply Stripe's current state, never the event's possibly stale copy.
    std::optional<SubscriptionState> state;
    if (subscription_id) {
      state = ParseSubscription(Stripe().Get("/v1/subscriptions/" + *subscription_id), config_);
      if (!customer) customer = state->stripe_customer_id;
    }
    auto hint = event.user_id_hint;
    if (!hint && state) hint = state->metadata_user_id;

    bool applied = db_.Transaction([&](soci::session& s) {
      if (!repo::ClaimEvent(s, event.id, event.type, clock_.Now())) return false;
      const bool checkout = event.type == "checkout.session.completed";
      const auto lock = checkout ? repo::HolderLock::kKeyToo : repo::HolderLock::kPlan;
      std::optional<repo::PlanHolder> user;
      if (customer) user = repo::LockPlanHolderByCustomer(s, *customer, lock);
      if (!user && hint) user = repo::LockPlanHolder(s, *hint, lock);
      if (!user && subscription_id) {
        if (auto stored = repo::FindSubscription(s, *subscription_id)) {
          user = repo::LockPlanHolder(s, stored->user_id, lock);
        }
      }
      if (!user) {
        logger_.Warn(logging::events::kBillingWebhookUnmatched,
                     {{"event_id", event.id}, {"type", event.type}}, req.request_id);
        return true;
      }
      if (checkout && customer) {
        repo::ClaimCustomerId(s, user->id, *customer, clock_.Now());
      }
      if (state) ApplySubscription(s, *user, *state, event.type, req.request_id);
      return true;
    });
    if (!applied) return duplicate();
    processed_.Add(event.id);
    logger_.Info(logging::events::kBillingWebhookProcessed,
                 {{"event_id", event.id}, {"type", event.type}}, req.request_id);
    return WebhookOutcome{};
  } catch (const std::exception& e) {
    // A re-delivery of an event applied by another instance, or before a restart, reaches here
    // when Stripe's re-read fails: the ledger then says it was applied, and it stays a 200.
    bool recorded = true;
    try {
      recorded = db_.Run([&](soci::session& s) {
        return repo::RecordEventFailure(s, event.id, event.type, e.what(), clock_.Now());
      });
    } catch (const std::exception&) {
      // The database may be the cause; Stripe retries either way.
    }
    if (!recorded) return duplicate(e.what());
    logger_.Error(logging::events::kBillingWebhookFailed,
                  {{"event_id", event.id}, {"type", event.type}, {"error", e.what()}},
                  req.request_id);
    throw ApiError(core::errors::kInternalError,
                   "The event could not be applied; it will be retried.");
  }
}

std::vector<SyncChange> BillingService::SyncAll() {
  auto customers = db_.Run([](soci::session& s) { return repo::UsersWithCustomers(s); });
  std::vector<SyncChange> changes;
  for (const auto& [user_id, customer] : customers) {
    std::vector<SubscriptionState> states;
    std::optional<std::string> after;
    while (true) {
      Form query = {{"customer", customer}, {"status", "all"}, {"limit", "100"}};
      if (after) query.emplace_back("starting_after", *after);
      auto page = Stripe().Get("/v1/subscriptions", query);
      auto data = page.find("data");
      if (data == page.end() || !data->value().is_array()) break;
      for (const auto& item : data->value().as_array()) {
        if (!item.is_object()) continue;
        states.push_back(ParseSubscription(item.as_object(), config_));
      }
      auto more = page.find("has_more");
      if (states.empty() || more == page.end() || !more->value().is_bool() ||
          !more->value().as_bool()) {
        break;
      }
      after = states.back().stripe_subscription_id;
    }
    SyncChange change{user_id, "", "", static_cast<int>(states.size())};
    db_.Transaction([&](soci::session& s) {
      auto user = repo::LockPlanHolder(s, user_id);
      if (!user) return;
      change.from = user->user_type;
      for (const auto& state : states) {
        user->user_type = ApplySubscription(s, *user, state, "sync-stripe", {});
      }
      // Each subscription applied above decided the plan from all of the user's; without one in
      // Stripe, the stored ones decide here.
      if (!states.empty()) {
        change.to = user->user_type;
        return;
      }
      auto decision = DecideUserType(repo::SubscriptionsOf(s, user_id), config_.past_due_keeps_pro,
                                     config_.cancel_downgrade_mode);
      if (decision.user_type != user->user_type) {
        repo::WriteUserType(s, user_id, decision.user_type, clock_.Now());
        logger_.Info(logging::events::kUserUserTypeChanged, {{"user_id", user_id},
                                                             {"old", user->user_type},
                                                             {"new", decision.user_type},
                                                             {"reason", decision.reason},
                                                             {"source", "sync-stripe"}});
      }
      change.to = decision.user_type;
    });
    if (change.from != change.to) changes.push_back(change);
  }
  return changes;
}

int BillingService::RepairOverdueCancellations(std::int64_t grace_seconds) {
  auto ids = db_.Run([&](soci::session& s) {
    return repo::OverdueCancellations(s, clock_.Now() - grace_seconds);
  });
  int repaired = 0;
  for (const auto& id : ids) {
    auto state = ParseSubscription(Stripe().Get("/v1/subscriptions/" + id), config_);
    db_.Transaction([&](soci::session& s) {
      auto stored = repo::FindSubscription(s, id);
      auto user = stored ? repo::LockPlanHolder(s, stored->user_id) : std::nullopt;
      if (!user) return;
      ApplySubscription(s, *user, state, "downgrade-safety-net", {});
      ++repaired;
    });
  }
  return repaired;
}

std::optional<SubscriptionState> BillingService::LiveSubscription(std::int64_t user_id) {
  return db_.Run([&](soci::session& s) -> std::optional<SubscriptionState> {
    for (const auto& sub : repo::SubscriptionsOf(s, user_id)) {
      if (IsLive(sub.status)) return sub;
    }
    return std::nullopt;
  });
}

SubscriptionState BillingService::Cancel(std::int64_t user_id, const SubscriptionState& live,
                                         bool immediately, const std::string& reason,
                                         std::string_view request_id) {
  const std::string path = "/v1/subscriptions/" + live.stripe_subscription_id;
  const std::string key =
      "plangate-cancel-" + live.stripe_subscription_id + "-" + core::RandomToken(9);
  auto answer = immediately ? Stripe().Delete(path, key)
                            : Stripe().Post(path, {{"cancel_at_period_end", "true"}}, key);
  auto state = ParseSubscription(answer, config_);
  db_.Transaction([&](soci::session& s) {
    // Stripe has it canceled; an account deleted meanwhile has no row to keep it in.
    if (auto user = repo::LockPlanHolder(s, user_id)) {
      ApplySubscription(s, *user, state, reason, request_id);
    }
  });
  return state;
}

SubscriptionState BillingService::CancelSubscription(std::int64_t user_id, bool immediately,
                                                     std::string_view request_id) {
  Stripe();
  auto live = LiveSubscription(user_id);
  if (!live) throw ApiError::NotFound("The user has no live subscription.");
  return Cancel(user_id, *live, immediately,
                immediately ? "admin-cancel-now" : "admin-cancel-at-period-end", request_id);
}

void BillingService::CancelBeforeAccountDeletion(std::int64_t user_id,
                                                 std::string_view request_id) {
  auto live = LiveSubscription(user_id);
  if (live) Cancel(user_id, *live, true, "account-deleted", request_id);
}

}  // namespace plangate::billing
