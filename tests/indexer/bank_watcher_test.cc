// Tests of BankWatcher: a bank folder watched keeps its index in step with
// it: a saved file is searchable soon after, a file that no longer parses
// leaves the index as it was and says why, and a data file reindexes all.
#include "indexer/bank_watcher.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "core/index_layout.h"
#include "searcher/searcher.h"
#include "tests/indexer/temp_dir.h"

namespace quarry {
namespace {

using testing::TempDir;
using Clock = std::chrono::steady_clock;

constexpr char kBank[] =
    "# Python\n\n"
    "## Basics\n"
    "1. What is a closure?\n"
    "2. How do you write a generator?\n";

// How many questions the index at `db` finds for `query` (0 on any error).
size_t Found(const std::string& db, const std::string& query) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db);
  if (!searcher.ok()) return 0;
  SearchRequest request;
  request.query = query;
  Result<SearchResponse> response = (*searcher)->Search(request);
  return response.ok() && !response->matching.relaxed() ? response->total : 0;
}

// Waits (at most 5 s) until `done` holds; true when it did.
template <typename Done>
bool Eventually(Done done) {
  const auto until = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

// Watching tmp/`folder` into tmp/index, quiet after 50 ms.
BankWatcherOptions WatchOf(const TempDir& tmp, const std::string& folder) {
  BankWatcherOptions options;
  options.folder = tmp / folder;
  options.db_path = tmp / "index";
  options.quiet_seconds = 0.05;
  return options;
}

TEST_CASE("a watched bank folder keeps its index in step") {
  TempDir tmp;
  tmp.Write("banks/python.md", kBank);
  const BankWatcherOptions options = WatchOf(tmp, "banks");
  Result<std::unique_ptr<BankWatcher>> watcher = BankWatcher::Start(options);
  INFO(watcher.status().message());
  REQUIRE(watcher.ok());
  CHECK(Found(options.db_path, "closure") == 1);  // indexed whole when watching starts

  SECTION("a file saved is searchable, a new one too, a deleted one is gone") {
    tmp.Write("banks/python.md", std::string(kBank) + "3. What is a metaclass?\n");
    CHECK(Eventually([&] { return Found(options.db_path, "metaclass") == 1; }));
    tmp.Write("banks/sub/web.md", "# Web\n\n## HTTP\n1. What is a cookie?\n");
    CHECK(Eventually([&] { return Found(options.db_path, "cookie") == 1; }));
    std::filesystem::remove(tmp / "banks/python.md");
    CHECK(Eventually([&] { return Found(options.db_path, "closure") == 0; }));
    CHECK(Found(options.db_path, "cookie") == 1);
    CHECK((*watcher)->status().ok);
  }
  SECTION("a file that no longer parses leaves the index as it was, saying where") {
    const std::string before = *layout::CurrentGeneration(options.db_path);
    tmp.Write("banks/python.md", "nothing that is a question\n");
    CHECK(Eventually([&] { return !(*watcher)->status().ok; }));
    CHECK((*watcher)->status().error.find("python.md") != std::string::npos);
    CHECK(*layout::CurrentGeneration(options.db_path) == before);
    CHECK(Found(options.db_path, "closure") == 1);
    tmp.Write("banks/python.md", kBank);  // fixed: indexes again
    CHECK(Eventually([&] { return (*watcher)->status().ok; }));
  }
  SECTION("a data file changed reindexes the folder with it") {
    CHECK(Found(options.db_path, "funarg") == 0);
    tmp.Write("banks/synonyms.txt", "closure, funarg\n");
    CHECK(Eventually([&] { return Found(options.db_path, "funarg") == 1; }));
  }
  SECTION("an editor's swap files are not banks") {
    const size_t updates = (*watcher)->status().updates;
    tmp.Write("banks/.python.md.swp", "junk");
    tmp.Write("banks/python.md~", "junk");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK((*watcher)->status().updates == updates);
  }
}

TEST_CASE("an index already there is served at once and brought in step meanwhile") {
  TempDir tmp;
  tmp.Write("banks/python.md", kBank);
  const BankWatcherOptions options = WatchOf(tmp, "banks");
  REQUIRE(IndexCorpus({options.folder}, IndexCorpusOptions{options.db_path}).ok());
  tmp.Write("banks/python.md", std::string(kBank) + "3. What is a metaclass?\n");  // while nothing watched
  Result<std::unique_ptr<BankWatcher>> watcher = BankWatcher::Start(options);
  REQUIRE(watcher.ok());
  CHECK(Found(options.db_path, "closure") == 1);
  CHECK(Eventually([&] { return Found(options.db_path, "metaclass") == 1; }));
  CHECK((*watcher)->status().ok);
  CHECK((*watcher)->status().updates == 1);
}

TEST_CASE("watching a folder that cannot be indexed fails at start") {
  TempDir tmp;
  BankWatcherOptions options = WatchOf(tmp, "none");
  CHECK_FALSE(BankWatcher::Start(options).ok());
  tmp.Write("empty/notes.txt", "no banks here");
  options.folder = tmp / "empty";
  Result<std::unique_ptr<BankWatcher>> watcher = BankWatcher::Start(options);
  REQUIRE_FALSE(watcher.ok());
  CHECK(watcher.status().message().find("no question bank") != std::string::npos);
}

}  // namespace
}  // namespace quarry
