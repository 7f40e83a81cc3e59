// The documentation that operators read cannot drift from the code: every variable the config
// reads is in .env.example, and .env.example names nothing the config ignores.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace plangate::test {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(DocsTest, EnvExampleListsExactlyTheVariablesTheConfigReads) {
  std::string config = ReadFile(std::string(PLANGATE_SOURCE_DIR) + "/src/app/config.cpp");
  std::string example = ReadFile(std::string(PLANGATE_SOURCE_DIR) + "/.env.example");
  ASSERT_FALSE(config.empty());
  ASSERT_FALSE(example.empty());
  std::set<std::string> read, documented;
  std::regex reader(
      R"re(r\.(?:String|Int|Bool|Secret|Choice<[^>]+>|Rate)\(\s*"([A-Z][A-Z0-9_]*)")re");
  for (auto it = std::sregex_iterator(config.begin(), config.end(), reader);
       it != std::sregex_iterator(); ++it) {
    read.insert((*it)[1]);
  }
  std::regex line(R"(^([A-Z][A-Z0-9_]*)=)", std::regex::multiline);
  for (auto it = std::sregex_iterator(example.begin(), example.end(), line);
       it != std::sregex_iterator(); ++it) {
    documented.insert((*it)[1]);
  }
  EXPECT_GT(read.size(), 40u);
  for (const auto& name : read)
    EXPECT_TRUE(documented.count(name)) << name << " is not in .env.example";
  for (const auto& name : documented)
    EXPECT_TRUE(read.count(name)) << name << " is documented but never read";
}

}  // namespace
}  // namespace plangate::test
