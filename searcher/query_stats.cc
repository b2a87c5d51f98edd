#include "searcher/query_stats.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace quarry {

using json = nlohmann::ordered_json;

SearchFate FateOf(const SearchOutcome& outcome) {
  if (outcome.hits == 0 && outcome.related == 0) return SearchFate::kNoHit;
  if (outcome.hits == 0 || outcome.relaxed || outcome.corrected) return SearchFate::kRelaxed;
  return SearchFate::kFound;
}

void QueryStats::Add(const LogRecord& record) {
  if (!record.time.empty()) {
    if (first_time_.empty() || record.time < first_time_) first_time_ = record.time;
    if (record.time > last_time_) last_time_ = record.time;
  }
  if (record.kind == LogRecord::Kind::kOpen) {
    ++opens_;
    opened_.insert(record.id);
    return;
  }
  ++searches_;
  PerQuery& q = queries_[record.key];
  if (q.count == 0) q.query = record.query;
  ++q.count;
  q.hits = record.outcome.hits;
  switch (FateOf(record.outcome)) {
    case SearchFate::kNoHit:
      ++q.no_hit;
      break;
    case SearchFate::kRelaxed:
      ++q.relaxed;
      break;
    case SearchFate::kFound:
      break;
  }
}

StatsReport QueryStats::Report(const std::vector<std::string>& index_ids,
                               const StatsLimits& limits) const {
  StatsReport report;
  report.searches = searches_;
  report.opens = opens_;
  report.distinct_queries = queries_.size();
  report.first_time = first_time_;
  report.last_time = last_time_;

  // The queries with a count of `count_of` above 0, most first (ties in
  // key order: queries_ is sorted), at most `limit`.
  auto ranked = [this](size_t PerQuery::*count_of, size_t limit, size_t* searches,
                       size_t* queries) {
    std::vector<QueryCount> list;
    for (const auto& [key, q] : queries_) {
      const size_t n = q.*count_of;
      if (n == 0) continue;
      list.push_back({q.query, key, n, q.hits});
      if (searches) *searches += n;
      if (queries) ++*queries;
    }
    std::stable_sort(list.begin(), list.end(),
                     [](const QueryCount& a, const QueryCount& b) { return a.count > b.count; });
    if (list.size() > limit) list.resize(limit);
    return list;
  };
  report.top_queries = ranked(&PerQuery::count, limits.top, nullptr, nullptr);
  report.no_hits =
      ranked(&PerQuery::no_hit, limits.no_hits, &report.no_hit_searches, &report.no_hit_queries);
  report.relaxed =
      ranked(&PerQuery::relaxed, limits.relaxed, &report.relaxed_searches, &report.relaxed_queries);

  report.questions = index_ids.size();
  for (const std::string& id : index_ids) {
    if (opened_.count(id)) continue;
    ++report.never_opened_total;
    if (report.never_opened.size() < limits.never_opened) report.never_opened.push_back(id);
  }
  return report;
}

Result<StatsReport> ReportOnLog(const std::string& path, const std::vector<std::string>& index_ids,
                                const StatsLimits& limits) {
  QueryStats stats;
  Result<LogReadSummary> read = ReadQueryLog(path, [&stats](const LogRecord& r) { stats.Add(r); });
  if (!read.ok()) return read.status();
  StatsReport report = stats.Report(index_ids, limits);
  report.skipped_lines = read->skipped;
  report.warnings = std::move(read->warnings);
  return report;
}

Result<StatsReport> ReportForIndex(const std::string& log_path, Searcher& searcher,
                                   const StatsLimits& limits) {
  if (log_path.empty()) {
    StatsReport off;
    off.logging = false;
    off.questions = searcher.QuestionCount();
    return off;
  }
  Result<std::vector<std::string>> ids = IndexIds(searcher);
  if (!ids.ok()) return ids.status();
  return ReportOnLog(log_path, *ids, limits);
}

Result<std::vector<std::string>> IndexIds(Searcher& searcher) {
  // The bank in bank order: the empty query browses it, a page at a time.
  SearchRequest request;
  request.limit = SearchRequest::kMaxLimit;
  request.prefix_last_word = false;
  std::vector<std::string> ids;
  ids.reserve(searcher.QuestionCount());
  for (;;) {
    Result<SearchResponse> page = searcher.Search(request);
    if (!page.ok()) return page.status();
    for (const Hit& hit : page->hits) ids.push_back(hit.id);
    request.offset += page->hits.size();
    if (page->hits.empty() || request.offset >= page->total) break;
  }
  return ids;
}

namespace {

json ListJson(const std::vector<QueryCount>& list) {
  json out = json::array();
  for (const QueryCount& q : list) {
    out.push_back({{"query", q.query}, {"key", q.key}, {"count", q.count}, {"hits", q.hits}});
  }
  return out;
}

json TimeJson(const std::string& time) { return time.empty() ? json(nullptr) : json(time); }

// `text` safe on a terminal: control characters (a query may hold escape
// sequences) as \xNN.
std::string Printable(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

json ToJson(const StatsReport& r) {
  return {{"logging", r.logging},
          {"searches", r.searches},
          {"distinct_queries", r.distinct_queries},
          {"opens", r.opens},
          {"first_time", TimeJson(r.first_time)},
          {"last_time", TimeJson(r.last_time)},
          {"top_queries", ListJson(r.top_queries)},
          {"no_hits",
           {{"searches", r.no_hit_searches},
            {"queries", r.no_hit_queries},
            {"list", ListJson(r.no_hits)}}},
          {"relaxed",
           {{"searches", r.relaxed_searches},
            {"queries", r.relaxed_queries},
            {"list", ListJson(r.relaxed)}}},
          {"never_opened",
           {{"total", r.never_opened_total}, {"questions", r.questions}, {"ids", r.never_opened}}},
          {"skipped_lines", r.skipped_lines},
          {"warnings", r.warnings}};
}

std::string ReportText(const StatsReport& r) {
  std::string out;
  char buf[256];
  auto line = [&out, &buf](const char* format, auto... args) {
    std::snprintf(buf, sizeof buf, format, args...);
    out += buf;
  };
  if (!r.logging) return "no query log: the server records searches only with --query-log FILE\n";
  line("%zu searches of %zu distinct queries, %zu questions opened", r.searches, r.distinct_queries,
       r.opens);
  if (!r.first_time.empty()) line(", %s to %s", r.first_time.c_str(), r.last_time.c_str());
  out += "\n";
  auto list = [&](const char* title, const std::vector<QueryCount>& queries,
                  const std::string& totals) {
    out += "\n" + std::string(title) + totals + ":\n";
    if (queries.empty()) out += "  (none)\n";
    for (const QueryCount& q : queries) {
      line("  %6zu  ", q.count);
      out += "\"" + Printable(q.query) + "\"";
      line("  (%zu hits)\n", q.hits);
    }
  };
  list("Top queries", r.top_queries, "");
  list("Queries with no hit", r.no_hits,
       " (" + std::to_string(r.no_hit_searches) + " searches of " +
           std::to_string(r.no_hit_queries) + " queries)");
  list("Queries with only relaxed hits (fewer words, a correction, or related subjects)", r.relaxed,
       " (" + std::to_string(r.relaxed_searches) + " searches of " +
           std::to_string(r.relaxed_queries) + " queries)");
  line("\nQuestions never opened: %zu of %zu\n", r.never_opened_total, r.questions);
  for (const std::string& id : r.never_opened) out += "  " + Printable(id) + "\n";
  if (r.never_opened.size() < r.never_opened_total) {
    line("  and %zu more\n", r.never_opened_total - r.never_opened.size());
  }
  if (r.skipped_lines > 0)
    line("\n%zu lines of the log were not records and were skipped\n", r.skipped_lines);
  return out;
}

}  // namespace quarry
