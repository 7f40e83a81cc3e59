#pragma once
// Where delivered mail goes: the console (local development), .eml files, or an SMTP server.

#include <memory>
#include <string>

#include "mail/message.h"

namespace plangate::core {
struct Config;
}

namespace plangate::mail {

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Throws std::runtime_error when the message could not be handed over.
  virtual void Send(const OutgoingEmail& email) = 0;
};

std::unique_ptr<MailSender> MakeSender(const core::Config& config);

// The RFC 5322 message (multipart/alternative text + HTML), CRLF line endings.
std::string BuildMime(const OutgoingEmail& email, const std::string& from, std::int64_t now,
                      const std::string& message_id);

// The address inside "Name <addr>" (or the whole string).
std::string AddressOf(const std::string& mailbox);

}  // namespace plangate::mail
