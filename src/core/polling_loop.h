#pragma once
// A background thread that drains a work queue: it runs one batch, goes again at once while
// batches come back full, and otherwise sleeps until the next poll or a Wake(). Mail delivery
// and the Stripe customer-email sync share it, so both stop, wake and back off alike.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace plangate::core {

// Backoff after `attempts` failures: 5 s, 10 s, 20 s ... capped at cap_seconds (at least 1).
std::int64_t RetryDelay(int attempts, int cap_seconds);

class PollingLoop {
 public:
  // run_batch returns how many items it finished; `batch` or more means more may be due.
  // on_error hears what a batch threw; the loop goes on at the next poll.
  PollingLoop(std::function<int()> run_batch, int batch, std::chrono::milliseconds poll,
              std::function<void(const std::exception&)> on_error);
  ~PollingLoop();
  PollingLoop(const PollingLoop&) = delete;
  PollingLoop& operator=(const PollingLoop&) = delete;

  void Start();
  // Idempotent; joins the thread after the batch in flight.
  void Stop();
  // Work was queued: run without waiting for the next poll.
  void Wake();

 private:
  std::function<int()> run_batch_;
  int batch_;
  std::chrono::milliseconds poll_;
  std::function<void(const std::exception&)> on_error_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace plangate::core
