// The quarry-search and quarry-index programs as a user runs them.
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "searcher/query_log.h"
#include "test_index.h"

using quarry::testing::DataPath;
using quarry::testing::TempDir;

namespace {

struct Run {
  int exit_code;
  std::string out;
};

Run Shell(const std::string& command) {
  Run run{-1, {}};
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

struct Indexed {
  TempDir dir;
  std::string db;
  // Without the learned vocabulary: the counts below are the bank's own.
  Indexed() : db(dir.path() + "/db") {
    REQUIRE(Shell(std::string(QUARRY_INDEX_BIN) + " -q --no-vocabulary --db " + db + " " + DataPath("bank.md"))
                .exit_code == 0);
  }
  Run Search(const std::string& args) { return Shell(std::string(QUARRY_SEARCH_BIN) + " --db " + db + " " + args); }
};

}  // namespace

TEST_CASE_METHOD(Indexed, "quarry-search exits 0 with hits, 1 with none, 2 on an error", "[cli]") {
  Run hits = Search("deadlock");
  CHECK(hits.exit_code == 0);
  CHECK(hits.out.find("python-core/5") != std::string::npos);
  CHECK(Search("zzzzqqqq").exit_code == 1);
  CHECK(Search("--limit 1000 deadlock").exit_code == 2);
  CHECK(Search("--show no/such").exit_code == 2);
  CHECK(Search("--no-such-option").exit_code == 2);
  CHECK(Shell(std::string(QUARRY_SEARCH_BIN) + " --db " + dir.path() + "/missing x").exit_code == 2);
}

TEST_CASE_METHOD(Indexed, "quarry-search --json prints the API's JSON", "[cli]") {
  Run run = Search("--json --section " + Quote("Python Core") + " deadlock");
  REQUIRE(run.exit_code == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["query"] == "deadlock");
  CHECK(j["total"] == 1);
  CHECK(j["hits"][0]["id"] == "python-core/5");
  CHECK(j["hits"][0]["snippet"].get<std::string>().find("<mark>deadlock</mark>") != std::string::npos);
  CHECK(j["facets"]["section"][0]["value"] == "Python Core");
}

TEST_CASE_METHOD(Indexed, "quarry-search --json answers a query that is not UTF-8 with valid JSON", "[cli][hostile]") {
  // Latin-1 "café", a lone continuation byte, a BOM-less UTF-16 start.
  for (const char* query : {"$'caf\\xe9'", "$'\\xff\\xfe'", "$'dead\\x80lock'"}) {
    CAPTURE(query);
    Run run = Shell("bash -c \"" + std::string(QUARRY_SEARCH_BIN) + " --db " + db + " --json " + query + "\"");
    CHECK((run.exit_code == 0 || run.exit_code == 1));  // hits or none; never an abort (134)
    auto j = nlohmann::json::parse(run.out, nullptr, /*allow_exceptions=*/false);
    REQUIRE(j.is_object());
    // The bytes that are not UTF-8 read as U+FFFD.
    CHECK(j["query"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
  }
}

TEST_CASE_METHOD(Indexed, "quarry-search --related and --show", "[cli]") {
  Run related = Search("--json --related serializers/1");
  REQUIRE(related.exit_code == 0);
  auto j = nlohmann::json::parse(related.out);
  CHECK(j["id"] == "serializers/1");
  REQUIRE(j["related"].size() >= 1);
  for (const auto& hit : j["related"]) CHECK(hit["id"] != "serializers/1");
  Run show = Search("--show django-orm/3");
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("How does transaction.atomic work internally?") != std::string::npos);
}

TEST_CASE_METHOD(Indexed, "piped output is plain text, without terminal escapes", "[cli]") {
  Run run = Search("deadlock");
  CHECK(run.out.find('\033') == std::string::npos);
  CHECK(run.out.find("<mark>") == std::string::npos);
}

TEST_CASE_METHOD(Indexed, "quarry-search --stats reports on a query log, as text or JSON", "[cli][stats]") {
  const std::string log = dir.path() + "/queries.jsonl";
  {
    std::ofstream out(log);
    quarry::SearchRequest request;
    for (const char* q : {"deadlock", "Deadlock", "deadlock", "kubernetes", "celery retry storm"}) {
      request.query = q;
      const bool none = request.query == "kubernetes";
      const bool relaxed = request.query == "celery retry storm";
      out << quarry::SearchLine(request, {none ? 0u : 3u, 0, relaxed, false}, 1.5, false, 0);
    }
    out << "{\"broken\n";
    out << quarry::OpenLine("python-core/5", "api", 0);
  }
  Run text = Search("--stats " + log);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("5 searches of 3 distinct queries, 1 questions opened") != std::string::npos);
  CHECK(text.out.find("Top queries:\n       3  \"deadlock\"  (3 hits)\n") != std::string::npos);
  CHECK(text.out.find("Queries with no hit (1 searches of 1 queries):\n       1  \"kubernetes\"") != std::string::npos);
  CHECK(text.out.find("       1  \"celery retry storm\"") != std::string::npos);
  CHECK(text.out.find("Questions never opened: ") != std::string::npos);
  CHECK(text.out.find("  python-core/1\n") != std::string::npos);
  CHECK(text.out.find("  python-core/5\n") == std::string::npos);  // opened
  CHECK(text.out.find("1 lines of the log were not records") != std::string::npos);

  // The skipped line, by file and line, on stderr.
  Run warned = Shell("(" + std::string(QUARRY_SEARCH_BIN) + " --db " + db + " --stats " + log + " 2>&1 >/dev/null)");
  CHECK(warned.out == "quarry-search: " + log + ":6: not JSON (line skipped)\n");

  Run json = Search("--stats " + log + " --json -n 1 --never-opened 2");
  REQUIRE(json.exit_code == 0);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["searches"] == 5);
  CHECK(j["top_queries"].size() == 1);
  CHECK(j["top_queries"][0]["key"] == "deadlock");
  CHECK(j["no_hits"]["list"][0]["query"] == "kubernetes");
  CHECK(j["relaxed"]["list"][0]["query"] == "celery retry storm");
  CHECK(j["never_opened"]["ids"].size() == 2);
  CHECK(j["never_opened"]["total"] == j["never_opened"]["questions"].get<int>() - 1);
  CHECK(j["skipped_lines"] == 1);

  CHECK(Search("--stats " + dir.path() + "/none.jsonl").exit_code == 2);
  CHECK(Shell(std::string(QUARRY_SEARCH_BIN) + " --db " + dir.path() + "/missing --stats " + log).exit_code == 2);
}

TEST_CASE("quarry-index rejects bad input, names file and line, keeps the old index", "[cli]") {
  TempDir dir;
  std::string db = dir.path() + "/db";
  REQUIRE(Shell(std::string(QUARRY_INDEX_BIN) + " -q --db " + db + " " + DataPath("bank.md")).exit_code == 0);
  // An id used twice makes an index wrong: nothing is indexed.
  std::string bad = dir.path() + "/bad.jsonl";
  {
    std::ofstream out(bad);
    out << "{\"id\": \"x\", \"text\": \"Once?\"}\n\n{\"id\": \"x\", \"text\": \"Twice?\"}\n";
  }
  FILE* pipe = ::popen((std::string(QUARRY_INDEX_BIN) + " --db " + db + " " + bad + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  std::string message;
  std::array<char, 1024> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) message.append(buf.data(), n);
  int status = ::pclose(pipe);
  CHECK(WEXITSTATUS(status) != 0);
  CHECK(message.find(bad + ":3:") != std::string::npos);
  // The previous index still answers.
  Run still = Shell(std::string(QUARRY_SEARCH_BIN) + " --db " + db + " deadlock");
  CHECK(still.exit_code == 0);
  CHECK(still.out.find("python-core/5") != std::string::npos);
}

TEST_CASE("quarry-search --bank keeps one bank's questions", "[cli][banks]") {
  TempDir dir;
  auto questions = quarry::testing::LoadNamedBanks(
      {{"Python Interview", DataPath("bank.md")}, {"Project Terms", DataPath("terms.jsonl")}});
  REQUIRE(questions.ok());
  REQUIRE(quarry::testing::IndexQuestions(dir.path(), *questions).ok());
  const std::string search = std::string(QUARRY_SEARCH_BIN) + " --db " + dir.path() + " --json -n 100 ";
  for (const std::string& bank : {Quote("Project Terms"), std::string("project-terms")}) {
    INFO(bank);
    Run run = Shell(search + "--bank " + bank + " ''");
    REQUIRE(run.exit_code == 0);
    auto j = nlohmann::json::parse(run.out);
    CHECK(j["total"] == 10);
    for (const auto& hit : j["hits"]) CHECK(hit["bank"] == "Project Terms");
    CHECK(j["facets"]["bank"].size() == 2);
  }
  Run both = Shell(search + "--bank project-terms --bank " + Quote("Python Interview") + " ''");
  CHECK(nlohmann::json::parse(both.out)["total"] == 25);
  Run show = Shell(std::string(QUARRY_SEARCH_BIN) + " --db " + dir.path() + " --show t/1");
  CHECK(show.out.find("Project Terms > ") != std::string::npos);
}

TEST_CASE("quarry-search prints an answer's snippet under its question, marked", "[cli][answers]") {
  TempDir dir;
  REQUIRE(Shell(std::string(QUARRY_INDEX_BIN) + " -q --db " + dir.path() + " " + DataPath("answers.jsonl"))
              .exit_code == 0);
  Run run = Shell(std::string(QUARRY_SEARCH_BIN) + " --db " + dir.path() + " mutex");
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("  1. a/2  [Concurrency]\n"
                     "     How do you protect shared state between threads?\n"
                     "     (in the answer) Take a mutex around every access.") != std::string::npos);
  Run json = Shell(std::string(QUARRY_SEARCH_BIN) + " --db " + dir.path() + " --json mutex");
  CHECK(nlohmann::json::parse(json.out)["hits"][0]["matched_in"] == "answer");
  // --show prints the whole answer, its lines as written.
  Run show = Shell(std::string(QUARRY_SEARCH_BIN) + " --db " + dir.path() + " --show a/1");
  CHECK(show.out.find("Guard the state with a lock:\n\n```python\nwith lock:\n    counter += 1\n```") !=
        std::string::npos);
}
