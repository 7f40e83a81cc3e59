#include "auth/password_policy.h"

#include <crack.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <stdexcept>

#include "http/fields.h"

namespace plangate::auth {
namespace {

// The first code point ("zero") of every run of ten Unicode decimal digits (general category
// Nd), Unicode 15.0: each run holds the digits 0-9 of one script, so a code point is a decimal
// digit exactly when it lies in [zero, zero + 10) for one of these.
constexpr std::array<char32_t, 68> kDecimalDigitZeros = {
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,   0xB66,   0xBE6,
    0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,   0xF20,   0x1040,  0x1090,  0x17E0,
    0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,
    0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8,
    0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950, 0x1FBF0};

bool IsDecimalDigit(char32_t c) {
  auto after = std::upper_bound(kDecimalDigitZeros.begin(), kDecimalDigitZeros.end(), c);
  return after != kDecimalDigitZeros.begin() && c - *(after - 1) < 10;
}

// The next code point of well-formed UTF-8 (request strings are: JSON parsing checked them);
// a stray byte reads as itself, which is never a digit above ASCII.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(i);
  std::size_t extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (i + extra >= s.size()) extra = 0;
  char32_t c = extra == 0 ? lead : lead & (0x3F >> extra);
  for (std::size_t k = 1; k <= extra; ++k) c = (c << 6) | (byte(i + k) & 0x3F);
  i += extra + 1;
  return c;
}

// Django's NumericPasswordValidator asks str.isdigit(): fullwidth or Arabic-Indic digits are as
// guessable as ASCII ones.
bool IsEntirelyNumeric(std::string_view password) {
  if (password.empty()) return false;
  for (std::size_t i = 0; i < password.size();) {
    if (!IsDecimalDigit(NextCodePoint(password, i))) return false;
  }
  return true;
}

}  // namespace

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
  if (IsEntirelyNumeric(password)) {
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
