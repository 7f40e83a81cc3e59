#include "core/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <boost/json/parse.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/log_events.h"

namespace plangate::logging {
namespace {

constexpr LogEvent kIgnored{"test.ignored"};
constexpr LogEvent kKept{"test.kept"};
constexpr LogEvent kAny{"test.any"};

TEST(LoggingTest, OneJsonObjectPerLineWithEnvelope) {
  std::ostringstream out;
  Logger log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), Level::kInfo);
  log.Info(events::kHttpRequest, {{"status", 200}, {"duration_ms", 1.5}}, "req-1");
  std::string line = out.str();
  ASSERT_EQ(line.back(), '\n');
  line.pop_back();
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto obj = boost::json::parse(line).as_object();
  EXPECT_EQ(obj["level"], "info");
  EXPECT_EQ(obj["event"], "http.request");
  EXPECT_EQ(obj["request_id"], "req-1");
  EXPECT_EQ(obj["status"], 200);
  EXPECT_DOUBLE_EQ(obj["duration_ms"].to_number<double>(), 1.5);
  EXPECT_NE(line.find("\"duration_ms\":1.500"), std::string::npos) << line;
  std::string ts(obj["ts"].as_string());
  EXPECT_EQ(ts.size(), 24u);
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(LoggingTest, LevelFilter) {
  std::ostringstream out;
  Logger log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), Level::kWarn);
  log.Info(kIgnored);
  log.Error(kKept);
  EXPECT_EQ(out.str().find("test.ignored"), std::string::npos);
  EXPECT_NE(out.str().find("test.kept"), std::string::npos);
}

TEST(LoggingTest, CredentialFieldsAreRedactedEvenNested) {
  std::ostringstream out;
  Logger log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), Level::kDebug);
  log.Info(kAny, {{"Authorization", "Bearer abc.def.ghi"},
                  {"password", "hunter2hunter2"},
                  {"refresh_token", "r-tok-value"},
                  {"headers", {{"Cookie", "refresh_token=zzz"}, {"accept", "json"}}}});
  std::string line = out.str();
  for (auto leaked : {"abc.def.ghi", "hunter2hunter2", "r-tok-value", "zzz"}) {
    EXPECT_EQ(line.find(leaked), std::string::npos) << leaked << " in " << line;
  }
  EXPECT_NE(line.find("json"), std::string::npos);
}

TEST(LoggingTest, RegisteredSecretsAreMaskedAnywhere) {
  std::ostringstream out;
  Logger log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), Level::kDebug);
  log.AddSecret("sk_live_SUPERSECRET");
  log.Error(events::kBillingStripeFailed,
            {{"error", "key sk_live_SUPERSECRET rejected twice: sk_live_SUPERSECRET"}});
  EXPECT_EQ(out.str().find("SUPERSECRET"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("[REDACTED]"), std::string::npos);
}

// Metrics count events under their catalogue names: one entry per name, each a dotted lower-case
// name, and only the request log (counted by route and status instead) left out.
TEST(LogEventCatalogueTest, NamesAreUniqueWellFormedAndCounted) {
  std::set<std::string_view> names;
  for (const LogEvent* e : events::kLogEventCatalogue) {
    EXPECT_TRUE(names.insert(e->name).second) << e->name << " twice";
    EXPECT_NE(e->name.find('.'), std::string_view::npos) << e->name;
    for (char c : e->name) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '.' || c == '_') << e->name;
    }
    EXPECT_EQ(e->counted, e->name != "http.request") << e->name;
  }
  EXPECT_GT(names.size(), 50u);
}

// The observer (the metrics) sees every event, whatever the level filter, as the LogEvent itself.
TEST(LoggingTest, TheObserverSeesEveryEventWithItsCountedFlag) {
  std::ostringstream out;
  Logger log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), Level::kError);
  std::vector<std::pair<std::string, bool>> seen;
  log.SetObserver([&](const LogEvent& e, const boost::json::object&) {
    seen.emplace_back(std::string(e.name), e.counted);
  });
  log.Info(events::kAuthLoginFailed, {{"reason", "invalid_credentials"}});
  log.Info(events::kHttpRequest);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], (std::pair<std::string, bool>{"auth.login.failed", true}));
  EXPECT_EQ(seen[1], (std::pair<std::string, bool>{"http.request", false}));
  EXPECT_TRUE(out.str().empty());  // below the level: observed, not written
}

TEST(LoggingTest, SensitiveNames) {
  EXPECT_TRUE(IsSensitiveFieldName("Set-Cookie"));
  EXPECT_TRUE(IsSensitiveFieldName("new_password"));
  EXPECT_TRUE(IsSensitiveFieldName("stripe_signature"));
  EXPECT_FALSE(IsSensitiveFieldName("user_id"));
  EXPECT_FALSE(IsSensitiveFieldName("route"));
}

}  // namespace
}  // namespace plangate::logging
