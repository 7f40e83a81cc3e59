#include "core/polling_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace plangate {
namespace {

using namespace std::chrono_literals;

TEST(PollingLoopTest, RetryBackoffGrowsAndIsCapped) {
  EXPECT_EQ(core::RetryDelay(1, 300), 5);
  EXPECT_EQ(core::RetryDelay(2, 300), 10);
  EXPECT_EQ(core::RetryDelay(3, 300), 20);
  EXPECT_EQ(core::RetryDelay(20, 300), 300);
  EXPECT_EQ(core::RetryDelay(5, 1), 1);
}

bool WaitFor(const std::atomic<int>& n, int at_least) {
  for (int i = 0; i < 500 && n.load() < at_least; ++i) std::this_thread::sleep_for(10ms);
  return n.load() >= at_least;
}

TEST(PollingLoopTest, WakeRunsABatchBeforeTheNextPoll) {
  std::atomic<int> runs{0};
  core::PollingLoop loop(
      [&] {
        ++runs;
        return 0;
      },
      20, 1h, [](const std::exception&) {});
  loop.Start();
  ASSERT_TRUE(WaitFor(runs, 1));
  loop.Wake();
  EXPECT_TRUE(WaitFor(runs, 2)) << "a Wake must not wait for the hour-long poll";
  loop.Stop();
}

TEST(PollingLoopTest, FullBatchesRunAgainAtOnceAndErrorsDoNotStopTheLoop) {
  std::atomic<int> runs{0}, errors{0};
  core::PollingLoop loop(
      [&]() -> int {
        int n = ++runs;
        if (n == 2) throw std::runtime_error("database gone");
        return n < 5 ? 20 : 0;  // full batches until the 5th
      },
      20, 1h, [&](const std::exception&) { ++errors; });
  loop.Start();
  // The throw on run 2 sleeps until a poll or a wake: wake it once.
  ASSERT_TRUE(WaitFor(errors, 1));
  loop.Wake();
  EXPECT_TRUE(WaitFor(runs, 5));
  loop.Stop();
  loop.Stop();  // idempotent
  EXPECT_EQ(errors.load(), 1);
  EXPECT_EQ(runs.load(), 5);
}

}  // namespace
}  // namespace plangate
