// Helpers for bench/run.sh that neither wrk nor the shell can do well:
//   hash-rate SECONDS THREADS           argon2id verifications/s with the parameters the server
//                                       would read from the same environment
//   sign-webhooks COUNT SECRET FILE [FIRST]
//                                       COUNT signed customer.subscription.updated events, one
//                                       "<Stripe-Signature>\t<body>" line each, for
//                                       bench/webhook.lua and paced-post; ids from FIRST (0)
//   hold-connections PORT COUNT SECONDS opens COUNT keep-alive connections, sends one request on
//                                       each, holds them SECONDS (printing "held" when all are
//                                       up, so the caller can read the server's RSS), then sends a
//                                       second request on each to prove the server kept them.
//   paced-post PORT PATH FILE RATE SECONDS CONNECTIONS
//                                       the latency at a given rate (open loop), see PacedPost
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
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

// Events evt_bench_<first>.. evt_bench_<first + count - 1>.
int SignWebhooks(long count, const std::string& secret, const std::string& path, long first) {
  std::ofstream out(path);
  const std::int64_t now = std::time(nullptr);
  // The load's users are ids 2..10001 (bench/seed.sql); nginx answers the re-read of
  // sub_bench_<id> as an active pro subscription of cus_bench_<id>.
  for (long i = first; i < first + count; ++i) {
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

int Connect(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

// The length of the first whole HTTP/1.1 response in `in` (Content-Length bodies), or 0.
std::size_t WholeResponse(const std::string& in) {
  const std::size_t head = in.find("\r\n\r\n");
  if (head == std::string::npos) return 0;
  std::size_t length = 0;
  for (std::size_t at = in.find('\n'); at < head; at = in.find('\n', at + 1)) {
    constexpr std::string_view kName = "content-length:";
    std::string name = in.substr(at + 1, kName.size());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == kName) length = std::stoul(in.substr(at + 1 + kName.size(), 20));
  }
  return in.size() >= head + 4 + length ? head + 4 + length : 0;
}

// Open-loop load: POSTs the lines of FILE ("Stripe-Signature<TAB>body", from sign-webhooks) to
// PATH at RATE per second for SECONDS over at most CONNECTIONS keep-alive connections. Each
// request's latency runs from the moment it was due, so a request that waited for a free
// connection counts its wait (wrk's closed loop would send it late and not count it). Prints
// "rate p50_ms p99_ms max_ms errors", errors being non-2xx answers, failed connections and
// requests unanswered 5 s after the last was due.
int PacedPost(int port, const std::string& path, const std::string& file, double rate,
              double seconds, int connections) {
  using Clock = std::chrono::steady_clock;
  std::vector<std::string> requests;
  {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      const std::size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      const std::string body = line.substr(tab + 1);
      requests.push_back("POST " + path +
                         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         "Stripe-Signature: " +
                         line.substr(0, tab) +
                         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    }
  }
  const auto total = static_cast<std::size_t>(rate * seconds);
  if (requests.size() < total) {
    std::cerr << "paced-post: " << requests.size() << " requests in " << file << ", " << total
              << " needed\n";
    return 2;
  }
  struct Conn {
    int fd = -1;
    bool busy = false;
    Clock::time_point due;
    std::string in;
  };
  std::vector<Conn> conns(static_cast<std::size_t>(connections));
  long errors = 0;
  for (auto& c : conns) {
    c.fd = Connect(port);
    if (c.fd < 0) ++errors;
  }
  const auto interval =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto start = Clock::now();
  const auto give_up = start + interval * static_cast<long>(total) + std::chrono::seconds(5);
  std::vector<double> latencies_ms;
  latencies_ms.reserve(total);
  std::deque<Clock::time_point> waiting;              // due, not yet sent: no connection was free
  std::size_t scheduled = 0, sent = 0, finished = 0;  // finished: answered or lost
  char buffer[16384];
  // A connection that failed loses its request and is opened again.
  auto reopen = [&](Conn& c) {
    ++errors;
    ++finished;
    ::close(c.fd);
    c.fd = Connect(port);
    c.busy = false;
    c.in.clear();
  };
  while (finished < total && Clock::now() < give_up) {
    auto now = Clock::now();
    while (scheduled < total && start + interval * static_cast<long>(scheduled) <= now) {
      waiting.push_back(start + interval * static_cast<long>(scheduled));
      ++scheduled;
    }
    for (auto& c : conns) {
      if (waiting.empty()) break;
      if (c.fd < 0 || c.busy) continue;
      const std::string& request = requests[sent++];
      c.due = waiting.front();
      waiting.pop_front();
      c.busy = true;
      if (::send(c.fd, request.data(), request.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(request.size())) {
        reopen(c);
      }
    }
    std::vector<pollfd> polled;
    std::vector<Conn*> owners;
    for (auto& c : conns) {
      if (c.fd >= 0 && c.busy) {
        polled.push_back({c.fd, POLLIN, 0});
        owners.push_back(&c);
      }
    }
    const auto next_due =
        scheduled < total ? start + interval * static_cast<long>(scheduled) : give_up;
    const auto wait = std::max(Clock::duration::zero(), next_due - Clock::now());
    timespec timeout{
        static_cast<time_t>(std::chrono::duration_cast<std::chrono::seconds>(wait).count()),
        static_cast<long>(
            (std::chrono::duration_cast<std::chrono::nanoseconds>(wait) % std::chrono::seconds(1))
                .count())};
    if (::ppoll(polled.data(), polled.size(), &timeout, nullptr) <= 0) continue;
    for (std::size_t i = 0; i < polled.size(); ++i) {
      if (!(polled[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Conn& c = *owners[i];
      const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        reopen(c);
        continue;
      }
      c.in.append(buffer, static_cast<std::size_t>(n));
      const std::size_t whole = WholeResponse(c.in);
      if (whole == 0) continue;
      latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - c.due).count());
      if (c.in.compare(0, 10, "HTTP/1.1 2") != 0 && errors++ == 0) {
        std::cerr << "paced-post: first error answer:\n" << c.in.substr(0, whole) << "\n";
      }
      ++finished;
      c.in.erase(0, whole);
      c.busy = false;
    }
  }
  for (auto& c : conns) {
    if (c.fd >= 0) ::close(c.fd);
  }
  errors += static_cast<long>(total - finished);  // unanswered at the end
  if (latencies_ms.empty()) {
    std::printf("0 0 0 0 %ld\n", errors);
    return 1;
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto at = [&](double q) {
    return latencies_ms[std::min(
        latencies_ms.size() - 1,
        static_cast<std::size_t>(q * static_cast<double>(latencies_ms.size())))];
  };
  // Answers (any status, up to 5 s late) over the span in which requests were due: with no
  // errors, the schedule was kept; the latencies say how well.
  const double span = std::chrono::duration<double>(interval * static_cast<long>(total)).count();
  std::printf("%.1f %.2f %.2f %.2f %ld\n", static_cast<double>(latencies_ms.size()) / span, at(0.5),
              at(0.99), latencies_ms.back(), errors);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "hash-rate") {
    return HashRate(std::stod(args[1]), std::stoi(args[2]));
  }
  if ((args.size() == 4 || args.size() == 5) && args[0] == "sign-webhooks") {
    return SignWebhooks(std::stol(args[1]), args[2], args[3],
                        args.size() == 5 ? std::stol(args[4]) : 0);
  }
  if (args.size() == 7 && args[0] == "paced-post") {
    return PacedPost(std::stoi(args[1]), args[2], args[3], std::stod(args[4]), std::stod(args[5]),
                     std::stoi(args[6]));
  }
  if (args.size() == 4 && args[0] == "hold-connections") {
    return HoldConnections(std::stoi(args[1]), std::stol(args[2]), std::stod(args[3]));
  }
  std::cerr << "usage: plangate-benchtool hash-rate SECONDS THREADS | sign-webhooks COUNT SECRET "
               "FILE [FIRST] | hold-connections PORT COUNT SECONDS | paced-post PORT PATH FILE "
               "RATE SECONDS CONNECTIONS\n";
  return 2;
}
