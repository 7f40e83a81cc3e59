#pragma once
// Keeps each Stripe customer's email equal to its user's: claims queued updates, sends
// POST /v1/customers/{id} with the user's address at that moment, and retries with backoff while
// Stripe fails. Runs beside the mail delivery (in `serve`, or in `plangate worker` with
// EMAIL_WORKER=external); a Stripe outage delays the update and never undoes the change that
// queued it.

#include <chrono>
#include <cstdint>
#include <memory>

#include "billing/stripe_client.h"
#include "core/clock.h"
#include "core/logging.h"
#include "core/polling_loop.h"
#include "db/database.h"
#include "users/user.h"

namespace plangate::billing {

// Queues the update of the user's Stripe customer, when they have one: an address change calls it
// in its transaction (with the user as it was). Says whether it queued one.
bool QueueCustomerEmailUpdate(soci::session& s, const users::User& user, std::int64_t now);

struct CustomerEmailSyncOptions {
  int batch = 20;
  int lease_seconds = 120;      // a claimed row is retried after this if the worker died
  int retry_max_seconds = 300;  // backoff cap (EMAIL_RETRY_MAX_SECONDS, like mail)
  std::chrono::milliseconds poll{1000};
};

class CustomerEmailSync {
 public:
  // stripe may be null (no STRIPE_SECRET_KEY): rows then wait until a configured instance runs.
  CustomerEmailSync(db::Database& db, const core::Clock& clock, const logging::Logger& logger,
                    std::unique_ptr<StripeClient> stripe, CustomerEmailSyncOptions options);
  ~CustomerEmailSync();

  // Sends what is due now; returns how many updates Stripe took.
  int RunOnce();
  void Start();
  void Stop();
  // An update was queued: send it without waiting for the next poll.
  void Wake();

 private:
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  std::unique_ptr<StripeClient> stripe_;
  CustomerEmailSyncOptions options_;
  core::PollingLoop loop_;  // last: its thread uses the members above
};

}  // namespace plangate::billing
