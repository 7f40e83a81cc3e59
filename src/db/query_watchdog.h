#pragma once
// The client-side deadline of pooled PostgreSQL work. libpq's blocking calls wait in poll()
// without a timeout, so a server (or a pooler in front of it) that stops answering would pin the
// worker holding that connection forever. One thread watches every lent connection: when a unit
// of work overruns its deadline, it asks the server to cancel the query, and if the call is still
// out a moment later it shuts the socket down, so that the blocked call returns with an error.
// The lease then drops the connection and the request answers 503.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

struct pg_conn;

namespace plangate::db {

class QueryWatchdog {
 public:
  // Watches `connections` connections, numbered 0..connections-1.
  QueryWatchdog(std::size_t connections, std::chrono::milliseconds timeout);
  ~QueryWatchdog();
  QueryWatchdog(const QueryWatchdog&) = delete;
  QueryWatchdog& operator=(const QueryWatchdog&) = delete;

  std::chrono::milliseconds timeout() const { return timeout_; }

  // Connection `id` is now conn (just opened); Detach before it is closed, after which the
  // watchdog no longer touches its socket.
  void Attach(std::size_t id, pg_conn* conn);
  void Detach(std::size_t id);

  // The deadline of the work now starting on connection `id`: timeout from now.
  void Start(std::size_t id);
  // The work is over; true when it overran its deadline (its connection must then be dropped:
  // the watchdog may have cancelled its query or shut its socket down).
  bool Stop(std::size_t id);
  // Whether the current work on `id` overran its deadline.
  bool Expired(std::size_t id);

 private:
  struct Watched;
  void Loop();

  const std::chrono::milliseconds timeout_;
  // How long after the cancel request the socket is shut down if the call is still out.
  const std::chrono::milliseconds grace_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Watched> watched_;
  // When the loop wakes up next (its earliest deadline).
  std::chrono::steady_clock::time_point wake_at_ = std::chrono::steady_clock::time_point::max();
  bool stopping_ = false;
  // Cancel requests still waiting for the server (libpq's PQcancel has no timeout: against a
  // server that accepts and never answers it waits forever, on a thread of its own).
  std::shared_ptr<std::atomic<int>> cancels_out_ = std::make_shared<std::atomic<int>>(0);
  std::thread thread_;
};

}  // namespace plangate::db
