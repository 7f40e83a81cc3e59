#include "auth/devices.h"

#include <algorithm>

namespace plangate::auth {

namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 sequence at the start of s (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when it is not one.
std::size_t SequenceLength(std::string_view s) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  auto cont = [&](std::size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
    if (b0 == 0xED && byte(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && byte(1) < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}
}  // namespace

std::string StoredUserAgent(std::string_view raw) {
  std::string out;
  out.reserve(std::min<std::size_t>(raw.size(), kMaxUserAgentCodePoints * 4));
  std::size_t code_points = 0;
  while (!raw.empty() && code_points < kMaxUserAgentCodePoints) {
    std::size_t n = SequenceLength(raw);
    if (n == 0) {
      out += kReplacement;
      n = 1;
    } else {
      out.append(raw.substr(0, n));
    }
    raw.remove_prefix(n);
    ++code_points;
  }
  return out;
}

sessions::SignInOrigin SignInOriginOf(const core::RequestMeta& req) {
  return {req.client_ip, StoredUserAgent(req.user_agent)};
}

}  // namespace plangate::auth
