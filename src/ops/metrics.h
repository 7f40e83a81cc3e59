#pragma once
// Prometheus metrics: request counts and latency histograms by route template and status, a
// counter per structured log event named in core/log_events.h (auth results, webhook results,
// rate-limit rejections, without a second bookkeeping path) and per event counted here by name
// (auth.caller_read), and gauges read at scrape time.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace plangate::ops {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};

  void ObserveRequest(std::string_view route, int status, double seconds);
  // label: for events that carry a useful dimension (a webhook's type, a rate limit's scope).
  void CountEvent(std::string_view event, std::string_view label = {});

  // A value read at scrape time. Consecutive entries of one name are one family (help and type
  // from its first), told apart by their labels.
  struct Gauge {
    std::string name;
    std::string help;
    double value = 0;
    std::string labels;    // e.g. reason="per_ip_cap"; empty for none
    bool counter = false;  // a running total kept elsewhere (exposed as a counter)
  };
  // The text exposition format (version 0.0.4), with the given gauges appended.
  std::string Render(const std::vector<Gauge>& gauges) const;

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

 private:
  struct Series {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  // Looks up (string, x) keys by (string_view, x) so that counting allocates nothing.
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return View(a) < View(b);
    }
    template <typename F, typename S>
    static auto View(const std::pair<F, S>& p) {
      if constexpr (std::is_same_v<S, int>) {
        return std::pair<std::string_view, int>(p.first, p.second);
      } else {
        return std::pair<std::string_view, std::string_view>(p.first, p.second);
      }
    }
  };
  using RequestSeries = std::map<std::pair<std::string, int>, Series, KeyLess>;
  using EventCounts = std::map<std::pair<std::string, std::string>, std::uint64_t, KeyLess>;
  // One per thread that records: the request path takes only its own thread's (uncontended)
  // lock, and a scrape adds the shards up.
  struct Shard {
    std::mutex mu;
    RequestSeries requests;
    EventCounts events;
  };
  Shard& Local();

  const std::uint64_t id_;
  mutable std::mutex shards_mu_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

// Who may scrape /metrics. Its route names and counts map the API and its traffic, so outside
// APP_ENV=local it is closed unless the operator chose: METRICS_TOKEN (then that Bearer token is
// needed, wherever it runs) or METRICS_PUBLIC=true.
enum class MetricsAccess { kPublic, kToken, kDenied };
MetricsAccess MetricsAccessFor(bool local, bool token_set, bool metrics_public);

// Escapes a label value for the exposition format.
std::string EscapeLabel(std::string_view value);

}  // namespace plangate::ops
