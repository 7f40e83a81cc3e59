#pragma once
// The webhook event ids this process saw processed, the newest `capacity` of them: a re-delivery
// to the same instance is answered without a database read or a Stripe call. It never decides: an
// id missing here (processed by another instance, or before a restart, or long ago) goes on to the
// claim in the applying transaction, which answers it as a duplicate there.

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_set>

namespace plangate::billing {

class ProcessedEvents {
 public:
  explicit ProcessedEvents(std::size_t capacity) : capacity_(capacity) {}
  bool Contains(const std::string& event_id) const;
  void Add(const std::string& event_id);

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_set<std::string> ids_;
  std::deque<std::string> oldest_first_;
};

}  // namespace plangate::billing
