#include "ops/metrics.h"

#include <fmt/format.h>

namespace plangate::ops {

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

void Metrics::ObserveRequest(std::string_view route, int status, double seconds) {
  std::lock_guard lock(mu_);
  auto& s = requests_[{std::string(route), status}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
  ++s.count;
  s.sum += seconds;
}

void Metrics::CountEvent(std::string_view event, std::string_view label) {
  std::lock_guard lock(mu_);
  ++events_[{std::string(event), std::string(label)}];
}

std::string Metrics::Render(const std::vector<Gauge>& gauges) const {
  std::string out;
  out.reserve(4096);
  std::lock_guard lock(mu_);
  out += "# HELP plangate_http_requests_total HTTP requests by route template and status.\n";
  out += "# TYPE plangate_http_requests_total counter\n";
  for (const auto& [key, s] : requests_) {
    out += fmt::format("plangate_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                       EscapeLabel(key.first), key.second, s.count);
  }
  out +=
      "# HELP plangate_http_request_duration_seconds Time from a request's first byte to its "
      "response written.\n";
  out += "# TYPE plangate_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : requests_) {
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
      "# HELP plangate_events_total Structured log events (auth results, webhook results, "
      "rate-limit rejections, ...).\n";
  out += "# TYPE plangate_events_total counter\n";
  for (const auto& [key, n] : events_) {
    out += fmt::format("plangate_events_total{{event=\"{}\",label=\"{}\"}} {}\n",
                       EscapeLabel(key.first), EscapeLabel(key.second), n);
  }
  for (const auto& g : gauges) {
    out += "# HELP " + g.name + " " + g.help + "\n# TYPE " + g.name + " gauge\n";
    out += fmt::format("{} {}\n", g.name, g.value);
  }
  return out;
}

}  // namespace plangate::ops
