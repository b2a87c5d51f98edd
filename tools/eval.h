// Search-quality evaluation: judged queries and related-question clusters
// (the formats and metrics of tests/data/eval/README.md), scored against a
// Quarry index.
//
// The parts, each usable alone:
//  - ParseQueries / ParseRelated (and Load* to read a file) turn the TSV
//    files into values; a malformed line is an InvalidArgument naming the
//    file and the line.
//  - NdcgAt, ReciprocalRank, ... are pure metric functions over a ranked
//    list of ids and the judgments, so they are testable without an index.
//  - Evaluate asks a RankingSource (SearcherSource wraps a quarry::Searcher)
//    for every ranking and scores them into a Report.
//  - CheckFloors, FormatReport and ReportToJson present the Report.
//
// Nothing here prints or exits; that is tools/eval_main.cc's job.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "searcher/searcher.h"

namespace quarry::eval {

// ---- The judgments ----

// Question id -> grade: 2 answers the query directly, 1 is related. A
// question that is not listed counts 0.
using Judgments = std::map<std::string, int>;

struct JudgedQuery {
  std::string id;     // "P01"
  std::string query;  // exactly as a user types it (not trimmed)
  Judgments judgments;
  std::string source;  // "file:line", for messages
};

struct Cluster {
  std::string name;
  std::vector<std::string> members;  // question ids, at least two, distinct
  std::string source;                // "file:line"
};

// Parses the text of a queries file: one `id <TAB> query <TAB> judgments`
// a line, judgments being space-separated `grade:id,id,...` groups with
// grade 1 or 2. Blank lines and lines starting with '#' are skipped; a
// trailing '\r' is dropped. `file_name` only labels messages.
// Fails with InvalidArgument "file:line: what is wrong" for the first
// malformed line: a wrong field count, an empty id or query, a duplicate
// query id, a bad grade or group, an empty or duplicate judged id, no
// judged question at all.
Result<std::vector<JudgedQuery>> ParseQueries(std::string_view text, std::string_view file_name);

// Parses the text of a related file: one `name <TAB> id,id,...` a line,
// with comments and blank lines as above. Fails with InvalidArgument
// "file:line: ..." for a wrong field count, an empty or duplicate name, an
// empty or duplicate member, or fewer than two members.
Result<std::vector<Cluster>> ParseRelated(std::string_view text, std::string_view file_name);

// Read the file at `path` and parse it as above. NotFound when there is no
// such file, IOError when it cannot be read.
Result<std::vector<JudgedQuery>> LoadQueries(const std::string& path);
Result<std::vector<Cluster>> LoadRelated(const std::string& path);

// ---- Metrics (pure) ----
// `ranked` is a list of question ids, best first. An id that occurs again
// further down the list gains nothing the second time.

// DCG@k / ideal DCG@k with gain = grade and DCG = sum of gain_i / log2(i+1)
// over ranks i = 1..k; the ideal ranking sorts the judgments by grade.
// 0 when the judgments hold no positive grade.
double NdcgAt(const std::vector<std::string>& ranked, const Judgments& judgments, size_t k);

// The 1-based rank of the first id with a grade above 0 anywhere in
// `ranked`, or 0 when there is none.
size_t FirstRelevantRank(const std::vector<std::string>& ranked, const Judgments& judgments);

// 1 / FirstRelevantRank, or 0 when there is no relevant id.
double ReciprocalRank(const std::vector<std::string>& ranked, const Judgments& judgments);

// Among the first k ids of `ranked`: the share of `others` found, out of
// min(k, others.size()); 0 when `others` is empty.
double RecallAt(const std::vector<std::string>& ranked, const std::vector<std::string>& others,
                size_t k);

// 1 / rank of the first id of `others` within the first k of `ranked`, or 0.
double ReciprocalRankAt(const std::vector<std::string>& ranked,
                        const std::vector<std::string>& others, size_t k);

// ---- Scores ----

inline constexpr size_t kNdcgDepth = 10;
inline constexpr size_t kRelatedDepth = 5;
// How many hits a query asks for; MRR looks at all of them.
inline constexpr size_t kQueryDepth = SearchRequest::kMaxLimit;

struct QueryScore {
  std::string id;
  std::string query;
  double ndcg = 0;                 // nDCG@kNdcgDepth
  size_t first_relevant_rank = 0;  // 0: none among the hits
  double reciprocal_rank = 0;
  size_t hits = 0;  // how many hits the engine returned
};

struct MemberScore {
  std::string cluster;
  std::string id;
  double recall = 0;           // recall@kRelatedDepth
  double reciprocal_rank = 0;  // MRR@kRelatedDepth contribution
};

// Scores one ranking.
QueryScore ScoreQuery(const JudgedQuery& query, const std::vector<std::string>& ranked);
// Scores the related ranking of `member`, one of `cluster`'s members.
MemberScore ScoreMember(const Cluster& cluster, const std::string& member,
                        const std::vector<std::string>& related);

struct Summary {
  size_t queries = 0;
  double ndcg = 0;          // mean nDCG@10
  double mrr = 0;           // mean reciprocal rank
  double success_at_1 = 0;  // share of queries whose first hit is relevant
  size_t clusters = 0;
  size_t members = 0;         // cluster members scored (a question in two clusters counts twice)
  double related_recall = 0;  // mean recall@5
  double related_mrr = 0;     // mean MRR@5
};

// Means over the scores; 0 for an empty list.
Summary Summarize(const std::vector<QueryScore>& queries, const std::vector<MemberScore>& members,
                  size_t clusters);

struct Report {
  std::vector<QueryScore> queries;
  std::vector<MemberScore> members;
  Summary summary;
  // Judged or clustered ids that the index does not hold, each once. They
  // lower the figures; the judgments are probably stale.
  std::vector<std::string> unknown_ids;
};

// ---- Running ----

// The rankings the evaluator asks for, as lists of question ids.
class RankingSource {
 public:
  virtual ~RankingSource() = default;
  // The hits for `query` as typed, best first, at most `limit`.
  virtual Result<std::vector<std::string>> Search(const std::string& query, size_t limit) = 0;
  // The questions related to `id`, best first, at most `limit`. NotFound
  // when there is no question `id`.
  virtual Result<std::vector<std::string>> Related(const std::string& id, size_t limit) = 0;
  // Whether the bank holds a question `id`.
  virtual Result<bool> Contains(const std::string& id) = 0;
};

// A RankingSource over an open Searcher, which must outlive it. Queries
// run with the SearchRequest defaults (prefix_last_word stays true), no
// filters.
class SearcherSource : public RankingSource {
 public:
  explicit SearcherSource(Searcher& searcher) : searcher_(searcher) {}
  Result<std::vector<std::string>> Search(const std::string& query, size_t limit) override;
  Result<std::vector<std::string>> Related(const std::string& id, size_t limit) override;
  Result<bool> Contains(const std::string& id) override;

 private:
  Searcher& searcher_;
};

// Runs every query (asking for kQueryDepth hits) and every cluster member's
// related questions (kRelatedDepth), and scores them. A member that the
// index does not hold scores 0 and is listed in unknown_ids, as is every
// judged id that it does not hold. Fails with the first other error of the
// source, prefixed with the query or member it concerned.
Result<Report> Evaluate(RankingSource& source, const std::vector<JudgedQuery>& queries,
                        const std::vector<Cluster>& clusters);

// ---- Presenting ----

// Regression floors; a negative floor is not checked.
struct Floors {
  double ndcg = -1;            // minimum mean nDCG@10
  double related_recall = -1;  // minimum mean related recall@5
};

// One sentence for each figure below its floor ("nDCG@10 0.6512 is below
// the floor 0.7000"); empty when all are met.
std::vector<std::string> CheckFloors(const Summary& summary, const Floors& floors);

// A readable table: with `per_query`, a line for each query (nDCG@10, rank
// of the first relevant hit, the query) and for each cluster (recall@5,
// MRR@5); then the summary. Sections with nothing evaluated are left out.
std::string FormatReport(const Report& report, bool per_query);

// {"queries": {"count", "ndcg_at_10", "mrr", "success_at_1",
//              "per_query": [{"id", "query", "ndcg_at_10",
//                             "first_relevant_rank" (null when none),
//                             "reciprocal_rank", "hits"}]},
//  "related": {"clusters", "questions", "recall_at_5", "mrr_at_5",
//              "per_question": [{"cluster", "id", "recall_at_5", "mrr_at_5"}]},
//  "unknown_ids": [id, ...]}
nlohmann::json ReportToJson(const Report& report);

}  // namespace quarry::eval
