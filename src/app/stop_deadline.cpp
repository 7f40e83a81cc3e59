#include "app/stop_deadline.h"

namespace plangate::app {

StopDeadline::StopDeadline(std::function<void()> on_expiry) : on_expiry_(std::move(on_expiry)) {}

StopDeadline::~StopDeadline() { Disarm(); }

void StopDeadline::Arm(std::chrono::milliseconds after) {
  std::lock_guard lock(mu_);
  if (armed_ || disarmed_) return;
  armed_ = true;
  const auto deadline = std::chrono::steady_clock::now() + after;
  thread_ = std::thread([this, deadline] {
    std::unique_lock lock(mu_);
    if (cv_.wait_until(lock, deadline, [this] { return disarmed_; })) return;
    lock.unlock();
    on_expiry_();
  });
}

void StopDeadline::Disarm() {
  {
    std::lock_guard lock(mu_);
    disarmed_ = true;
  }
  cv_.notify_all();
  // thread_ is only assigned under mu_ before disarmed_ is set, so it is stable here.
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

}  // namespace plangate::app
