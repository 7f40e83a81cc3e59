// The Cookie request-header parser. The input is "<name>\n<header>" (no newline: the whole input
// is the header and the name is the refresh cookie's). Whatever CookieValue returns must come
// from the header and hold no separator; a cookie written into a header, plain or quoted, or
// as a Set-Cookie line, must be read back unchanged.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "http/cookies.h"

namespace plangate::fuzz {
namespace {

// RFC 6265 token and cookie-octet characters.
bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
bool IsCookieOctet(char c) {
  auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x2B) || (u >= 0x2D && u <= 0x3A) ||
         (u >= 0x3C && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

void CheckFound(std::string_view header, std::string_view name) {
  auto value = http::CookieValue(header, name);
  if (!value) return;
  FUZZ_CHECK(value->find(';') == std::string::npos);
  FUZZ_CHECK(header.find(*value) != std::string_view::npos);
}

void RoundTrip(std::string_view raw_name, std::string_view raw_value) {
  std::string name, value;
  for (char c : raw_name) {
    if (IsTokenChar(c)) name += c;
  }
  for (char c : raw_value) {
    if (IsCookieOctet(c)) value += c;
  }
  if (name.empty() || name == "a" || name == "z") return;
  auto read = [&](const std::string& header) {
    auto got = http::CookieValue(header, name);
    FUZZ_CHECK(got && *got == value);
  };
  read(name + "=" + value);
  read("a=1; " + name + "=" + value + "; z=2");
  read("a=1;" + name + "=\"" + value + "\"");
  http::CookieOptions options;
  read(http::SetCookieValue(name, value, options));
}

}  // namespace
}  // namespace plangate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plangate;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view name = "refresh_token";
  std::string_view header = input;
  if (auto nl = input.find('\n'); nl != std::string_view::npos) {
    name = input.substr(0, nl);
    header = input.substr(nl + 1);
  }
  try {
    fuzz::CheckFound(header, name);
    fuzz::CheckFound(header, "refresh_token");
    fuzz::RoundTrip(name, header);
  } catch (const std::exception& e) {
    fuzz::Unexpected(e.what());
  }
  return 0;
}
