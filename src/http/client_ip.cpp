#include "http/client_ip.h"

#include <arpa/inet.h>

#include <cstring>
#include <stdexcept>

#include "core/text.h"

namespace plangate::http {

namespace {
// Parses an address into 16 bytes; IPv4-mapped IPv6 is folded to IPv4.
bool ParseIp(std::string_view text, unsigned char out[16], int* family) {
  std::string s(text);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  std::memset(out, 0, 16);
  if (inet_pton(AF_INET, s.c_str(), out) == 1) {
    *family = 4;
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), out) == 1) {
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(out, kMapped, 12) == 0) {
      std::memmove(out, out + 12, 4);
      std::memset(out + 4, 0, 12);
      *family = 4;
    } else {
      *family = 6;
    }
    return true;
  }
  return false;
}
}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    Net net{};
    auto slash = entry.find('/');
    std::string ip = entry.substr(0, slash);
    if (!ParseIp(ip, net.bytes, &net.family)) {
      throw std::invalid_argument("TRUSTED_PROXIES: not an IP or CIDR: " + entry);
    }
    int max = net.family == 4 ? 32 : 128;
    net.prefix = max;
    if (slash != std::string::npos) {
      try {
        std::size_t used = 0;
        net.prefix = std::stoi(entry.substr(slash + 1), &used);
        if (used != entry.size() - slash - 1) throw std::invalid_argument("junk");
      } catch (const std::exception&) {
        throw std::invalid_argument("TRUSTED_PROXIES: bad prefix length in " + entry);
      }
      if (net.prefix < 0 || net.prefix > max) {
        throw std::invalid_argument("TRUSTED_PROXIES: bad prefix length in " + entry);
      }
    }
    nets_.push_back(net);
  }
}

bool TrustedProxies::Contains(std::string_view ip) const {
  unsigned char bytes[16];
  int family = 0;
  if (!ParseIp(core::Trim(ip, core::kOptionalWhitespace), bytes, &family)) return false;
  for (const auto& net : nets_) {
    if (net.family != family) continue;
    int full = net.prefix / 8, rest = net.prefix % 8;
    if (std::memcmp(bytes, net.bytes, full) != 0) continue;
    if (rest) {
      unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
      if ((bytes[full] & mask) != (net.bytes[full] & mask)) continue;
    }
    return true;
  }
  return false;
}

std::string ClientIp(std::string_view peer, std::span<const std::string_view> forwarded_for,
                     const TrustedProxies& trusted) {
  if (forwarded_for.empty() || trusted.empty() || !trusted.Contains(peer)) {
    return std::string(peer);
  }
  // Walk the joined list right to left, the last line first: the right-most entry that is not a
  // trusted proxy is the client.
  for (auto line = forwarded_for.rbegin(); line != forwarded_for.rend(); ++line) {
    std::string_view list = *line;
    while (!list.empty()) {
      auto comma = list.rfind(',');
      std::string_view entry =
          core::Trim(comma == std::string_view::npos ? list : list.substr(comma + 1),
                     core::kOptionalWhitespace);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
      // An empty element carries nothing (RFC 9110 section 5.6.1 says to ignore it); only the
      // client's own part of the list can hold one, and that lies left of what the proxy added.
      if (entry.empty()) continue;
      unsigned char bytes[16];
      int family = 0;
      if (!ParseIp(entry, bytes, &family)) return std::string(peer);  // garbage: trust no further
      if (!trusted.Contains(entry)) return std::string(entry);
    }
  }
  return std::string(peer);
}

std::string ClientIp(std::string_view peer, std::optional<std::string_view> forwarded_for,
                     const TrustedProxies& trusted) {
  if (!forwarded_for) return ClientIp(peer, std::span<const std::string_view>(), trusted);
  return ClientIp(peer, std::span<const std::string_view>(&*forwarded_for, 1), trusted);
}

}  // namespace plangate::http
