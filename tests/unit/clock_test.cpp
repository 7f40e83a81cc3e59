#include <gtest/gtest.h>
#include <time.h>

#include <cstdio>
#include <random>

#include "core/clock.h"

namespace plangate::core {
namespace {

// What FormatTimestamp must agree with: the C library's own UTC calendar.
std::string Reference(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

TEST(FormatTimestampTest, KnownInstants) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(1709251199), "2024-02-29T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(1795643362), "2026-11-25T21:49:22Z");
  EXPECT_EQ(FormatTimestamp(253402300799), "9999-12-31T23:59:59Z");
}

TEST(FormatTimestampTest, AgreesWithTheCLibraryOverFourCenturies) {
  std::mt19937_64 rng(20261126);
  // 1600-01-01 .. 9999-12-31, plus every day boundary around the leap rules of 1900 and 2100.
  std::uniform_int_distribution<std::int64_t> any(-11676096000, 253402300799);
  for (int i = 0; i < 200000; ++i) {
    const std::int64_t t = any(rng);
    ASSERT_EQ(FormatTimestamp(t), Reference(t)) << t;
  }
  for (std::int64_t day :
       {-25567, -25508, 47482, 47541}) {  // 1900-01-01, 1900-03-01, 2100-01-01, 2100-03-01
    for (std::int64_t s = day * 86400 - 86400; s <= day * 86400 + 86400; s += 3599) {
      ASSERT_EQ(FormatTimestamp(s), Reference(s)) << s;
    }
  }
}

}  // namespace
}  // namespace plangate::core
