// Tests of the maintainer's report (searcher/query_stats.h): each list
// from records written for it, the limits, and the ids of a real index.
#include "searcher/query_stats.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/searcher/test_index.h"

using quarry::FateOf;
using quarry::LogRecord;
using quarry::QueryCount;
using quarry::QueryStats;
using quarry::SearchFate;
using quarry::SearchOutcome;
using quarry::StatsLimits;
using quarry::StatsReport;
using quarry::testing::DataPath;
using quarry::testing::IndexBank;
using quarry::testing::TempDir;

namespace {

LogRecord Search(const std::string& query, SearchOutcome outcome,
                 const std::string& time = "2026-01-01T00:00:00.000Z") {
  LogRecord r;
  r.kind = LogRecord::Kind::kSearch;
  r.time = time;
  r.query = query;
  r.key = quarry::QueryKey(query);
  r.outcome = outcome;
  return r;
}

LogRecord Open(const std::string& id) {
  LogRecord r;
  r.kind = LogRecord::Kind::kOpen;
  r.time = "2026-01-01T00:00:00.000Z";
  r.id = id;
  r.via = "api";
  return r;
}

const SearchOutcome kFound{5, 0, false, false};
const SearchOutcome kNothing{0, 0, false, false};
const SearchOutcome kRelaxedHits{3, 0, true, false};
const SearchOutcome kCorrected{4, 0, false, true};
const SearchOutcome kRelatedOnly{0, 6, false, false};

std::vector<std::string> Queries(const std::vector<QueryCount>& list) {
  std::vector<std::string> out;
  for (const QueryCount& q : list) out.push_back(q.query + "=" + std::to_string(q.count));
  return out;
}

}  // namespace

TEST_CASE("A search's fate: found, relaxed (fewer words, a correction, related only) or no hit",
          "[query_stats]") {
  CHECK(FateOf(kFound) == SearchFate::kFound);
  CHECK(FateOf(kNothing) == SearchFate::kNoHit);
  CHECK(FateOf(kRelaxedHits) == SearchFate::kRelaxed);
  CHECK(FateOf(kCorrected) == SearchFate::kRelaxed);
  CHECK(FateOf(kRelatedOnly) == SearchFate::kRelaxed);
  CHECK(FateOf({5, 6, false, false}) == SearchFate::kFound);  // matches, then related subjects
}

TEST_CASE("The report counts queries by key, most searched first, each as first typed",
          "[query_stats]") {
  QueryStats stats;
  for (int i = 0; i < 3; ++i) stats.Add(Search("gil", kFound));
  stats.Add(Search("Deadlock ", kFound, "2026-01-02T00:00:00.000Z"));
  stats.Add(Search("deadlock", kFound));
  stats.Add(Search("  DEADLOCK", kFound, "2025-12-31T00:00:00.000Z"));
  stats.Add(Search("kubernetes", kNothing));
  stats.Add(Search("kubernetes", kNothing));
  stats.Add(Search("zzz", kNothing));
  stats.Add(Search("celery retry storm", kRelaxedHits));
  stats.Add(Search("dedlock", kCorrected));
  stats.Add(Search("jwt", kRelatedOnly));
  stats.Add(Search("jwt", kFound));
  stats.Add(Open("a/1"));
  stats.Add(Open("a/1"));

  const StatsReport report = stats.Report({}, StatsLimits());
  CHECK(report.logging);
  CHECK(report.searches == 13);
  CHECK(report.opens == 2);
  CHECK(report.distinct_queries == 7);
  CHECK(report.first_time == "2025-12-31T00:00:00.000Z");
  CHECK(report.last_time == "2026-01-02T00:00:00.000Z");
  // Ties (1 each) in key order.
  CHECK(Queries(report.top_queries) ==
        std::vector<std::string>{"Deadlock =3", "gil=3", "jwt=2", "kubernetes=2",
                                 "celery retry storm=1", "dedlock=1", "zzz=1"});
  CHECK(report.top_queries[0].key == "deadlock");
  CHECK(Queries(report.no_hits) == std::vector<std::string>{"kubernetes=2", "zzz=1"});
  CHECK(report.no_hit_searches == 3);
  CHECK(report.no_hit_queries == 2);
  CHECK(Queries(report.relaxed) ==
        std::vector<std::string>{"celery retry storm=1", "dedlock=1", "jwt=1"});
  CHECK(report.relaxed_searches == 3);
  CHECK(report.relaxed_queries == 3);
  // The hits of a query's latest search.
  CHECK(report.top_queries[2].hits == 5);
}

TEST_CASE("Each list is cut at its limit; its totals are whole", "[query_stats]") {
  QueryStats stats;
  for (int i = 0; i < 30; ++i) {
    for (int n = 0; n <= i; ++n) stats.Add(Search("missing " + std::to_string(i), kNothing));
  }
  stats.Add(Open("q/3"));
  StatsLimits limits;
  limits.top = 2;
  limits.no_hits = 3;
  limits.relaxed = 1;
  limits.never_opened = 4;
  const std::vector<std::string> ids = {"q/1", "q/2", "q/3", "q/4", "q/5", "q/6", "q/7"};
  const StatsReport report = stats.Report(ids, limits);
  CHECK(Queries(report.top_queries) == std::vector<std::string>{"missing 29=30", "missing 28=29"});
  CHECK(report.no_hits.size() == 3);
  CHECK(report.no_hit_queries == 30);
  CHECK(report.no_hit_searches == 30 * 31 / 2);
  CHECK(report.relaxed.empty());
  // Never opened: in bank order, cut at 4, counted whole.
  CHECK(report.never_opened == std::vector<std::string>{"q/1", "q/2", "q/4", "q/5"});
  CHECK(report.never_opened_total == 6);
  CHECK(report.questions == 7);
}

TEST_CASE("An empty log reports every question never opened", "[query_stats]") {
  const StatsReport report = QueryStats().Report({"a", "b"}, StatsLimits());
  CHECK(report.searches == 0);
  CHECK(report.top_queries.empty());
  CHECK(report.never_opened == std::vector<std::string>{"a", "b"});
  CHECK(report.first_time.empty());
  const auto j = quarry::ToJson(report);
  CHECK(j["first_time"].is_null());
  CHECK(j["never_opened"]["total"] == 2);
}

TEST_CASE("The report's JSON has every part, in order", "[query_stats]") {
  QueryStats stats;
  stats.Add(Search("kubernetes", kNothing));
  stats.Add(Search("gil", kRelaxedHits));
  stats.Add(Open("b"));
  StatsReport report = stats.Report({"a", "b"}, StatsLimits());
  const auto j = quarry::ToJson(report);
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"logging", "searches", "distinct_queries", "opens",
                                         "first_time", "last_time", "top_queries", "no_hits",
                                         "relaxed", "never_opened", "skipped_lines", "warnings"});
  CHECK(j["no_hits"]["list"][0] ==
        nlohmann::ordered_json{
            {"query", "kubernetes"}, {"key", "kubernetes"}, {"count", 1}, {"hits", 0}});
  CHECK(j["relaxed"]["list"][0]["query"] == "gil");
  CHECK(j["never_opened"]["ids"] == nlohmann::ordered_json{"a"});

  const std::string text = quarry::ReportText(report);
  CHECK(text.find("2 searches of 2 distinct queries, 1 questions opened") != std::string::npos);
  CHECK(text.find(
            "Queries with no hit (1 searches of 1 queries):\n       1  \"kubernetes\"  (0 hits)") !=
        std::string::npos);
  CHECK(text.find("Questions never opened: 1 of 2\n  a\n") != std::string::npos);
}

TEST_CASE("The text report shows a query's control characters escaped", "[query_stats][hostile]") {
  QueryStats stats;
  stats.Add(Search("\x1b]0;owned\x07", kNothing));
  const std::string text = quarry::ReportText(stats.Report({}, StatsLimits()));
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("\\x1b]0;owned\\x07") != std::string::npos);
}

TEST_CASE("ReportOnLog reads a log, its skipped lines in the report", "[query_stats]") {
  TempDir dir;
  const std::string path = dir.path() + "/log.jsonl";
  quarry::SearchRequest request;
  request.query = "gil";
  {
    std::ofstream out(path);
    out << quarry::SearchLine(request, kNothing, 1, false, 0) << "garbage\n"
        << quarry::OpenLine("a", "page", 0);
  }
  auto report = quarry::ReportOnLog(path, {"a", "b"}, StatsLimits());
  REQUIRE(report.ok());
  CHECK(report->searches == 1);
  CHECK(report->no_hit_queries == 1);
  CHECK(report->never_opened == std::vector<std::string>{"b"});
  CHECK(report->skipped_lines == 1);
  REQUIRE(report->warnings.size() == 1);
  CHECK(report->warnings[0] == path + ":2: not JSON (line skipped)");
  CHECK_FALSE(quarry::ReportOnLog(dir.path() + "/none", {}, StatsLimits()).ok());
}

TEST_CASE("IndexIds lists every question of an index once, in bank order", "[query_stats]") {
  TempDir dir;
  REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}).ok());
  auto searcher = quarry::Searcher::Open(dir.path());
  REQUIRE(searcher.ok());
  auto ids = quarry::IndexIds(**searcher);
  REQUIRE(ids.ok());
  CHECK(ids->size() == (*searcher)->QuestionCount());
  CHECK(std::set<std::string>(ids->begin(), ids->end()).size() == ids->size());
  REQUIRE(ids->size() > 2);
  CHECK((*ids)[0] == "python-core/1");
  CHECK((*ids)[1] == "python-core/2");
}

TEST_CASE("IndexIds pages through a bank larger than one page", "[query_stats]") {
  TempDir dir;
  std::vector<quarry::Question> questions(250);
  for (size_t i = 0; i < questions.size(); ++i) {
    questions[i].id = "big/" + std::to_string(i + 1);
    questions[i].section = "Big";
    questions[i].number = static_cast<int>(i + 1);
    questions[i].text = "Question number " + std::to_string(i + 1) + " about caching?";
  }
  REQUIRE(quarry::testing::IndexQuestions(dir.path(), questions).ok());
  auto searcher = quarry::Searcher::Open(dir.path());
  REQUIRE(searcher.ok());
  auto ids = quarry::IndexIds(**searcher);
  REQUIRE(ids.ok());
  REQUIRE(ids->size() == 250);
  CHECK(ids->front() == "big/1");
  CHECK((*ids)[100] == "big/101");
  CHECK(ids->back() == "big/250");
}
