#include "http/server.h"

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
#include <random>
#include <thread>

#include <sched.h>

#include "http/admission.h"
#include "http/errors.h"

namespace plangate::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::string ResolveRequestId(std::string_view inbound) {
  auto valid_char = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  };
  if (!inbound.empty() && inbound.size() <= 128 &&
      std::all_of(inbound.begin(), inbound.end(), valid_char)) {
    return std::string(inbound);
  }
  // Correlation only, not a secret: a fast per-thread generator is enough.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = rng();
    for (int i = 0; i < 16; ++i) id[half * 16 + i] = kHex[(bits >> (i * 4)) & 0xf];
  }
  return id;
}

namespace {

// An event loop is woken by nearly every packet. On a machine it shares with PostgreSQL and other
// busy processes, a loop that preempts whoever runs when it wakes (often the backend halfway
// through this loop's batch) costs two context switches and cuts that batch short. SCHED_BATCH
// keeps normal priority and fair shares but leaves such preemption to the scheduler's tick; on
// an idle core nothing changes. `make bench` on 2 cores: GET /apps about +25 %, /auth/me and
// /healthz +5-10 %. Best effort: a sandbox may refuse the call, and the loop runs as before.
void PreferThroughputScheduling() {
  sched_param param{};
  (void)sched_setscheduler(0, SCHED_BATCH, &param);
}

// The I/O deadlines of one I/O thread's connections, enforced by one periodic sweep instead of a
// timer operation armed and cancelled around every read and write (which, with Beast's
// tcp_stream, was a visible share of a small request's cost). Touched only by its thread.
class Deadlines {
 public:
  struct Entry {
    tcp::socket* socket = nullptr;
    Clock::time_point at = Clock::time_point::max();  // max: not waiting on the peer
    std::size_t index = 0;
  };

  Deadlines(asio::io_context& io, Clock::duration tick) : timer_(std::in_place, io), tick_(tick) {}

  void Add(Entry& e) {
    e.index = entries_.size();
    entries_.push_back(&e);
    if (!sweeping_ && timer_) Sweep();
  }
  void Remove(Entry& e) {
    entries_.back()->index = e.index;
    entries_[e.index] = entries_.back();
    entries_.pop_back();
  }
  // The timer must go before its io_context; the entries may be removed after.
  void StopTimer() { timer_.reset(); }

 private:
  void Sweep() {
    const auto now = Clock::now();
    for (Entry* e : entries_) {
      if (e->at <= now) {
        // Ends the pending read or write with operation_aborted; the session then closes.
        e->at = Clock::time_point::max();
        boost::system::error_code ec;
        e->socket->cancel(ec);
      }
    }
    sweeping_ = !entries_.empty();
    if (!sweeping_) return;  // an idle thread does not wake up
    timer_->expires_after(tick_);
    timer_->async_wait([this](boost::system::error_code ec) {
      sweeping_ = false;
      if (!ec && timer_) Sweep();
    });
  }

  std::vector<Entry*> entries_;
  std::optional<asio::steady_timer> timer_;
  Clock::duration tick_;
  bool sweeping_ = false;
};

// Registers a session's deadline for the session's lifetime.
struct DeadlineScope {
  Deadlines& deadlines;
  Deadlines::Entry& entry;
  DeadlineScope(Deadlines& d, Deadlines::Entry& e) : deadlines(d), entry(e) {
    deadlines.Add(entry);
  }
  ~DeadlineScope() { deadlines.Remove(entry); }
};

}  // namespace

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
  asio::awaitable<void> Session(tcp::socket socket, std::size_t thread, std::string peer_ip);
};

namespace {

struct InFlightGuard {
  std::atomic<std::size_t>& counter;
  bool held = false;
  void Acquire() {
    if (!held) ++counter;
    held = true;
  }
  void Release() {
    if (held) --counter;
    held = false;
  }
  ~InFlightGuard() { Release(); }
};

// Status and error for a request the parser rejected, or nullopt when the connection should just
// close (the peer went away or was too slow).
std::optional<ApiError> TransportError(const boost::system::error_code& ec) {
  if (ec == bhttp::error::body_limit) return ApiError::PayloadTooLarge();
  if (ec == bhttp::error::header_limit) {
    return ApiError(core::errors::kRequestHeadersTooLarge, "Request headers are too large.");
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == beast::error::timeout || ec == asio::error::eof ||
      ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
      ec == asio::error::broken_pipe) {
    return std::nullopt;
  }
  return ApiError::BadRequest("Malformed HTTP request.");
}

void FillRequest(const bhttp::request<bhttp::string_body>& msg, Request& req) {
  req.method = ParseMethod(msg.method_string());
  req.target = msg.target();
  auto q = req.target.find('?');
  req.path = req.target.substr(0, q);
  req.query = q == std::string_view::npos ? std::string_view() : req.target.substr(q + 1);
  req.headers.reserve(16);
  for (const auto& field : msg) req.headers.push_back({field.name_string(), field.value()});
}

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  // Values come from our own code, but a CR or LF in one would split the response: drop it.
  if (value.find_first_of("\r\n") != std::string_view::npos) return;
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

// The status line and headers, written by hand: Beast's serializer walked a chain of buffer
// views per response and was a visible share of a /healthz.
std::string ResponseHead(const Response& res, std::string_view request_id, unsigned version,
                         bool keep_alive) {
  std::string out;
  out.reserve(160 + res.content_type.size() + res.headers.size() * 64);
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  out += bhttp::obsolete_reason(static_cast<bhttp::status>(res.status));
  out += "\r\n";
  if (!res.content_type.empty()) AppendHeader(out, "Content-Type", res.content_type);
  AppendHeader(out, "X-Request-ID", request_id);
  for (const auto& [name, value] : res.headers) AppendHeader(out, name, value);
  // RFC 9110: no Content-Length on a 1xx, 204 or 304.
  if (res.status >= 200 && res.status != 204 && res.status != 304) {
    AppendHeader(out, "Content-Length", std::to_string(res.body.size()));
  }
  if (version == 10 && keep_alive) AppendHeader(out, "Connection", "keep-alive");
  if (version != 10 && !keep_alive) AppendHeader(out, "Connection", "close");
  out += "\r\n";
  return out;
}

// A connection over a cap: a tiny 503 if the socket takes it at once, then closed. Nothing is
// read and nothing waits, so a flood of them costs the accept loop little.
template <typename Socket>
void RefuseConnection(Socket& socket, std::string detail) {
  const Response res =
      RenderError(ApiError::ServiceUnavailable(std::move(detail)).WithHeader("Retry-After", "1"));
  const std::string head = ResponseHead(res, ResolveRequestId({}), 11, false);
  std::array<asio::const_buffer, 2> wire{asio::buffer(head), asio::buffer(res.body)};
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(wire, ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
  socket.close(ec);
}

// Gives a connection's place back to the gate when its session ends, however it ends.
struct GateScope {
  ConnectionGate& gate;
  const std::string& ip;
  ~GateScope() { gate.Leave(ip); }
};

}  // namespace

asio::awaitable<void> Server::Impl::Accept() {
  for (;;) {
    const std::size_t thread = next_context;
    asio::io_context& target = *contexts[thread];
    next_context = (next_context + 1) % contexts.size();
    auto [ec, socket] = co_await acceptor->async_accept(target, kTuple);
    if (ec) {
      if (!acceptor->is_open() || ec == asio::error::operation_aborted) co_return;
      // Out of file descriptors or similar: back off instead of spinning.
      asio::steady_timer pause(main(), std::chrono::milliseconds(50));
      co_await pause.async_wait(kTuple);
      continue;
    }
    boost::system::error_code opt_ec;
    std::string peer_ip;
    auto endpoint = socket.remote_endpoint(opt_ec);
    if (!opt_ec) peer_ip = endpoint.address().to_string();
    const ConnectionGate::Verdict verdict = gate.Enter(peer_ip);
    if (verdict != ConnectionGate::Verdict::kAdmitted) {
      RefuseConnection(socket, verdict == ConnectionGate::Verdict::kTotalCap
                                   ? "The server is at its connection limit; retry shortly."
                                   : "Too many connections from this address; retry shortly.");
      continue;
    }
    socket.set_option(tcp::no_delay(true), opt_ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, Session(std::move(socket), thread, std::move(peer_ip)), asio::detached);
  }
}

// GCC 12 mistakes asio's recycling operator new/delete pair on this coroutine's frame for a
// mismatch (a known false positive that depends on inlining).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
asio::awaitable<void> Server::Impl::Session(tcp::socket socket, std::size_t thread,
                                            std::string peer_ip) {
  GateScope admitted_connection{gate, peer_ip};
  Deadlines::Entry deadline{&socket};
  DeadlineScope scope(*deadlines[thread], deadline);
  constexpr auto kNoDeadline = Clock::time_point::max();
  beast::flat_buffer buffer;
  {
    boost::system::error_code ec;
    // For the write attempts below, which must never block; asio's operations are unaffected.
    socket.non_blocking(true, ec);
  }
  InFlightGuard guard{in_flight};

  for (;;) {
    if (buffer.size() == 0) {
      // Idle keep-alive wait: only the idle timeout applies until the next request starts.
      deadline.at = Clock::now() + options.idle_timeout;
      auto [ec, n] = co_await socket.async_read_some(buffer.prepare(4096), kTuple);
      deadline.at = kNoDeadline;
      if (ec) break;
      buffer.commit(n);
    }
    guard.Acquire();
    const auto started = Clock::now();
    // One deadline for the whole request, so a client trickling bytes cannot hold a connection.
    const auto request_deadline = started + options.read_timeout;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(options.max_body_bytes);
    // The parser stops after the header: string_body allocates the whole Content-Length as the
    // body starts, so the body is reserved from the shared budget first.
    parser.eager(false);
    BodyReservation reservation(body_budget);
    // Parsed straight from the buffer: a request that arrived whole (nearly all do) costs no
    // further operation, where Beast's async_read completed through the event loop.
    boost::system::error_code ec;
    bool continued = false;
    bool body_admitted = false;
    bool over_budget = false;
    bool too_slow = false;
    Clock::time_point body_started;
    std::size_t body_bytes = 0;  // received since the header, for the minimum rate
    for (;;) {
      if (buffer.size() > 0) {
        buffer.consume(parser.put(buffer.data(), ec));
        if (ec == bhttp::error::need_more) ec = {};
        // A chunked body has no length up front: it is reserved as it grows.
        if (!ec && body_admitted && parser.chunked() &&
            !reservation.GrowTo(parser.get().body().capacity())) {
          over_budget = true;
          break;
        }
        if (ec || parser.is_done()) break;
      }
      if (parser.is_header_done() && !body_admitted) {
        body_admitted = true;
        if (!reservation.GrowTo(static_cast<std::size_t>(parser.content_length().value_or(0)))) {
          over_budget = true;
          break;
        }
        parser.eager(true);
        body_started = Clock::now();
        body_bytes = buffer.size();
        if (buffer.size() > 0) continue;
      }
      if (parser.is_header_done() && !continued &&
          parser.get()[bhttp::field::expect] == "100-continue") {
        continued = true;
        deadline.at = request_deadline;
        auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(kContinue), kTuple);
        deadline.at = kNoDeadline;
        if (wec) {
          ec = wec;
          break;
        }
      }
      Clock::time_point read_deadline = request_deadline;
      if (body_admitted && options.min_body_rate > 0) {
        // The moment the body received so far falls below the minimum rate.
        const auto allowed =
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                static_cast<double>(body_bytes) / static_cast<double>(options.min_body_rate)));
        read_deadline =
            std::min(request_deadline,
                     body_started + std::max<Clock::duration>(options.body_rate_grace, allowed));
      }
      deadline.at = read_deadline;
      auto [rec, n] = co_await socket.async_read_some(
          buffer.prepare(parser.is_header_done() ? 65536 : 4096), kTuple);
      deadline.at = kNoDeadline;
      if (rec) {
        too_slow = rec == asio::error::operation_aborted && read_deadline < request_deadline &&
                   Clock::now() >= read_deadline;
        ec = rec;
        break;
      }
      buffer.commit(n);
      body_bytes += n;
    }

    Request req;
    Response res;
    std::string_view route_label;
    bhttp::request<bhttp::string_body> msg;
    bool keep_alive = false;
    if (ec || over_budget) {
      std::optional<ApiError> error;
      if (over_budget) {
        error = ApiError::ServiceUnavailable(
                    "The server is receiving too many request bodies; retry shortly.")
                    .WithHeader("Retry-After", "1");
      } else if (too_slow) {
        slow_bodies.fetch_add(1, std::memory_order_relaxed);
        error = ApiError(core::errors::kRequestTimeout, "The request body arrived too slowly.");
      } else {
        error = TransportError(ec);
      }
      if (!error) break;
      if (parser.is_header_done()) FillRequest(parser.get(), req);
      req.request_id = ResolveRequestId({});
      req.client_ip = peer_ip;
      res = RenderError(*error);
    } else {
      msg = parser.release();
      FillRequest(msg, req);
      req.received = std::chrono::steady_clock::now();
      req.body = std::move(msg.body());
      req.client_ip = peer_ip;
      req.request_id = ResolveRequestId(msg["X-Request-ID"]);
      RouteMatch match = router.Match(req.method, req.path);
      if (match.kind == RouteMatch::Kind::kFound) route_label = match.route->pattern;
      const bool found = match.kind == RouteMatch::Kind::kFound;
      Execution where = found ? match.route->execution : Execution::kInline;
      if (found && hooks.prepare && thread_states[thread] &&
          match.route->auth != AuthRequirement::kNone) {
        const bool ready = co_await Prepare(thread_states[thread].get(), match, req);
        if (where == Execution::kInlineWhenPrepared && ready) where = Execution::kInline;
      }
      if (where == Execution::kInline) {
        res = hooks.dispatch(match, req);
      } else {
        auto work = [&] { return hooks.dispatch(match, req); };
        res = co_await OnPool(where == Execution::kOutboundPool ? outbound : workers, work);
      }
      keep_alive = msg.keep_alive() && !stopping.load();
    }

    const std::string head =
        ResponseHead(res, req.request_id, msg.version() == 10 ? 10 : 11, keep_alive);
    // No body on a HEAD answer, nor on a 1xx, 204 or 304 (which carry no Content-Length).
    const bool bodiless =
        req.method == Method::kHead || res.status < 200 || res.status == 204 || res.status == 304;
    std::array<asio::const_buffer, 2> wire{
        asio::buffer(head), asio::buffer(res.body.data(), bodiless ? 0 : res.body.size())};

    // Most answers fit the socket's send buffer and go out here, with no operation to wait for;
    // the rest is written asynchronously.
    boost::system::error_code wec;
    std::size_t sent = socket.write_some(wire, wec);
    if (wec == asio::error::would_block || wec == asio::error::try_again) {
      wec = {};
      sent = 0;
    }
    if (!wec && sent < wire[0].size() + wire[1].size()) {
      const std::size_t from_head = std::min(sent, wire[0].size());
      wire[0] += from_head;
      wire[1] += sent - from_head;
      deadline.at = Clock::now() + options.write_timeout;
      auto [aec, an] = co_await asio::async_write(socket, wire, kTuple);
      deadline.at = kNoDeadline;
      wec = aec;
    }
    guard.Release();
    if (hooks.completed) hooks.completed(req, res, route_label, Clock::now() - started);
    if (wec || !keep_alive) break;
  }

  guard.Release();
  // Half-close, then give the peer a moment to read the last response before the socket goes, so
  // an early 413 is not turned into a reset by unread request bytes.
  boost::system::error_code ec;
  socket.shutdown(tcp::socket::shutdown_send, ec);
  if (!ec) {
    deadline.at = Clock::now() + std::chrono::milliseconds(500);
    std::size_t drained = 0;
    while (drained < 4 * options.max_body_bytes) {
      auto [rec, n] = co_await socket.async_read_some(buffer.prepare(65536), kTuple);
      if (rec) break;
      drained += n;
    }
    deadline.at = kNoDeadline;
  }
  socket.close(ec);
}
#pragma GCC diagnostic pop

Server::Server(ServerOptions options, const Router& router, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(hooks))) {}

Server::~Server() {
  if (!impl_->threads.empty()) {
    RequestStop();
    Wait();
  }
}

void Server::Start() {
  Impl& s = *impl_;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(s.options.host, ec);
  if (ec) throw std::runtime_error("BIND: not an IP address: " + s.options.host);
  tcp::endpoint endpoint(address, s.options.port);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + s.options.host + ":" +
                             std::to_string(s.options.port) + ": " + ec.message());
  }
  s.bound_port = s.acceptor->local_endpoint().port();
  asio::co_spawn(s.main(), s.Accept(), asio::detached);
  s.thread_states.resize(s.contexts.size());
  for (std::size_t i = 0; i < s.contexts.size(); ++i) {
    s.threads.emplace_back([&s, i] {
      asio::io_context& ctx = *s.contexts[i];
      PreferThroughputScheduling();
      if (s.hooks.io_thread_state) s.thread_states[i] = s.hooks.io_thread_state(ctx);
      ctx.run();
      s.thread_states[i].reset();
      s.deadlines[i]->StopTimer();
    });
  }
}

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::StopOnSignals() {
  Impl& s = *impl_;
  // Registered synchronously: a SIGTERM right after this call must already be caught.
  s.signals.emplace(s.main(), SIGINT, SIGTERM);
  s.signals->async_wait([&s](boost::system::error_code ec, int) {
    if (!ec) s.BeginStop();
  });
}

void Server::RequestStop() {
  Impl& s = *impl_;
  asio::post(s.main(), [&s] { s.BeginStop(); });
}

void Server::Wait() {
  Impl& s = *impl_;
  for (auto& t : s.threads) {
    if (t.joinable()) t.join();
  }
  s.threads.clear();
  s.workers.stop();
  s.workers.join();
  s.outbound.stop();
  s.outbound.join();
}

std::size_t Server::InFlight() const { return impl_->in_flight.load(); }

ServerStats Server::Stats() const {
  const Impl& s = *impl_;
  ServerStats stats;
  stats.open_connections = s.gate.open();
  stats.refused_total_cap = s.gate.refused_total_cap();
  stats.refused_per_ip_cap = s.gate.refused_per_ip_cap();
  stats.body_bytes_reserved = s.body_budget.reserved();
  stats.body_budget_refusals = s.body_budget.refusals();
  stats.slow_bodies = s.slow_bodies.load(std::memory_order_relaxed);
  return stats;
}

}  // namespace plangate::http
