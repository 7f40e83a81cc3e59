#pragma once
// A loopback TCP relay in front of a real server (the test PostgreSQL), for the faults that lie
// between the application and its database: it forwards both ways until told to black-hole,
// after which it keeps every connection open, accepts new ones, and forwards nothing, like a
// pooler whose server is gone or a network that drops packets without resetting anything.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace plangate::test {

class TcpRelay {
 public:
  TcpRelay(std::string target_host, std::uint16_t target_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  std::uint16_t port() const { return port_; }
  // Stops forwarding in both directions, at once and for good.
  void BlackHole();

 private:
  void Loop();

  std::string target_host_;
  std::uint16_t target_port_;
  std::uint16_t port_ = 0;
  int listener_ = -1;
  int wake_[2] = {-1, -1};
  std::atomic<bool> black_hole_{false};
  std::atomic<bool> stop_{false};
  // Pairs of (client, server) sockets, owned by the loop thread.
  std::vector<std::pair<int, int>> pairs_;
  std::vector<int> held_;  // accepted while black-holed, never answered
  std::thread thread_;
};

// url (postgres://user@host:port/db) with its host and port replaced by the relay's.
std::string ThroughRelay(const std::string& url, const TcpRelay& relay);
// The host and port of a postgres:// URL.
std::pair<std::string, std::uint16_t> HostAndPort(const std::string& url);

}  // namespace plangate::test
