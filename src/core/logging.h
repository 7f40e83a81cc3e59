#pragma once
// Structured logging: one JSON object a line, {"ts","level","event","request_id",...fields}.
// Redaction is built in rather than left to call sites: fields whose name marks a credential are
// replaced, and every registered secret value is masked wherever it appears in a line.

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace spdlog {
class logger;
namespace sinks {
class sink;
}
}  // namespace spdlog

namespace plangate::logging {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

bool ParseLevel(std::string_view text, Level* out);

// A kind of log line. Every one the service writes is in core/log_events.h, where its name is
// written once; counted: whether plangate_events_total counts it (by that name).
struct LogEvent {
  std::string_view name;
  bool counted = true;
};

class Logger {
 public:
  // Writes to the given sink (stdout for `serve`, stderr for `openapi`, a capture in tests).
  Logger(std::shared_ptr<spdlog::sinks::sink> sink, Level min_level);
  ~Logger();

  static std::shared_ptr<spdlog::sinks::sink> StdoutSink();
  static std::shared_ptr<spdlog::sinks::sink> StderrSink();

  // Values that must never appear in a log line (signing keys, API keys, passwords).
  void AddSecret(std::string value);
  // Sees every event (whatever the level filter), e.g. to count them as metrics. Set once,
  // before the logger is shared between threads.
  using Observer = std::function<void(const LogEvent& event, const boost::json::object& fields)>;
  void SetObserver(Observer observer) { observer_ = std::move(observer); }

  bool Enabled(Level level) const { return level >= min_level_; }
  void Log(Level level, const LogEvent& event, boost::json::object fields = {},
           std::string_view request_id = {}) const;
  void Debug(const LogEvent& event, boost::json::object fields = {},
             std::string_view request_id = {}) const {
    Log(Level::kDebug, event, std::move(fields), request_id);
  }
  void Info(const LogEvent& event, boost::json::object fields = {},
            std::string_view request_id = {}) const {
    Log(Level::kInfo, event, std::move(fields), request_id);
  }
  void Warn(const LogEvent& event, boost::json::object fields = {},
            std::string_view request_id = {}) const {
    Log(Level::kWarn, event, std::move(fields), request_id);
  }
  void Error(const LogEvent& event, boost::json::object fields = {},
             std::string_view request_id = {}) const {
    Log(Level::kError, event, std::move(fields), request_id);
  }

  // Exposed for tests: the line that Log would write.
  std::string Render(Level level, std::string_view event, boost::json::object fields,
                     std::string_view request_id) const;

 private:
  std::shared_ptr<spdlog::logger> logger_;
  Level min_level_;
  std::vector<std::string> secrets_;
  Observer observer_;
};

// True for a field name that carries a credential (password, token, cookie, authorization, ...).
bool IsSensitiveFieldName(std::string_view name);

}  // namespace plangate::logging
