#pragma once

#include <string>

namespace plangate::mail {

struct OutgoingEmail {
  std::string to;
  std::string subject;
  std::string text;
  std::string html;
};

}  // namespace plangate::mail
