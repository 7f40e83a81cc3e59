#include "loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <stdexcept>

namespace plangate::test {

LoopbackListener::LoopbackListener(std::string name, std::function<void(int fd)> serve, Mode mode,
                                   std::uint16_t port)
    : serve_(std::move(serve)), mode_(mode) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(name + ": no socket");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error(name + ": cannot listen on 127.0.0.1:" + std::to_string(port));
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Accept(); });
}

LoopbackListener::~LoopbackListener() {
  running_ = false;
  thread_.join();
  ::close(listen_fd_);
  std::vector<std::thread> connections;
  {
    std::lock_guard lock(mu_);
    connections.swap(connections_);
  }
  for (auto& c : connections) c.join();
}

void LoopbackListener::Accept() {
  while (running_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    if (mode_ == Mode::kOneAtATime) {
      serve_(fd);
      ::close(fd);
      continue;
    }
    std::lock_guard lock(mu_);
    connections_.emplace_back([this, fd] {
      serve_(fd);
      ::close(fd);
    });
  }
}

std::optional<LoopbackHttpRequest> ReadHttpRequest(int fd) {
  std::string buffer;
  auto fill = [&]() {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    char chunk[8192];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t header_end;
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  LoopbackHttpRequest r;
  const std::string head = buffer.substr(0, header_end);
  const auto line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  const auto sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
  r.method = request_line.substr(0, sp1);
  const std::string target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  std::size_t content_length = 0;
  for (std::size_t pos = line_end + 2; pos < head.size();) {
    auto end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    const std::string line = head.substr(pos, end - pos);
    pos = end + 2;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    // A malformed length ends this request, never the test binary (an exception here would).
    if (name == "content-length" &&
        std::from_chars(value.data(), value.data() + value.size(), content_length).ec !=
            std::errc()) {
      return std::nullopt;
    }
    r.headers[name] = value;
  }
  while (buffer.size() < header_end + 4 + content_length) {
    if (!fill()) return std::nullopt;
  }
  r.body = buffer.substr(header_end + 4, content_length);
  return r;
}

void WriteHttpResponse(int fd, int status, const std::string& body,
                       const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string response = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
  for (const auto& [name, value] : headers) response += name + ": " + value + "\r\n";
  response += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\nConnection: close\r\n\r\n" + body;
  (void)!::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
}

}  // namespace plangate::test
