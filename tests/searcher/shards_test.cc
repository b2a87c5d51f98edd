// A sharded index (quarry-index --shards N) searched as one, its shards
// local or served by xapian-tcpsrv on 127.0.0.1, answers exactly what one
// database of the same banks answers: every search of the judged queries
// and of a query log of the bank's words, JSON for JSON, every question's
// related questions and neighbours. A shard that stops answering gives a
// degraded answer that says so, or an error, never a hang.
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/shards.h"
#include "indexer/index_corpus.h"
#include "searcher/searcher.h"
#include "tests/indexer/temp_dir.h"
#include "tests/searcher/all_answers.h"
#include "tests/searcher/tcp_servers.h"

namespace quarry {
namespace {

using testing::AllAnswers;
using testing::ExpectSameAnswers;
using testing::TcpServer;
using testing::TempDir;

// A bank of `count` questions in JSON Lines made from a fixed list of
// words with a fixed seed: larger than the seed bank (so searches read
// postings from disk and rank through the rescoring window), with
// near-duplicates (every 37th question asks an earlier one again).
std::string GeneratedBank(size_t count) {
  static const char* const kWords[] = {
      "cache",     "index",    "thread",    "process",  "lock",      "queue",     "socket",    "buffer",
      "pointer",   "closure",  "decorator", "generator", "iterator", "coroutine", "future",    "promise",
      "schema",    "query",    "join",      "transaction", "replica", "shard",    "partition", "cluster",
      "container", "image",    "volume",    "network",  "service",   "gateway",   "proxy",     "load",
      "balancer",  "latency",  "throughput", "memory",  "heap",      "stack",     "garbage",   "collector",
      "compiler",  "parser",   "token",     "grammar",  "module",    "package",   "dependency", "version",
      "branch",    "merge",    "commit",    "rebase",   "pipeline",  "deploy",    "rollback",  "metric",
      "alert",     "trace",    "log",       "session",  "cookie",    "header",    "request",   "response",
      "encryption", "hash",    "signature", "certificate", "key",    "password",  "token",     "scope"};
  static const char* const kSections[] = {"Concurrency", "Databases", "Networking", "Languages", "Operations",
                                          "Security",    "Tooling",   "Memory",     "Web"};
  static const char* const kTemplates[] = {"What is a %s in %s?", "How do you tune the %s of a %s?",
                                           "%s vs %s: when would you pick each?",
                                           "Explain how a %s talks to a %s.", "Why does a %s need a %s?"};
  std::mt19937 random(20261204);
  auto word = [&] { return kWords[random() % (sizeof kWords / sizeof *kWords)]; };
  std::vector<std::string> texts;
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    char text[200];
    std::snprintf(text, sizeof text, kTemplates[random() % (sizeof kTemplates / sizeof *kTemplates)], word(), word());
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    std::string question = i % 37 == 36 ? texts[random() % texts.size()] : std::string(text);
    texts.push_back(question);
    std::string body;
    for (int w = 0; w < 8; ++w) body += std::string(w ? " " : "") + word();
    out += "{\"id\": \"gen-" + std::to_string(i) + "\", \"text\": \"" + question + "\", \"body\": \"" + body +
           ".\", \"section\": \"" + kSections[random() % (sizeof kSections / sizeof *kSections)] + "\"}\n";
  }
  return out;
}

void Build(const std::vector<std::string>& banks, const std::string& db, size_t shards) {
  IndexCorpusOptions options;
  options.db_path = db;
  options.shards = shards;
  Result<IndexReport> report = IndexCorpus(banks, options);
  INFO(report.status().message());
  REQUIRE(report.ok());
}

std::unique_ptr<Searcher> Open(const std::vector<std::string>& databases, size_t in_memory_max_words,
                               SearcherOptions options = SearcherOptions()) {
  options.in_memory_max_words = in_memory_max_words;
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(databases, options);
  INFO(opened.status().message());
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

// The judged queries of the seed bank (tests/data/eval/queries.tsv).
std::vector<std::string> JudgedQueries() {
  std::ifstream in(std::string(QUARRY_SOURCE_DIR) + "/tests/data/eval/queries.tsv");
  std::vector<std::string> queries;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    const size_t end = line.find('\t', tab + 1);
    if (tab != std::string::npos) queries.push_back(line.substr(tab + 1, end - tab - 1));
  }
  return queries;
}

// A bank built once as one database and as 2 and 3 shards, each shard
// also served by xapian-tcpsrv.
struct ShardedBank {
  TempDir tmp;
  std::string single = tmp / "single";
  std::map<size_t, std::string> sharded;  // by shard count
  std::map<size_t, std::vector<std::unique_ptr<TcpServer>>> servers;

  explicit ShardedBank(const std::vector<std::string>& banks) {
    Build(banks, single, 0);
    for (size_t n : {2, 3}) {
      sharded[n] = tmp / ("shards-" + std::to_string(n));
      Build(banks, sharded[n], n);
      for (size_t i = 0; i < n; ++i) {
        servers[n].push_back(std::make_unique<TcpServer>(sharded[n] + "/" + shards::ShardName(i)));
      }
    }
  }
  // The bank part and every shard, remote.
  std::vector<std::string> Remote(size_t n) const {
    std::vector<std::string> databases{sharded.at(n) + "/" + shards::kBankPart};
    for (const auto& server : servers.at(n)) databases.push_back(server->spec());
    return databases;
  }
};

using testing::MayDiffer;

void ExpectShardsAnswerAsOne(const ShardedBank& bank, const std::vector<std::string>& fixed, size_t every_query,
                             size_t every_id, size_t in_memory_max_words, const SearcherOptions& options = {},
                             const MayDiffer& may_differ = nullptr) {
  std::unique_ptr<Searcher> single = Open({bank.single}, in_memory_max_words, options);
  std::vector<std::string> queries = fixed;
  for (std::string& q : testing::BankQueryLog(*single, every_query)) queries.push_back(std::move(q));
  const std::vector<std::string> ids = testing::BankIds(*single, every_id);
  const auto expected = AllAnswers(*single, queries, ids);
  for (size_t n : {2, 3}) {
    SECTION(std::to_string(n) + " local shards") {
      ExpectSameAnswers(AllAnswers(*Open({bank.sharded.at(n)}, in_memory_max_words, options), queries, ids), expected,
                        may_differ);
    }
    SECTION(std::to_string(n) + " remote shards") {
      ExpectSameAnswers(AllAnswers(*Open(bank.Remote(n), in_memory_max_words, options), queries, ids), expected,
                        may_differ);
    }
  }
}

// Xapian 1.4 weighs a synonym group (OP_SYNONYM) by an estimate of how
// many questions it matches, made in each database from the members that
// database has: a member of several words (an AND or a phrase) whose words
// a shard lacks drops out of that shard's estimate, so the group weighs a
// little differently there. Concept groups and multi-word synonyms are
// such groups. So the hits of a search (and a related list) may weigh,
// and rank, apart; collapsed, the total is Xapian's estimate of the groups
// and the question that shows a group depends on the weights: those too.
// Everything else must be the same.
std::vector<std::string> WeightDependent(const std::string& key) {
  if (key.rfind("collapsed ", 0) == 0) return {"hits", "total", "related_total", "facets", "matching"};
  if (key.rfind("related ", 0) == 0) return {"related"};
  for (const char* searched : {"search ", "explained ", "page 2 "}) {
    if (key.rfind(searched, 0) == 0) return {"hits"};
  }
  return {};
}

TEST_CASE("the seed bank in shards answers as one database") {
  static const ShardedBank bank({std::string(QUARRY_SOURCE_DIR) + "/corpus"});
  std::vector<std::string> fixed = JudgedQueries();
  REQUIRE(fixed.size() >= 30);
  fixed.push_back("");
  SECTION("searched from disk: every answer, but how the hits weigh (WeightDependent)") {
    ExpectShardsAnswerAsOne(bank, fixed, 3, 3, 0, {}, WeightDependent);
  }
  SECTION("copied into memory: every answer") {
    ExpectShardsAnswerAsOne(bank, fixed, 7, 7, SearcherOptions().in_memory_max_words);
  }
}

TEST_CASE("a generated bank of 4,000 questions in shards answers as one database") {
  TempDir banks;
  const std::string file = banks.Write("generated.jsonl", GeneratedBank(4000));
  static const ShardedBank bank({file});
  ExpectShardsAnswerAsOne(bank, {"", "cache", "thread lock", "how do you tune", "cahce", "sha", "deploy vs rollback"},
                          25, 50, 0, {}, WeightDependent);
}

TEST_CASE("a remote shard that stops answering degrades the answer, or fails it, and never hangs") {
  TempDir banks;
  const std::string file = banks.Write("generated.jsonl", GeneratedBank(1500));
  ShardedBank bank({file});
  SearcherOptions options;
  options.remote.timeout_ms = 300;
  options.remote.connect_timeout_ms = 300;
  options.retry_seconds = 0;
  std::vector<std::string> databases = bank.Remote(3);
  std::unique_ptr<Searcher> searcher = Open(databases, 0, options);
  SearchRequest request;
  request.query = "cache";
  request.limit = SearchRequest::kMaxLimit;
  const Result<SearchResponse> whole = searcher->Search(request);
  REQUIRE(whole.ok());
  CHECK(whole->failed_databases.empty());

  // What the two that still answer hold, asked of them alone.
  auto without_second = [&] {
    std::unique_ptr<Searcher> two = Open({databases[0], databases[1], databases[3]}, 0, options);
    nlohmann::ordered_json answer = ToJson(*two->Search(request));
    answer.erase("took_ms");
    return answer;
  };
  auto degraded_answer = [&](Searcher& s) {
    Result<SearchResponse> response = s.Search(request);
    INFO(response.status().message());
    REQUIRE(response.ok());
    CHECK(response->failed_databases == std::vector<std::string>{databases[2]});
    CHECK(response->answered_databases == 3);
    CHECK(response->total < whole->total);
    for (const Hit& hit : response->hits) CHECK(shards::ShardOf(hit.id, 3) != 1);
    nlohmann::ordered_json answer = ToJson(*response);
    CHECK(answer["degraded"]["failed"] == nlohmann::ordered_json::array({databases[2]}));
    answer.erase("took_ms");
    answer.erase("degraded");
    return answer;
  };

  SECTION("one that died: the others answer, and the answer says which did not") {
    nlohmann::ordered_json expected = without_second();
    bank.servers[3][1]->Kill();
    CHECK(degraded_answer(*searcher) == expected);
    CHECK(searcher->Get("gen-1").ok() == (shards::ShardOf("gen-1", 3) != 1));
  }
  SECTION("one that hangs: the call times out and the others answer") {
    nlohmann::ordered_json expected = without_second();
    bank.servers[3][1]->Stop();
    CHECK(degraded_answer(*searcher) == expected);
    // A searcher opened meanwhile leaves it out from the start.
    CHECK(degraded_answer(*Open(databases, 0, options)) == expected);
  }
  SECTION("configured to fail: the request fails, saying the database is unavailable") {
    options.shard_failure = SearcherOptions::ShardFailure::kFail;
    std::unique_ptr<Searcher> strict = Open(databases, 0, options);
    bank.servers[3][1]->Kill();
    Result<SearchResponse> response = strict->Search(request);
    REQUIRE_FALSE(response.ok());
    CHECK(response.status().code() == Status::Code::kUnavailable);
  }
}

TEST_CASE("parts that do not make one bank are refused, saying why") {
  TempDir banks;
  const std::string file = banks.Write("generated.jsonl", GeneratedBank(300));
  TempDir tmp;
  Build({file}, tmp / "a", 2);
  Build({file}, tmp / "b", 2);
  auto refused = [](const std::vector<std::string>& databases) {
    Result<std::unique_ptr<Searcher>> opened = Searcher::Open(databases);
    REQUIRE_FALSE(opened.ok());
    return opened.status().message();
  };
  CHECK_THAT(refused({tmp / "a/bank", tmp / "b/shard-0"}), Catch::Contains("build"));
  CHECK_THAT(refused({tmp / "a/shard-0", tmp / "a/shard-1"}), Catch::Contains("bank-wide"));
  CHECK_THAT(refused({"tcp://127.0.0.1:1", tmp / "a/bank"}), Catch::Contains("first database must be a local"));
  CHECK_THAT(refused({tmp / "a/bank", "tcp://nowhere"}), Catch::Contains("tcp://HOST:PORT"));
  // The bank part and the local shards, named one by one, are the index.
  Result<std::unique_ptr<Searcher>> parts = Searcher::Open({tmp / "a/bank", tmp / "a/shard-0", tmp / "a/shard-1"});
  REQUIRE(parts.ok());
  CHECK((*parts)->QuestionCount() == 300);
}

}  // namespace
}  // namespace quarry
