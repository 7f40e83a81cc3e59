#pragma once
// The outbox delivery loop: claims due rows, hands them to the sender, marks them sent (scrubbing
// their bodies) or schedules a retry with exponential backoff. An SMTP outage delays mail but
// never loses it and never fails the request that queued it.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "app/clock.h"
#include "app/logging.h"
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
  Delivery(db::Database& db, const app::Clock& clock, const logging::Logger& logger,
           std::unique_ptr<MailSender> sender, DeliveryOptions options);
  ~Delivery();

  // Delivers what is due now; returns how many were sent.
  int RunOnce();
  // Runs RunOnce in a background thread until Stop.
  void Start();
  void Stop();
  // A new row was queued: deliver without waiting for the next poll.
  void Wake();

  // Backoff after `attempts` failures: 5 s, 10 s, 20 s ... capped.
  static std::int64_t RetryDelay(int attempts, int cap_seconds);

 private:
  db::Database& db_;
  const app::Clock& clock_;
  const logging::Logger& logger_;
  std::unique_ptr<MailSender> sender_;
  DeliveryOptions options_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace plangate::mail
