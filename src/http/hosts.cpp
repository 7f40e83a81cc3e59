#include "http/hosts.h"

#include <stdexcept>

#include "core/text.h"

namespace plangate::http {

namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

bool IsIpv6Char(char c) {
  return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') || c == ':' || c == '.';
}

bool IsPort(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<HostPort> SplitHostPort(std::string_view value) {
  std::string lowered = core::LowerAscii(value);
  HostPort out;
  std::string_view rest = lowered;
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string_view::npos || close < 3) return std::nullopt;
    std::string_view inside = rest.substr(1, close - 1);
    for (char c : inside) {
      if (!IsIpv6Char(c)) return std::nullopt;
    }
    if (inside.find(':') == std::string_view::npos) return std::nullopt;
    out.host = std::string(rest.substr(0, close + 1));
    rest = rest.substr(close + 1);
  } else {
    auto colon = rest.find(':');
    std::string_view name = rest.substr(0, colon);
    if (name.empty()) return std::nullopt;
    for (char c : name) {
      if (!IsNameChar(c)) return std::nullopt;
    }
    // "example.com." names the same host as "example.com".
    if (name.back() == '.') name.remove_suffix(1);
    if (name.empty()) return std::nullopt;
    out.host = std::string(name);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon);
  }
  if (!rest.empty()) {
    if (rest.front() != ':' || !IsPort(rest.substr(1))) return std::nullopt;
    out.port = std::string(rest.substr(1));
  }
  return out;
}

AllowedHosts::AllowedHosts(const std::vector<std::string>& patterns) {
  for (const auto& text : patterns) {
    if (text == "*") {
      any_ = true;
      continue;
    }
    Pattern p;
    std::string_view body = text;
    if (!body.empty() && body.front() == '.') {
      p.subdomains = true;
      body.remove_prefix(1);
    }
    auto split = SplitHostPort(body);
    if (!split) {
      throw std::invalid_argument("ALLOWED_HOSTS: \"" + text +
                                  "\" is not a host name, [IPv6 address], .domain or *, with an "
                                  "optional :port");
    }
    p.host = std::move(split->host);
    p.port = std::move(split->port);
    patterns_.push_back(std::move(p));
  }
}

bool AllowedHosts::Allows(std::string_view host_header) const {
  auto split = SplitHostPort(host_header);
  if (!split) return false;  // even with "*": such a value must never reach a link
  if (any_) return true;
  for (const auto& p : patterns_) {
    if (!p.port.empty() && p.port != split->port) continue;
    if (split->host == p.host) return true;
    if (p.subdomains && split->host.size() > p.host.size() && split->host.ends_with(p.host) &&
        split->host[split->host.size() - p.host.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace plangate::http
