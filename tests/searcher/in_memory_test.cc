// A small bank is searched from a copy in memory (SearcherOptions::
// in_memory_max_words); a large one from disk. Both must answer alike, so
// the shipped bank is searched both ways and every answer compared whole.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "searcher/json_encoding.h"
#include "searcher/searcher.h"
#include "test_index.h"

using quarry::SearchRequest;
using quarry::Searcher;
using quarry::SearcherOptions;
using quarry::testing::IndexBank;
using quarry::testing::TempDir;

namespace {

std::string Corpus(const std::string& name) { return std::string(QUARRY_SOURCE_DIR) + "/corpus/" + name; }

// The queries of a judged-queries file (id TAB query TAB judgements).
std::vector<std::string> JudgedQueries(const std::string& file) {
  std::vector<std::string> out;
  std::ifstream in(std::string(QUARRY_SOURCE_DIR) + "/tests/data/" + file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string id, query;
    std::getline(fields, id, '\t');
    std::getline(fields, query, '\t');
    out.push_back(query);
  }
  return out;
}

// The answer as the API writes it, without the time it took.
std::string Answer(Searcher& searcher, const SearchRequest& request) {
  auto response = searcher.Search(request);
  REQUIRE(response.ok());
  nlohmann::ordered_json json = quarry::ToJson(*response);
  json.erase("took_ms");
  return json.dump();
}

}  // namespace

TEST_CASE("a bank searched in memory answers exactly as it does from disk", "[searcher]") {
  TempDir dir;
  REQUIRE(IndexBank(dir.path(), {Corpus("interview-questions.md")}, Corpus("synonyms.txt"), Corpus("concepts.txt"),
                    Corpus("filler_words.txt"))
              .ok());
  SearcherOptions on_disk;
  on_disk.in_memory_max_words = 0;
  auto from_disk = Searcher::Open(dir.path(), on_disk);
  auto in_memory = Searcher::Open(dir.path());
  REQUIRE(from_disk.ok());
  REQUIRE(in_memory.ok());
  REQUIRE((*in_memory)->InMemory());
  REQUIRE_FALSE((*from_disk)->InMemory());

  std::vector<SearchRequest> requests;
  std::vector<std::string> queries = JudgedQueries("eval/queries.tsv");
  for (const std::string& q : JudgedQueries("eval-holdout/queries.tsv")) queries.push_back(q);
  for (const char* q : {"", "dedlock", "select_rel", "\"global interpreter lock\"", "cache -redis",
                        "how does django handle", "zzzqqq"}) {
    queries.emplace_back(q);
  }
  REQUIRE(queries.size() > 50);
  for (const std::string& q : queries) {
    SearchRequest r;
    r.query = q;
    requests.push_back(r);
    r.sections = {"django-orm-database"};
    r.offset = 2;
    requests.push_back(r);
    r.sections.clear();
    r.offset = 0;
    r.collapse = true;
    r.enough_results = 5;
    requests.push_back(r);
  }
  for (const SearchRequest& r : requests) {
    INFO("query: " << r.query << ", sections " << r.sections.size() << ", collapse " << r.collapse);
    CHECK(Answer(**in_memory, r) == Answer(**from_disk, r));
  }

  for (const char* id : {"python-core/13", "django-orm-database/2", "mysql-database/7"}) {
    INFO("related to " << id);
    auto a = (*in_memory)->Related(id, 5);
    auto b = (*from_disk)->Related(id, 5);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(quarry::RelatedToJson(id, *a).dump() == quarry::RelatedToJson(id, *b).dump());
    CHECK_FALSE(a->empty());
  }
}
