#pragma once
// Per-plan app limits: pure rules, no I/O.

#include <cstdint>
#include <optional>
#include <string_view>

namespace plangate::apps {

// An admin's override beats the plan; otherwise pro users get APP_LIMIT_PRO, everyone else
// APP_LIMIT_BASIC.
inline std::int64_t EffectiveAppLimit(std::string_view user_type,
                                      std::optional<std::int64_t> override_limit, int basic_limit,
                                      int pro_limit) {
  if (override_limit) return *override_limit;
  return user_type == "pro" ? pro_limit : basic_limit;
}

}  // namespace plangate::apps
