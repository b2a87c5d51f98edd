// The routes the search page stands on: the bank's outline, a question with
// its neighbours, /q/{id} serving the page, and verbatim=1 (the query
// exactly as typed). The real server on 127.0.0.1 with an ephemeral port.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/web/test_server.h"
#include "web/api_json.h"
#include "web/server.h"

namespace quarry::web::testing {
namespace {

using nlohmann::json;

// The keys of the JSON object at `path` in the order the server wrote them.
std::vector<std::string> KeysAt(ServerFixture& fixture, const std::string& path,
                                const std::vector<std::string>& pointer = {}) {
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(fixture.Get(path)->body);
  const nlohmann::ordered_json* node = &body;
  for (const std::string& key : pointer) {
    node = key.find_first_not_of("0123456789") == std::string::npos ? &(*node)[std::stoul(key)]
                                                                    : &(*node)[key];
  }
  std::vector<std::string> keys;
  for (auto it = node->begin(); it != node->end(); ++it) keys.push_back(it.key());
  return keys;
}

using Keys = std::vector<std::string>;

// The first of `candidates` for which `fits` holds, or "" after a failed
// check naming `what`. The searcher's spelling correction and typo
// tolerance move; the tests look for a query that shows what they need.
template <typename Fits>
std::string FirstQuery(const std::vector<std::string>& candidates, const char* what, Fits fits) {
  for (const std::string& q : candidates) {
    if (fits(q)) return q;
  }
  FAIL_CHECK("none of the candidate queries " << what);
  return "";
}

TEST_CASE_METHOD(ServerFixture, "the outline lists parts and sections in bank order", "[server]") {
  json outline = GetJson("/api/outline");
  CHECK(KeysAt(*this, "/api/outline") == Keys{"questions", "banks", "parts"});
  CHECK(KeysAt(*this, "/api/outline", {"parts", "0"}) == Keys{"part", "count", "sections"});
  CHECK(KeysAt(*this, "/api/outline", {"parts", "0", "sections", "0"}) == Keys{"section", "count"});
  CHECK(outline["questions"] == CountQuestions(bank_path));

  // tests/web/data/bank.md, as written.
  struct Part {
    std::string part;
    size_t count;
    std::vector<std::pair<std::string, size_t>> sections;
  };
  const std::vector<Part> expected = {
      {"Python", 8, {{"Python Core", 5}, {"Async Python", 3}}},
      {"Databases", 7, {{"MySQL Indexes", 3}, {"Transactions", 4}}},
  };
  REQUIRE(outline["parts"].size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const json& part = outline["parts"][i];
    INFO(expected[i].part);
    CHECK(part["part"] == expected[i].part);
    CHECK(part["count"] == expected[i].count);
    std::vector<std::pair<std::string, size_t>> sections;
    for (const json& s : part["sections"]) sections.emplace_back(s["section"], s["count"]);
    CHECK(sections == expected[i].sections);
  }

  // The same numbers as the facet counts of the whole bank.
  json all = GetJson("/api/search?q=&limit=1");
  const auto parts = CountsOf(all["facets"]["part"]);
  const auto sections = CountsOf(all["facets"]["section"]);
  for (const json& part : outline["parts"]) {
    CHECK(parts.at(part["part"]) == part["count"]);
    for (const json& s : part["sections"]) CHECK(sections.at(s["section"]) == s["count"]);
  }
}

TEST_CASE_METHOD(ServerFixture, "the outline follows a rebuilt index", "[server]") {
  CHECK(GetJson("/api/outline")["parts"].size() == 2);
  BuildTestIndex({bank_path, DataFile("more.md")}, db_path);
  json outline = GetJson("/api/outline");
  CHECK(outline["questions"] == CountQuestions(bank_path) + CountQuestions(DataFile("more.md")));
  REQUIRE(outline["parts"].size() == 3);
  CHECK(outline["parts"][2]["sections"][0]["section"] == "REST APIs");
}

TEST_CASE("OutlineToJson keeps an unnamed part and empty outlines", "[server]") {
  std::vector<Searcher::OutlinePart> outline = {{"", 2, {{"Kafka", 2}}}};
  CHECK(OutlineToJson({{"Queues", 2}}, outline, 2).dump() ==
        R"({"questions":2,"banks":[{"bank":"Queues","count":2}],)"
        R"("parts":[{"part":"","count":2,"sections":[{"section":"Kafka","count":2}]}]})");
  CHECK(OutlineToJson({}, {}, 0).dump() == R"({"questions":0,"banks":[],"parts":[]})");
}

TEST_CASE_METHOD(ServerFixture, "a question comes with its neighbours in bank order", "[server]") {
  json first = GetJson("/api/questions/python-core/1");
  // The library's question fields as they were, then the neighbours.
  Keys keys = KeysAt(*this, "/api/questions/python-core/1");
  REQUIRE(keys.size() > 8);
  CHECK(Keys(keys.begin(), keys.begin() + 8) ==
        Keys{"id", "bank", "part", "section", "number", "text", "body", "tags"});
  CHECK(Keys(keys.end() - 2, keys.end()) == Keys{"previous", "next"});
  CHECK(first["previous"].is_null());
  REQUIRE(first["next"].is_object());
  CHECK(KeysAt(*this, "/api/questions/python-core/1", {"next"}) ==
        Keys{"id", "bank", "part", "section", "number", "text"});
  CHECK(first["next"]["id"] == "python-core/2");
  CHECK(first["next"]["number"] == 2);

  // Across a section and a part boundary.
  json across = GetJson("/api/questions/mysql-indexes/1");
  CHECK(across["previous"]["id"] == "async-python/3");
  CHECK(across["previous"]["part"] == "Python");
  CHECK(across["next"]["id"] == "mysql-indexes/2");

  // Walking "next" from the first question visits the whole bank in order.
  json browse = GetJson("/api/search?q=&limit=100");
  std::vector<std::string> walked;
  std::string id = "python-core/1";
  json previous = nullptr;
  while (walked.size() <= browse["hits"].size()) {
    json question = GetJson("/api/questions/" + id);
    CHECK(question["previous"] == previous);
    walked.push_back(id);
    if (question["next"].is_null()) break;
    previous = json{{"id", question["id"]},
                    {"bank", question["bank"]},
                    {"part", question["part"]},
                    {"section", question["section"]},
                    {"number", question["number"]},
                    {"text", question["text"]}};
    id = question["next"]["id"];
  }
  std::vector<std::string> order;
  for (const json& hit : browse["hits"]) order.push_back(hit["id"]);
  CHECK(walked == order);
}

TEST_CASE_METHOD(ServerFixture, "/q/{id} serves the page, 404 when there is no such question",
                 "[server]") {
  const std::string page = ReadFile(std::string(QUARRY_SOURCE_DIR) + "/web/static/index.html");
  struct Case {
    std::string path;
    int status;
  };
  for (const Case& c : std::vector<Case>{{"/q/python-core/1", 200},
                                         {"/q/python-core%2F1", 200},
                                         {"/q/transactions/4", 200},
                                         {"/q/no-such/1", 404},
                                         {"/q/python-core/99", 404},
                                         {"/q/%3Cscript%3E", 404}}) {
    INFO("GET " << c.path);
    httplib::Result res = Get(c.path);
    CHECK(res->status == c.status);
    CHECK(res->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(res->body == page);
  }
  // No id at all is no page.
  CHECK(GetJson("/q/", 404).contains("error"));
}

TEST_CASE_METHOD(ServerFixture, "verbatim=1 answers for the query exactly as typed", "[server]") {
  // The library falls back on the corrected query when the typed one finds
  // nothing; verbatim=1 does not, and keeps the correction as a suggestion.
  const std::string q = UrlEncode(
      FirstQuery({"deadlok", "eadlock", "xdeadlock"}, "is answered with its correction's hits",
                 [&](const std::string& candidate) {
                   json r = GetJson("/api/search?q=" + UrlEncode(candidate));
                   return r["showing_corrected"] == true && r["total"].get<size_t>() > 0;
                 }));
  REQUIRE(!q.empty());
  json corrected = GetJson("/api/search?q=" + q);
  json typed = GetJson("/api/search?q=" + q + "&verbatim=1");
  CHECK(typed["showing_corrected"] == false);
  CHECK(typed["corrected_query"] == corrected["corrected_query"]);
  CHECK(typed["total"] == 0);
  CHECK(typed["hits"].empty());
  CHECK(typed["facets"]["part"].empty());
  CHECK(typed["facets"]["section"].empty());
  CHECK(KeysAt(*this, "/api/search?q=" + q + "&verbatim=1") == KeysAt(*this, "/api/search?q=" + q));

  // verbatim=0 is the default; a query without correction is unchanged.
  CHECK(GetJson("/api/search?q=" + q + "&verbatim=0")["hits"] == corrected["hits"]);
  json plain = GetJson("/api/search?q=deadlock");
  json plain_verbatim = GetJson("/api/search?q=deadlock&verbatim=1");
  CHECK(plain_verbatim["hits"] == plain["hits"]);
  CHECK(plain_verbatim["facets"] == plain["facets"]);
}

TEST_CASE_METHOD(ServerFixture, "verbatim=1 keeps disjunctive counts of the typed query",
                 "[server]") {
  // A query whose typed words match one question of Transactions but none
  // within the Python Core filter, so that there the library shows its
  // corrected query ("deadlock isolation", two questions) and counts that.
  const std::string python_core = "&section=" + UrlEncode("Python Core");
  const std::string q = UrlEncode(
      FirstQuery({"deadlock isolaton", "deadlock solation", "deadlock xisolation"},
                 "matches as typed, but only its correction within a filter",
                 [&](const std::string& candidate) {
                   json unfiltered = GetJson("/api/search?q=" + UrlEncode(candidate));
                   json filtered = GetJson("/api/search?q=" + UrlEncode(candidate) + python_core);
                   return unfiltered["showing_corrected"] == false && unfiltered["total"] == 1 &&
                          filtered["showing_corrected"] == true &&
                          CountsOf(filtered["facets"]["section"]) ==
                              std::map<std::string, size_t>{{"Transactions", 2}};
                 }));
  REQUIRE(!q.empty());
  json unfiltered = GetJson("/api/search?q=" + q);
  json filtered = GetJson("/api/search?q=" + q + python_core);

  json typed = GetJson("/api/search?q=" + q + python_core + "&verbatim=1");
  CHECK(typed["showing_corrected"] == false);
  CHECK(typed["total"] == 0);
  // The section facet ignores its own filter: the typed query's counts.
  CHECK(CountsOf(typed["facets"]["section"]) == CountsOf(unfiltered["facets"]["section"]));
  CHECK(CountsOf(typed["facets"]["section"]) != CountsOf(filtered["facets"]["section"]));
  // The part facet applies the section filter: nothing there.
  CHECK(typed["facets"]["part"].empty());

  // With a part filter too, each facet drops only its own.
  json both = GetJson("/api/search?q=" + q + python_core + "&part=Databases&verbatim=1");
  json parts_only = GetJson("/api/search?q=" + q + "&part=Databases");
  REQUIRE(parts_only["showing_corrected"] == false);
  CHECK(both["total"] == 0);
  CHECK(CountsOf(both["facets"]["section"]) == CountsOf(parts_only["facets"]["section"]));
  CHECK(both["facets"]["part"].empty());

  // So with a topic filter: the topic counts are those of the typed query.
  json python = GetJson("/api/search?q=" + q + "&topic=Python");
  REQUIRE(python["showing_corrected"] == true);
  json typed_python = GetJson("/api/search?q=" + q + "&topic=Python&verbatim=1");
  CHECK(typed_python["total"] == 0);
  CHECK(!typed_python["facets"]["topic"].empty());
  CHECK(CountsOf(typed_python["facets"]["topic"]) == CountsOf(unfiltered["facets"]["topic"]));
  CHECK(typed_python["facets"]["section"].empty());
}

}  // namespace
}  // namespace quarry::web::testing
