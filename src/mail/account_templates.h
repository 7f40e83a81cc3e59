#pragma once
// The mails of an email change (contract v1.1): the link to the new address
// ({FRONTEND_URL}/confirm-email-change?token=...), the notice to the old one, and the word to an
// address that already has an account.

#include <string>

#include "mail/message.h"

namespace plangate::mail {

OutgoingEmail EmailChangeConfirm(const std::string& to, const std::string& frontend_url,
                                 const std::string& token, int ttl_hours);
// To the current address, whether or not the new one could be used.
OutgoingEmail EmailChangeRequested(const std::string& to, const std::string& new_email,
                                   const std::string& frontend_url);
// To a new address that belongs to another account: no link, nothing changes.
OutgoingEmail EmailChangeAddressTaken(const std::string& to, const std::string& frontend_url);

}  // namespace plangate::mail
