#pragma once
// A small SMTP server on 127.0.0.1 that speaks enough real SMTP (EHLO, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT) for libcurl to deliver to it, and keeps what it receives. It can be stopped and
// started on the same port to play an outage.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "loopback_server.h"

namespace plangate::test {

struct ReceivedMail {
  std::string auth;  // the decoded AUTH PLAIN response ("\0user\0password"), if the client sent one
  std::string from;
  std::vector<std::string> to;
  std::string data;  // the message as sent, dot-unstuffed

  std::string Header(std::string_view name) const;
};

class SmtpSink {
 public:
  SmtpSink();
  ~SmtpSink();

  std::uint16_t port() const { return port_; }
  void Stop();
  void Start();

  std::vector<ReceivedMail> Messages();
  // Waits until `count` messages to `to` with `subject_part` in their Subject have arrived and
  // returns the latest of them.
  std::optional<ReceivedMail> WaitFor(const std::string& to, std::string_view subject_part = {},
                                      std::size_t count = 1,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::size_t CountTo(const std::string& to);

 private:
  void Handle(int fd);

  std::uint16_t port_ = 0;
  std::mutex mu_;
  std::vector<ReceivedMail> messages_;
  std::atomic<bool> stopping_{false};
  std::optional<LoopbackListener> listener_;  // last: it serves from the other members
};

// The token in a link such as .../verify-email?token=XYZ inside a message.
std::string TokenFromMail(const ReceivedMail& mail, std::string_view link_path);

}  // namespace plangate::test
