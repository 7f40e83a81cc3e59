#pragma once
// The HTTP/1.1 server: Beast coroutine sessions on N I/O threads, handlers on a blocking worker
// pool. This header stays free of Beast and Asio so that only server.cpp pays their compile time.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.h"
#include "http/router.h"

namespace boost::asio {
class io_context;
}

namespace plangate::http {

// What one I/O thread owns for its whole life (say, a database connection driven by its event
// loop). Built on that thread before it serves, destroyed on it after its loop stopped.
class IoThreadState {
 public:
  virtual ~IoThreadState() = default;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;  // 0 = an ephemeral port; see Server::port()
  int io_threads = 1;
  int worker_threads = 4;
  int outbound_threads = 4;  // the pool of Execution::kOutboundPool routes
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{15000};  // whole request, once its first byte arrived
  std::chrono::milliseconds idle_timeout{60000};  // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{15000};
  std::chrono::milliseconds shutdown_timeout{10000};
  // Open connections, in total and per TCP peer address (0 = no cap); beyond either a new
  // connection gets a 503 with Retry-After and is closed. Peers in uncapped_peers (IPs or CIDRs:
  // the trusted proxies, which carry many clients each) count only toward the total.
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_ip = 512;
  std::vector<std::string> uncapped_peers;
  // Memory for request bodies being received, shared by every connection: a body is reserved
  // before it is read, and one that does not fit gets 503 with Retry-After (see BodyBudget).
  std::size_t max_body_memory_bytes = 64 * 1024 * 1024;
  // A body that averages fewer bytes per second than this, once body_rate_grace has passed since
  // its headers, is cut off with 408 (0 = no minimum rate; read_timeout still applies).
  std::size_t min_body_rate = 4096;
  std::chrono::milliseconds body_rate_grace{3000};
};

// Counters of the limits above, for /metrics.
struct ServerStats {
  std::size_t open_connections = 0;
  std::uint64_t refused_total_cap = 0;   // connections refused: MAX_CONNECTIONS reached
  std::uint64_t refused_per_ip_cap = 0;  // connections refused: the peer's cap reached
  std::size_t body_bytes_reserved = 0;
  std::uint64_t body_budget_refusals = 0;
  std::uint64_t slow_bodies = 0;  // bodies cut off below the minimum rate
};

struct ServerHooks {
  // Produces the response for a routed request; must not throw. Runs on a worker thread unless
  // the route is inline.
  std::function<Response(const RouteMatch&, Request&)> dispatch;
  // Called once per answered request (also for transport-level errors such as 413), on an I/O
  // thread, after the response was written.
  std::function<void(const Request&, const Response&, std::string_view route,
                     std::chrono::steady_clock::duration elapsed)>
      completed;
  // Optional: builds the state of one I/O thread (null for none).
  std::function<std::unique_ptr<IoThreadState>(boost::asio::io_context&)> io_thread_state;
  // Optional: called before dispatch for a found route that requires a caller, on an I/O thread
  // that has a state. It may start non-blocking work driven by that thread's loop and return
  // true; done(ready) is then called exactly once, later, on that thread. ready says whether the
  // request now holds all that an Execution::kInlineWhenPrepared handler needs. Returns false
  // when it started nothing.
  std::function<bool(IoThreadState* state, const RouteMatch&, Request&,
                     std::function<void(bool ready)> done)>
      prepare;
  // Optional: called once when a stop begins (a signal or RequestStop), on an I/O thread.
  std::function<void()> stopping;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, ServerHooks hooks);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. Throws std::runtime_error when the address cannot be bound.
  void Start();
  std::uint16_t port() const;
  // SIGINT and SIGTERM start a graceful stop.
  void StopOnSignals();
  // Graceful stop: no new connections, requests in flight finish (up to shutdown_timeout), then
  // every thread ends. Safe from any thread, any number of times.
  void RequestStop();
  // Blocks until the server has stopped.
  void Wait();
  // Requests accepted and not yet answered.
  std::size_t InFlight() const;
  ServerStats Stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The inbound X-Request-ID when it is 1-128 chars of [A-Za-z0-9._-], else a fresh random one.
std::string ResolveRequestId(std::string_view inbound);

}  // namespace plangate::http
