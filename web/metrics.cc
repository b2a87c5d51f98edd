#include "web/metrics.h"

#include <cstdio>

namespace quarry::web {
namespace {

// A label value, quoted: backslash, double quote and newline escaped.
std::string Quoted(std::string_view value) {
  std::string out = "\"";
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
  return out + '"';
}

std::string Number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", value);
  return buf;
}

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Sample(std::string& out, std::string_view name, std::string_view labels, const std::string& value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

}  // namespace

void Metrics::ObserveRequest(std::string_view route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{std::string(route), status}];
  Latency& l = latency_[std::string(route)];
  for (size_t b = 0; b < kLatencyBuckets.size(); ++b) {
    if (seconds <= kLatencyBuckets[b]) {
      ++l.buckets[b];
      break;
    }
  }
  ++l.count;
  l.sum += seconds;
}

void Metrics::CountCacheLookup(bool hit) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++(hit ? cache_hits_ : cache_misses_);
}

void Metrics::CountSearch(bool found_nothing) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++searches_;
  if (found_nothing) ++searches_found_nothing_;
}

std::string Metrics::Render(const IndexState& index) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  Header(out, "quarry_http_requests_total", "counter", "HTTP requests answered, by route and status.");
  for (const auto& [key, count] : requests_) {
    Sample(out, "quarry_http_requests_total",
           "route=" + Quoted(key.first) + ",status=" + Quoted(std::to_string(key.second)), std::to_string(count));
  }
  Header(out, "quarry_http_request_duration_seconds", "histogram",
         "Time from a request's first byte read to its answer's last written, by route.");
  for (const auto& [route, l] : latency_) {
    const std::string labels = "route=" + Quoted(route);
    size_t cumulative = 0;
    for (size_t b = 0; b < kLatencyBuckets.size(); ++b) {
      cumulative += l.buckets[b];
      Sample(out, "quarry_http_request_duration_seconds_bucket", labels + ",le=" + Quoted(Number(kLatencyBuckets[b])),
             std::to_string(cumulative));
    }
    Sample(out, "quarry_http_request_duration_seconds_bucket", labels + ",le=\"+Inf\"", std::to_string(l.count));
    Sample(out, "quarry_http_request_duration_seconds_sum", labels, Number(l.sum));
    Sample(out, "quarry_http_request_duration_seconds_count", labels, std::to_string(l.count));
  }
  Header(out, "quarry_cache_hits_total", "counter", "Searches answered from the result cache.");
  Sample(out, "quarry_cache_hits_total", "", std::to_string(cache_hits_));
  Header(out, "quarry_cache_misses_total", "counter", "Searches the result cache did not hold.");
  Sample(out, "quarry_cache_misses_total", "", std::to_string(cache_misses_));
  Header(out, "quarry_searches_total", "counter", "Searches run by the searcher (cache misses).");
  Sample(out, "quarry_searches_total", "", std::to_string(searches_));
  Header(out, "quarry_searches_no_hits_total", "counter", "Searches that found no question, related ones included.");
  Sample(out, "quarry_searches_no_hits_total", "", std::to_string(searches_found_nothing_));
  Header(out, "quarry_index_up", "gauge", "1 when an index is open and answering.");
  Sample(out, "quarry_index_up", "", index.open ? "1" : "0");
  Header(out, "quarry_index_questions", "gauge", "Questions in the index generation served.");
  Sample(out, "quarry_index_questions", "", std::to_string(index.questions));
  Header(out, "quarry_index_generation_info", "gauge", "The index generation served, as a label.");
  Sample(out, "quarry_index_generation_info", "generation=" + Quoted(index.generation), "1");
  Header(out, "quarry_index_reloads_total", "counter", "Index generations a searcher switched to.");
  Sample(out, "quarry_index_reloads_total", "", std::to_string(index.reloads));
  Header(out, "quarry_index_reload_failures_total", "counter", "Refreshes of the index that failed.");
  Sample(out, "quarry_index_reload_failures_total", "", std::to_string(index.reload_failures));
  return out;
}

}  // namespace quarry::web
