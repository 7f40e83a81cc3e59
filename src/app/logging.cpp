#include "app/logging.h"

#include <fmt/format.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <array>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace plangate::logging {

namespace {
constexpr std::string_view kRedacted = "[REDACTED]";

constexpr std::array<std::string_view, 4> kLevelNames = {"debug", "info", "warn", "error"};

std::string Lowered(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void RedactFields(boost::json::object& fields) {
  for (auto& [key, value] : fields) {
    if (IsSensitiveFieldName(key)) {
      value = kRedacted;
    } else if (value.is_object()) {
      RedactFields(value.as_object());
    }
  }
}

std::string Timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = time_point_cast<seconds>(now);
  auto millis = duration_cast<milliseconds>(now - secs).count();
  std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buf;
}
}  // namespace

bool IsSensitiveFieldName(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kMarkers = {
      "password",  "token",   "secret",      "cookie", "authorization",
      "signature", "api_key", "signing_key", "hash"};
  std::string lowered = Lowered(name);
  for (auto marker : kMarkers) {
    if (lowered.find(marker) != std::string::npos) return true;
  }
  return false;
}

bool ParseLevel(std::string_view text, Level* out) {
  std::string lowered = Lowered(text);
  if (lowered == "warning") lowered = "warn";
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (lowered == kLevelNames[i]) {
      *out = static_cast<Level>(i);
      return true;
    }
  }
  return false;
}

Logger::Logger(std::shared_ptr<spdlog::sinks::sink> sink, Level min_level)
    : logger_(std::make_shared<spdlog::logger>("plangate", std::move(sink))),
      min_level_(min_level) {
  logger_->set_pattern("%v");
  logger_->set_level(spdlog::level::trace);
  // One line per event must reach the collector even if the process dies right after.
  logger_->flush_on(spdlog::level::trace);
}

Logger::~Logger() = default;

std::shared_ptr<spdlog::sinks::sink> Logger::StdoutSink() {
  return std::make_shared<spdlog::sinks::stdout_sink_mt>();
}

std::shared_ptr<spdlog::sinks::sink> Logger::StderrSink() {
  return std::make_shared<spdlog::sinks::stderr_sink_mt>();
}

void Logger::AddSecret(std::string value) {
  if (!value.empty()) secrets_.push_back(std::move(value));
}

std::string Logger::Render(Level level, std::string_view event, boost::json::object fields,
                           std::string_view request_id) const {
  RedactFields(fields);
  // Built by hand rather than through one serialize() call so that the envelope keys come
  // first and durations print as plain decimals (Boost.JSON writes 3.54E-1).
  std::string text;
  text.reserve(128 + fields.size() * 24);
  auto append_pair = [&text](std::string_view key, const boost::json::value& value) {
    text += ',';
    text += boost::json::serialize(boost::json::string_view(key.data(), key.size()));
    text += ':';
    if (value.is_double()) {
      text += fmt::format("{:.3f}", value.get_double());
    } else {
      text += boost::json::serialize(value);
    }
  };
  text += "{\"ts\":\"";
  text += Timestamp();
  text += "\",\"level\":\"";
  text += kLevelNames[static_cast<std::size_t>(level)];
  text += '"';
  append_pair("event", boost::json::string(event));
  if (!request_id.empty()) append_pair("request_id", boost::json::string(request_id));
  for (const auto& [key, value] : fields) {
    if (key != "ts" && key != "level" && key != "event" && key != "request_id") {
      append_pair(key, value);
    }
  }
  text += '}';
  for (const auto& secret : secrets_) {
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + kRedacted.size())) {
      text.replace(pos, secret.size(), kRedacted);
    }
  }
  return text;
}

void Logger::Log(Level level, std::string_view event, boost::json::object fields,
                 std::string_view request_id) const {
  if (observer_) observer_(event, fields);
  if (!Enabled(level)) return;
  logger_->info(Render(level, event, std::move(fields), request_id));
}

}  // namespace plangate::logging
