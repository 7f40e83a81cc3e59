#include "core/polling_loop.h"

#include <algorithm>

namespace plangate::core {

std::int64_t RetryDelay(int attempts, int cap_seconds) {
  std::int64_t delay = 5;
  for (int i = 1; i < attempts && delay < cap_seconds; ++i) delay *= 2;
  return std::min<std::int64_t>(delay, std::max(1, cap_seconds));
}

PollingLoop::PollingLoop(std::function<int()> run_batch, int batch, std::chrono::milliseconds poll,
                         std::function<void(const std::exception&)> on_error)
    : run_batch_(std::move(run_batch)),
      batch_(batch),
      poll_(poll),
      on_error_(std::move(on_error)) {}

PollingLoop::~PollingLoop() { Stop(); }

void PollingLoop::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      int done = 0;
      try {
        done = run_batch_();
      } catch (const std::exception& e) {
        on_error_(e);
      }
      lock.lock();
      if (done >= batch_) continue;
      cv_.wait_for(lock, poll_, [this] { return stop_ || woken_; });
      woken_ = false;
    }
  });
}

void PollingLoop::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PollingLoop::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

}  // namespace plangate::core
