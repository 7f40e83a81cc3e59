#include "core/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <boost/json/parse.hpp>
#include <sstream>

namespace plangate::logging {
namespace {

TEST(LoggingTest, OneJsonObjectPerLineWithEnvelope) {
  std::ostringstream out;
  Logger log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), Level::kInfo);
  log.Info("http.request", {{"status", 200}, {"duration_ms", 1.5}}, "req-1");
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
  log.Info("ignored");
  log.Error("kept");
  EXPECT_EQ(out.str().find("ignored"), std::string::npos);
  EXPECT_NE(out.str().find("kept"), std::string::npos);
}

TEST(LoggingTest, CredentialFieldsAreRedactedEvenNested) {
  std::ostringstream out;
  Logger log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), Level::kDebug);
  log.Info("x", {{"Authorization", "Bearer abc.def.ghi"},
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
  log.Error("stripe.failed",
            {{"error", "key sk_live_SUPERSECRET rejected twice: sk_live_SUPERSECRET"}});
  EXPECT_EQ(out.str().find("SUPERSECRET"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("[REDACTED]"), std::string::npos);
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
