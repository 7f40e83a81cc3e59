#pragma once
// The client's address: the socket peer, unless the peer is a trusted proxy, in which case the
// right-most X-Forwarded-For entry that is not itself a trusted proxy. Several X-Forwarded-For
// lines are one list, in order (RFC 9110 section 5.3): a client that sends its own line ahead of
// the proxy's must not be believed over the proxy.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plangate::http {

class TrustedProxies {
 public:
  // Entries are IPs or CIDRs (v4 or v6). Throws std::invalid_argument naming a bad entry.
  explicit TrustedProxies(const std::vector<std::string>& entries);
  bool Contains(std::string_view ip) const;
  bool empty() const { return nets_.empty(); }

 private:
  struct Net {
    unsigned char bytes[16];
    int family;  // 4 or 6
    int prefix;
  };
  std::vector<Net> nets_;
};

// forwarded_for: every X-Forwarded-For line of the request, in the order received.
std::string ClientIp(std::string_view peer, std::span<const std::string_view> forwarded_for,
                     const TrustedProxies& trusted);
// The same for a request with at most one X-Forwarded-For line.
std::string ClientIp(std::string_view peer, std::optional<std::string_view> forwarded_for,
                     const TrustedProxies& trusted);

}  // namespace plangate::http
