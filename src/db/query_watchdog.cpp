#include "db/query_watchdog.h"

#include <libpq-fe.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>

namespace plangate::db {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kNone = Clock::time_point::max();
// Cancel requests allowed out at once; past that the socket shutdown alone ends a stuck call.
constexpr int kMaxCancelsOut = 4;

// A cancel request on a thread of its own, which owns everything it touches: against a server
// that never answers it outlives the connection, and may outlive the pool.
void SendCancel(std::shared_ptr<PGcancel> cancel, std::shared_ptr<std::atomic<int>> out) {
  if (!cancel || out->fetch_add(1) >= kMaxCancelsOut) {
    if (cancel) --*out;
    return;
  }
  std::thread([cancel = std::move(cancel), out = std::move(out)] {
    char error[256];
    PQcancel(cancel.get(), error, sizeof error);
    --*out;
  }).detach();
}
}  // namespace

struct QueryWatchdog::Watched {
  int socket = -1;
  std::shared_ptr<PGcancel> cancel;
  Clock::time_point deadline = kNone;  // kNone: no work out
  // 0: within its deadline; 1: past it, cancel requested; 2: socket shut down.
  int stage = 0;
};

QueryWatchdog::QueryWatchdog(std::size_t connections, std::chrono::milliseconds timeout)
    : timeout_(timeout),
      grace_(std::min<std::chrono::milliseconds>(timeout / 2, std::chrono::seconds(1))),
      watched_(connections) {
  thread_ = std::thread([this] { Loop(); });
}

QueryWatchdog::~QueryWatchdog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void QueryWatchdog::Attach(std::size_t id, pg_conn* conn) {
  std::shared_ptr<PGcancel> cancel(PQgetCancel(conn), [](PGcancel* c) {
    if (c) PQfreeCancel(c);
  });
  std::lock_guard lock(mu_);
  watched_[id].socket = PQsocket(conn);
  watched_[id].cancel = std::move(cancel);
}

void QueryWatchdog::Detach(std::size_t id) {
  std::lock_guard lock(mu_);
  watched_[id].socket = -1;
  watched_[id].cancel.reset();
}

void QueryWatchdog::Start(std::size_t id) {
  const auto deadline = Clock::now() + timeout_;
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    watched_[id].deadline = deadline;
    watched_[id].stage = 0;
    // The loop sleeps until its earliest deadline; later ones need no wake-up.
    wake = deadline < wake_at_;
  }
  if (wake) cv_.notify_one();
}

bool QueryWatchdog::Stop(std::size_t id) {
  std::lock_guard lock(mu_);
  Watched& w = watched_[id];
  const bool overran = w.stage > 0;
  w.deadline = kNone;
  w.stage = 0;
  return overran;
}

bool QueryWatchdog::Expired(std::size_t id) {
  std::lock_guard lock(mu_);
  return watched_[id].stage > 0;
}

void QueryWatchdog::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const auto now = Clock::now();
    auto next = kNone;
    for (Watched& w : watched_) {
      if (w.deadline == kNone) continue;
      if (w.stage == 0) {
        if (now < w.deadline) {
          next = std::min(next, w.deadline);
          continue;
        }
        // A healthy server cancels the query, the call returns, and the grace is never used.
        w.stage = 1;
        SendCancel(w.cancel, cancels_out_);
      }
      if (w.stage == 1) {
        if (now < w.deadline + grace_) {
          next = std::min(next, w.deadline + grace_);
          continue;
        }
        // Wakes the poll() the call is blocked in; libpq then reports the connection lost.
        w.stage = 2;
        if (w.socket >= 0) ::shutdown(w.socket, SHUT_RDWR);
      }
    }
    wake_at_ = next;
    if (next == kNone) {
      cv_.wait(lock);
    } else {
      cv_.wait_until(lock, next);
    }
  }
}

}  // namespace plangate::db
