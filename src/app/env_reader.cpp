#include "app/env_reader.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace plangate::app {

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto comma = s.find(',', start);
    std::string item(
        core::Trim(s.substr(start, comma == std::string_view::npos ? s.npos : comma - start)));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string EnvReader::Secret(const std::string& name) const {
  const std::string* direct = Raw(name);
  const std::string* file = Raw(name + "_FILE");
  if (direct && file) throw ConfigError(name + " and " + name + "_FILE are both set; set one");
  if (!file) return direct ? *direct : std::string();
  std::ifstream in(*file, std::ios::binary);
  if (!in) throw ConfigError(name + "_FILE: cannot read " + *file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string value = ss.str();
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  return value;
}

long long EnvReader::Int(const std::string& name, long long fallback, long long min,
                         long long max) const {
  const std::string* v = Raw(name);
  if (!v) return fallback;
  std::string t(core::Trim(*v));
  long long out = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || out < min || out > max) {
    throw ConfigError(name + " must be an integer between " + std::to_string(min) + " and " +
                      std::to_string(max));
  }
  return out;
}

bool EnvReader::Bool(const std::string& name, bool fallback) const {
  const std::string* v = Raw(name);
  if (!v) return fallback;
  std::string t = core::LowerAscii(core::Trim(*v));
  if (t == "true" || t == "1" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "0" || t == "no" || t == "off") return false;
  throw ConfigError(name + " must be true or false");
}

RateLimit EnvReader::Rate(const std::string& name, RateLimit fallback) const {
  const std::string* v = Raw(name);
  if (!v) return fallback;
  std::string t(core::Trim(*v));
  auto slash = t.find('/');
  auto fail = [&]() {
    return ConfigError(name +
                       " must look like 5/min (count/second|min|hour|day or count/N seconds)");
  };
  if (slash == std::string::npos) throw fail();
  int count = 0;
  auto [e1, ec1] = std::from_chars(t.data(), t.data() + slash, count);
  if (ec1 != std::errc() || e1 != t.data() + slash || count < 1) throw fail();
  std::string unit = t.substr(slash + 1);
  int window = 0;
  if (unit == "s" || unit == "sec" || unit == "second")
    window = 1;
  else if (unit == "m" || unit == "min" || unit == "minute")
    window = 60;
  else if (unit == "h" || unit == "hour")
    window = 3600;
  else if (unit == "d" || unit == "day")
    window = 86400;
  else {
    auto [e2, ec2] = std::from_chars(unit.data(), unit.data() + unit.size(), window);
    if (unit.empty() || ec2 != std::errc() || e2 != unit.data() + unit.size() || window < 1 ||
        window > 86400) {
      throw fail();
    }
  }
  return RateLimit{count, window};
}

}  // namespace plangate::app
