#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace plangate::http {

struct CookieOptions {
  std::string path = "/";
  int max_age = 0;
  bool http_only = true;
  bool secure = true;
  std::string same_site = "Lax";
};

// A Set-Cookie header value.
std::string SetCookieValue(std::string_view name, std::string_view value,
                           const CookieOptions& options);
// The value of cookie `name` in a Cookie request header.
std::optional<std::string> CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace plangate::http
