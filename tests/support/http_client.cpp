#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace plangate::test {

namespace {
using Clock = std::chrono::steady_clock;

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}
}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return v;
  }
  return std::nullopt;
}

boost::json::value HttpResponse::Json() const { return boost::json::parse(body); }

RawConnection::RawConnection(std::uint16_t port, const std::string& source_ip) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket() failed");
  if (!source_ip.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (::inet_pton(AF_INET, source_ip.c_str(), &local.sin_addr) != 1 ||
        ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot connect from " + source_ip);
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    throw std::runtime_error("connect() to 127.0.0.1:" + std::to_string(port) +
                             " failed: " + std::strerror(errno));
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<HttpResponse> RawConnection::ReadResponse(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  auto fill = [&]() -> bool {
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, RemainingMs(deadline));
    if (ready <= 0) return false;
    char chunk[65536];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  HttpResponse response;
  std::string_view head(buffer_.data(), header_end);
  auto line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  auto sp = status_line.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  response.status = std::stoi(std::string(status_line.substr(sp + 1, 3)));
  std::size_t content_length = 0;
  std::size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto end = head.find("\r\n", pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name(line.substr(0, colon));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (IEquals(name, "Content-Length")) content_length = std::stoul(std::string(value));
      response.headers.emplace_back(std::move(name), std::string(value));
    }
    pos = end + 2;
  }
  std::size_t body_start = header_end + 4;
  while (buffer_.size() < body_start + content_length) {
    if (!fill()) return std::nullopt;
  }
  response.body = buffer_.substr(body_start, content_length);
  buffer_.erase(0, body_start + content_length);
  if (response.status == 100) return ReadResponse(timeout);
  return response;
}

bool RawConnection::WaitClosed(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, RemainingMs(deadline));
    if (ready <= 0) return false;
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
}

std::string HttpClient::BuildRequest(std::string_view method, std::string_view target,
                                     std::string_view body, const Headers& headers) {
  std::string req;
  req += method;
  req += ' ';
  req += target;
  req += " HTTP/1.1\r\n";
  // A Host among the headers replaces the default one (tests of ALLOWED_HOSTS send their own).
  bool has_host = false;
  for (const auto& [n, v] : headers) has_host = has_host || IEquals(n, "Host");
  if (!has_host) req += "Host: 127.0.0.1\r\n";
  req += "Connection: close\r\n";
  bool has_length = false;
  for (const auto& [n, v] : headers) {
    if (IEquals(n, "Content-Length") || IEquals(n, "Transfer-Encoding")) has_length = true;
    req += n + ": " + v + "\r\n";
  }
  if (!has_length && (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT")) {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n";
  req += body;
  return req;
}

HttpResponse HttpClient::Send(std::string_view method, std::string_view target,
                              std::string_view body, const Headers& headers) const {
  RawConnection conn(port_);
  conn.Write(BuildRequest(method, target, body, headers));
  auto response = conn.ReadResponse(std::chrono::seconds(30));
  if (!response) {
    throw std::runtime_error("no HTTP response to " + std::string(method) + " " +
                             std::string(target));
  }
  return *response;
}

HttpResponse HttpClient::PostJson(std::string_view target, std::string_view json,
                                  Headers headers) const {
  headers.emplace_back("Content-Type", "application/json");
  return Send("POST", target, json, headers);
}

std::string FormDecode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
               hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> FormPairs(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.emplace_back(FormDecode(pair.substr(0, eq)),
                     eq == std::string_view::npos ? "" : FormDecode(pair.substr(eq + 1)));
  }
  return out;
}

}  // namespace plangate::test
