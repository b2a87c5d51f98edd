#include "bench/bench_util.h"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

namespace quarry::bench {
namespace fs = std::filesystem;

bool ReadQueryLog(const std::string& path, std::vector<LoggedQuery>& out, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot read";
    return false;
  }
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      error = path + ":" + std::to_string(number) + ": expected kind<TAB>query";
      return false;
    }
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  if (out.empty()) {
    error = path + ": no queries";
    return false;
  }
  return true;
}

LogRun RunLog(const std::vector<LoggedQuery>& log, int warmup_passes, int passes,
              const std::function<QueryOutcome(const LoggedQuery&)>& search) {
  for (int pass = 0; pass < warmup_passes; ++pass) {
    for (const LoggedQuery& q : log) search(q);
  }
  LogRun run;
  run.passes = std::max(1, passes);
  std::vector<std::vector<double>> samples(log.size());
  run.outcomes.resize(log.size());
  const double cpu_started = CpuSeconds();
  auto started = std::chrono::steady_clock::now();
  for (int pass = 0; pass < run.passes; ++pass) {
    for (size_t i = 0; i < log.size(); ++i) {
      auto t0 = std::chrono::steady_clock::now();
      run.outcomes[i] = search(log[i]);
      samples[i].push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
  }
  run.wall_seconds = SecondsSince(started);
  run.cpu_seconds = CpuSeconds() - cpu_started;
  run.ms.reserve(log.size());
  for (std::vector<double>& s : samples) {
    std::sort(s.begin(), s.end());
    run.ms.push_back(s[s.size() / 2]);
  }
  return run;
}

namespace {

// Nearest rank: the smallest sample with at least p% of the samples at or
// below it. REQUIRES: `sorted` sorted, not empty.
double Percentile(const std::vector<double>& sorted, double p) {
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * sorted.size()));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

nlohmann::json LatencyJson(std::vector<double> ms) {
  nlohmann::json out = {{"count", ms.size()}};
  if (ms.empty()) return out;
  std::sort(ms.begin(), ms.end());
  out["mean_ms"] = std::accumulate(ms.begin(), ms.end(), 0.0) / ms.size();
  out["p50_ms"] = Percentile(ms, 50);
  out["p95_ms"] = Percentile(ms, 95);
  out["p99_ms"] = Percentile(ms, 99);
  out["max_ms"] = ms.back();
  return out;
}

nlohmann::json LogRunJson(const LogRun& run, const std::vector<LoggedQuery>& log) {
  nlohmann::json out = LatencyJson(run.ms);
  std::map<std::string, std::vector<double>> by_kind;
  size_t zero_hits = 0, errors = 0;
  double matches = 0;
  for (size_t i = 0; i < log.size(); ++i) {
    by_kind[log[i].kind].push_back(run.ms[i]);
    const QueryOutcome& o = run.outcomes[i];
    if (!o.ok) ++errors;
    if (o.ok && o.total == 0) ++zero_hits;
    matches += static_cast<double>(o.total);
  }
  out["by_kind"] = nlohmann::json::object();
  for (auto& [kind, ms] : by_kind) out["by_kind"][kind] = LatencyJson(ms);
  out["passes"] = run.passes;
  out["queries_per_second"] =
      run.wall_seconds > 0 ? static_cast<double>(log.size()) * run.passes / run.wall_seconds : 0;
  out["cpu_ms_per_query"] =
      log.empty() ? 0 : run.cpu_seconds * 1000 / (static_cast<double>(log.size()) * run.passes);
  out["zero_hit_queries"] = zero_hits;
  out["errors"] = errors;
  out["mean_matches"] = log.empty() ? 0 : matches / log.size();
  return out;
}

bool WriteLatencies(const std::string& path, const LogRun& run,
                    const std::vector<LoggedQuery>& log) {
  std::vector<size_t> order(log.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return run.ms[a] > run.ms[b]; });
  std::ofstream out(path, std::ios::trunc);
  out << "# kind\tms\tmatches\tquery\n";
  for (size_t i : order) {
    out << log[i].kind << '\t' << run.ms[i] << '\t' << run.outcomes[i].total << '\t' << log[i].text
        << '\n';
  }
  return static_cast<bool>(out);
}

uint64_t PeakRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

uint64_t DiskBytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool Args::Parse(int argc, char** argv, int first, const std::vector<std::string>& switches,
                 std::string& error) {
  for (int i = first; i < argc; ++i) {
    std::string word = argv[i];
    if (word.rfind("--", 0) != 0) {
      positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    if (std::find(switches.begin(), switches.end(), name) != switches.end()) {
      values_.emplace(name, "");
    } else if (i + 1 < argc) {
      values_.emplace(name, argv[++i]);
    } else {
      error = word + " needs a value";
      return false;
    }
  }
  return true;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto [begin, end] = values_.equal_range(name);
  return begin == end ? fallback : std::prev(end)->second;
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  auto [begin, end] = values_.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

long Args::GetInt(const std::string& name, long fallback) const {
  std::string value = Get(name);
  if (value.empty()) return fallback;
  char* end = nullptr;
  long n = std::strtol(value.c_str(), &end, 10);
  return end && *end == '\0' ? n : fallback;
}

}  // namespace quarry::bench
