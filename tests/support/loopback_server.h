#pragma once
// The loopback side of the fakes that stand in for services plangate calls (Stripe, an OpenID
// Connect provider, an SMTP server): a TCP listener on 127.0.0.1 with an accept loop of its own,
// and the little of HTTP/1.1 the HTTP fakes need (one request per connection, then close).

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace plangate::test {

class LoopbackListener {
 public:
  enum class Mode {
    kThreadPerConnection,  // connections are served concurrently (a hang holds only its own)
    kOneAtATime,           // on the accept thread, in order
  };

  // Listens on 127.0.0.1:port (0: a free one) and hands each connection to `serve`, which may
  // read and write it; the connection is closed after. Throws when it cannot listen.
  LoopbackListener(std::string name, std::function<void(int fd)> serve,
                   Mode mode = Mode::kThreadPerConnection, std::uint16_t port = 0);
  // Stops accepting and waits for the connections being served.
  ~LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  void Accept();

  std::function<void(int)> serve_;
  Mode mode_;
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  std::atomic<bool> running_{true};
  std::mutex mu_;
  std::vector<std::thread> connections_;
  std::thread thread_;
};

struct LoopbackHttpRequest {
  std::string method;
  std::string path;  // without the query
  std::string query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// One request read from fd, body included (Content-Length); nothing when the peer closes or
// sends nothing for 5 s.
std::optional<LoopbackHttpRequest> ReadHttpRequest(int fd);

// A complete response with Content-Type: application/json and Connection: close.
void WriteHttpResponse(int fd, int status, const std::string& body,
                       const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace plangate::test
