#pragma once
// The outbox delivery loop: claims due rows, hands them to the sender, marks them sent (scrubbing
// their bodies) or schedules a retry with exponential backoff. An SMTP outage delays mail but
// never loses it and never fails the request that queued it.

#include <chrono>
#include <cstdint>
#include <memory>

#include "core/clock.h"
#include "core/logging.h"
#include "core/polling_loop.h"
#include "db/database.h"
#include "mail/senders.h"

namespace plangate::mail {

struct DeliveryOptions {
  int batch = 20;
  int lease_seconds = 120;      // a claimed row is retried after this if the worker died
  int retry_max_seconds = 300;  // backoff cap
  std::chrono::milliseconds poll{1000};
};

class Delivery {
 public:
  Delivery(db::Database& db, const core::Clock& clock, const logging::Logger& logger,
           std::unique_ptr<MailSender> sender, DeliveryOptions options);
  ~Delivery();

  // Delivers what is due now; returns how many were sent.
  int RunOnce();
  // Runs RunOnce in a background thread until Stop.
  void Start();
  void Stop();
  // A new row was queued: deliver without waiting for the next poll.
  void Wake();

 private:
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  std::unique_ptr<MailSender> sender_;
  DeliveryOptions options_;
  core::PollingLoop loop_;  // last: its thread uses the members above
};

}  // namespace plangate::mail
