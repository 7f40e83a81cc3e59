#pragma once
// ALLOWED_HOSTS: which Host names this server answers for, with Django's rules. A request for any
// other host gets 400, so that links and redirects built from the request never name a host an
// attacker chose (Host: evil.example -> https://evil.example/... in a page link or a mail).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plangate::http {

// A Host header value split into host and port: lower-cased, a trailing dot dropped, the port
// empty when absent. nullopt when it is not a plausible host[:port] (a name of letters, digits,
// '.' and '-', or a bracketed IPv6 address), as Django's host validation reads it.
struct HostPort {
  std::string host;
  std::string port;
};
std::optional<HostPort> SplitHostPort(std::string_view value);

class AllowedHosts {
 public:
  // Each pattern is a host name, optionally with :port (then only that port matches; without one,
  // any port does); a leading '.' matches the domain and every subdomain (".example.com"), and
  // "*" matches every host. Throws std::invalid_argument on a malformed pattern.
  explicit AllowedHosts(const std::vector<std::string>& patterns);

  // Whether a request whose Host (or trusted X-Forwarded-Host) is host_header may be served.
  bool Allows(std::string_view host_header) const;

 private:
  struct Pattern {
    std::string host;  // without the leading '.'
    std::string port;  // empty: any port
    bool subdomains = false;
  };
  std::vector<Pattern> patterns_;
  bool any_ = false;
};

}  // namespace plangate::http
