#include "core/clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace plangate::core {

std::string FormatTimestamp(std::int64_t unix_seconds) {
  return std::string(TimestampText(unix_seconds).view());
}

TimestampText::TimestampText(std::int64_t unix_seconds) {
  // Calendar arithmetic instead of gmtime_r + snprintf: gmtime_r takes glibc's time-zone lock and
  // snprintf parses its format, and a page of apps formats forty of these.
  using namespace std::chrono;
  const sys_seconds at{seconds{unix_seconds}};
  const sys_days day = floor<days>(at);
  const year_month_day date{day};
  const hh_mm_ss<seconds> time{at - day};
  const int y = static_cast<int>(date.year());
  if (y < 0 || y > 9999) {  // not a date this service stores; keep the general form
    const int n = std::snprintf(
        text_, sizeof text_, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", y,
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
        static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
        static_cast<long long>(time.seconds().count()));
    size_ = static_cast<std::size_t>(std::clamp(n, 0, static_cast<int>(sizeof text_) - 1));
    return;
  }
  std::memcpy(text_, "0000-00-00T00:00:00Z", 20);
  size_ = 20;
  auto put = [this](std::size_t at, long value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) {
      text_[at + i] = static_cast<char>('0' + value % 10);
    }
  };
  put(0, y, 4);
  put(5, static_cast<unsigned>(date.month()), 2);
  put(8, static_cast<unsigned>(date.day()), 2);
  put(11, time.hours().count(), 2);
  put(14, time.minutes().count(), 2);
  put(17, static_cast<long>(time.seconds().count()), 2);
}

}  // namespace plangate::core
