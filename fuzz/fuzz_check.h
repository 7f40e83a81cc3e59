#pragma once
// What every fuzz target shares: a check that survives NDEBUG and names the broken property, and
// the one rule for errors (an http::ApiError with a 4xx status, rendering to the contract's JSON).

#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/errors.h"

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

namespace plangate::fuzz {

// Any exception but ApiError is a bug; libFuzzer reports the abort with the input.
[[noreturn]] inline void Unexpected(const char* what) {
  std::fprintf(stderr, "unexpected exception: %s\n", what);
  std::abort();
}

inline void CheckClientError(const http::ApiError& e) {
  FUZZ_CHECK(e.status() >= 400 && e.status() < 500);
  FUZZ_CHECK(!e.code().empty() && !e.detail().empty());
  // The client sees this body; it has to be JSON whatever the input echoed into it.
  http::Response r = http::RenderError(e);
  FUZZ_CHECK(r.status == e.status());
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(r.body, ec);
  FUZZ_CHECK(!ec && body.is_object());
  FUZZ_CHECK(body.as_object().at("code").as_string() == e.code());
  if (e.code() == "VALIDATION_ERROR") {
    const auto& errors = body.as_object().at("errors").as_object();
    FUZZ_CHECK(!errors.empty());
    for (const auto& [field, messages] : errors) {
      FUZZ_CHECK(!field.empty());
      FUZZ_CHECK(messages.is_array() && !messages.as_array().empty());
      for (const auto& m : messages.as_array()) FUZZ_CHECK(m.is_string() && !m.as_string().empty());
    }
  }
}

inline bool HasUpperAscii(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

// Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF), as Boost.JSON's parser
// demands of a string.
inline bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace plangate::fuzz
