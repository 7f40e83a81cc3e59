#include <gtest/gtest.h>

#include "core/text.h"

namespace plangate::core {
namespace {

TEST(TrimTest, WhitespaceByDefault) {
  EXPECT_EQ(Trim("  a b \t\r\n\f\v"), "a b");
  EXPECT_EQ(Trim("a"), "a");
  EXPECT_EQ(Trim(" \t\r\n"), "");
  EXPECT_EQ(Trim(""), "");
}

TEST(TrimTest, OnlyTheGivenCharacters) {
  // Header values: \v is not optional whitespace, so it stays (and the value stays invalid).
  EXPECT_EQ(Trim(" \tapplication/json\v ", kOptionalWhitespace), "application/json\v");
  EXPECT_EQ(Trim(" \ta=1\t ", " "), "\ta=1\t");
}

TEST(LowerAsciiTest, FoldsOnlyAsciiLetters) {
  EXPECT_EQ(LowerAscii("MiXeD-09_Z@A"), "mixed-09_z@a");
  // UTF-8 bytes (here "É") pass through unchanged whatever the locale.
  EXPECT_EQ(LowerAscii("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");
  EXPECT_EQ(LowerAscii('Q'), 'q');
  EXPECT_EQ(LowerAscii('['), '[');
}

TEST(PercentEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("a:b?c#d/e=f"), "a%3Ab%3Fc%23d%2Fe%3Df");
  EXPECT_EQ(PercentEncode("Ünï"), "%C3%9Cn%C3%AF");
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode(std::string_view("a b+\0", 5)), "a%20b%2B%00");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(IsUtf8Test, WellFormedOnly) {
  for (std::string_view good : {"", "plain", "Ünïcödé", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                "\xed\x9f\xbf", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_TRUE(IsUtf8(good)) << good;
  }
  for (std::string_view bad : {"\xff", "\x80", "a\xc3",
                               "\xc3"
                               "a",
                               "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                               "\xf8\x88\x80\x80\x80", "\xe2\x82"}) {
    EXPECT_FALSE(IsUtf8(bad)) << bad;
  }
}

}  // namespace
}  // namespace plangate::core
