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
// Two-factor sign-in turned on, or off (by the user, or by an admin for a lost device).
OutgoingEmail MfaEnabled(const std::string& to, const std::string& frontend_url);
OutgoingEmail MfaDisabled(const std::string& to, const std::string& frontend_url, bool by_admin);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string HtmlEscape(const std::string& text);
// The HTML body every email shares: a title, a paragraph (already HTML), an optional link button,
// a footer.
std::string Html(const std::string& title, const std::string& paragraph_html,
                 const std::string& link, const std::string& button, const std::string& footer);

// The goodbye after DELETE /auth/me; the address may register again.
OutgoingEmail AccountDeleted(const std::string& to, const std::string& frontend_url);

}  // namespace plangate::mail
