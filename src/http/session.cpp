#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>

#include "http/server_impl.h"
#include "http/wire_format.h"

namespace plangate::http {

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

// Gives a connection's place back to the gate when its session ends, however it ends.
struct GateScope {
  ConnectionGate& gate;
  const std::string& ip;
  ~GateScope() { gate.Leave(ip); }
};

}  // namespace

// GCC 12 mistakes asio's recycling operator new/delete pair on these coroutines' frames for a
// mismatch (a known false positive that depends on inlining).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
asio::awaitable<void> Server::Impl::Session(tcp::socket socket, std::size_t thread,
                                            std::string peer_ip) {
  GateScope admitted_connection{gate, peer_ip};
  Deadlines::Entry deadline{&socket};
  DeadlineScope scope(*deadlines[thread], deadline);
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

    Parser parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(options.max_body_bytes);
    BodyReservation reservation(body_budget);
    const ReadOutcome read = co_await ReadRequest(socket, deadline, buffer, parser, reservation,
                                                  started + options.read_timeout);

    Exchange exchange;
    if (read.Failed()) {
      std::optional<ApiError> error = RefusalFor(read);
      if (!error) break;  // the peer went away or stalled: nothing to answer
      if (parser.is_header_done()) wire::FillRequest(parser.get(), exchange.req);
      exchange.req.request_id = ResolveRequestId({});
      exchange.req.client_ip = peer_ip;
      exchange.res = RenderError(*error);
    } else {
      exchange.msg = parser.release();
      co_await Handle(thread, peer_ip, exchange);
    }

    const boost::system::error_code wec = co_await WriteResponse(socket, deadline, exchange);
    guard.Release();
    if (hooks.completed) {
      hooks.completed(exchange.req, exchange.res, exchange.route_label, Clock::now() - started);
    }
    if (wec || !exchange.keep_alive) break;
  }

  guard.Release();
  co_await Linger(socket, deadline, buffer);
}

asio::awaitable<Server::Impl::ReadOutcome> Server::Impl::ReadRequest(
    tcp::socket& socket, Deadlines::Entry& deadline, beast::flat_buffer& buffer, Parser& parser,
    BodyReservation& reservation, Clock::time_point request_deadline) {
  // The parser stops after the header: string_body allocates the whole Content-Length as the
  // body starts, so the body is reserved from the shared budget first.
  parser.eager(false);
  // Parsed straight from the buffer: a request that arrived whole (nearly all do) costs no
  // further operation, where Beast's async_read completed through the event loop.
  ReadOutcome out;
  boost::system::error_code& ec = out.ec;
  bool continued = false;
  bool body_admitted = false;
  Clock::time_point body_started;
  std::size_t body_bytes = 0;  // received since the header, for the minimum rate
  for (;;) {
    if (buffer.size() > 0) {
      buffer.consume(parser.put(buffer.data(), ec));
      if (ec == bhttp::error::need_more) ec = {};
      // A chunked body has no length up front: it is reserved as it grows.
      if (!ec && body_admitted && parser.chunked() &&
          !reservation.GrowTo(parser.get().body().capacity())) {
        out.over_budget = true;
        co_return out;
      }
      if (ec || parser.is_done()) co_return out;
    }
    if (parser.is_header_done() && !body_admitted) {
      body_admitted = true;
      if (!reservation.GrowTo(static_cast<std::size_t>(parser.content_length().value_or(0)))) {
        out.over_budget = true;
        co_return out;
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
      auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(wire::kContinue), kTuple);
      deadline.at = kNoDeadline;
      if (wec) {
        ec = wec;
        co_return out;
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
      out.too_slow = rec == asio::error::operation_aborted && read_deadline < request_deadline &&
                     Clock::now() >= read_deadline;
      ec = rec;
      co_return out;
    }
    buffer.commit(n);
    body_bytes += n;
  }
}

std::optional<ApiError> Server::Impl::RefusalFor(const ReadOutcome& read) {
  if (read.over_budget) {
    return ApiError::ServiceUnavailable(
               "The server is receiving too many request bodies; retry shortly.")
        .WithHeader("Retry-After", "1");
  }
  if (read.too_slow) {
    slow_bodies.fetch_add(1, std::memory_order_relaxed);
    return ApiError(core::errors::kRequestTimeout, "The request body arrived too slowly.");
  }
  return wire::TransportError(read.ec);
}

asio::awaitable<void> Server::Impl::Handle(std::size_t thread, const std::string& peer_ip,
                                           Exchange& exchange) {
  Request& req = exchange.req;
  wire::FillRequest(exchange.msg, req);
  req.received = std::chrono::steady_clock::now();
  req.body = std::move(exchange.msg.body());
  req.client_ip = peer_ip;
  req.request_id = ResolveRequestId(exchange.msg["X-Request-ID"]);
  RouteMatch match = router.Match(req.method, req.path);
  const bool found = match.kind == RouteMatch::Kind::kFound;
  if (found) exchange.route_label = match.route->pattern;
  Execution where = found ? match.route->execution : Execution::kInline;
  if (found && hooks.prepare && thread_states[thread] &&
      match.route->auth != AuthRequirement::kNone) {
    const bool ready = co_await Prepare(thread_states[thread].get(), match, req);
    if (where == Execution::kInlineWhenPrepared && ready) where = Execution::kInline;
  }
  if (where == Execution::kInline) {
    exchange.res = hooks.dispatch(match, req);
  } else {
    auto work = [&] { return hooks.dispatch(match, req); };
    exchange.res = co_await OnPool(where == Execution::kOutboundPool ? outbound : workers, work);
  }
  exchange.keep_alive = exchange.msg.keep_alive() && !stopping.load();
}

asio::awaitable<boost::system::error_code> Server::Impl::WriteResponse(tcp::socket& socket,
                                                                       Deadlines::Entry& deadline,
                                                                       const Exchange& exchange) {
  const Response& res = exchange.res;
  const std::string head = wire::ResponseHead(
      res, exchange.req.request_id, exchange.msg.version() == 10 ? 10 : 11, exchange.keep_alive);
  // No body on a HEAD answer, nor on a 1xx, 204 or 304 (which carry no Content-Length).
  const bool bodiless = exchange.req.method == Method::kHead || res.status < 200 ||
                        res.status == 204 || res.status == 304;
  std::array<asio::const_buffer, 2> out{
      asio::buffer(head), asio::buffer(res.body.data(), bodiless ? 0 : res.body.size())};

  // Most answers fit the socket's send buffer and go out here, with no operation to wait for;
  // the rest is written asynchronously.
  boost::system::error_code ec;
  std::size_t sent = socket.write_some(out, ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    ec = {};
    sent = 0;
  }
  if (!ec && sent < out[0].size() + out[1].size()) {
    const std::size_t from_head = std::min(sent, out[0].size());
    out[0] += from_head;
    out[1] += sent - from_head;
    deadline.at = Clock::now() + options.write_timeout;
    auto [aec, an] = co_await asio::async_write(socket, out, kTuple);
    deadline.at = kNoDeadline;
    ec = aec;
  }
  co_return ec;
}

asio::awaitable<void> Server::Impl::Linger(tcp::socket& socket, Deadlines::Entry& deadline,
                                           beast::flat_buffer& buffer) {
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

}  // namespace plangate::http
