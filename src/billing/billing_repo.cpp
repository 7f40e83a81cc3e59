#include "billing/billing_repo.h"

#include <soci/soci.h>

#include <stdexcept>

#include "db/dialect.h"
#include "db/prepared.h"

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
  void Bind(db::Query& q) {
    q, soci::into(user_id), soci::into(id), soci::into(customer), soci::into(plan.value, plan.ind),
        soci::into(price.value, price.ind), soci::into(status),
        soci::into(period_end.value, period_end.ind), soci::into(cancel),
        soci::into(trial_end.value, trial_end.ind), soci::into(canceled_at.value, canceled_at.ind),
        soci::into(stripe_created);
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

namespace {
constexpr const char* kUpsertSubscription =
    "INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, plan_id, "
    "price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, "
    "stripe_created, created_at, updated_at) VALUES (:u, :id, :c, :plan, :price, :status, "
    ":pe, :cancel, :te, :ca, :created, :now, :now2) "
    "ON CONFLICT (stripe_subscription_id) DO UPDATE SET user_id = excluded.user_id, "
    "stripe_customer_id = excluded.stripe_customer_id, plan_id = excluded.plan_id, "
    "price_id = excluded.price_id, status = excluded.status, "
    "current_period_end = excluded.current_period_end, "
    "cancel_at_period_end = excluded.cancel_at_period_end, trial_end = excluded.trial_end, "
    "canceled_at = excluded.canceled_at, stripe_created = excluded.stripe_created, "
    "updated_at = excluded.updated_at";

// The webhook's statements, prepared once per connection (db/prepared.h): a webhook runs four or
// five of them, and parsing and planning each anew was most of PostgreSQL's share of its cost.
struct UpsertStatement {
  long long user_id = 0, created = 0, now = 0;
  std::string id, customer, status;
  OptText plan, price;
  OptInt period_end, trial_end, canceled_at;
  int cancel = 0;
  soci::statement st;
  UpsertStatement(soci::session& s, db::Reuse reuse)
      : st((db::Query(s, kUpsertSubscription), soci::use(user_id), soci::use(id),
            soci::use(customer), soci::use(plan.value, plan.ind), soci::use(price.value, price.ind),
            soci::use(status), soci::use(period_end.value, period_end.ind), soci::use(cancel),
            soci::use(trial_end.value, trial_end.ind),
            soci::use(canceled_at.value, canceled_at.ind), soci::use(created), soci::use(now),
            soci::use(now))
               .Build(reuse)) {}
};

// SELECT kSubscriptionColumns ... with one bound key of type Key.
template <typename Key>
struct SubscriptionQuery {
  SubRow row;
  Key key{};
  soci::statement st;
  SubscriptionQuery(soci::session& s, db::Reuse reuse, const std::string& rest)
      : st([&] {
          db::Query q(
              s, std::string("SELECT ") + kSubscriptionColumns + " FROM subscriptions " + rest);
          row.Bind(q);
          q, soci::use(key);
          return q.Build(reuse);
        }()) {}
};

struct SubscriptionsByUser : SubscriptionQuery<long long> {
  SubscriptionsByUser(soci::session& s, db::Reuse reuse)
      : SubscriptionQuery(s, reuse, "WHERE user_id = :u ORDER BY stripe_created DESC, id DESC") {}
};

struct SubscriptionById : SubscriptionQuery<std::string> {
  SubscriptionById(soci::session& s, db::Reuse reuse)
      : SubscriptionQuery(s, reuse, "WHERE stripe_subscription_id = :id") {}
};

struct SubscriptionsBeforeWriteQuery {
  SubRow row;
  long long user_id = 0;
  std::string id;
  soci::statement st;
  SubscriptionsBeforeWriteQuery(soci::session& s, db::Reuse reuse)
      : st([&] {
          db::Query q(s, std::string("SELECT ") + kSubscriptionColumns +
                             " FROM subscriptions WHERE user_id = :u OR "
                             "stripe_subscription_id = :id ORDER BY stripe_created DESC, id DESC");
          row.Bind(q);
          q, soci::use(user_id), soci::use(id);
          return q.Build(reuse);
        }()) {}
};
}  // namespace

void UpsertSubscription(soci::session& s, std::int64_t user_id, const SubscriptionState& st,
                        std::int64_t now) {
  db::WithPrepared<UpsertStatement>(s, [&](UpsertStatement& q) {
    q.user_id = user_id;
    q.id = st.stripe_subscription_id;
    q.customer = st.stripe_customer_id;
    q.plan = OptText(st.plan_id);
    q.price = OptText(st.price_id);
    q.status = st.status;
    q.period_end = OptInt(st.current_period_end);
    q.cancel = st.cancel_at_period_end;
    q.trial_end = OptInt(st.trial_end);
    q.canceled_at = OptInt(st.canceled_at);
    q.created = st.stripe_created;
    q.now = now;
    q.st.execute(true);
  });
}

std::vector<SubscriptionState> SubscriptionsOf(soci::session& s, std::int64_t user_id) {
  return db::WithPrepared<SubscriptionsByUser>(s, [&](SubscriptionsByUser& q) {
    q.key = user_id;
    std::vector<SubscriptionState> out;
    q.st.execute();
    while (q.st.fetch()) out.push_back(q.row.State());
    return out;
  });
}

SubscriptionsBeforeWrite ReadBeforeWrite(soci::session& s, std::int64_t user_id,
                                         const std::string& subscription_id) {
  return db::WithPrepared<SubscriptionsBeforeWriteQuery>(s, [&](SubscriptionsBeforeWriteQuery& q) {
    q.user_id = user_id;
    q.id = subscription_id;
    SubscriptionsBeforeWrite out;
    q.st.execute();
    while (q.st.fetch()) {
      if (q.row.id == subscription_id)
        out.target = StoredSubscription{q.row.user_id, q.row.State()};
      if (q.row.user_id == user_id) out.of_user.push_back(q.row.State());
    }
    return out;
  });
}

std::optional<StoredSubscription> FindSubscription(soci::session& s,
                                                   const std::string& stripe_subscription_id) {
  return db::WithPrepared<SubscriptionById>(
      s, [&](SubscriptionById& q) -> std::optional<StoredSubscription> {
        q.key = stripe_subscription_id;
        if (!q.st.execute(true)) return std::nullopt;
        return StoredSubscription{q.row.user_id, q.row.State()};
      });
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
      (db::Query(s,
                 "SELECT stripe_subscription_id FROM subscriptions WHERE cancel_at_period_end = 1 "
                 "AND status IN ('trialing', 'active', 'past_due') "
                 "AND current_period_end IS NOT NULL AND current_period_end < :t"),
       soci::into(id), soci::use(ts))
          .Build();
  std::vector<std::string> out;
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

namespace {
// SELECT id, user_type FROM users WHERE <column> = :key, locked for the transaction: one kept
// statement per column and lock.
template <typename Key, db::RowLock kLock>
struct PlanHolderQuery {
  Key key{};
  long long id = 0;
  std::string user_type;
  soci::statement st;
  PlanHolderQuery(soci::session& s, db::Reuse reuse, const char* column)
      : st((db::Query(s, std::string("SELECT id, user_type FROM users WHERE ") + column + " = :k" +
                             std::string(db::LockClause(s, kLock))),
            soci::into(id), soci::into(user_type), soci::use(key))
               .Build(reuse)) {}
  std::optional<PlanHolder> Run(Key k) {
    key = std::move(k);
    if (!st.execute(true)) return std::nullopt;
    return PlanHolder{id, user_type};
  }
};
template <db::RowLock kLock>
struct PlanHolderById : PlanHolderQuery<long long, kLock> {
  PlanHolderById(soci::session& s, db::Reuse reuse)
      : PlanHolderQuery<long long, kLock>(s, reuse, "id") {}
};
template <db::RowLock kLock>
struct PlanHolderByCustomer : PlanHolderQuery<std::string, kLock> {
  PlanHolderByCustomer(soci::session& s, db::Reuse reuse)
      : PlanHolderQuery<std::string, kLock>(s, reuse, "stripe_customer_id") {}
};

template <template <db::RowLock> class Query, typename Key>
std::optional<PlanHolder> LockWith(soci::session& s, Key key, HolderLock lock) {
  if (lock == HolderLock::kKeyToo) {
    return db::WithPrepared<Query<db::RowLock::kForUpdate>>(
        s, [&](auto& q) { return q.Run(std::move(key)); });
  }
  return db::WithPrepared<Query<db::RowLock::kForNoKeyUpdate>>(
      s, [&](auto& q) { return q.Run(std::move(key)); });
}
}  // namespace

std::optional<PlanHolder> LockPlanHolder(soci::session& s, std::int64_t user_id, HolderLock lock) {
  return LockWith<PlanHolderById>(s, static_cast<long long>(user_id), lock);
}

std::optional<PlanHolder> LockPlanHolderByCustomer(soci::session& s, const std::string& customer_id,
                                                   HolderLock lock) {
  return LockWith<PlanHolderByCustomer>(s, customer_id, lock);
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

std::string InstallationId(soci::session& s) {
  std::string id;
  s << "SELECT id FROM installation WHERE singleton = 1", soci::into(id);
  if (!s.got_data()) throw std::runtime_error("installation id missing (migration 0005)");
  return id;
}

std::vector<std::pair<std::int64_t, std::string>> UsersWithCustomers(soci::session& s) {
  long long id = 0;
  std::string customer;
  soci::statement st = (db::Query(s,
                                  "SELECT id, stripe_customer_id FROM users "
                                  "WHERE stripe_customer_id IS NOT NULL ORDER BY id"),
                        soci::into(id), soci::into(customer))
                           .Build();
  std::vector<std::pair<std::int64_t, std::string>> out;
  st.execute();
  while (st.fetch()) out.emplace_back(id, customer);
  return out;
}

namespace {
struct UserTypeStatement {
  long long user_id = 0, now = 0;
  std::string user_type;
  soci::statement st;
  UserTypeStatement(soci::session& s, db::Reuse reuse)
      : st((db::Query(s, "UPDATE users SET user_type = :t, updated_at = :ts WHERE id = :u"),
            soci::use(user_type), soci::use(now), soci::use(user_id))
               .Build(reuse)) {}
};

struct ClaimStatement {
  std::string event_id, type, claimed;
  long long now = 0;
  soci::statement st;
  // A concurrent delivery of the same event waits on the primary key here until the first
  // commits, then finds it processed. A failed attempt may be claimed again.
  ClaimStatement(soci::session& s, db::Reuse reuse)
      : st((db::Query(s,
                      "INSERT INTO webhook_events (event_id, type, status, attempts, "
                      "received_at, processed_at) VALUES (:id, :type, 'processed', 1, :now, "
                      ":now2) ON CONFLICT (event_id) DO UPDATE SET status = 'processed', "
                      "attempts = webhook_events.attempts + 1, processed_at = "
                      "excluded.processed_at, last_error = NULL WHERE webhook_events.status "
                      "= 'failed' RETURNING event_id"),
            soci::use(event_id), soci::use(type), soci::use(now), soci::use(now),
            soci::into(claimed))
               .Build(reuse)) {}
};

}  // namespace

void WriteUserType(soci::session& s, std::int64_t user_id, const std::string& user_type,
                   std::int64_t now) {
  db::WithPrepared<UserTypeStatement>(s, [&](UserTypeStatement& q) {
    q.user_id = user_id;
    q.user_type = user_type;
    q.now = now;
    q.st.execute(true);
  });
}

bool ClaimEvent(soci::session& s, const std::string& event_id, const std::string& type,
                std::int64_t now) {
  return db::WithPrepared<ClaimStatement>(s, [&](ClaimStatement& q) {
    q.event_id = event_id;
    q.type = type;
    q.now = now;
    return q.st.execute(true);
  });
}

bool RecordEventFailure(soci::session& s, const std::string& event_id, const std::string& type,
                        const std::string& error, std::int64_t now) {
  long long ts = now;
  std::string trimmed = error.substr(0, 500), recorded;
  soci::indicator ind = soci::i_null;
  s << "INSERT INTO webhook_events (event_id, type, status, attempts, last_error, received_at) "
       "VALUES (:id, :type, 'failed', 1, :err, :now) "
       "ON CONFLICT (event_id) DO UPDATE SET attempts = webhook_events.attempts + 1, "
       "last_error = excluded.last_error WHERE webhook_events.status = 'failed' "
       "RETURNING event_id",
      soci::use(event_id), soci::use(type), soci::use(trimmed), soci::use(ts),
      soci::into(recorded, ind);
  return s.got_data();
}

}  // namespace plangate::billing::repo
