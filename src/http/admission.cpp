#include "http/admission.h"

namespace plangate::http {

ConnectionGate::ConnectionGate(std::size_t max_total, std::size_t max_per_ip,
                               const std::vector<std::string>& uncapped)
    : max_total_(max_total), max_per_ip_(max_per_ip), uncapped_(uncapped) {}

ConnectionGate::Verdict ConnectionGate::Enter(const std::string& ip) {
  std::lock_guard lock(mu_);
  if (max_total_ != 0 && open_.load(std::memory_order_relaxed) >= max_total_) {
    refused_total_.fetch_add(1, std::memory_order_relaxed);
    return Verdict::kTotalCap;
  }
  if (max_per_ip_ != 0 && !uncapped_.Contains(ip)) {
    std::size_t& mine = per_ip_[ip];
    if (mine >= max_per_ip_) {
      refused_per_ip_.fetch_add(1, std::memory_order_relaxed);
      return Verdict::kPerIpCap;  // mine > 0 here, so the entry is not left empty
    }
    ++mine;
  }
  open_.fetch_add(1, std::memory_order_relaxed);
  return Verdict::kAdmitted;
}

void ConnectionGate::Leave(const std::string& ip) {
  std::lock_guard lock(mu_);
  open_.fetch_sub(1, std::memory_order_relaxed);
  auto it = per_ip_.find(ip);
  if (it != per_ip_.end() && --it->second == 0) per_ip_.erase(it);
}

bool BodyBudget::Grow(std::size_t held, std::size_t want) {
  const std::size_t more = want - held;
  if (want <= kAlwaysAdmitted) {
    reserved_.fetch_add(more, std::memory_order_relaxed);
    return true;
  }
  std::size_t now = reserved_.load(std::memory_order_relaxed);
  do {
    if (now + more > limit_) {
      refusals_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  } while (!reserved_.compare_exchange_weak(now, now + more, std::memory_order_relaxed));
  return true;
}

void BodyBudget::Release(std::size_t bytes) {
  if (bytes != 0) reserved_.fetch_sub(bytes, std::memory_order_relaxed);
}

}  // namespace plangate::http
