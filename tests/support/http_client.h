#pragma once
// A deliberately small HTTP/1.1 client over POSIX sockets, so tests see exactly the bytes the
// server sends and can misbehave (trickle, pipeline, hang up) in ways a real client library
// would not allow.

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace plangate::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  std::optional<std::string> Header(std::string_view name) const;
  boost::json::value Json() const;  // throws when the body is not JSON
};

class RawConnection {
 public:
  // source_ip: the local address to connect from (any 127.0.0.0/8 address works on loopback, so
  // a test can be several clients); empty = the kernel's choice.
  explicit RawConnection(std::uint16_t port, const std::string& source_ip = "");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False when the peer has closed or reset the connection.
  bool Write(std::string_view bytes);
  // Reads one response (Content-Length framed). nullopt on timeout or close before a full one.
  std::optional<HttpResponse> ReadResponse(
      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the server closes the connection (EOF or reset) within the timeout.
  bool WaitClosed(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string buffer_;
};

// application/x-www-form-urlencoded decoding ('+' is a space; a '%' not followed by two hex
// digits stays as it is), for query strings and the form bodies the fakes receive.
std::string FormDecode(std::string_view text);
// The name=value pairs of a query string or form body, decoded, in order; a pair without '='
// has an empty value.
std::vector<std::pair<std::string, std::string>> FormPairs(std::string_view text);

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : port_(port) {}

  // One request on a fresh connection. Fails the test (throws) when no response arrives.
  HttpResponse Send(std::string_view method, std::string_view target, std::string_view body = {},
                    const Headers& headers = {}) const;
  HttpResponse Get(std::string_view target, const Headers& headers = {}) const {
    return Send("GET", target, {}, headers);
  }
  HttpResponse PostJson(std::string_view target, std::string_view json, Headers headers = {}) const;

  static std::string BuildRequest(std::string_view method, std::string_view target,
                                  std::string_view body, const Headers& headers);

 private:
  std::uint16_t port_;
};

}  // namespace plangate::test
