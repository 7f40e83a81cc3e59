#include "auth/password_policy.h"

#include <crack.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "http/fields.h"

namespace plangate::auth {

std::vector<std::string> PasswordProblems(std::string_view password, std::string_view email,
                                          const CommonPasswordCheck& common) {
  std::vector<std::string> problems;
  std::size_t length = http::CodePointCount(password);
  if (length < kMinPasswordLength) {
    problems.push_back("This password is too short. It must contain at least 8 characters.");
  }
  if (length > kMaxPasswordLength) {
    problems.push_back("Ensure this password has no more than 128 characters.");
    return problems;  // nothing else is worth checking on a string this long
  }
  if (!password.empty() &&
      std::all_of(password.begin(), password.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    problems.push_back("This password is entirely numeric.");
  }
  std::string lowered = http::LowerAscii(password);
  std::string lowered_email = http::LowerAscii(email);
  std::string local = lowered_email.substr(0, lowered_email.find('@'));
  if (!lowered_email.empty() &&
      (lowered == lowered_email || (!local.empty() && lowered == local))) {
    problems.push_back("The password is too similar to the email address.");
  }
  if (problems.empty()) {
    std::string weakness = common.Weakness(password, email);
    if (!weakness.empty()) problems.push_back("This password is too common.");
  }
  return problems;
}

CracklibCheck::CracklibCheck() {
  const char* dict = GetDefaultCracklibDict();
  dictionary_ = dict ? dict : "/var/cache/cracklib/cracklib_dict";
}

std::string CracklibCheck::Weakness(std::string_view password, std::string_view email) const {
  // cracklib keeps static state and opens its dictionary per call: one caller at a time.
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::string pw(password);
  std::string user(email.substr(0, email.find('@')));
  if (user.empty()) user = "user";
  const char* reason = FascistCheckUser(pw.c_str(), dictionary_.c_str(), user.c_str(), nullptr);
  if (reason && std::string_view(reason).find("error loading") != std::string_view::npos) {
    // "error loading dictionary": failing open would silently drop the check.
    throw std::runtime_error("cracklib dictionary missing: install cracklib-runtime");
  }
  return reason ? reason : "";
}

}  // namespace plangate::auth
