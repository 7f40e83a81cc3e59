#pragma once
// Time as the domain sees it: Unix seconds. Injected so tests can move it.

#include <atomic>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace plangate::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t Now() const override { return static_cast<std::int64_t>(std::time(nullptr)); }
};

// Wall time plus an offset that tests can advance; it can also be stopped, so that a test's
// steps cannot straddle a rate-limit window by accident.
class OffsetClock final : public Clock {
 public:
  std::int64_t Now() const override {
    std::int64_t base = frozen_.load();
    if (base == 0) base = static_cast<std::int64_t>(std::time(nullptr));
    return base + offset_.load();
  }
  void Advance(std::int64_t seconds) { offset_ += seconds; }
  void Freeze() { frozen_ = static_cast<std::int64_t>(std::time(nullptr)); }

 private:
  std::atomic<std::int64_t> offset_{0};
  std::atomic<std::int64_t> frozen_{0};
};

// RFC 3339 UTC with a Z, second precision: 2026-11-25T21:49:22Z.
std::string FormatTimestamp(std::int64_t unix_seconds);

// The same text in a buffer of its own (no allocation), for building many of them.
class TimestampText {
 public:
  explicit TimestampText(std::int64_t unix_seconds);
  std::string_view view() const { return {text_, size_}; }

 private:
  char text_[48];
  std::size_t size_ = 0;
};

}  // namespace plangate::core
