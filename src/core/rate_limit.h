#pragma once
// A rate limit as configured ("N per window"): a config type the limiter (ops/) and the Config
// struct (app/) both name.

namespace plangate::core {

struct RateLimit {
  int limit = 0;  // attempts per window; 0 turns the limit off
  int window_seconds = 60;
};

}  // namespace plangate::core
