#include "ops/metrics.h"

#include <fmt/format.h>

#include <atomic>

namespace plangate::ops {

MetricsAccess MetricsAccessFor(bool local, bool token_set, bool metrics_public) {
  if (token_set) return MetricsAccess::kToken;
  return local || metrics_public ? MetricsAccess::kPublic : MetricsAccess::kDenied;
}

std::string EscapeLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {
std::atomic<std::uint64_t> next_metrics_id{1};
}

Metrics::Metrics() : id_(next_metrics_id++) {}
Metrics::~Metrics() = default;

Metrics::Shard& Metrics::Local() {
  // Keyed by id, not address: a Metrics destroyed and another built at the same address (tests)
  // must not inherit the old one's shard.
  thread_local std::vector<std::pair<std::uint64_t, Shard*>> mine;
  for (const auto& [id, shard] : mine) {
    if (id == id_) return *shard;
  }
  if (mine.size() >= 16) mine.clear();  // ids of long-gone instances; the shards are theirs
  std::lock_guard lock(shards_mu_);
  shards_.push_back(std::make_unique<Shard>());
  mine.emplace_back(id_, shards_.back().get());
  return *shards_.back();
}

void Metrics::ObserveRequest(std::string_view route, int status, double seconds) {
  Shard& shard = Local();
  std::lock_guard lock(shard.mu);
  auto it = shard.requests.find(std::pair<std::string_view, int>(route, status));
  if (it == shard.requests.end()) {
    it = shard.requests.emplace(std::pair<std::string, int>(route, status), Series{}).first;
  }
  Series& s = it->second;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
  ++s.count;
  s.sum += seconds;
}

void Metrics::CountEvent(std::string_view event, std::string_view label) {
  Shard& shard = Local();
  std::lock_guard lock(shard.mu);
  auto it = shard.events.find(std::pair<std::string_view, std::string_view>(event, label));
  if (it == shard.events.end()) {
    it = shard.events.emplace(std::pair<std::string, std::string>(event, label), 0).first;
  }
  ++it->second;
}

std::string Metrics::Render(const std::vector<Gauge>& gauges) const {
  RequestSeries requests;
  EventCounts events;
  {
    std::lock_guard lock(shards_mu_);
    for (const auto& shard : shards_) {
      std::lock_guard shard_lock(shard->mu);
      for (const auto& [key, s] : shard->requests) {
        Series& total = requests[key];
        for (std::size_t i = 0; i < kBuckets.size(); ++i) total.buckets[i] += s.buckets[i];
        total.count += s.count;
        total.sum += s.sum;
      }
      for (const auto& [key, n] : shard->events) events[key] += n;
    }
  }
  std::string out;
  out.reserve(4096);
  out += "# HELP plangate_http_requests_total HTTP requests by route template and status.\n";
  out += "# TYPE plangate_http_requests_total counter\n";
  for (const auto& [key, s] : requests) {
    out += fmt::format("plangate_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                       EscapeLabel(key.first), key.second, s.count);
  }
  out +=
      "# HELP plangate_http_request_duration_seconds Time from a request's first byte to its "
      "response written.\n";
  out += "# TYPE plangate_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : requests) {
    std::string labels =
        fmt::format("route=\"{}\",status=\"{}\"", EscapeLabel(key.first), key.second);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("plangate_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, kBuckets[i], s.buckets[i]);
    }
    out += fmt::format("plangate_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, s.count);
    out += fmt::format("plangate_http_request_duration_seconds_sum{{{}}} {:.6f}\n", labels, s.sum);
    out += fmt::format("plangate_http_request_duration_seconds_count{{{}}} {}\n", labels, s.count);
  }
  out +=
      "# HELP plangate_events_total Events by name (the log events of core/log_events.h: auth "
      "results, webhook results, rate-limit rejections, ...).\n";
  out += "# TYPE plangate_events_total counter\n";
  for (const auto& [key, n] : events) {
    out += fmt::format("plangate_events_total{{event=\"{}\",label=\"{}\"}} {}\n",
                       EscapeLabel(key.first), EscapeLabel(key.second), n);
  }
  const std::string* family = nullptr;
  for (const auto& g : gauges) {
    if (!family || *family != g.name) {
      out += "# HELP " + g.name + " " + g.help + "\n# TYPE " + g.name +
             (g.counter ? " counter\n" : " gauge\n");
      family = &g.name;
    }
    if (g.labels.empty()) {
      out += fmt::format("{} {}\n", g.name, g.value);
    } else {
      out += fmt::format("{}{{{}}} {}\n", g.name, g.labels, g.value);
    }
  }
  return out;
}

}  // namespace plangate::ops
