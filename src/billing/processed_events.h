#pragma once
// The webhook event ids this process saw processed, the newest `capacity` of them: a re-delivery
// to the same instance is answered as a duplicate without a database read or a Stripe call (an
// id, once processed, stays processed). An id missing here (processed by another instance, before
// a restart, or long ago) costs a Stripe read; the claim in the applying transaction then answers
// it as a duplicate, and so does the ledger when that read fails.

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
