// What the benchmark programs share: the query log, running it with a
// warm-up and timing each query, latency statistics, peak memory, sizes on
// disk and a small command-line parser. Nothing here is part of Quarry's
// library; it only measures it (and its peer, SQLite FTS5) the same way.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace quarry::bench {

// One line of a query log: how it was made ("plain", "typo" or "prefix")
// and the text a user would type.
struct LoggedQuery {
  std::string kind;
  std::string text;
};

// Reads a query log as `bench-quarry queries` writes it: one
// "kind<TAB>query" a line; '#' lines and blank lines are skipped. Returns
// false and sets `error` (naming file and line) when it cannot.
bool ReadQueryLog(const std::string& path, std::vector<LoggedQuery>& out, std::string& error);

// What one engine answered for one query.
struct QueryOutcome {
  bool ok = true;      // false: the engine reported an error
  uint64_t total = 0;  // matches (the engine's count or estimate)
  size_t hits = 0;     // hits returned (at most the page size)
};

// Every query of a log, timed.
struct LogRun {
  std::vector<double> ms;  // latency of each query of the last measured pass, in log order
  std::vector<QueryOutcome> outcomes;
  double wall_seconds = 0;  // the measured passes, start to end
  double cpu_seconds = 0;   // CPU time of the measured passes (user + system)
  int passes = 0;
};

// Runs `search` over the whole log `warmup_passes` times untimed, then
// `passes` times timed; the per-query latency kept is the median over the
// measured passes. REQUIRES: passes >= 1.
LogRun RunLog(const std::vector<LoggedQuery>& log, int warmup_passes, int passes,
              const std::function<QueryOutcome(const LoggedQuery&)>& search);

// {"count","mean_ms","p50_ms","p95_ms","p99_ms","max_ms"} of `ms`
// (nearest-rank percentiles).
nlohmann::json LatencyJson(std::vector<double> ms);

// The run as JSON: latencies overall and per kind of query, queries per
// second (one thread), CPU per query, zero-hit queries, errors, mean matches.
nlohmann::json LogRunJson(const LogRun& run, const std::vector<LoggedQuery>& log);

// Writes "kind<TAB>ms<TAB>total<TAB>query" per query, slowest first.
bool WriteLatencies(const std::string& path, const LogRun& run,
                    const std::vector<LoggedQuery>& log);

// This process's peak resident set size so far, in bytes (getrusage).
uint64_t PeakRssBytes();

// CPU time this process has used so far, user + system, in seconds
// (getrusage): less sensitive than wall time to other work on the machine.
double CpuSeconds();

// Bytes of a file, or of every file under a folder; 0 when absent.
uint64_t DiskBytes(const std::string& path);

// Seconds since `start` on the steady clock.
double SecondsSince(std::chrono::steady_clock::time_point start);

// "--name value" options, "--name" switches and positional words, in the
// order given. A name listed in `switches` takes no value.
class Args {
 public:
  // Returns false and sets `error` for an option missing its value.
  bool Parse(int argc, char** argv, int first, const std::vector<std::string>& switches,
             std::string& error);
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The last value given for `name`, or `fallback`.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // Every value given for `name`, in order.
  std::vector<std::string> GetAll(const std::string& name) const;
  long GetInt(const std::string& name, long fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace quarry::bench
