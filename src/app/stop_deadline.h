#pragma once
// The last resort of a stop: once armed, a thread that calls on_expiry (which ends the process)
// if the stop has not finished in time. A worker blocked in a call that nothing can interrupt
// would otherwise keep a SIGTERMed process alive forever, since the stop joins every worker.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace plangate::app {

class StopDeadline {
 public:
  explicit StopDeadline(std::function<void()> on_expiry);
  // Disarms.
  ~StopDeadline();
  StopDeadline(const StopDeadline&) = delete;
  StopDeadline& operator=(const StopDeadline&) = delete;

  // Starts the clock: on_expiry runs `after` from now unless Disarm comes first. Only the first
  // call counts.
  void Arm(std::chrono::milliseconds after);
  // The stop finished.
  void Disarm();

 private:
  std::function<void()> on_expiry_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool armed_ = false;
  bool disarmed_ = false;
  std::thread thread_;
};

}  // namespace plangate::app
