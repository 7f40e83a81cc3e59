#pragma once
// Typed reads of the environment for ParseConfig: each read names its variable in the
// ConfigError it throws, and every secret may come from NAME_FILE instead.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/config.h"
#include "core/text.h"

namespace plangate::app {

// "a, b,,c" -> {"a", "b", "c"}.
std::vector<std::string> SplitList(std::string_view s);

class EnvReader {
 public:
  explicit EnvReader(const Env& env) : env_(env) {}

  const std::string* Raw(const std::string& name) const {
    auto it = env_.find(name);
    return it == env_.end() ? nullptr : &it->second;
  }
  std::string String(const std::string& name, std::string fallback) const {
    const std::string* v = Raw(name);
    return v ? *v : std::move(fallback);
  }
  // NAME, or the contents of the file NAME_FILE (one trailing newline stripped).
  std::string Secret(const std::string& name) const;
  long long Int(const std::string& name, long long fallback, long long min, long long max) const;
  bool Bool(const std::string& name, bool fallback) const;
  // "5/min", "10/hour", "3/60" (seconds).
  RateLimit Rate(const std::string& name, RateLimit fallback) const;

  template <typename E>
  E Choice(const std::string& name, E fallback,
           std::initializer_list<std::pair<std::string_view, E>> choices) const {
    const std::string* v = Raw(name);
    if (!v) return fallback;
    std::string t(core::Trim(*v));
    std::string names;
    for (const auto& [text, value] : choices) {
      if (t == text) return value;
      names += names.empty() ? "" : ", ";
      names += text;
    }
    throw ConfigError(name + " must be one of: " + names);
  }

 private:
  const Env& env_;
};

}  // namespace plangate::app
