// Helpers for bench/run.sh that neither wrk nor the shell can do well:
//   hash-rate SECONDS THREADS           argon2id verifications/s with the parameters the server
//                                       would read from the same environment
//   sign-webhooks COUNT SECRET FILE     COUNT signed customer.subscription.updated events, one
//                                       "<Stripe-Signature>\t<body>" line each, for
//                                       bench/webhook.lua
//   hold-connections PORT COUNT SECONDS opens COUNT keep-alive connections, sends one request on
//                                       each, holds them SECONDS (printing "held" when all are
//                                       up, so the caller can read the server's RSS), then sends a
//                                       second request on each to prove the server kept them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "app/config.h"
#include "auth/passwords.h"
#include "billing/signature.h"

namespace {

using Clock = std::chrono::steady_clock;

int HashRate(double seconds, int threads) {
  // The parameters the server would use with the same environment.
  const plangate::app::Config config = plangate::app::ParseConfig(plangate::app::ProcessEnv());
  plangate::auth::PasswordHasher hasher{
      plangate::auth::HashCost{config.password_hash_ops, config.password_hash_mem_kib * 1024},
      threads};
  const std::string password = "Bench-Strong-Pass-1";
  const std::string hash = hasher.Hash(password);
  std::atomic<long> done{0};
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  const auto started = Clock::now();
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&] {
      while (Clock::now() < deadline) {
        if (!hasher.Verify(hash, password)) std::abort();
        ++done;
      }
    });
  }
  for (auto& t : pool) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf("%.1f\n", static_cast<double>(done.load()) / elapsed);
  return 0;
}

int SignWebhooks(long count, const std::string& secret, const std::string& path) {
  std::ofstream out(path);
  const std::int64_t now = std::time(nullptr);
  // The load's users are ids 2..10001 (bench/seed.sql); nginx answers the re-read of
  // sub_bench_<id> as an active pro subscription of cus_bench_<id>.
  for (long i = 0; i < count; ++i) {
    const long user = 2 + i % 10000;
    const std::string body =
        R"({"id":"evt_bench_)" + std::to_string(i) +
        R"(","object":"event","type":"customer.subscription.updated","created":)" +
        std::to_string(now) + R"(,"data":{"object":{"id":"sub_bench_)" + std::to_string(user) +
        R"(","object":"subscription","customer":"cus_bench_)" + std::to_string(user) +
        R"(","status":"active"}}})";
    out << plangate::billing::SignStripePayload(body, secret, now) << '\t' << body << '\n';
  }
  return out ? 0 : 1;
}

// Sends one GET /healthz on every socket and counts the 200s.
long RoundTrip(const std::vector<int>& fds) {
  static const std::string request = "GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n";
  for (int fd : fds) (void)!::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  long ok = 0;
  char buffer[4096];
  for (int fd : fds) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) continue;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 12 && std::string_view(buffer, 12) == "HTTP/1.1 200") ++ok;
  }
  return ok;
}

int HoldConnections(int port, long count, double seconds) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::vector<int> fds;
  fds.reserve(static_cast<std::size_t>(count));
  long failed_connects = 0;
  for (long i = 0; i < count; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (fd >= 0) ::close(fd);
      ++failed_connects;
      continue;
    }
    fds.push_back(fd);
  }
  long first = RoundTrip(fds);
  std::printf("held %ld\n", first);
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  long second = RoundTrip(fds);
  for (int fd : fds) ::close(fd);
  std::printf("connect_failures=%ld first_ok=%ld second_ok=%ld\n", failed_connects, first, second);
  return failed_connects == 0 && first == count && second == count ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "hash-rate") {
    return HashRate(std::stod(args[1]), std::stoi(args[2]));
  }
  if (args.size() == 4 && args[0] == "sign-webhooks") {
    return SignWebhooks(std::stol(args[1]), args[2], args[3]);
  }
  if (args.size() == 4 && args[0] == "hold-connections") {
    return HoldConnections(std::stoi(args[1]), std::stol(args[2]), std::stod(args[3]));
  }
  std::cerr << "usage: plangate-benchtool hash-rate SECONDS THREADS | sign-webhooks COUNT SECRET "
               "FILE | hold-connections PORT COUNT SECONDS\n";
  return 2;
}
