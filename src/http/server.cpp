#include "http/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

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
#include "http/server_impl.h"
#include "http/wire_format.h"

namespace plangate::http {

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
      wire::RefuseConnection(socket,
                             verdict == ConnectionGate::Verdict::kTotalCap
                                 ? "The server is at its connection limit; retry shortly."
                                 : "Too many connections from this address; retry shortly.");
      continue;
    }
    socket.set_option(tcp::no_delay(true), opt_ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, Session(std::move(socket), thread, std::move(peer_ip)), asio::detached);
  }
}

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
