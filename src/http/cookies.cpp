#include "http/cookies.h"

#include "core/text.h"

namespace plangate::http {

std::string SetCookieValue(std::string_view name, std::string_view value, const CookieOptions& o) {
  std::string out;
  out.reserve(name.size() + value.size() + 96);
  out += name;
  out += '=';
  out += value;
  out += "; Path=" + o.path;
  out += "; Max-Age=" + std::to_string(o.max_age);
  if (o.max_age == 0) out += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  if (o.http_only) out += "; HttpOnly";
  if (o.secure) out += "; Secure";
  out += "; SameSite=" + o.same_site;
  return out;
}

std::optional<std::string> CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view pair = core::Trim(header.substr(0, semi), " ");
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

}  // namespace plangate::http
