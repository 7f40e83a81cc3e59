#pragma once

#include <string>

namespace plangate::mail {

struct OutgoingEmail {
  std::string to;
  std::string subject;
  std::string text;
  std::string html;
  // Written like any other mail, then dropped unsent by the delivery loop: what password/forgot
  // queues for an address with no account, so that both cases cost the same database work.
  bool discard = false;
};

}  // namespace plangate::mail
