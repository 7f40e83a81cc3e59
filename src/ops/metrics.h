#pragma once
// Prometheus metrics: request counts and latency histograms by route template and status, a
// counter per structured log event (which covers auth results, webhook results and rate-limit
// rejections without a second bookkeeping path), and gauges read at scrape time.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace plangate::ops {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};

  void ObserveRequest(std::string_view route, int status, double seconds);
  // label: for events that carry a useful dimension (a webhook's type, a rate limit's scope).
  void CountEvent(std::string_view event, std::string_view label = {});

  struct Gauge {
    std::string name;
    std::string help;
    double value = 0;
  };
  // The text exposition format (version 0.0.4), with the given gauges appended.
  std::string Render(const std::vector<Gauge>& gauges) const;

 private:
  struct Series {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, Series> requests_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> events_;
};

// Escapes a label value for the exposition format.
std::string EscapeLabel(std::string_view value);

}  // namespace plangate::ops
