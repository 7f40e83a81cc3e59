#pragma once

#include <string>
#include <string_view>

// Text helpers every floor shares, so no layer rolls its own trim or case folding.
namespace plangate::core {

// What the C locale's isspace() accepts: trimmed for request fields, config values and words.
inline constexpr std::string_view kWhitespace = " \t\r\n\f\v";
// HTTP's optional whitespace (RFC 9110, section 5.6.3): inside header values, only space and tab.
inline constexpr std::string_view kOptionalWhitespace = " \t";

// s without the leading and trailing characters found in `chars`. The result views s, so s must
// outlive it; wrap it in std::string to keep a trimmed temporary.
std::string_view Trim(std::string_view s, std::string_view chars = kWhitespace);

// ASCII-only: independent of the locale, and bytes of UTF-8 sequences pass through unchanged.
constexpr char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string LowerAscii(std::string_view s);

// Well-formed UTF-8: no stray or missing continuation bytes, overlong forms, surrogates or code
// points past U+10FFFF.
bool IsUtf8(std::string_view s);

// Percent-encodes every byte but RFC 3986's unreserved characters (ALPHA DIGIT - . _ ~): safe as
// a URI component and as an application/x-www-form-urlencoded value.
std::string PercentEncode(std::string_view text);

}  // namespace plangate::core
