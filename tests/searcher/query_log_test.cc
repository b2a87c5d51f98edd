// Tests of the query log (searcher/query_log.h): the records as written
// and read back, the writer under threads, and the lines a reader skips.
#include "searcher/query_log.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "searcher/json_encoding.h"
#include "tests/searcher/test_index.h"

using quarry::IsLoggedSearch;
using quarry::LogReadSummary;
using quarry::LogRecord;
using quarry::OpenLine;
using quarry::ParseLogLine;
using quarry::QueryKey;
using quarry::QueryLog;
using quarry::ReadQueryLog;
using quarry::SearchLine;
using quarry::SearchOutcome;
using quarry::SearchRequest;
using quarry::Status;
using quarry::testing::ReadWhole;
using quarry::testing::TempDir;

namespace {

constexpr int64_t kNoon = 1764763445123;  // 2025-12-03T12:04:05.123Z

std::vector<LogRecord> ReadAll(const std::string& path, LogReadSummary* summary = nullptr) {
  std::vector<LogRecord> records;
  auto read = ReadQueryLog(path, [&records](const LogRecord& r) { records.push_back(r); });
  REQUIRE(read.ok());
  if (summary) *summary = *read;
  return records;
}

void Write(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

}  // namespace

TEST_CASE("QueryKey folds case, width and white space", "[query_log]") {
  CHECK(QueryKey("  Deadlock \t Scenario ") == "deadlock scenario");
  CHECK(QueryKey("deadlock scenario") == "deadlock scenario");
  CHECK(QueryKey("\xEF\xBC\xA4jango") == "django");  // a full-width D
  CHECK(QueryKey("GIL") == QueryKey("gil"));
  CHECK(QueryKey("select_related") == "select_related");
  CHECK(QueryKey("   ").empty());
}

TEST_CASE("Only a first page of a query with a word is logged", "[query_log]") {
  SearchRequest request;
  CHECK_FALSE(IsLoggedSearch(request));  // browsing
  request.query = "  \t";
  CHECK_FALSE(IsLoggedSearch(request));
  request.query = "gil";
  CHECK(IsLoggedSearch(request));
  request.offset = 20;  // the next page of the same search
  CHECK_FALSE(IsLoggedSearch(request));
}

TEST_CASE("A search record holds the query, its key, the outcome, the filters and the time",
          "[query_log]") {
  SearchRequest request;
  request.query = "Deadlok  ";
  request.sections = {"Python Core"};
  request.topics = {"Concurrency", "Security"};
  const std::string line =
      SearchLine(request, SearchOutcome{16, 2, true, false}, 2.41234, false, kNoon);
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);  // one line

  const auto j = nlohmann::ordered_json::parse(line);
  CHECK(j["type"] == "search");
  CHECK(j["time"] == "2025-12-03T12:04:05.123Z");
  CHECK(j["query"] == "Deadlok  ");
  CHECK(j["key"] == "deadlok");
  CHECK(j["hits"] == 16);
  CHECK(j["related"] == 2);
  CHECK(j["relaxed"] == true);
  CHECK(j["corrected"] == false);
  CHECK(j["filters"] == nlohmann::ordered_json{{"section", {"Python Core"}},
                                               {"topic", {"Concurrency", "Security"}}});
  CHECK(j["ms"] == Approx(2.412));
  CHECK(j["cached"] == false);
  // Nothing about who asked.
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"type", "time", "query", "key", "hits", "related",
                                         "relaxed", "corrected", "filters", "ms", "cached"});

  auto parsed = ParseLogLine(line.substr(0, line.size() - 1));
  REQUIRE(parsed.ok());
  CHECK(parsed->kind == LogRecord::Kind::kSearch);
  CHECK(parsed->query == "Deadlok  ");
  CHECK(parsed->key == "deadlok");
  CHECK(parsed->outcome.hits == 16);
  CHECK(parsed->outcome.related == 2);
  CHECK(parsed->outcome.relaxed);
  CHECK_FALSE(parsed->outcome.corrected);
  REQUIRE(parsed->filters.size() == 2);
  CHECK(parsed->filters[0].first == "section");
  CHECK(parsed->filters[1].second == std::vector<std::string>{"Concurrency", "Security"});

  SearchRequest plain;
  plain.query = "gil";
  CHECK(nlohmann::json::parse(SearchLine(plain, {}, 0, true, kNoon)).count("filters") == 0);
}

TEST_CASE("An open record names the question and the way it was opened", "[query_log]") {
  const std::string line = OpenLine("python-core/5", "page", kNoon);
  CHECK(line ==
        "{\"type\":\"open\",\"time\":\"2025-12-03T12:04:05.123Z\",\"id\":\"python-core/"
        "5\",\"via\":\"page\"}\n");
  auto parsed = ParseLogLine(line);
  REQUIRE(parsed.ok());
  CHECK(parsed->kind == LogRecord::Kind::kOpen);
  CHECK(parsed->id == "python-core/5");
  CHECK(parsed->via == "page");
}

TEST_CASE("A query that is not UTF-8 still makes a valid JSON line", "[query_log][hostile]") {
  SearchRequest request;
  request.query = "caf\xe9 \"quoted\"\n\x01";
  const std::string line = SearchLine(request, {}, 1, false, kNoon);
  CHECK(line.find('\n') == line.size() - 1);
  auto parsed = ParseLogLine(line);
  REQUIRE(parsed.ok());
  CHECK(parsed->query.find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("The outcome read from an encoded answer is the answer's own", "[query_log]") {
  quarry::SearchResponse response;
  response.total = 7;
  response.related_total = 3;
  response.matching = {3, 2};
  response.showing_corrected = true;
  response.query = "{\"total\": 99, \"hits\": []} relaxed";  // a query that looks like the fields
  response.hits.resize(2);
  const SearchOutcome outcome = quarry::OutcomeOfJson(quarry::EncodeJson(quarry::ToJson(response)));
  CHECK(outcome.hits == 7);
  CHECK(outcome.related == 3);
  CHECK(outcome.relaxed);
  CHECK(outcome.corrected);
  const SearchOutcome direct = quarry::OutcomeOf(response);
  CHECK(direct.hits == 7);
  CHECK(direct.relaxed);
  CHECK(quarry::OutcomeOfJson("not json").hits == 0);
}

TEST_CASE("QueryLog appends records to what the file holds, one line each", "[query_log]") {
  TempDir dir;
  const std::string path = dir.path() + "/queries.jsonl";
  Write(path, OpenLine("a/1", "api", kNoon));
  {
    auto log = QueryLog::Open(path);
    REQUIRE(log.ok());
    SearchRequest request;
    request.query = "gil";
    (*log)->RecordSearch(request, {2, 0, false, false}, 0.5, false);
    request.offset = 10;
    (*log)->RecordSearch(request, {2, 0, false, false}, 0.5, false);  // a later page: not logged
    request.offset = 0;
    request.query = "";
    (*log)->RecordSearch(request, {430, 0, false, false}, 0.5, false);  // browsing: not logged
    (*log)->RecordOpen("python-core/1", "api");
    CHECK((*log)->failed_writes() == 0);
  }
  std::vector<LogRecord> records = ReadAll(path);
  REQUIRE(records.size() == 3);
  CHECK(records[0].id == "a/1");
  CHECK(records[1].query == "gil");
  CHECK(records[1].outcome.hits == 2);
  CHECK(records[2].id == "python-core/1");
  // A log it makes is not readable by others: it says what people searched.
  const std::string fresh = dir.path() + "/fresh.jsonl";
  REQUIRE(QueryLog::Open(fresh).ok());
  struct stat st;
  REQUIRE(::stat(fresh.c_str(), &st) == 0);
  CHECK((st.st_mode & 0007) == 0);
  // Every record's time is UTC with milliseconds.
  for (const LogRecord& r : records)
    CHECK(std::regex_match(r.time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}

TEST_CASE("QueryLog::Reopen sends records to a new file where logrotate moved the old one", "[query_log]") {
  TempDir dir;
  const std::string path = dir.path() + "/queries.jsonl";
  auto log = QueryLog::Open(path);
  REQUIRE(log.ok());
  (*log)->RecordOpen("a/1", "api");
  REQUIRE(::rename(path.c_str(), (path + ".1").c_str()) == 0);
  (*log)->RecordOpen("a/2", "api");  // still the file it has open
  REQUIRE((*log)->Reopen().ok());
  (*log)->RecordOpen("a/3", "api");
  std::vector<LogRecord> rotated = ReadAll(path + ".1"), fresh = ReadAll(path);
  REQUIRE(rotated.size() == 2);
  CHECK(rotated[1].id == "a/2");
  REQUIRE(fresh.size() == 1);
  CHECK(fresh[0].id == "a/3");
  // A path that can no longer be opened keeps the old file.
  REQUIRE(::rename(path.c_str(), (path + ".2").c_str()) == 0);
  REQUIRE(::chmod(dir.path().c_str(), 0500) == 0);
  const bool root = ::geteuid() == 0;  // root opens it anyway
  Status reopened = (*log)->Reopen();
  ::chmod(dir.path().c_str(), 0700);
  if (!root) {
    CHECK_FALSE(reopened.ok());
    CHECK(reopened.message().find(path) != std::string::npos);
  }
  (*log)->RecordOpen("a/4", "api");
  CHECK((*log)->failed_writes() == 0);
}

TEST_CASE("QueryLog::Open fails with the path and the reason", "[query_log]") {
  TempDir dir;
  auto missing_folder = QueryLog::Open(dir.path() + "/no/such/folder/log.jsonl");
  REQUIRE_FALSE(missing_folder.ok());
  CHECK(missing_folder.status().code() == Status::Code::kIOError);
  CHECK(missing_folder.status().message().find(dir.path() + "/no/such/folder/log.jsonl") !=
        std::string::npos);
  CHECK(missing_folder.status().message().find("No such file or directory") != std::string::npos);
  auto a_folder = QueryLog::Open(dir.path());
  REQUIRE_FALSE(a_folder.ok());
  CHECK(a_folder.status().message().find("Is a directory") != std::string::npos);
  CHECK_FALSE(QueryLog::Open("").ok());
}

TEST_CASE("Records written from many threads at once are whole lines", "[query_log][threads]") {
  TempDir dir;
  const std::string path = dir.path() + "/queries.jsonl";
  auto log = QueryLog::Open(path);
  REQUIRE(log.ok());
  constexpr int kThreads = 8, kEach = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&log, t] {
      SearchRequest request;
      // Long enough that a line would split if writes were not whole.
      request.query = "thread " + std::to_string(t) + " " + std::string(3000, 'x');
      for (int i = 0; i < kEach; ++i) {
        (*log)->RecordSearch(request, {size_t(i), 0, false, false}, 1, false);
        if (i % 10 == 0) (*log)->RecordOpen("q/" + std::to_string(t), "api");
      }
    });
  }
  for (std::thread& t : threads) t.join();
  LogReadSummary summary;
  std::vector<LogRecord> records = ReadAll(path, &summary);
  CHECK(summary.skipped == 0);
  CHECK(records.size() == kThreads * (kEach + kEach / 10));
  std::vector<size_t> per_thread(kThreads);
  for (const LogRecord& r : records) {
    if (r.kind == LogRecord::Kind::kSearch) ++per_thread[std::stoi(r.query.substr(7))];
  }
  CHECK(per_thread == std::vector<size_t>(kThreads, kEach));
}

TEST_CASE("Lines that are not records are skipped, counted and named by file and line",
          "[query_log][hostile]") {
  TempDir dir;
  const std::string path = dir.path() + "/queries.jsonl";
  SearchRequest request;
  request.query = "gil";
  std::string good = SearchLine(request, {3, 0, false, false}, 1, false, kNoon);
  good.pop_back();  // its '\n'
  // Line by line; the last one cut short, as a crash leaves it.
  const std::vector<std::string> lines = {
      good,
      "not json at all",
      "",  // blank: ignored
      "[1,2]",
      R"({"type":"search","time":"t","query":"x","hits":-1})",
      R"({"type":"search","time":"t","query":"x","hits":1,"filters":{"part":"p"}})",
      R"({"type":"zap","time":"t"})",
      R"({"type":"open","time":"t"})",  // no id
      std::string(quarry::kMaxLineBytes + 10, 'y'),
      R"({"type":"open","time":"t","id":"a\u0000b"})",  // a NUL in an id is fine
      std::string("{\"nul\0", 6),
      good,
      good.substr(0, good.size() / 2),
  };
  std::string content;
  for (const std::string& line : lines) {
    content += line;
    if (&line != &lines.back()) content += '\n';
  }
  Write(path, content);
  LogReadSummary summary;
  std::vector<LogRecord> records = ReadAll(path, &summary);
  CHECK(records.size() == 3);
  CHECK(summary.lines == 13);
  CHECK(summary.records == 3);
  CHECK(summary.skipped == 9);
  REQUIRE(summary.warnings.size() == LogReadSummary::kMaxWarnings);
  CHECK(summary.warnings[0] == path + ":2: not JSON (line skipped)");
  CHECK(summary.warnings[1].rfind(path + ":4: ", 0) == 0);
  CHECK(summary.warnings[2].rfind(path + ":5: ", 0) == 0);
  CHECK(records[1].id == std::string("a\0b", 3));
}

TEST_CASE("Reading a log that does not exist is NotFound", "[query_log]") {
  TempDir dir;
  auto read = ReadQueryLog(dir.path() + "/none.jsonl", [](const LogRecord&) {});
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == Status::Code::kNotFound);
  Write(dir.path() + "/empty.jsonl", "");
  auto empty =
      ReadQueryLog(dir.path() + "/empty.jsonl", [](const LogRecord&) { FAIL("no record"); });
  REQUIRE(empty.ok());
  CHECK(empty->lines == 0);
}
