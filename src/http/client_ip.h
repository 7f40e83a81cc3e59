#pragma once
// The client's address: the socket peer, unless the peer is a trusted proxy, in which case the
// right-most X-Forwarded-For entry that is not itself a trusted proxy.

#include <optional>
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

std::string ClientIp(std::string_view peer, std::optional<std::string_view> forwarded_for,
                     const TrustedProxies& trusted);

}  // namespace plangate::http
