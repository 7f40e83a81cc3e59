#include "billing/processed_events.h"

namespace plangate::billing {

bool ProcessedEvents::Contains(const std::string& event_id) const {
  std::lock_guard lock(mu_);
  return ids_.count(event_id) > 0;
}

void ProcessedEvents::Add(const std::string& event_id) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mu_);
  if (!ids_.insert(event_id).second) return;
  oldest_first_.push_back(event_id);
  if (oldest_first_.size() > capacity_) {
    ids_.erase(oldest_first_.front());
    oldest_first_.pop_front();
  }
}

}  // namespace plangate::billing
