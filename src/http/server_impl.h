#pragma once
// The server's insides, shared by server.cpp (start, accept, stop) and session.cpp (one
// connection's loop): the only files that include this, so Asio and Beast stay in two
// translation units.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "http/admission.h"
#include "http/errors.h"
#include "http/io_deadlines.h"
#include "http/server.h"

namespace plangate::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
inline constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
inline constexpr auto kNoDeadline = Clock::time_point::max();

// One io_context per I/O thread, each run by exactly one thread: a connection lives on one
// context for its whole life, so its session needs no strand and no locking.
struct Server::Impl {
  Impl(ServerOptions o, const Router& r, ServerHooks h)
      : options(std::move(o)),
        router(r),
        hooks(std::move(h)),
        gate(options.max_connections, options.max_connections_per_ip, options.uncapped_peers),
        body_budget(options.max_body_memory_bytes),
        workers(static_cast<std::size_t>(std::max(1, options.worker_threads))),
        outbound(static_cast<std::size_t>(std::max(1, options.outbound_threads))) {
    int n = std::max(1, options.io_threads);
    // Coarse enough to cost nothing, fine enough for the shortest timeout (and the 500 ms
    // lingering close).
    auto shortest = std::min({options.read_timeout, options.idle_timeout, options.write_timeout,
                              std::chrono::milliseconds(500)});
    auto tick = std::clamp<Clock::duration>(shortest / 4, std::chrono::milliseconds(5),
                                            std::chrono::milliseconds(250));
    for (int i = 0; i < n; ++i) {
      contexts.push_back(std::make_unique<asio::io_context>(1));
      guards.emplace_back(contexts.back()->get_executor());
      deadlines.push_back(std::make_unique<Deadlines>(*contexts.back(), tick));
    }
    acceptor.emplace(*contexts.front());
    drain_timer.emplace(*contexts.front());
  }

  ~Impl() {
    for (auto& d : deadlines) d->StopTimer();
  }

  ServerOptions options;
  const Router& router;
  ServerHooks hooks;
  // Declared before the contexts: sessions still parked in a context when it is destroyed touch
  // these from their destructors.
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> stopping{false};
  ConnectionGate gate;
  BodyBudget body_budget;
  std::atomic<std::uint64_t> slow_bodies{0};
  std::vector<std::unique_ptr<Deadlines>> deadlines;  // per context
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  asio::thread_pool workers;
  asio::thread_pool outbound;
  std::optional<tcp::acceptor> acceptor;  // on contexts[0], like everything below
  std::optional<asio::steady_timer> drain_timer;
  std::optional<asio::signal_set> signals;
  std::vector<std::thread> threads;
  // Per I/O thread, written by that thread before it serves and read only by it.
  std::vector<std::unique_ptr<IoThreadState>> thread_states;
  Clock::time_point drain_deadline;
  std::uint16_t bound_port = 0;
  std::size_t next_context = 0;

  asio::io_context& main() { return *contexts.front(); }

  void BeginStop() {
    if (stopping.exchange(true)) return;
    if (hooks.stopping) hooks.stopping();
    boost::system::error_code ec;
    acceptor->close(ec);
    if (signals) signals->cancel(ec);
    drain_deadline = Clock::now() + options.shutdown_timeout;
    CheckDrained();
  }

  void CheckDrained() {
    if (in_flight.load() == 0 || Clock::now() >= drain_deadline) {
      guards.clear();
      for (auto& c : contexts) c->stop();
      return;
    }
    drain_timer->expires_after(std::chrono::milliseconds(5));
    drain_timer->async_wait([this](boost::system::error_code) { CheckDrained(); });
  }

  // Runs fn on a pool and resumes the calling coroutine on its own I/O thread.
  template <typename Fn>
  asio::awaitable<Response> OnPool(asio::thread_pool& pool, Fn& fn) {
    auto ex = co_await asio::this_coro::executor;
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
        [&pool, &fn, ex](auto handler) {
          asio::post(pool, [&fn, ex, handler = std::move(handler)]() mutable {
            Response r = fn();
            asio::post(ex, [handler = std::move(handler), r = std::move(r)]() mutable {
              std::move(handler)(std::move(r));
            });
          });
        },
        asio::use_awaitable);
  }

  // Runs hooks.prepare and waits for it; true when the request is ready for an inline
  // kInlineWhenPrepared handler.
  asio::awaitable<bool> Prepare(IoThreadState* state, const RouteMatch& match, Request& req) {
    auto ex = co_await asio::this_coro::executor;
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
        [&](auto handler) {
          // std::function wants a copyable callable; the handler is move-only.
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          const bool started = hooks.prepare(
              state, match, req, [shared](bool ready) mutable { std::move (*shared)(ready); });
          // Nothing started: complete through the loop, not inside the initiation.
          if (!started) asio::post(ex, [shared]() mutable { std::move (*shared)(false); });
        },
        asio::use_awaitable);
  }

  asio::awaitable<void> Accept();
  // One connection, read top to bottom: wait for a request, read it, handle it, write the
  // answer, until the connection closes; then linger.
  asio::awaitable<void> Session(tcp::socket socket, std::size_t thread, std::string peer_ip);

  using Parser = bhttp::request_parser<bhttp::string_body>;
  struct ReadOutcome {
    boost::system::error_code ec;
    bool over_budget = false;  // the body would pass MAX_BODY_MEMORY_BYTES
    bool too_slow = false;     // the body came slower than MIN_BODY_RATE
    bool Failed() const { return ec || over_budget; }
  };
  // One request, from what is buffered and what arrives before the request's deadline: the
  // header, then (once the shared body budget admitted it) the body, answering Expect:
  // 100-continue.
  asio::awaitable<ReadOutcome> ReadRequest(tcp::socket& socket, Deadlines::Entry& deadline,
                                           beast::flat_buffer& buffer, Parser& parser,
                                           BodyReservation& reservation,
                                           Clock::time_point request_deadline);
  // The error answer for a request that could not be read, or nullopt to close without one.
  std::optional<ApiError> RefusalFor(const ReadOutcome& read);

  // A request and its answer.
  struct Exchange {
    bhttp::request<bhttp::string_body> msg;  // owns what req's views point into
    Request req;
    Response res;
    std::string_view route_label;  // the matched pattern, for the metrics and the request log
    bool keep_alive = false;
  };
  // Routes exchange.msg and runs its handler where the route says (inline, after the read
  // ahead, or on a pool), filling exchange.res.
  asio::awaitable<void> Handle(std::size_t thread, const std::string& peer_ip, Exchange& exchange);
  asio::awaitable<boost::system::error_code> WriteResponse(tcp::socket& socket,
                                                           Deadlines::Entry& deadline,
                                                           const Exchange& exchange);
  asio::awaitable<void> Linger(tcp::socket& socket, Deadlines::Entry& deadline,
                               beast::flat_buffer& buffer);
};

}  // namespace plangate::http
