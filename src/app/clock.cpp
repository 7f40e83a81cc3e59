#include "app/clock.h"

#include <chrono>
#include <cstdio>

namespace plangate::app {

std::string FormatTimestamp(std::int64_t unix_seconds) {
  // Calendar arithmetic instead of gmtime_r + snprintf: gmtime_r takes glibc's time-zone lock and
  // snprintf parses its format, and a page of apps formats forty of these.
  using namespace std::chrono;
  const sys_seconds at{seconds{unix_seconds}};
  const sys_days day = floor<days>(at);
  const year_month_day date{day};
  const hh_mm_ss<seconds> time{at - day};
  const int y = static_cast<int>(date.year());
  if (y < 0 || y > 9999) {  // not a date this service stores; keep the general form
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", y,
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()),
                  static_cast<long long>(time.seconds().count()));
    return buf;
  }
  std::string out = "0000-00-00T00:00:00Z";
  auto put = [&out](std::size_t at, long value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10)
      out[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, y, 4);
  put(5, static_cast<unsigned>(date.month()), 2);
  put(8, static_cast<unsigned>(date.day()), 2);
  put(11, time.hours().count(), 2);
  put(14, time.minutes().count(), 2);
  put(17, static_cast<long>(time.seconds().count()), 2);
  return out;
}

}  // namespace plangate::app
