#include "tcp_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <stdexcept>

namespace plangate::test {

namespace {
bool WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

int ConnectTo(const std::string& host, std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}
}  // namespace

TcpRelay::TcpRelay(std::string target_host, std::uint16_t target_port)
    : target_host_(std::move(target_host)), target_port_(target_port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe(wake_) != 0) {
    throw std::runtime_error("TcpRelay: cannot listen");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Loop(); });
}

TcpRelay::~TcpRelay() {
  stop_ = true;
  (void)!::write(wake_[1], "x", 1);
  thread_.join();
  for (auto [a, b] : pairs_) {
    ::close(a);
    ::close(b);
  }
  for (int fd : held_) ::close(fd);
  ::close(listener_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void TcpRelay::BlackHole() {
  black_hole_ = true;
  (void)!::write(wake_[1], "x", 1);
}

void TcpRelay::Loop() {
  std::vector<pollfd> fds;
  char buffer[65536];
  while (!stop_) {
    const bool forwarding = !black_hole_;
    fds.clear();
    fds.push_back({wake_[0], POLLIN, 0});
    fds.push_back({listener_, POLLIN, 0});
    if (forwarding) {
      for (auto [a, b] : pairs_) {
        fds.push_back({a, POLLIN, 0});
        fds.push_back({b, POLLIN, 0});
      }
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    if (fds[0].revents) (void)!::read(wake_[0], buffer, sizeof buffer);
    if (fds[1].revents & POLLIN) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client >= 0) {
        const int server = black_hole_ ? -1 : ConnectTo(target_host_, target_port_);
        if (server >= 0) {
          pairs_.emplace_back(client, server);
        } else {
          held_.push_back(client);
        }
      }
    }
    if (!forwarding || black_hole_) continue;
    // Forward what arrived; a side that closed closes its pair.
    // Only the pairs polled: one accepted just now comes after them.
    const std::size_t polled = (fds.size() - 2) / 2;
    for (std::size_t i = 0; i < polled; ++i) {
      const pollfd& from_client = fds[2 + 2 * i];
      const pollfd& from_server = fds[3 + 2 * i];
      bool open = true;
      for (const pollfd* p : {&from_client, &from_server}) {
        if (!open || !p->revents) continue;
        const int to = p->fd == pairs_[i].first ? pairs_[i].second : pairs_[i].first;
        const ssize_t n = ::recv(p->fd, buffer, sizeof buffer, 0);
        if (n <= 0 || !WriteAll(to, buffer, static_cast<std::size_t>(n))) open = false;
      }
      if (!open) {
        ::close(pairs_[i].first);
        ::close(pairs_[i].second);
        pairs_[i] = {-1, -1};
      }
    }
    std::erase(pairs_, std::pair<int, int>{-1, -1});
  }
}

std::pair<std::string, std::uint16_t> HostAndPort(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw std::invalid_argument("not a URL");
  return {std::string(parsed->host()), static_cast<std::uint16_t>(std::stoi(parsed->port()))};
}

std::string ThroughRelay(const std::string& url, const TcpRelay& relay) {
  boost::urls::url u = *boost::urls::parse_uri(url);
  u.set_host_address("127.0.0.1");
  u.set_port_number(relay.port());
  return std::string(u.buffer());
}

}  // namespace plangate::test
