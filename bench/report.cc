// bench-report: the tables of `make bench`, from the JSON files that
// bench/run.sh wrote into one results folder (see bench/README.md).
//
//   bench-report --results DIR
//
// Prints markdown tables: each figure for Quarry, for its peer (SQLite
// FTS5, or the /ping ceiling for HTTP), Quarry / peer, the target from
// issue 5 and PASS or FAIL. A figure whose file is missing shows "n/a" and
// is judged neither way. Exit status 0 (a FAIL is a finding, not an
// error), 2 when the folder holds no results at all.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bench/bench_util.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using Figure = std::optional<double>;

// A results file, or null when it is missing or unreadable.
json Load(const fs::path& dir, const std::string& name) {
  std::ifstream in(dir / (name + ".json"));
  if (!in) return nullptr;
  json j = json::parse(in, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

// The number at `pointer` ("/p50_ms") in `j`, if there is one.
Figure At(const json& j, const std::string& pointer) {
  if (!j.is_object()) return std::nullopt;
  json::json_pointer p(pointer);
  if (!j.contains(p) || !j.at(p).is_number()) return std::nullopt;
  return j.at(p).get<double>();
}

std::string Text(const json& j, const std::string& key, const std::string& fallback = "?") {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>()
                                                                : fallback;
}

Figure Sum(std::initializer_list<Figure> figures) {
  double total = 0;
  for (const Figure& f : figures) {
    if (!f) return std::nullopt;
    total += *f;
  }
  return total;
}

// Errors of one wrk run: responses with a status of 400 or more, plus
// socket errors (connect, read, write, timeout).
Figure WrkErrors(const json& j) {
  return Sum({At(j, "/errors/status"), At(j, "/errors/connect"), At(j, "/errors/read"),
              At(j, "/errors/write"), At(j, "/errors/timeout")});
}

// `v` with `decimals` decimals and thousands separators, or "n/a".
std::string Format(Figure v, int decimals) {
  if (!v) return "n/a";
  // Small figures keep three significant digits (0.00420, not 0.00).
  const double magnitude = std::fabs(*v);
  if (magnitude > 0 && magnitude < 1 && decimals > 0) {
    decimals =
        std::max(decimals, std::min(6, 2 - static_cast<int>(std::floor(std::log10(magnitude)))));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  std::string s = buf;
  size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  size_t first_digit = s[0] == '-' ? 1 : 0;
  for (size_t i = end; i >= first_digit + 4; i -= 3) s.insert(i - 3, ",");
  return s;
}

// How a figure is printed: value / scale with `decimals` decimals.
struct Unit {
  double scale;
  int decimals;
};
constexpr Unit kMs{1, 2}, kSeconds{1, 2}, kMB{1e6, 1}, kCount{1, 0};

enum class Verdict { kNone, kPass, kFail };

struct Row {
  Row(std::string figure, Figure quarry, Figure peer, Unit unit, std::string target = "")
      : figure(std::move(figure)),
        quarry(quarry),
        peer(peer),
        unit(unit),
        target(std::move(target)) {}
  std::string figure;
  Figure quarry, peer;
  Unit unit;
  std::string target;  // "" where the issue sets none
  Verdict verdict = Verdict::kNone;
  bool peer_only = false;  // a figure of the peer alone: Quarry's cell is "-", not "n/a"
};

struct Table {
  std::string title;
  std::string peer;  // the peer column's heading
  std::vector<Row> rows;
};

Figure Ratio(const Row& r) {
  if (!r.quarry || !r.peer || *r.peer == 0) return std::nullopt;
  return *r.quarry / *r.peer;
}

Verdict Judge(Figure value, bool (*ok)(double)) {
  if (!value) return Verdict::kNone;
  return ok(*value) ? Verdict::kPass : Verdict::kFail;
}

// Width on a terminal: UTF-8 code points (the tables hold no wide ones).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void Print(const Table& table, std::ostream& out) {
  std::vector<std::vector<std::string>> cells;
  cells.push_back({table.title, "Quarry", table.peer, "Quarry/peer", "target", "result"});
  for (const Row& r : table.rows) {
    auto scaled = [&](Figure f) -> Figure {
      if (!f) return std::nullopt;
      return *f / r.unit.scale;
    };
    Figure ratio = Ratio(r);
    cells.push_back({r.figure, Format(scaled(r.quarry), r.unit.decimals),
                     r.peer ? Format(scaled(r.peer), r.unit.decimals) : "",
                     ratio ? Format(ratio, 2) + "×" : "", r.target,
                     r.verdict == Verdict::kPass   ? "PASS"
                     : r.verdict == Verdict::kFail ? "FAIL"
                                                   : ""});
    if (r.peer_only) cells.back()[1] = "-";
  }
  std::vector<size_t> widths(cells[0].size(), 0);
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], Width(row[c]));
  }
  auto line = [&](const std::vector<std::string>& row) {
    out << "|";
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(widths[c] - Width(row[c]), ' ');
      // Figures right-aligned, words left-aligned.
      const bool right = c >= 1 && c <= 3;
      out << " " << (right ? pad + row[c] : row[c] + pad) << " |";
    }
    out << "\n";
  };
  line(cells[0]);
  out << "|";
  for (size_t c = 0; c < widths.size(); ++c) {
    out << (c >= 1 && c <= 3 ? " " + std::string(widths[c] - 1, '-') + ": |"
                             : " " + std::string(widths[c], '-') + " |");
  }
  out << "\n";
  for (size_t i = 1; i < cells.size(); ++i) line(cells[i]);
}

}  // namespace

int main(int argc, char** argv) {
  quarry::bench::Args args;
  std::string error;
  if (!args.Parse(argc, argv, 1, {}, error) || !args.Has("results")) {
    std::cerr << "usage: bench-report --results DIR\n";
    return 2;
  }
  const fs::path dir = args.Get("results");
  const json meta = Load(dir, "meta");
  const json q_build = Load(dir, "debian-quarry-build"), f_build = Load(dir, "debian-fts5-build");
  const json q_search = Load(dir, "debian-quarry-search");
  const json f_search = Load(dir, "debian-fts5-search");
  const json seed_index = Load(dir, "seed-index");
  const json seed_q = Load(dir, "seed-quarry-search"), seed_f = Load(dir, "seed-fts5-search");
  if (meta.is_null() && q_build.is_null() && q_search.is_null()) {
    std::cerr << "bench-report: no results in " << dir << "\n";
    return 2;
  }
  auto wrk = [&](const std::string& name) { return Load(dir, "http-" + name); };

  const std::string corpus = Text(meta, "corpus_name", "large corpus");
  std::cout << "Quarry benchmark (commit " << Text(meta, "commit") << "), " << Text(meta, "date")
            << ", " << Text(meta, "machine") << "; load average " << Text(meta, "load_before")
            << " before, " << Text(meta, "load_after") << " after\n"
            << corpus << ": " << Format(At(q_build, "/documents"), 0) << " records ("
            << Format(At(meta, "/corpus_bytes").value_or(0) / 1e6, 1) << " MB); "
            << Format(At(meta, "/queries"), 0) << " queries (" << Text(meta, "query_mix", "?")
            << "), " << Text(meta, "wrk", "?") << "\n\n";

  Table debian{corpus + ": in-process", "SQLite FTS5", {}};
  {
    Row r{"index build, s (read corpus + index + commit)", At(q_build, "/total_seconds"),
          At(f_build, "/total_seconds"), kSeconds, "≤ 2× FTS5"};
    r.verdict = Judge(Ratio(r), [](double x) { return x <= 2.0; });
    debian.rows.push_back(r);
  }
  debian.rows.push_back({"  of which indexing + commit, s", At(q_build, "/index_seconds"),
                         At(f_build, "/index_seconds"), kSeconds});
  debian.rows.push_back({"  CPU of the build process, s (user + system)",
                         At(q_build, "/cpu_seconds"), At(f_build, "/cpu_seconds"), kSeconds});
  debian.rows.push_back({"  FTS5 'optimize' after its build, s (not counted)", std::nullopt,
                         At(f_build, "/optimize_seconds"), kSeconds});
  debian.rows.back().peer_only = true;
  {
    Row r{"build peak memory (RSS), MB", At(q_build, "/peak_rss_bytes"),
          At(f_build, "/peak_rss_bytes"), kMB, "< 500 MB"};
    r.verdict = Judge(r.quarry, [](double x) { return x < 500e6; });
    debian.rows.push_back(r);
  }
  {
    // The floor Quarry builds on: Xapian's own TermGenerator, positions on.
    const json x_build = Load(dir, "debian-xapian-build");
    debian.rows.push_back({"index build vs plain Xapian (peer column: Xapian), s",
                           At(q_build, "/total_seconds"), At(x_build, "/total_seconds"), kSeconds});
  }
  debian.rows.push_back(
      {"index size on disk, MB", At(q_build, "/index_bytes"), At(f_build, "/index_bytes"), kMB});
  {
    Row r{"query p50, ms (top 10 + section counts)", At(q_search, "/p50_ms"),
          At(f_search, "/p50_ms"), kMs, "≤ 0.2× FTS5"};
    r.verdict = Judge(Ratio(r), [](double x) { return x <= 0.2; });
    debian.rows.push_back(r);
  }
  debian.rows.push_back({"query p95, ms", At(q_search, "/p95_ms"), At(f_search, "/p95_ms"), kMs});
  {
    Row r{"query p99, ms", At(q_search, "/p99_ms"), At(f_search, "/p99_ms"), kMs, "≤ 0.1× FTS5"};
    r.verdict = Judge(Ratio(r), [](double x) { return x <= 0.1; });
    debian.rows.push_back(r);
  }
  debian.rows.push_back({"query max, ms", At(q_search, "/max_ms"), At(f_search, "/max_ms"), kMs});
  for (const char* kind : {"plain", "typo", "prefix"}) {
    const std::string k = kind;
    debian.rows.push_back({"  " + k + " queries p50, ms", At(q_search, "/by_kind/" + k + "/p50_ms"),
                           At(f_search, "/by_kind/" + k + "/p50_ms"), kMs});
    debian.rows.push_back({"  " + k + " queries p99, ms", At(q_search, "/by_kind/" + k + "/p99_ms"),
                           At(f_search, "/by_kind/" + k + "/p99_ms"), kMs});
  }
  debian.rows.push_back({"CPU per query, ms (user + system, mean)",
                         At(q_search, "/cpu_ms_per_query"), At(f_search, "/cpu_ms_per_query"),
                         kMs});
  debian.rows.push_back({"queries/s, one thread", At(q_search, "/queries_per_second"),
                         At(f_search, "/queries_per_second"), kCount});
  debian.rows.push_back({"queries with no hit", At(q_search, "/zero_hit_queries"),
                         At(f_search, "/zero_hit_queries"), kCount});
  debian.rows.push_back({"mean matches per query", At(q_search, "/mean_matches"),
                         At(f_search, "/mean_matches"), kCount});
  Print(debian, std::cout);
  std::cout << "\n";

  // An update of one question against the full build of the same records.
  const json live = Load(dir, "debian-live-update");
  Table updates{corpus + ": live index (one question)", "full build", {}};
  {
    Row r{"--add to answered by quarry-serve, s (median)", At(live, "/add_answer/median"),
          At(q_build, "/total_seconds"), kSeconds, "< 1 s"};
    r.verdict = Judge(r.quarry, [](double x) { return x < 1.0; });
    updates.rows.push_back(r);
  }
  updates.rows.push_back({"  of which quarry-index --add, s (median)", At(live, "/add_index/median"),
                          At(q_build, "/total_seconds"), kSeconds});
  updates.rows.push_back({"--add to answered, s (worst)", At(live, "/add_answer/max"), std::nullopt, kSeconds});
  updates.rows.push_back({"--remove to gone from the answers, s (median)", At(live, "/remove_answer/median"),
                          At(q_build, "/total_seconds"), kSeconds});
  Print(updates, std::cout);
  std::cout << "\n";

  // quarry-serve with its result cache off, and on (its default), against
  // a plain Xapian top-10 search behind the same httplib set-up.
  Table http{corpus + ": HTTP (wrk, 2 threads)", "plain Xapian", {}};
  const json d16 = wrk("debian-c16"), d64 = wrk("debian-c64");
  const json dc16 = wrk("debian-cached-c16"), dc64 = wrk("debian-cached-c64");
  const json x16 = wrk("xapian-c16"), x64 = wrk("xapian-c64");
  const json p16 = wrk("ping-c16"), p64 = wrk("ping-c64");
  const std::string vs_xapian = "≥ 1× plain Xapian";
  for (const auto& [label, cache, q16, q64] :
       {std::tuple{"cache off", false, d16, d64}, std::tuple{"cache on", true, dc16, dc64}}) {
    const std::string l = label;
    http.rows.push_back({"search req/s, 16 connections, " + l, At(q16, "/requests_per_second"),
                         At(x16, "/requests_per_second"), kCount});
    Row r{"search req/s, 64 connections, " + l, At(q64, "/requests_per_second"),
          At(x64, "/requests_per_second"), kCount, vs_xapian + (cache ? " (cached)" : "")};
    r.verdict = Judge(Ratio(r), [](double x) { return x >= 1.0; });
    http.rows.push_back(r);
    http.rows.push_back({"latency p50, ms, 64 connections, " + l, At(q64, "/latency_ms/p50"),
                         At(x64, "/latency_ms/p50"), kMs});
    http.rows.push_back({"latency p99, ms, 64 connections, " + l, At(q64, "/latency_ms/p99"),
                         At(x64, "/latency_ms/p99"), kMs});
  }
  {
    Row r{"errors (status ≥ 400 + socket), all runs",
          Sum({WrkErrors(d16), WrkErrors(d64), WrkErrors(dc16), WrkErrors(dc64)}),
          Sum({WrkErrors(x16), WrkErrors(x64)}), kCount, "0"};
    r.verdict = Judge(r.quarry, [](double x) { return x == 0; });
    http.rows.push_back(r);
  }
  Print(http, std::cout);
  std::cout << "\n";

  Table seed{"Seed bank (corpus/, " + Format(At(seed_index, "/questions"), 0) + " questions)",
             "FTS5 or /ping",
             {}};
  {
    Row r{"cold quarry-index of corpus/, s wall", At(seed_index, "/seconds"), std::nullopt,
          kSeconds, "< 1 s"};
    r.verdict = Judge(r.quarry, [](double x) { return x < 1.0; });
    seed.rows.push_back(r);
  }
  seed.rows.push_back(
      {"query p50, ms (vs FTS5)", At(seed_q, "/p50_ms"), At(seed_f, "/p50_ms"), kMs});
  seed.rows.push_back(
      {"query p99, ms (vs FTS5)", At(seed_q, "/p99_ms"), At(seed_f, "/p99_ms"), kMs});
  const json s16 = wrk("seed-c16"), s64 = wrk("seed-c64");
  const json sc16 = wrk("seed-cached-c16"), sc64 = wrk("seed-cached-c64");
  for (const auto& [label, cache, q16, q64] :
       {std::tuple{"cache off", false, s16, s64}, std::tuple{"cache on", true, sc16, sc64}}) {
    const std::string l = label;
    seed.rows.push_back({"search req/s, 16 connections (vs /ping), " + l,
                         At(q16, "/requests_per_second"), At(p16, "/requests_per_second"), kCount});
    Row r{"search req/s, 64 connections (vs /ping), " + l, At(q64, "/requests_per_second"),
          At(p64, "/requests_per_second"), kCount,
          std::string("≥ 0.6× /ping") + (cache ? " (cached)" : "")};
    r.verdict = Judge(Ratio(r), [](double x) { return x >= 0.6; });
    seed.rows.push_back(r);
  }
  // Context for the target: a plain Xapian top 10 (no counts, typos,
  // synonyms or relaxation) on the same bank and log.
  const json sx64 = wrk("seed-xapian-c64");
  seed.rows.push_back({"plain Xapian peer req/s, 64 connections (vs /ping)", At(sx64, "/requests_per_second"),
                       At(p64, "/requests_per_second"), kCount});
  {
    Row r{"errors (status ≥ 400 + socket), all runs",
          Sum({WrkErrors(s16), WrkErrors(s64), WrkErrors(sc16), WrkErrors(sc64), WrkErrors(sx64)}),
          Sum({WrkErrors(p16), WrkErrors(p64)}), kCount, "0"};
    r.verdict = Judge(r.quarry, [](double x) { return x == 0; });
    seed.rows.push_back(r);
  }
  {
    const json watch = Load(dir, "seed-watch");
    Row r{"a save under --watch to the answer, s (median; vs cold quarry-index)", At(watch, "/save_answer/median"),
          At(seed_index, "/seconds"), kSeconds, "< 2 s"};
    r.verdict = Judge(r.quarry, [](double x) { return x < 2.0; });
    seed.rows.push_back(r);
    seed.rows.push_back({"  the same, worst, s", At(watch, "/save_answer/max"),
                         At(seed_index, "/seconds"), kSeconds});
  }
  Print(seed, std::cout);

  size_t pass = 0, fail = 0;
  for (const Table* t : {&debian, &updates, &http, &seed}) {
    for (const Row& r : t->rows) {
      pass += r.verdict == Verdict::kPass;
      fail += r.verdict == Verdict::kFail;
    }
  }
  std::cout << "\ntargets: " << pass << " PASS, " << fail << " FAIL\n";
  return 0;
}
