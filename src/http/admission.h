#pragma once
// What the server lets in before it reads a request: connections, in total and per peer address,
// and the memory that request bodies may hold while they arrive. Both are shared by every I/O
// thread; neither does I/O.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/client_ip.h"

namespace plangate::http {

// Open connections, counted at accept. The per-address key is the TCP peer: the cap applies
// before any header is read, so X-Forwarded-For cannot be believed here. Peers listed as uncapped
// (the TRUSTED_PROXIES) carry many clients each and count only toward the total.
class ConnectionGate {
 public:
  enum class Verdict { kAdmitted, kTotalCap, kPerIpCap };

  // 0 = no cap. Throws std::invalid_argument for a bad uncapped entry (IP or CIDR).
  ConnectionGate(std::size_t max_total, std::size_t max_per_ip,
                 const std::vector<std::string>& uncapped);

  // On kAdmitted the connection counts until Leave(ip).
  Verdict Enter(const std::string& ip);
  void Leave(const std::string& ip);

  std::size_t open() const { return open_.load(std::memory_order_relaxed); }
  std::uint64_t refused_total_cap() const { return refused_total_.load(std::memory_order_relaxed); }
  std::uint64_t refused_per_ip_cap() const {
    return refused_per_ip_.load(std::memory_order_relaxed);
  }

 private:
  const std::size_t max_total_;
  const std::size_t max_per_ip_;
  const TrustedProxies uncapped_;
  std::mutex mu_;
  std::unordered_map<std::string, std::size_t> per_ip_;  // capped peers with an open connection
  std::atomic<std::size_t> open_{0};
  std::atomic<std::uint64_t> refused_total_{0};
  std::atomic<std::uint64_t> refused_per_ip_{0};
};

// Bytes of request bodies held in memory while they arrive (and until their request is answered).
// A body is reserved before it is read: its Content-Length up front, a chunked body as it grows.
class BodyBudget {
 public:
  // A request whose bodies total at most this is always admitted: every JSON body of the API is
  // far smaller, so a budget filled by large uploads never turns away a login. Their memory is
  // bounded by the connection cap instead.
  static constexpr std::size_t kAlwaysAdmitted = 16 * 1024;

  explicit BodyBudget(std::size_t limit) : limit_(limit) {}

  // Raises a request's reservation from `held` to `want` bytes; false (and nothing reserved) when
  // that would pass the limit.
  bool Grow(std::size_t held, std::size_t want);
  void Release(std::size_t bytes);

  std::size_t reserved() const { return reserved_.load(std::memory_order_relaxed); }
  std::uint64_t refusals() const { return refusals_.load(std::memory_order_relaxed); }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> reserved_{0};
  std::atomic<std::uint64_t> refusals_{0};
};

// One request's share of a BodyBudget, given back when the request is done.
class BodyReservation {
 public:
  explicit BodyReservation(BodyBudget& budget) : budget_(budget) {}
  ~BodyReservation() { budget_.Release(held_); }
  BodyReservation(const BodyReservation&) = delete;
  BodyReservation& operator=(const BodyReservation&) = delete;

  // True when the request may hold `bytes` of body (a no-op when it already does).
  bool GrowTo(std::size_t bytes) {
    if (bytes <= held_) return true;
    if (!budget_.Grow(held_, bytes)) return false;
    held_ = bytes;
    return true;
  }
  std::size_t held() const { return held_; }

 private:
  BodyBudget& budget_;
  std::size_t held_ = 0;
};

}  // namespace plangate::http
