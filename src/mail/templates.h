#pragma once
// The plain-text + HTML emails the service sends. Links follow the contract:
// {FRONTEND_URL}/verify-email?token=..., {FRONTEND_URL}/reset-password?token=...

#include <string>

#include "mail/message.h"

namespace plangate::mail {

OutgoingEmail VerifyEmail(const std::string& to, const std::string& frontend_url,
                          const std::string& token, int ttl_hours);
OutgoingEmail AlreadyRegistered(const std::string& to, const std::string& frontend_url);
OutgoingEmail PasswordReset(const std::string& to, const std::string& frontend_url,
                            const std::string& token, int ttl_minutes);
OutgoingEmail PasswordChanged(const std::string& to, const std::string& frontend_url);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string HtmlEscape(const std::string& text);

// The HTML layout every mail shares: a title, a paragraph (HTML, escaped by the caller), a button
// with the link spelled out beneath it (when link is not empty), a grey footer.
std::string HtmlEmail(const std::string& title, const std::string& paragraph_html,
                      const std::string& link, const std::string& button,
                      const std::string& footer);

}  // namespace plangate::mail
