// Integration tests of the searcher over a small test bank indexed on disk.
#include "searcher/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "core/index_layout.h"
#include "searcher/facets.h"
#include "test_index.h"

using quarry::Hit;
using quarry::SearchRequest;
using quarry::SearchResponse;
using quarry::Searcher;
using quarry::testing::DataPath;
using quarry::testing::IndexBank;
using quarry::testing::TempDir;

namespace {

struct Fixture {
  TempDir dir;
  std::unique_ptr<Searcher> searcher;

  Fixture() {
    REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}, DataPath("synonyms.txt")).ok());
    auto opened = Searcher::Open(dir.path());
    REQUIRE(opened.ok());
    searcher = std::move(*opened);
  }

  SearchResponse Search(const std::string& q, size_t limit = 10) {
    SearchRequest r;
    r.query = q;
    r.limit = limit;
    return Run(r);
  }
  SearchResponse Run(const SearchRequest& r) {
    auto response = searcher->Search(r);
    REQUIRE(response.ok());
    return std::move(*response);
  }
};

std::vector<std::string> Ids(const std::vector<Hit>& hits) {
  std::vector<std::string> ids;
  for (const Hit& h : hits) ids.push_back(h.id);
  return ids;
}

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

size_t FacetCount(const std::vector<quarry::FacetValue>& values, const std::string& value) {
  for (const auto& v : values) {
    if (v.value == value) return v.count;
  }
  return 0;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "an identifier query puts the question containing it first", "[searcher]") {
  for (auto [query, id] : std::vector<std::pair<std::string, std::string>>{
           {"select_related", "django-orm/1"},
           {"prefetch_related", "django-orm/1"},
           {"transaction.atomic", "django-orm/3"},
           {"values_list", "django-orm/4"},
           {"bulk_create", "django-orm/4"},
           {"*args", "python-core/3"},
           {"**kwargs", "python-core/3"},
           {"__slots__", "python-core/4"},
           {"N+1", "django-orm/2"},
           {"==", "python-core/6"}}) {
    INFO(query);
    SearchResponse r = Search(query);
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].id == id);
  }
}

TEST_CASE_METHOD(Fixture, "an identifier's parts typed apart still find it", "[searcher]") {
  SearchResponse r = Search("select related");
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].id == "django-orm/1");
}

TEST_CASE_METHOD(Fixture, "the last word matches as a prefix while typing", "[searcher]") {
  SearchResponse typing = Search("serial");
  auto ids = Ids(typing.hits);
  CHECK(Contains(ids, "serializers/1"));
  CHECK(Contains(ids, "serializers/2"));
  auto prefe = Ids(Search("prefe").hits);
  REQUIRE(prefe.size() == 1);
  CHECK(prefe[0] == "django-orm/1");
  // A finished word (trailing space) is not a prefix any more.
  CHECK(Search("prefe ").total == 0);
}

TEST_CASE_METHOD(Fixture, "stemming matches other forms of a word", "[searcher]") {
  auto ids = Ids(Search("serializer ").hits);
  CHECK(Contains(ids, "serializers/1"));
  CHECK(Contains(ids, "serializers/2"));  // "serializers"
}

TEST_CASE_METHOD(Fixture, "an unknown word matches words one or two typos away", "[searcher][typo]") {
  SearchResponse r = Search("deadlok");  // 7 letters: one typo allowed
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].id == "python-core/5");
  CHECK_FALSE(r.showing_corrected);
  REQUIRE(r.corrected_query.has_value());
  CHECK(*r.corrected_query == "deadlock");
  CHECK(Search("serailizer ").total >= 1);       // 10 letters: a swap and a substitution
  CHECK(Search("dedlok ").showing_corrected);    // 6 letters, two typos: only the correction finds it
  SearchResponse short_word = Search("gli ");  // under 4 letters: no typo tolerated ("gil")
  CHECK((short_word.total == 0 || short_word.showing_corrected));
  // The word as typed ranks above a near spelling.
  auto exact = Search("serializers ");
  REQUIRE(exact.hits.size() >= 2);
  CHECK(exact.hits[0].id == "serializers/2");
}

TEST_CASE_METHOD(Fixture, "an unknown word is corrected when the query finds nothing", "[searcher]") {
  SearchResponse r = Search("dedlok");
  REQUIRE(r.corrected_query.has_value());
  CHECK(*r.corrected_query == "deadlock");
  CHECK(r.showing_corrected);
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].id == "python-core/5");
}

TEST_CASE_METHOD(Fixture, "a verbatim request answers for the query as typed, the correction a suggestion",
                 "[searcher]") {
  SearchRequest request;
  request.query = "dedlok";
  request.verbatim = true;
  SearchResponse r = Run(request);
  REQUIRE(r.corrected_query.has_value());
  CHECK(*r.corrected_query == "deadlock");
  CHECK_FALSE(r.showing_corrected);
  CHECK(r.total == 0);
  CHECK(r.hits.empty());
  CHECK(r.related_total == 0);
  for (size_t f = 0; f < quarry::kFacetCount; ++f) CHECK(quarry::CountsOf(r.facets, quarry::FacetId(f)).empty());
  // A query that finds something as typed is the same answer either way.
  request.query = "deadlock";
  SearchResponse found = Run(request);
  request.verbatim = false;
  CHECK(Ids(found.hits) == Ids(Run(request).hits));
  CHECK_FALSE(found.hits.empty());
}

TEST_CASE_METHOD(Fixture, "a correction is only suggested when the typed query finds something", "[searcher]") {
  SearchResponse r = Search("dedlok serializer");
  REQUIRE(r.corrected_query.has_value());
  CHECK(*r.corrected_query == "deadlock serializer");
  CHECK_FALSE(r.showing_corrected);
  CHECK(Contains(Ids(r.hits), "serializers/1"));
}

TEST_CASE_METHOD(Fixture, "known words get no correction", "[searcher]") {
  SearchResponse r = Search("deadlock");
  CHECK_FALSE(r.corrected_query.has_value());
  CHECK_FALSE(r.showing_corrected);
}

TEST_CASE_METHOD(Fixture, "synonyms expand both ways, multi-word included", "[searcher]") {
  // Question 2 says only "global interpreter lock"; question 1 says only "GIL".
  auto gil = Ids(Search("gil ").hits);
  CHECK(Contains(gil, "python-core/1"));
  CHECK(Contains(gil, "python-core/2"));
  auto long_form = Search("global interpreter lock ");
  REQUIRE(long_form.hits.size() >= 2);
  CHECK(Contains({long_form.hits[0].id, long_form.hits[1].id}, "python-core/1"));
  auto n_plus_one = Ids(Search("n plus one ").hits);
  REQUIRE_FALSE(n_plus_one.empty());
  CHECK(n_plus_one[0] == "django-orm/2");
}

TEST_CASE_METHOD(Fixture, "a quoted phrase needs its words adjacent and in order", "[searcher]") {
  auto ids = Ids(Search("\"circuit breaker\"").hits);
  CHECK(Contains(ids, "serializers/3"));
  CHECK_FALSE(Contains(ids, "security/2"));  // "breaker of circuits"
  auto loose = Ids(Search("circuit breaker ").hits);
  CHECK(Contains(loose, "security/2"));
}

TEST_CASE_METHOD(Fixture, "a minus sign excludes a word", "[searcher]") {
  auto ids = Ids(Search("serializer -nested").hits);
  CHECK(Contains(ids, "serializers/1"));
  CHECK_FALSE(Contains(ids, "serializers/2"));
  auto only_excluded = Search("-serializer");
  CHECK(only_excluded.total == 15 - 3);
}

TEST_CASE_METHOD(Fixture, "operator words and stray punctuation are never errors", "[searcher]") {
  for (std::string q : {"AND", "NOT", "OR deadlock", "deadlock AND NOT", "(((", "\"unclosed phrase", "-", "--",
                        "\"\"", "*", "a:b:c", "<script>", "\xff\xfe", "NEAR/3 x"}) {
    INFO(q);
    auto r = searcher->Search(SearchRequest{.query = q});
    CHECK(r.ok());
  }
  auto r = Search("deadlock AND NOT");
  CHECK(r.hits.size() >= 1);
  CHECK(r.hits[0].id == "python-core/5");
}

TEST_CASE_METHOD(Fixture, "an empty query browses the bank in bank order with facets", "[searcher]") {
  SearchResponse r = Search("", 100);
  REQUIRE(r.total == 15);
  REQUIRE(r.hits.size() == 15);
  CHECK(r.hits.front().id == "python-core/1");
  CHECK(r.hits[6].id == "django-orm/1");
  CHECK(r.hits.back().id == "security/2");
  CHECK(FacetCount(r.facets.part, "Part One") == 10);
  CHECK(FacetCount(r.facets.part, "Part Two") == 5);
  CHECK(FacetCount(r.facets.section, "Python Core") == 6);
  CHECK(FacetCount(r.facets.section, "Security") == 2);
}

TEST_CASE_METHOD(Fixture, "offset and limit page through the matches", "[searcher]") {
  SearchRequest r;
  r.limit = 4;
  r.offset = 4;
  SearchResponse page = Run(r);
  CHECK(page.total == 15);
  REQUIRE(page.hits.size() == 4);
  CHECK(page.hits[0].id == "python-core/5");
  r.offset = 14;
  CHECK(Run(r).hits.size() == 1);
}

TEST_CASE_METHOD(Fixture, "filters: OR within a facet, AND across facets, by title or slug", "[searcher]") {
  SearchRequest r;
  r.sections = {"Python Core"};
  CHECK(Run(r).total == 6);
  r.sections = {"python-core", "Security"};
  SearchResponse two = Run(r);
  CHECK(two.total == 8);
  CHECK(FacetCount(two.facets.section, "Python Core") == 6);
  CHECK(FacetCount(two.facets.section, "Security") == 2);
  // Disjunctive counts: the section facet ignores its own filter.
  CHECK(FacetCount(two.facets.section, "Django ORM") == 4);
  CHECK(FacetCount(two.facets.part, "Part Two") == 2);  // the part facet keeps the section filter
  CHECK(FacetCount(two.facets.part, "Part One") == 6);
  r.parts = {"Part Two"};
  SearchResponse part_two = Run(r);
  CHECK(part_two.total == 2);
  CHECK(FacetCount(part_two.facets.part, "Part One") == 6);  // what choosing it too would add
  CHECK(FacetCount(part_two.facets.section, "Serializers") == 3);
  r.parts = {"no-such-part"};
  CHECK(Run(r).total == 0);
}

TEST_CASE_METHOD(Fixture, "facet counts cover all matches of the query, not just the page", "[searcher]") {
  SearchRequest r;
  r.query = "difference ";
  r.limit = 1;
  SearchResponse resp = Run(r);
  CHECK(resp.total == 2);
  CHECK(resp.hits.size() == 1);
  CHECK(FacetCount(resp.facets.section, "Python Core") == 2);
}

TEST_CASE_METHOD(Fixture, "snippets mark matched words and escape everything else", "[searcher]") {
  SearchResponse r = Search("xss script quotes");
  REQUIRE_FALSE(r.hits.empty());
  const Hit& hit = r.hits[0];
  CHECK(hit.id == "security/1");
  CHECK(hit.snippet ==
        "How do you prevent <mark>XSS</mark> with <mark>&lt;script&gt;</mark> tags &amp; "
        "&quot;<mark>quotes</mark>&quot;?");
  // Prefix and stem matches are marked too.
  SearchResponse serial = Search("serial");
  REQUIRE_FALSE(serial.hits.empty());
  for (const Hit& h : serial.hits) {
    INFO(h.snippet);
    if (h.text.find("erializer") == std::string::npos) continue;  // matched by its section title
    CHECK((h.snippet.find("<mark>Serializer") != std::string::npos ||
           h.snippet.find("<mark>serializer") != std::string::npos));
  }
  SearchResponse stem = Search("serializer problem ");
  bool marked_plural = false;
  for (const Hit& h : stem.hits) marked_plural |= h.snippet.find("<mark>serializers</mark>") != std::string::npos;
  CHECK(marked_plural);
}

TEST_CASE_METHOD(Fixture, "related questions exclude the question itself", "[searcher]") {
  auto related = searcher->Related("python-core/1", 5);
  REQUIRE(related.ok());
  auto ids = Ids(*related);
  CHECK_FALSE(Contains(ids, "python-core/1"));
  REQUIRE_FALSE(ids.empty());
  CHECK(ids[0] == "python-core/2");  // the same subject, through the gil synonym
  CHECK(searcher->Related("no/such", 5).status().code() == quarry::Status::Code::kNotFound);
}

TEST_CASE_METHOD(Fixture, "a question is fetched by id with its neighbours", "[searcher]") {
  auto q = searcher->Get("django-orm/2");
  REQUIRE(q.ok());
  CHECK(q->text == "Explain the N+1 query problem.");
  CHECK(q->section == "Django ORM");
  CHECK(q->part == "Part One");
  CHECK(q->number == 2);
  CHECK(searcher->Get("django-orm/99").status().code() == quarry::Status::Code::kNotFound);
  auto n = searcher->NeighboursOf("django-orm/1");
  REQUIRE(n.ok());
  REQUIRE(n->previous);
  REQUIRE(n->next);
  CHECK(n->previous->id == "python-core/6");
  CHECK(n->next->id == "django-orm/2");
  auto first = searcher->NeighboursOf("python-core/1");
  REQUIRE(first.ok());
  CHECK_FALSE(first->previous);
}

TEST_CASE_METHOD(Fixture, "bad requests are errors that say what is wrong", "[searcher]") {
  SearchRequest r;
  r.limit = SearchRequest::kMaxLimit + 1;
  auto too_many = searcher->Search(r);
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.status().code() == quarry::Status::Code::kInvalidArgument);
  CHECK(too_many.status().message().find("limit") != std::string::npos);
  r.limit = 10;
  r.query = std::string(SearchRequest::kMaxQueryBytes + 1, 'a');
  auto too_long = searcher->Search(r);
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.status().message().find("query") != std::string::npos);
}

TEST_CASE("a searcher picks up a new index generation on Refresh", "[searcher]") {
  TempDir dir;
  REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}).ok());
  auto searcher = Searcher::Open(dir.path());
  REQUIRE(searcher.ok());
  CHECK((*searcher)->QuestionCount() == 15);
  // Reindex with one more bank.
  std::string extra = dir.path() + "-extra.jsonl";
  {
    std::ofstream out(extra);
    out << R"({"id": "extra/1", "text": "Kafka consumer groups explained.", "section": "Streaming"})" << "\n";
  }
  REQUIRE(IndexBank(dir.path(), {DataPath("bank.md"), extra}).ok());
  std::filesystem::remove(extra);
  CHECK((*searcher)->QuestionCount() == 15);  // still the generation it opened
  REQUIRE((*searcher)->Refresh().ok());
  CHECK((*searcher)->QuestionCount() == 16);
  auto kafka = (*searcher)->Search(SearchRequest{.query = "kafka"});
  REQUIRE(kafka.ok());
  REQUIRE(kafka->hits.size() == 1);
  CHECK(kafka->hits[0].section == "Streaming");
}

TEST_CASE("opening a missing index or one of another schema version fails clearly", "[searcher]") {
  TempDir dir;
  auto missing = Searcher::Open(dir.path() + "/nothing");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == quarry::Status::Code::kNotFound);

  REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}).ok());
  auto generation = quarry::layout::CurrentGeneration(dir.path());
  REQUIRE(generation.ok());
  {
    Xapian::WritableDatabase db(*generation);
    db.set_metadata("quarry.schema_version", "0");
    db.commit();
  }
  auto stale = Searcher::Open(dir.path());
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.status().code() == quarry::Status::Code::kCorruption);
  CHECK(stale.status().message().find("schema version") != std::string::npos);
}

TEST_CASE("technical terms are found as written, ahead of their loose parts", "[searcher][analysis]") {
  TempDir dir;
  REQUIRE(IndexBank(dir.path(), {DataPath("terms.jsonl")}).ok());
  auto searcher = Searcher::Open(dir.path());
  REQUIRE(searcher.ok());
  for (auto [query, id] : std::vector<std::pair<std::string, std::string>>{
           {"settings.py", "t/1"}, {"manage.py", "t/1"}, {"django-admin", "t/2"}, {"C++", "t/3"},
           {"I/O", "t/3"},         {"CI/CD", "t/4"},     {"B-tree", "t/5"},       {"exists()", "t/6"},
           {"OFFSET", "t/7"},      {"offset", "t/7"},    {"on_delete", "t/8"},    {"b tree", "t/5"}}) {
    INFO(query);
    auto r = (*searcher)->Search(SearchRequest{.query = query + " "});
    REQUIRE(r.ok());
    REQUIRE_FALSE(r->hits.empty());
    CHECK(r->hits[0].id == id);
  }
}

TEST_CASE("question types and topics are facets: counted, filtered, disjunctive", "[searcher][facets]") {
  TempDir dir;
  std::string bank = dir.path() + "-bank.jsonl";
  {
    std::ofstream out(bank);
    out << R"({"id": "a/1", "text": "What is the GIL?", "section": "Python"})" << "\n"
        << R"({"id": "a/2", "text": "GIL vs multiprocessing.", "section": "Python"})" << "\n"
        << R"({"id": "a/3", "text": "What is CSRF in Django?", "section": "Web"})" << "\n";
  }
  // Types and topics derived as quarry-index derives them.
  const std::string types = dir.path() + "-types.txt", topics = dir.path() + "-topics.txt";
  std::ofstream(types) << "comparison: vs\ndefinition: ^what is\n";
  std::ofstream(topics) << "Python: python, gil\nDjango: django\nSecurity: csrf\n";
  quarry::IndexCorpusOptions options;
  options.db_path = dir.path();
  options.type_files = {types};
  options.topic_files = {topics};
  auto indexed = quarry::IndexCorpus({bank}, options);
  for (const std::string& file : {bank, types, topics}) std::filesystem::remove(file);
  INFO(indexed.status().ToString());
  REQUIRE(indexed.ok());
  auto searcher = Searcher::Open(dir.path());
  REQUIRE(searcher.ok());

  auto all = (*searcher)->Search(SearchRequest{});
  REQUIRE(all.ok());
  CHECK(FacetCount(all->facets.type, "definition") == 2);
  CHECK(FacetCount(all->facets.type, "comparison") == 1);
  CHECK(FacetCount(all->facets.topic, "Python") == 2);
  CHECK(FacetCount(all->facets.topic, "Django") == 1);
  CHECK(FacetCount(all->facets.topic, "Security") == 1);  // a/3 has two topics

  SearchRequest r;
  r.topics = {"Security"};
  auto security = (*searcher)->Search(r);
  REQUIRE(security.ok());
  CHECK(Ids(security->hits) == std::vector<std::string>{"a/3"});
  CHECK(security->hits[0].type == "definition");
  CHECK(security->hits[0].topics == std::vector<std::string>{"Django", "Security"});
  CHECK(FacetCount(security->facets.topic, "Python") == 2);  // disjunctive
  r.types = {"comparison"};
  auto none = (*searcher)->Search(r);
  REQUIRE(none.ok());
  CHECK(none->total == 0);
  CHECK(FacetCount(none->facets.type, "definition") == 1);  // what choosing it instead would give
}

TEST_CASE("hits list their near-duplicates, and collapse shows one of each group", "[searcher][duplicates]") {
  TempDir dir;
  std::string bank = dir.path() + "-dups.jsonl";
  {
    std::ofstream out(bank);
    out << R"({"id": "a/1", "text": "Circuit breaker pattern.", "section": "Resilience"})" << "\n"
        << R"({"id": "b/1", "text": "Circuit breaker pattern.", "section": "APIs"})" << "\n"
        << R"({"id": "b/2", "text": "When does a circuit breaker open?", "section": "APIs"})" << "\n";
  }
  quarry::Status indexed = IndexBank(dir.path(), {bank});  // near-duplicates marked
  std::filesystem::remove(bank);
  REQUIRE(indexed.ok());
  auto searcher = Searcher::Open(dir.path());
  REQUIRE(searcher.ok());

  auto all = (*searcher)->Search(SearchRequest{.query = "circuit breaker "});
  REQUIRE(all.ok());
  CHECK(all->total == 3);
  for (const Hit& h : all->hits) {
    if (h.id == "a/1") {
      REQUIRE(h.also_in.size() == 1);
      CHECK(h.also_in[0].id == "b/1");
      CHECK(h.also_in[0].section == "APIs");
    }
    if (h.id == "b/2") CHECK(h.also_in.empty());
  }
  SearchRequest collapsed{.query = "circuit breaker "};
  collapsed.collapse = true;
  auto one_each = (*searcher)->Search(collapsed);
  REQUIRE(one_each.ok());
  CHECK(one_each->hits.size() == 2);
  auto ids = Ids(one_each->hits);
  CHECK(Contains(ids, "b/2"));
  CHECK(Contains(ids, "a/1") != Contains(ids, "b/1"));
  auto q = (*searcher)->Get("b/1");
  REQUIRE(q.ok());
  REQUIRE(q->also_in.size() == 1);
  CHECK(q->also_in[0].id == "a/1");
}

TEST_CASE_METHOD(Fixture, "explain says what the query applied and which terms each hit matched", "[searcher][explain]") {
  SearchRequest r;
  r.query = "gil deadlok";
  r.explain = true;
  SearchResponse resp = Run(r);
  auto has_note = [&](const std::string& start) {
    return std::any_of(resp.explanation.begin(), resp.explanation.end(),
                       [&](const std::string& n) { return n.rfind(start, 0) == 0; });
  };
  CHECK(has_note("synonyms: \"gil\""));
  CHECK(has_note("typo: \"deadlok\" also matches deadlock"));
  CHECK(has_note("spelling: did you mean \"gil deadlock\""));
  CHECK(has_note("prefix: \"deadlok\""));
  REQUIRE_FALSE(resp.hits.empty());
  for (const Hit& h : resp.hits) {
    INFO(h.id);
    CHECK_FALSE(h.matched_terms.empty());
    for (const auto& [term, weight] : h.matched_terms) CHECK(weight >= 0);
  }
  // The best hit has "gil" itself, with a weight of its own.
  CHECK(std::any_of(resp.hits[0].matched_terms.begin(), resp.hits[0].matched_terms.end(),
                    [](const auto& tw) { return tw.first == "gil" && tw.second > 0; }));
  // Without explain, nothing is added.
  r.explain = false;
  SearchResponse plain = Run(r);
  CHECK(plain.explanation.empty());
  CHECK(plain.hits[0].matched_terms.empty());
}
