#pragma once
// The invitation email (contract v1.1): a link to {FRONTEND_URL}/invitations/accept?token=...,
// sent whether or not the address has an account. The app's name and the inviter's address are
// user-controlled text in someone else's mailbox: they are made one line and HTML-escaped.

#include <string>
#include <string_view>

#include "mail/message.h"

namespace plangate::mail {

OutgoingEmail Invitation(const std::string& to, const std::string& frontend_url,
                         const std::string& token, const std::string& app_name,
                         const std::string& inviter_email, std::string_view role, int ttl_seconds);

// `text` on one line: control characters and Unicode line/paragraph separators become spaces,
// so a name cannot add header lines to the Subject or fake lines in the body.
std::string OneLine(std::string_view text);
// "7 days", "1 hour", "90 minutes", "30 seconds": the largest unit that divides the duration.
std::string DurationText(int seconds);

}  // namespace plangate::mail
