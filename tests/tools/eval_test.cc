// Unit tests of tools/eval: the TSV parsers, the metrics (hand-computed
// expectations) and the evaluation loop over a fake ranking source. No index.
#include "tools/eval.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

namespace quarry::eval {
namespace {

using Ids = std::vector<std::string>;

// ---- Metrics ----

struct NdcgCase {
  const char* name;
  Ids ranked;
  Judgments judgments;
  size_t k;
  double expected;
};

TEST_CASE("NdcgAt: gains 2 and 1, log2 discount, ideal from the judgments") {
  Judgments two_one = {{"a", 2}, {"b", 1}};
  Ids twelve;
  Judgments twelve_judged;
  for (int i = 0; i < 12; ++i) {
    twelve.push_back("q" + std::to_string(i));
    twelve_judged[twelve.back()] = 2;
  }
  Ids ten_of_twelve(twelve.begin(), twelve.begin() + 10);
  Ids nine_misses = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"};
  Ids a_at_10 = nine_misses;
  a_at_10.push_back("a");
  Ids a_at_11 = a_at_10;
  a_at_11.insert(a_at_11.begin(), "x0");

  // By hand: log2(2) = 1, log2(3) = 1.58496, log2(4) = 2, log2(11) = 3.45943.
  // IDCG{a:2,b:1} = 2/1 + 1/1.58496 = 2.63093.
  const std::vector<NdcgCase> cases = {
      {"ideal order", {"a", "b"}, two_one, 10, 1.0},
      {"swapped: (1 + 2/1.58496) / 2.63093", {"b", "a"}, two_one, 10, 0.8597187},
      {"a second: (2/1.58496) / 2.63093", {"x", "a"}, two_one, 10, 0.4796249},
      {"a repeated gains once: (2 + 0 + 1/2) / 2.63093", {"a", "a", "b"}, two_one, 10, 0.9502344},
      {"nothing returned", {}, two_one, 10, 0.0},
      {"nothing relevant", {"x", "y"}, two_one, 10, 0.0},
      {"no judgments", {"a"}, {}, 10, 0.0},
      {"rank 10 counts: (2/3.45943) / 2", a_at_10, {{"a", 2}}, 10, 0.2890648},
      {"rank 11 does not", a_at_11, {{"a", 2}}, 10, 0.0},
      {"ideal is cut at k too", ten_of_twelve, twelve_judged, 10, 1.0},
      {"grades 2,2,1; ranked c,x,a: (1 + 2/2) / (2 + 2/1.58496 + 1/2)",
       {"c", "x", "a"},
       {{"a", 2}, {"b", 2}, {"c", 1}},
       10,
       0.5316520},
  };
  for (const NdcgCase& c : cases) {
    INFO(c.name);
    CHECK(NdcgAt(c.ranked, c.judgments, c.k) == Approx(c.expected).margin(1e-6));
  }
}

TEST_CASE("FirstRelevantRank and ReciprocalRank look at the whole list") {
  Judgments judged = {{"a", 2}, {"b", 1}};
  struct Case {
    Ids ranked;
    size_t rank;
    double rr;
  };
  Ids b_at_50(49, "x");
  b_at_50.push_back("b");
  const std::vector<Case> cases = {
      {{"a"}, 1, 1.0}, {{"x", "y", "b"}, 3, 1.0 / 3}, {b_at_50, 50, 0.02}, {{"x", "y"}, 0, 0.0},
      {{}, 0, 0.0},
  };
  for (const Case& c : cases) {
    INFO("expected rank " << c.rank);
    CHECK(FirstRelevantRank(c.ranked, judged) == c.rank);
    CHECK(ReciprocalRank(c.ranked, judged) == Approx(c.rr));
  }
}

TEST_CASE("RecallAt and ReciprocalRankAt count within the first k") {
  struct Case {
    const char* name;
    Ids ranked;
    Ids others;
    double recall;
    double rr;
  };
  const std::vector<Case> cases = {
      {"two of three in the first 5",
       {"a", "x", "c", "y", "z", "b"},
       {"a", "b", "c"},
       2.0 / 3,
       1.0},
      {"first hit at 3", {"x", "y", "b"}, {"a", "b"}, 0.5, 1.0 / 3},
      {"six others: out of 5", {"a", "b", "c", "d", "e"}, {"a", "b", "c", "d", "e", "f"}, 1.0, 1.0},
      {"six others, three found: 3/5",
       {"x", "a", "y", "b", "c"},
       {"a", "b", "c", "d", "e", "f"},
       0.6,
       0.5},
      {"rank 6 is too late", {"x1", "x2", "x3", "x4", "x5", "a"}, {"a"}, 0.0, 0.0},
      {"a repeated counts once", {"a", "a"}, {"a", "b"}, 0.5, 1.0},
      {"nothing returned", {}, {"a"}, 0.0, 0.0},
      {"no others", {"a"}, {}, 0.0, 0.0},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(RecallAt(c.ranked, c.others, 5) == Approx(c.recall));
    CHECK(ReciprocalRankAt(c.ranked, c.others, 5) == Approx(c.rr));
  }
}

TEST_CASE("ScoreMember scores against the other members only") {
  Cluster cluster{"c", {"a", "b", "c"}, "r.tsv:1"};
  MemberScore score = ScoreMember(cluster, "a", {"x", "b", "y", "c"});
  CHECK(score.cluster == "c");
  CHECK(score.id == "a");
  CHECK(score.recall == Approx(1.0));
  CHECK(score.reciprocal_rank == Approx(0.5));

  // The member itself in its own list is no hit.
  score = ScoreMember(cluster, "a", {"a", "b"});
  CHECK(score.recall == Approx(0.5));
  CHECK(score.reciprocal_rank == Approx(0.5));
}

TEST_CASE("ScoreQuery and Summarize") {
  JudgedQuery q1{"P1", "deadlock", {{"a", 2}}, "q.tsv:1"};
  JudgedQuery q2{"P2", "jwt", {{"b", 2}, {"c", 1}}, "q.tsv:2"};
  std::vector<QueryScore> queries = {ScoreQuery(q1, {"a", "x"}), ScoreQuery(q2, {"x", "c"})};
  CHECK(queries[0].ndcg == Approx(1.0));
  CHECK(queries[0].first_relevant_rank == 1);
  CHECK(queries[0].hits == 2);
  // q2: DCG = 1/log2(3) = 0.63093; IDCG = 2 + 0.63093 = 2.63093.
  CHECK(queries[1].ndcg == Approx(0.2398124));
  CHECK(queries[1].first_relevant_rank == 2);

  std::vector<MemberScore> members = {{"c", "a", 1.0, 1.0}, {"c", "b", 0.5, 0.25}};
  Summary s = Summarize(queries, members, 1);
  CHECK(s.queries == 2);
  CHECK(s.ndcg == Approx((1.0 + 0.2398124) / 2));
  CHECK(s.mrr == Approx(0.75));
  CHECK(s.success_at_1 == Approx(0.5));
  CHECK(s.clusters == 1);
  CHECK(s.members == 2);
  CHECK(s.related_recall == Approx(0.75));
  CHECK(s.related_mrr == Approx(0.625));

  Summary empty = Summarize({}, {}, 0);
  CHECK(empty.ndcg == 0);
  CHECK(empty.related_recall == 0);
}

// ---- Parsing ----

TEST_CASE("ParseQueries reads ids, queries as typed and graded judgments") {
  const std::string text =
      "# id\tquery\tjudgments\n"
      "\n"
      "P01\tdeadlock\t2:x/12,y/7 1:z/1\n"
      "P02\tserial \t1:d/2  2:d/3 \r\n"
      "   # indented comment\n"
      "P03\t*args\t2:p/21";
  auto parsed = ParseQueries(text, "q.tsv");
  REQUIRE(parsed.ok());
  const auto& queries = *parsed;
  REQUIRE(queries.size() == 3);
  CHECK(queries[0].id == "P01");
  CHECK(queries[0].query == "deadlock");
  CHECK(queries[0].judgments == Judgments{{"x/12", 2}, {"y/7", 2}, {"z/1", 1}});
  CHECK(queries[0].source == "q.tsv:3");
  CHECK(queries[1].query == "serial ");  // trailing space: no prefix matching
  CHECK(queries[1].judgments == Judgments{{"d/2", 1}, {"d/3", 2}});
  CHECK(queries[1].source == "q.tsv:4");
  CHECK(queries[2].query == "*args");
  CHECK(queries[2].source == "q.tsv:6");

  auto none = ParseQueries("# only a comment\n\n", "q.tsv");
  REQUIRE(none.ok());
  CHECK(none->empty());
}

struct BadLine {
  const char* text;
  const char* message;  // the whole expected message
};

TEST_CASE("ParseQueries names the file and line of a malformed line") {
  const std::vector<BadLine> cases = {
      {"P1\tdeadlock", "q.tsv:1: expected 3 tab-separated fields (id, query, judgments), found 2"},
      {"# c\n\nP1\tdeadlock\t2:a\tmore",
       "q.tsv:3: expected 3 tab-separated fields (id, query, judgments), found 4"},
      {"P1\tx\t2:a\nP2\tx\t3:a", "q.tsv:2: grade \"3\" in \"3:a\" is not 1 or 2"},
      {"P1\tx\t0:a", "q.tsv:1: grade \"0\" in \"0:a\" is not 1 or 2"},
      {"P1\tx\ta,b", "q.tsv:1: judgment group \"a,b\" is not of the form grade:id,id,..."},
      {"P1\tx\t2:a,,b", "q.tsv:1: empty question id in judgment group \"2:a,,b\""},
      {"P1\tx\t2:", "q.tsv:1: empty question id in judgment group \"2:\""},
      {"P1\tx\t2:a 1:a", "q.tsv:1: question a is judged twice"},
      {"P1\tx\t  ", "q.tsv:1: no judged questions"},
      {"\tx\t2:a", "q.tsv:1: empty query id"},
      {"P 1\tx\t2:a", "q.tsv:1: query id \"P 1\" contains a space"},
      {"P1\t \t2:a", "q.tsv:1: empty query"},
      {"P1\tx\t2:a\r\n# c\nP1\ty\t2:b", "q.tsv:3: query id P1 already appears at q.tsv:1"},
  };
  for (const BadLine& c : cases) {
    INFO(c.text);
    auto parsed = ParseQueries(c.text, "q.tsv");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
    CHECK(parsed.status().message() == c.message);
  }
}

TEST_CASE("ParseRelated reads clusters") {
  auto parsed = ParseRelated("# name\tids\nGIL\ta/1,b/2, c/3\r\ndeadlock\td/1,e/2\n", "r.tsv");
  REQUIRE(parsed.ok());
  REQUIRE(parsed->size() == 2);
  CHECK((*parsed)[0].name == "GIL");
  CHECK((*parsed)[0].members == Ids{"a/1", "b/2", "c/3"});
  CHECK((*parsed)[0].source == "r.tsv:2");
  CHECK((*parsed)[1].members == Ids{"d/1", "e/2"});
}

TEST_CASE("ParseRelated names the file and line of a malformed line") {
  const std::vector<BadLine> cases = {
      {"c", "r.tsv:1: expected 2 tab-separated fields (name, ids), found 1"},
      {"ok\ta,b\nc\ta,b\tz", "r.tsv:2: expected 2 tab-separated fields (name, ids), found 3"},
      {"c\ta", "r.tsv:1: cluster c has fewer than two questions"},
      {"c\ta,a", "r.tsv:1: question a is listed twice in cluster c"},
      {"c\ta,,b", "r.tsv:1: empty question id in cluster c"},
      {"c\ta b,c", "r.tsv:1: question id \"a b\" contains a space"},
      {"\ta,b", "r.tsv:1: empty cluster name"},
      {"c\ta,b\n\nc\td,e", "r.tsv:3: cluster c already appears at r.tsv:1"},
  };
  for (const BadLine& c : cases) {
    INFO(c.text);
    auto parsed = ParseRelated(c.text, "r.tsv");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
    CHECK(parsed.status().message() == c.message);
  }
}

TEST_CASE("Load* report a missing file and read the shipped judgments") {
  auto missing = LoadQueries(QUARRY_BINARY_DIR "/no-such-dir/queries.tsv");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kNotFound);
  CHECK(missing.status().message() == "no file " QUARRY_BINARY_DIR "/no-such-dir/queries.tsv");

  auto directory = LoadRelated(QUARRY_SOURCE_DIR "/tests");
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.status().code() == Status::Code::kIOError);

  auto queries = LoadQueries(QUARRY_SOURCE_DIR "/tests/data/eval/queries.tsv");
  REQUIRE(queries.ok());
  CHECK(queries->size() >= 30);
  CHECK(queries->front().id == "P01");
  CHECK(queries->front().query == "deadlock");
  CHECK(queries->front().judgments.at("advanced-python-design/12") == 2);

  auto clusters = LoadRelated(QUARRY_SOURCE_DIR "/tests/data/eval/related.tsv");
  REQUIRE(clusters.ok());
  CHECK(clusters->size() >= 10);
  CHECK(clusters->front().name == "GIL");
}

// ---- The evaluation loop ----

class FakeSource : public RankingSource {
 public:
  std::map<std::string, Ids> search;   // query -> hits
  std::map<std::string, Ids> related;  // id -> related ids; absent: NotFound
  std::vector<std::string> known;      // ids Contains() knows
  std::vector<size_t> limits_asked;
  Status search_error = Status::Ok();

  Result<std::vector<std::string>> Search(const std::string& query, size_t limit) override {
    limits_asked.push_back(limit);
    if (!search_error.ok()) return search_error;
    auto it = search.find(query);
    return it == search.end() ? Ids{} : it->second;
  }
  Result<std::vector<std::string>> Related(const std::string& id, size_t limit) override {
    limits_asked.push_back(limit);
    auto it = related.find(id);
    if (it == related.end()) return Status::NotFound("no question with id " + id);
    return it->second;
  }
  Result<bool> Contains(const std::string& id) override {
    return std::find(known.begin(), known.end(), id) != known.end();
  }
};

TEST_CASE("Evaluate scores every query and cluster member") {
  FakeSource source;
  source.known = {"a", "b", "c", "d"};
  source.search = {{"deadlock", {"x", "a"}}, {"jwt ", {"b"}}};
  source.related = {
      {"a", {"b", "x"}}, {"b", {"x", "y", "z", "w", "v", "a"}}, {"c", {"d"}}, {"d", {"c"}}};
  std::vector<JudgedQuery> queries = {{"P1", "deadlock", {{"a", 2}}, "q.tsv:1"},
                                      {"P2", "jwt ", {{"b", 1}, {"gone", 2}}, "q.tsv:2"}};
  std::vector<Cluster> clusters = {{"ab", {"a", "b"}, "r.tsv:1"},
                                   {"cd", {"c", "d", "ghost"}, "r.tsv:2"}};

  auto report = Evaluate(source, queries, clusters);
  REQUIRE(report.ok());
  REQUIRE(report->queries.size() == 2);
  CHECK(report->queries[0].first_relevant_rank == 2);
  CHECK(report->queries[1].first_relevant_rank == 1);  // the query ran as typed
  CHECK(report->unknown_ids == Ids{"gone", "ghost"});
  CHECK(std::count(source.limits_asked.begin(), source.limits_asked.end(), kQueryDepth) == 2);

  REQUIRE(report->members.size() == 5);
  CHECK(report->members[0].recall == 1.0);  // a: b at 1
  CHECK(report->members[1].recall == 0.0);  // b: a at 6
  CHECK(report->members[2].recall == 0.5);  // c: d of {d, ghost}
  CHECK(report->members[4].id == "ghost");
  CHECK(report->members[4].recall == 0.0);

  const Summary& s = report->summary;
  CHECK(s.queries == 2);
  CHECK(s.clusters == 2);
  CHECK(s.members == 5);
  CHECK(s.success_at_1 == Approx(0.5));
  CHECK(s.related_recall == Approx((1.0 + 0 + 0.5 + 0.5 + 0) / 5));
}

TEST_CASE("Evaluate passes on a search error with the query it concerned") {
  FakeSource source;
  source.known = {"a"};
  source.search_error = Status::InvalidArgument("query too long");
  auto report = Evaluate(source, {{"P7", "long", {{"a", 2}}, "q.tsv:9"}}, {});
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == Status::Code::kInvalidArgument);
  CHECK(report.status().message() == "q.tsv:9: query P7 \"long\": query too long");
}

// ---- Presenting ----

TEST_CASE("CheckFloors states each figure below its floor") {
  Summary s;
  s.queries = 3;
  s.ndcg = 0.65;
  s.members = 4;
  s.related_recall = 0.5;
  CHECK(CheckFloors(s, Floors{}).empty());
  CHECK(CheckFloors(s, Floors{0.65, 0.5}).empty());  // at the floor is enough
  CHECK(CheckFloors(s, Floors{0.70, 0.45}) ==
        std::vector<std::string>{"nDCG@10 0.6500 is below the floor 0.7000"});
  CHECK(CheckFloors(s, Floors{0.60, 0.55}) ==
        std::vector<std::string>{"related recall@5 0.5000 is below the floor 0.5500"});
  CHECK(CheckFloors(Summary{}, Floors{0.7, -1}) ==
        std::vector<std::string>{"nDCG@10 has a floor of 0.7000 but nothing was evaluated"});
}

Report SmallReport() {
  Report report;
  report.queries = {ScoreQuery({"P1", "deadlock", {{"a", 2}}, ""}, {"a"}),
                    ScoreQuery({"P2", "deadlok", {{"a", 2}}, ""}, {"x"})};
  report.members = {{"ab", "a", 1.0, 1.0}, {"ab", "b", 0.0, 0.0}};
  report.summary = Summarize(report.queries, report.members, 1);
  report.unknown_ids = {"gone"};
  return report;
}

TEST_CASE("FormatReport prints the summary, and per query on demand") {
  Report report = SmallReport();
  std::string brief = FormatReport(report, false);
  CHECK(brief ==
        "Search over 2 queries\n"
        "  nDCG@10     0.500\n"
        "  MRR         0.500\n"
        "  success@1   0.500\n"
        "Related over 2 questions in 1 clusters\n"
        "  recall@5    0.500\n"
        "  MRR@5       0.500\n");
  std::string full = FormatReport(report, true);
  CHECK(full.find("P1          1.000      1  deadlock\n") != std::string::npos);
  CHECK(full.find("P2          0.000      -  deadlok\n") != std::string::npos);
  CHECK(full.find("ab                           2     0.500   0.500\n") != std::string::npos);
  CHECK(full.size() > brief.size());
  CHECK(full.substr(full.size() - brief.size()) == brief);
}

TEST_CASE("ReportToJson") {
  nlohmann::json json = ReportToJson(SmallReport());
  CHECK(json["queries"]["count"] == 2);
  CHECK(json["queries"]["ndcg_at_10"] == 0.5);
  CHECK(json["queries"]["per_query"][0]["first_relevant_rank"] == 1);
  CHECK(json["queries"]["per_query"][1]["first_relevant_rank"].is_null());
  CHECK(json["related"]["clusters"] == 1);
  CHECK(json["related"]["questions"] == 2);
  CHECK(json["related"]["recall_at_5"] == 0.5);
  CHECK(json["related"]["per_question"][1]["id"] == "b");
  CHECK(json["unknown_ids"] == nlohmann::json::array({"gone"}));
}

}  // namespace
}  // namespace quarry::eval
