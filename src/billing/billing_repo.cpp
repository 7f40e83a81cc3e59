#include "billing/billing_repo.h"

#include <soci/soci.h>

namespace plangate::billing::repo {

namespace {
// Optional integer <-> SOCI indicator.
struct OptInt {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  explicit OptInt(const std::optional<std::int64_t>& v = std::nullopt) {
    if (v) {
      value = *v;
      ind = soci::i_ok;
    }
  }
  std::optional<std::int64_t> get() const {
    return ind == soci::i_ok ? std::optional<std::int64_t>(value) : std::nullopt;
  }
};

struct OptText {
  std::string value;
  soci::indicator ind = soci::i_null;
  explicit OptText(const std::optional<std::string>& v = std::nullopt) {
    if (v) {
      value = *v;
      ind = soci::i_ok;
    }
  }
  std::optional<std::string> get() const {
    return ind == soci::i_ok ? std::optional<std::string>(value) : std::nullopt;
  }
};

constexpr const char* kSubscriptionColumns =
    "user_id, stripe_subscription_id, stripe_customer_id, plan_id, price_id, status, "
    "current_period_end, cancel_at_period_end, trial_end, canceled_at, stripe_created";

struct SubRow {
  long long user_id = 0, stripe_created = 0;
  std::string id, customer, status;
  OptText plan, price;
  OptInt period_end, trial_end, canceled_at;
  int cancel = 0;
  template <typename Statement>
  void Bind(Statement& st) {
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(id));
    st.exchange(soci::into(customer));
    st.exchange(soci::into(plan.value, plan.ind));
    st.exchange(soci::into(price.value, price.ind));
    st.exchange(soci::into(status));
    st.exchange(soci::into(period_end.value, period_end.ind));
    st.exchange(soci::into(cancel));
    st.exchange(soci::into(trial_end.value, trial_end.ind));
    st.exchange(soci::into(canceled_at.value, canceled_at.ind));
    st.exchange(soci::into(stripe_created));
  }
  SubscriptionState State() const {
    SubscriptionState s;
    s.stripe_subscription_id = id;
    s.stripe_customer_id = customer;
    s.plan_id = plan.get();
    s.price_id = price.get();
    s.status = status;
    s.current_period_end = period_end.get();
    s.cancel_at_period_end = cancel != 0;
    s.trial_end = trial_end.get();
    s.canceled_at = canceled_at.get();
    s.stripe_created = stripe_created;
    return s;
  }
};
}  // namespace

void UpsertSubscription(soci::session& s, std::int64_t user_id, const SubscriptionState& st,
                        std::int64_t now) {
  long long uid = user_id, ts = now, created = st.stripe_created;
  OptText plan(st.plan_id), price(st.price_id);
  OptInt period_end(st.current_period_end), trial_end(st.trial_end), canceled_at(st.canceled_at);
  int cancel = st.cancel_at_period_end;
  s << "INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, plan_id, "
       "price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, "
       "stripe_created, created_at, updated_at) VALUES (:u, :id, :c, :plan, :price, :status, "
       ":pe, :cancel, :te, :ca, :created, :now, :now2) "
       "ON CONFLICT (stripe_subscription_id) DO UPDATE SET user_id = excluded.user_id, "
       "stripe_customer_id = excluded.stripe_customer_id, plan_id = excluded.plan_id, "
       "price_id = excluded.price_id, status = excluded.status, "
       "current_period_end = excluded.current_period_end, "
       "cancel_at_period_end = excluded.cancel_at_period_end, trial_end = excluded.trial_end, "
       "canceled_at = excluded.canceled_at, stripe_created = excluded.stripe_created, "
       "updated_at = excluded.updated_at",
      soci::use(uid), soci::use(st.stripe_subscription_id), soci::use(st.stripe_customer_id),
      soci::use(plan.value, plan.ind), soci::use(price.value, price.ind), soci::use(st.status),
      soci::use(period_end.value, period_end.ind), soci::use(cancel),
      soci::use(trial_end.value, trial_end.ind), soci::use(canceled_at.value, canceled_at.ind),
      soci::use(created), soci::use(ts), soci::use(ts);
}

std::vector<SubscriptionState> SubscriptionsOf(soci::session& s, std::int64_t user_id) {
  long long uid = user_id;
  SubRow r;
  soci::statement st(s);
  r.Bind(st);
  st.exchange(soci::use(uid));
  st.alloc();
  st.prepare(std::string("SELECT ") + kSubscriptionColumns +
             " FROM subscriptions WHERE user_id = :u ORDER BY stripe_created DESC, id DESC");
  st.define_and_bind();
  std::vector<SubscriptionState> out;
  st.execute();
  while (st.fetch()) out.push_back(r.State());
  return out;
}

std::optional<StoredSubscription> FindSubscription(soci::session& s,
                                                   const std::string& stripe_subscription_id) {
  SubRow r;
  soci::statement st(s);
  r.Bind(st);
  st.exchange(soci::use(stripe_subscription_id));
  st.alloc();
  st.prepare(std::string("SELECT ") + kSubscriptionColumns +
             " FROM subscriptions WHERE stripe_subscription_id = :id");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return StoredSubscription{r.user_id, r.State()};
}

bool HasLiveSubscription(soci::session& s, std::int64_t user_id) {
  long long uid = user_id, n = 0;
  s << "SELECT COUNT(*) FROM subscriptions WHERE user_id = :u AND status IN "
       "('trialing', 'active', 'past_due')",
      soci::into(n), soci::use(uid);
  return n > 0;
}

std::vector<std::string> OverdueCancellations(soci::session& s, std::int64_t before) {
  long long ts = before;
  std::string id;
  soci::statement st =
      (s.prepare
           << "SELECT stripe_subscription_id FROM subscriptions WHERE cancel_at_period_end = 1 "
              "AND status IN ('trialing', 'active', 'past_due') "
              "AND current_period_end IS NOT NULL AND current_period_end < :t",
       soci::into(id), soci::use(ts));
  std::vector<std::string> out;
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::optional<std::int64_t> UserByCustomer(soci::session& s, const std::string& customer_id) {
  long long id = 0;
  s << "SELECT id FROM users WHERE stripe_customer_id = :c", soci::into(id), soci::use(customer_id);
  if (!s.got_data()) return std::nullopt;
  return id;
}

std::string ClaimCustomerId(soci::session& s, std::int64_t user_id, const std::string& customer_id,
                            std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "UPDATE users SET stripe_customer_id = :c, updated_at = :t "
       "WHERE id = :u AND stripe_customer_id IS NULL",
      soci::use(customer_id), soci::use(ts), soci::use(uid);
  std::string current;
  soci::indicator ind = soci::i_null;
  s << "SELECT stripe_customer_id FROM users WHERE id = :u", soci::into(current, ind),
      soci::use(uid);
  return ind == soci::i_ok ? current : std::string();
}

std::vector<std::pair<std::int64_t, std::string>> UsersWithCustomers(soci::session& s) {
  long long id = 0;
  std::string customer;
  soci::statement st = (s.prepare << "SELECT id, stripe_customer_id FROM users "
                                     "WHERE stripe_customer_id IS NOT NULL ORDER BY id",
                        soci::into(id), soci::into(customer));
  std::vector<std::pair<std::int64_t, std::string>> out;
  st.execute();
  while (st.fetch()) out.emplace_back(id, customer);
  return out;
}

std::optional<std::string> SetUserType(soci::session& s, std::int64_t user_id,
                                       const std::string& user_type, std::int64_t now) {
  long long uid = user_id, ts = now;
  std::string previous;
  s << "SELECT user_type FROM users WHERE id = :u", soci::into(previous), soci::use(uid);
  if (!s.got_data() || previous == user_type) return std::nullopt;
  s << "UPDATE users SET user_type = :t, updated_at = :ts WHERE id = :u", soci::use(user_type),
      soci::use(ts), soci::use(uid);
  return previous;
}

bool ClaimEvent(soci::session& s, const std::string& event_id, const std::string& type,
                std::int64_t now) {
  long long ts = now;
  std::string claimed;
  // A concurrent delivery of the same event waits on the primary key here until the first
  // commits, then finds it processed. A failed attempt may be claimed again.
  s << "INSERT INTO webhook_events (event_id, type, status, attempts, received_at, processed_at) "
       "VALUES (:id, :type, 'processed', 1, :now, :now2) "
       "ON CONFLICT (event_id) DO UPDATE SET status = 'processed', "
       "attempts = webhook_events.attempts + 1, processed_at = excluded.processed_at, "
       "last_error = NULL WHERE webhook_events.status = 'failed' RETURNING event_id",
      soci::use(event_id), soci::use(type), soci::use(ts), soci::use(ts), soci::into(claimed);
  return s.got_data();
}

bool EventProcessed(soci::session& s, const std::string& event_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM webhook_events WHERE event_id = :id AND status = 'processed'",
      soci::into(n), soci::use(event_id);
  return n > 0;
}

void RecordEventFailure(soci::session& s, const std::string& event_id, const std::string& type,
                        const std::string& error, std::int64_t now) {
  long long ts = now;
  std::string trimmed = error.substr(0, 500);
  s << "INSERT INTO webhook_events (event_id, type, status, attempts, last_error, received_at) "
       "VALUES (:id, :type, 'failed', 1, :err, :now) "
       "ON CONFLICT (event_id) DO UPDATE SET attempts = webhook_events.attempts + 1, "
       "last_error = excluded.last_error WHERE webhook_events.status = 'failed'",
      soci::use(event_id), soci::use(type), soci::use(trimmed), soci::use(ts);
}

}  // namespace plangate::billing::repo
