#include "core/logging.h"

#include <fmt/format.h>
#include <spdlog/details/null_mutex.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <unistd.h>

#include <array>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "core/text.h"

namespace plangate::logging {

namespace {
constexpr std::string_view kRedacted = "[REDACTED]";

constexpr std::array<std::string_view, 4> kLevelNames = {"debug", "info", "warn", "error"};

void RedactFields(boost::json::object& fields) {
  for (auto& [key, value] : fields) {
    if (IsSensitiveFieldName(key)) {
      value = kRedacted;
    } else if (value.is_object()) {
      RedactFields(value.as_object());
    }
  }
}

void AppendTimestamp(std::string& out) {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = time_point_cast<seconds>(now);
  auto millis = duration_cast<milliseconds>(now - secs).count();
  // gmtime_r once a second per thread, not once a line.
  thread_local std::time_t cached_second = -1;
  thread_local char cached[64];  // "YYYY-MM-DDTHH:MM:SS"
  std::time_t t = system_clock::to_time_t(secs);
  if (t != cached_second) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = t;
  }
  out += cached;
  fmt::format_to(std::back_inserter(out), ".{:03d}Z", static_cast<int>(millis));
}

// A JSON string literal for s, escaped as RFC 8259 requires; other bytes pass through as they
// are (as boost::json::serialize does).
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
      }
    } else {
      out += c;
    }
  }
  out += '"';
}
}  // namespace

bool IsSensitiveFieldName(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kMarkers = {
      "password",  "token",   "secret",      "cookie", "authorization",
      "signature", "api_key", "signing_key", "hash"};
  // Every field of every line comes through here: lower-case on the stack when the name fits.
  char buffer[64];
  std::string heap;
  std::string_view lowered;
  if (name.size() <= sizeof buffer) {
    for (std::size_t i = 0; i < name.size(); ++i) buffer[i] = core::LowerAscii(name[i]);
    lowered = std::string_view(buffer, name.size());
  } else {
    heap = core::LowerAscii(name);
    lowered = heap;
  }
  for (auto marker : kMarkers) {
    if (lowered.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

bool ParseLevel(std::string_view text, Level* out) {
  std::string lowered = core::LowerAscii(text);
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

namespace {
// Log lines for a file descriptor, each written with one write(2) as soon as it is logged (the
// contract: flushed at once) and without a lock: a write of up to PIPE_BUF bytes to a pipe is
// atomic, and so is one to a file. stdout_sink_mt took a mutex around fwrite + fflush, and the
// I/O threads queued on it for every request's log line.
class FdSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  explicit FdSink(int fd) : fd_(fd) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    thread_local std::string line;
    line.assign(msg.payload.data(), msg.payload.size());
    line += '\n';
    std::size_t done = 0;
    while (done < line.size()) {
      ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // nowhere to write to: drop the line rather than block the server
      done += static_cast<std::size_t>(n);
    }
  }
  void flush_() override {}

 private:
  int fd_;
};
}  // namespace

std::shared_ptr<spdlog::sinks::sink> Logger::StdoutSink() {
  return std::make_shared<FdSink>(STDOUT_FILENO);
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
  text.reserve(160 + fields.size() * 32);
  auto append_key = [&text](std::string_view key) {
    text += ',';
    AppendJsonString(text, key);
    text += ':';
  };
  // Scalars are written in place; only nested values go through serialize().
  auto append_pair = [&](std::string_view key, const boost::json::value& value) {
    append_key(key);
    switch (value.kind()) {
      case boost::json::kind::string:
        AppendJsonString(text, value.get_string());
        break;
      case boost::json::kind::int64:
        fmt::format_to(std::back_inserter(text), "{}", value.get_int64());
        break;
      case boost::json::kind::uint64:
        fmt::format_to(std::back_inserter(text), "{}", value.get_uint64());
        break;
      case boost::json::kind::double_:
        fmt::format_to(std::back_inserter(text), "{:.3f}", value.get_double());
        break;
      case boost::json::kind::bool_:
        text += value.get_bool() ? "true" : "false";
        break;
      case boost::json::kind::null:
        text += "null";
        break;
      default:
        text += boost::json::serialize(value);
    }
  };
  text += "{\"ts\":\"";
  AppendTimestamp(text);
  text += "\",\"level\":\"";
  text += kLevelNames[static_cast<std::size_t>(level)];
  text += '"';
  append_key("event");
  AppendJsonString(text, event);
  if (!request_id.empty()) {
    append_key("request_id");
    AppendJsonString(text, request_id);
  }
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

void Logger::Log(Level level, const LogEvent& event, boost::json::object fields,
                 std::string_view request_id) const {
  if (observer_) observer_(event, fields);
  if (!Enabled(level)) return;
  logger_->info(Render(level, event.name, std::move(fields), request_id));
}

}  // namespace plangate::logging
