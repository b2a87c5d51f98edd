#include "tools/eval.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

namespace quarry::eval {
namespace {

// ---- Text helpers ----

std::string Format(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string Format(const char* format, ...) {
  va_list args, copy;
  va_start(args, format);
  va_copy(copy, args);
  int n = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::string out;
  if (n > 0) {
    out.resize(static_cast<size_t>(n) + 1);
    std::vsnprintf(out.data(), out.size(), format, args);
    out.resize(static_cast<size_t>(n));
  }
  va_end(args);
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t end = s.find(separator, start);
    if (end == std::string_view::npos) {
      fields.push_back(s.substr(start));
      return fields;
    }
    fields.push_back(s.substr(start, end - start));
    start = end + 1;
  }
}

// Splits at runs of spaces and tabs, dropping empty words.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

bool HasSpace(std::string_view s) { return std::any_of(s.begin(), s.end(), IsSpace); }

// A line of a TSV file that holds data (not blank, not a comment).
struct Line {
  std::string_view text;  // without the line break and a trailing '\r'
  size_t number = 0;      // from 1
  std::string source;     // "file:line"
};

std::vector<Line> DataLines(std::string_view text, std::string_view file_name) {
  std::vector<Line> lines;
  size_t number = 0;
  for (std::string_view raw : Split(text, '\n')) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string_view content = Trim(raw);
    if (content.empty() || content.front() == '#') continue;
    lines.push_back({raw, number, std::string(file_name) + ":" + std::to_string(number)});
  }
  return lines;
}

Status LineError(const Line& line, const std::string& what) {
  return Status::InvalidArgument(line.source + ": " + what);
}

// Same code, message prefixed with `context`.
Status WithContext(const Status& status, const std::string& context) {
  std::string message = context + ": " + status.message();
  switch (status.code()) {
    case Status::Code::kOk:
      return status;
    case Status::Code::kNotFound:
      return Status::NotFound(message);
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(message);
    case Status::Code::kCorruption:
      return Status::Corruption(message);
    case Status::Code::kIOError:
      return Status::IOError(message);
    case Status::Code::kInternal:
      return Status::Internal(message);
  }
  return Status::Internal(message);
}

Result<std::string> ReadFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return Status::NotFound("no file " + path);
  if (std::filesystem::is_directory(path, error)) {
    return Status::IOError(path + " is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
  return contents.str();
}

// ---- Parsing ----

// `grade:id,id ...` groups into `judgments`.
Status ParseJudgments(const Line& line, std::string_view field, Judgments& judgments) {
  for (std::string_view group : Words(field)) {
    size_t colon = group.find(':');
    if (colon == std::string_view::npos) {
      return LineError(
          line, "judgment group \"" + std::string(group) + "\" is not of the form grade:id,id,...");
    }
    std::string_view grade_text = group.substr(0, colon);
    if (grade_text != "1" && grade_text != "2") {
      return LineError(line, "grade \"" + std::string(grade_text) + "\" in \"" +
                                 std::string(group) + "\" is not 1 or 2");
    }
    int grade = grade_text == "2" ? 2 : 1;
    for (std::string_view id : Split(group.substr(colon + 1), ',')) {
      if (id.empty()) {
        return LineError(line,
                         "empty question id in judgment group \"" + std::string(group) + "\"");
      }
      if (!judgments.emplace(std::string(id), grade).second) {
        return LineError(line, "question " + std::string(id) + " is judged twice");
      }
    }
  }
  if (judgments.empty()) return LineError(line, "no judged questions");
  return Status::Ok();
}

Result<JudgedQuery> ParseQueryLine(const Line& line) {
  std::vector<std::string_view> fields = Split(line.text, '\t');
  if (fields.size() != 3) {
    return LineError(line, "expected 3 tab-separated fields (id, query, judgments), found " +
                               std::to_string(fields.size()));
  }
  JudgedQuery query;
  query.id = std::string(Trim(fields[0]));
  query.query = std::string(fields[1]);
  query.source = line.source;
  if (query.id.empty()) return LineError(line, "empty query id");
  if (HasSpace(query.id)) return LineError(line, "query id \"" + query.id + "\" contains a space");
  if (Trim(query.query).empty()) return LineError(line, "empty query");
  Status status = ParseJudgments(line, fields[2], query.judgments);
  if (!status.ok()) return status;
  return query;
}

Result<Cluster> ParseClusterLine(const Line& line) {
  std::vector<std::string_view> fields = Split(line.text, '\t');
  if (fields.size() != 2) {
    return LineError(line, "expected 2 tab-separated fields (name, ids), found " +
                               std::to_string(fields.size()));
  }
  Cluster cluster;
  cluster.name = std::string(Trim(fields[0]));
  cluster.source = line.source;
  if (cluster.name.empty()) return LineError(line, "empty cluster name");
  std::set<std::string_view> seen;
  for (std::string_view raw : Split(fields[1], ',')) {
    std::string_view id = Trim(raw);
    if (id.empty()) return LineError(line, "empty question id in cluster " + cluster.name);
    if (HasSpace(id)) {
      return LineError(line, "question id \"" + std::string(id) + "\" contains a space");
    }
    if (!seen.insert(id).second) {
      return LineError(
          line, "question " + std::string(id) + " is listed twice in cluster " + cluster.name);
    }
    cluster.members.emplace_back(id);
  }
  if (cluster.members.size() < 2) {
    return LineError(line, "cluster " + cluster.name + " has fewer than two questions");
  }
  return cluster;
}

// Parses every data line with `parse_line`, rejecting a repeated key.
template <typename T>
Result<std::vector<T>> ParseLines(std::string_view text, std::string_view file_name,
                                  const std::function<Result<T>(const Line&)>& parse_line,
                                  const std::function<const std::string&(const T&)>& key,
                                  const char* key_kind) {
  std::vector<T> items;
  std::unordered_map<std::string, std::string> first_source;
  for (const Line& line : DataLines(text, file_name)) {
    Result<T> item = parse_line(line);
    if (!item.ok()) return item.status();
    auto [it, inserted] = first_source.emplace(key(*item), line.source);
    if (!inserted) {
      return LineError(
          line, std::string(key_kind) + " " + key(*item) + " already appears at " + it->second);
    }
    items.push_back(std::move(item).value());
  }
  return items;
}

// ---- Scoring ----

int GradeOf(const Judgments& judgments, const std::string& id) {
  auto it = judgments.find(id);
  return it == judgments.end() ? 0 : it->second;
}

double Discount(size_t index) { return std::log2(static_cast<double>(index) + 2.0); }

std::vector<std::string> Truncated(std::vector<std::string> ids, size_t limit) {
  if (ids.size() > limit) ids.resize(limit);
  return ids;
}

double Mean(double sum, size_t count) { return count == 0 ? 0 : sum / static_cast<double>(count); }

}  // namespace

Result<std::vector<JudgedQuery>> ParseQueries(std::string_view text, std::string_view file_name) {
  return ParseLines<JudgedQuery>(
      text, file_name, ParseQueryLine,
      [](const JudgedQuery& q) -> const std::string& { return q.id; }, "query id");
}

Result<std::vector<Cluster>> ParseRelated(std::string_view text, std::string_view file_name) {
  return ParseLines<Cluster>(
      text, file_name, ParseClusterLine,
      [](const Cluster& c) -> const std::string& { return c.name; }, "cluster");
}

Result<std::vector<JudgedQuery>> LoadQueries(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseQueries(*text, path);
}

Result<std::vector<Cluster>> LoadRelated(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseRelated(*text, path);
}

double NdcgAt(const std::vector<std::string>& ranked, const Judgments& judgments, size_t k) {
  std::vector<int> ideal;
  for (const auto& [id, grade] : judgments) {
    if (grade > 0) ideal.push_back(grade);
  }
  std::sort(ideal.begin(), ideal.end(), std::greater<int>());
  double ideal_dcg = 0;
  for (size_t i = 0; i < ideal.size() && i < k; ++i) ideal_dcg += ideal[i] / Discount(i);
  if (ideal_dcg == 0) return 0;

  double dcg = 0;
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < ranked.size() && i < k; ++i) {
    if (!seen.insert(ranked[i]).second) continue;
    dcg += GradeOf(judgments, ranked[i]) / Discount(i);
  }
  return dcg / ideal_dcg;
}

size_t FirstRelevantRank(const std::vector<std::string>& ranked, const Judgments& judgments) {
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (GradeOf(judgments, ranked[i]) > 0) return i + 1;
  }
  return 0;
}

double ReciprocalRank(const std::vector<std::string>& ranked, const Judgments& judgments) {
  size_t rank = FirstRelevantRank(ranked, judgments);
  return rank == 0 ? 0 : 1.0 / static_cast<double>(rank);
}

double RecallAt(const std::vector<std::string>& ranked, const std::vector<std::string>& others,
                size_t k) {
  size_t wanted = std::min(k, others.size());
  if (wanted == 0) return 0;
  std::unordered_set<std::string> missing(others.begin(), others.end());
  size_t found = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i) {
    if (missing.erase(ranked[i]) > 0) ++found;
  }
  return static_cast<double>(found) / static_cast<double>(wanted);
}

double ReciprocalRankAt(const std::vector<std::string>& ranked,
                        const std::vector<std::string>& others, size_t k) {
  for (size_t i = 0; i < ranked.size() && i < k; ++i) {
    if (std::find(others.begin(), others.end(), ranked[i]) != others.end()) {
      return 1.0 / static_cast<double>(i + 1);
    }
  }
  return 0;
}

QueryScore ScoreQuery(const JudgedQuery& query, const std::vector<std::string>& ranked) {
  QueryScore score;
  score.id = query.id;
  score.query = query.query;
  score.ndcg = NdcgAt(ranked, query.judgments, kNdcgDepth);
  score.first_relevant_rank = FirstRelevantRank(ranked, query.judgments);
  score.reciprocal_rank = ReciprocalRank(ranked, query.judgments);
  score.hits = ranked.size();
  return score;
}

MemberScore ScoreMember(const Cluster& cluster, const std::string& member,
                        const std::vector<std::string>& related) {
  std::vector<std::string> others;
  for (const std::string& id : cluster.members) {
    if (id != member) others.push_back(id);
  }
  MemberScore score;
  score.cluster = cluster.name;
  score.id = member;
  score.recall = RecallAt(related, others, kRelatedDepth);
  score.reciprocal_rank = ReciprocalRankAt(related, others, kRelatedDepth);
  return score;
}

Summary Summarize(const std::vector<QueryScore>& queries, const std::vector<MemberScore>& members,
                  size_t clusters) {
  Summary summary;
  double ndcg = 0, rr = 0, success = 0;
  for (const QueryScore& q : queries) {
    ndcg += q.ndcg;
    rr += q.reciprocal_rank;
    if (q.first_relevant_rank == 1) success += 1;
  }
  summary.queries = queries.size();
  summary.ndcg = Mean(ndcg, queries.size());
  summary.mrr = Mean(rr, queries.size());
  summary.success_at_1 = Mean(success, queries.size());

  double recall = 0, member_rr = 0;
  for (const MemberScore& m : members) {
    recall += m.recall;
    member_rr += m.reciprocal_rank;
  }
  summary.clusters = clusters;
  summary.members = members.size();
  summary.related_recall = Mean(recall, members.size());
  summary.related_mrr = Mean(member_rr, members.size());
  return summary;
}

// ---- Running ----

Result<std::vector<std::string>> SearcherSource::Search(const std::string& query, size_t limit) {
  SearchRequest request;
  request.query = query;
  request.limit = limit;
  Result<SearchResponse> response = searcher_.Search(request);
  if (!response.ok()) return response.status();
  std::vector<std::string> ids;
  for (const Hit& hit : response->hits) ids.push_back(hit.id);
  return ids;
}

Result<std::vector<std::string>> SearcherSource::Related(const std::string& id, size_t limit) {
  Result<std::vector<Hit>> hits = searcher_.Related(id, limit);
  if (!hits.ok()) return hits.status();
  std::vector<std::string> ids;
  for (const Hit& hit : *hits) ids.push_back(hit.id);
  return ids;
}

Result<bool> SearcherSource::Contains(const std::string& id) {
  Result<Question> question = searcher_.Get(id);
  if (question.ok()) return true;
  if (question.status().code() == Status::Code::kNotFound) return false;
  return question.status();
}

namespace {

// Every judged or clustered id, once: the queries' (each query's by id),
// then the clusters'.
std::vector<std::string> MentionedIds(const std::vector<JudgedQuery>& queries,
                                      const std::vector<Cluster>& clusters) {
  std::vector<std::string> ids;
  std::unordered_set<std::string> seen;
  for (const JudgedQuery& q : queries) {
    for (const auto& [id, grade] : q.judgments) {
      if (seen.insert(id).second) ids.push_back(id);
    }
  }
  for (const Cluster& c : clusters) {
    for (const std::string& id : c.members) {
      if (seen.insert(id).second) ids.push_back(id);
    }
  }
  return ids;
}

}  // namespace

Result<Report> Evaluate(RankingSource& source, const std::vector<JudgedQuery>& queries,
                        const std::vector<Cluster>& clusters) {
  Report report;
  std::unordered_set<std::string> unknown;
  for (const std::string& id : MentionedIds(queries, clusters)) {
    Result<bool> known = source.Contains(id);
    if (!known.ok()) return WithContext(known.status(), "looking up question " + id);
    if (!*known && unknown.insert(id).second) report.unknown_ids.push_back(id);
  }

  for (const JudgedQuery& query : queries) {
    Result<std::vector<std::string>> ranked = source.Search(query.query, kQueryDepth);
    if (!ranked.ok()) {
      return WithContext(ranked.status(),
                         query.source + ": query " + query.id + " \"" + query.query + "\"");
    }
    report.queries.push_back(ScoreQuery(query, Truncated(std::move(ranked).value(), kQueryDepth)));
  }

  std::unordered_map<std::string, std::vector<std::string>> related_of;
  for (const Cluster& cluster : clusters) {
    for (const std::string& member : cluster.members) {
      auto it = related_of.find(member);
      if (it == related_of.end()) {
        std::vector<std::string> related;
        if (!unknown.count(member)) {
          Result<std::vector<std::string>> ranked = source.Related(member, kRelatedDepth);
          if (ranked.ok()) {
            related = Truncated(std::move(ranked).value(), kRelatedDepth);
          } else if (ranked.status().code() == Status::Code::kNotFound) {
            if (unknown.insert(member).second) report.unknown_ids.push_back(member);
          } else {
            return WithContext(ranked.status(), cluster.source + ": related questions of " +
                                                    member + " (cluster " + cluster.name + ")");
          }
        }
        it = related_of.emplace(member, std::move(related)).first;
      }
      report.members.push_back(ScoreMember(cluster, member, it->second));
    }
  }

  report.summary = Summarize(report.queries, report.members, clusters.size());
  return report;
}

// ---- Presenting ----

std::vector<std::string> CheckFloors(const Summary& summary, const Floors& floors) {
  std::vector<std::string> failures;
  auto check = [&](const char* name, double value, double floor, size_t count) {
    if (floor < 0) return;
    if (count == 0) {
      failures.push_back(Format("%s has a floor of %.4f but nothing was evaluated", name, floor));
    } else if (value < floor) {
      failures.push_back(Format("%s %.4f is below the floor %.4f", name, value, floor));
    }
  };
  check("nDCG@10", summary.ndcg, floors.ndcg, summary.queries);
  check("related recall@5", summary.related_recall, floors.related_recall, summary.members);
  return failures;
}

namespace {

std::string RankText(size_t rank) { return rank == 0 ? "-" : std::to_string(rank); }

void AppendPerQuery(const Report& report, std::string& out) {
  out += Format("%-8s %8s %6s  %s\n", "id", "nDCG@10", "first", "query");
  for (const QueryScore& q : report.queries) {
    out += Format("%-8s %8.3f %6s  %s\n", q.id.c_str(), q.ndcg,
                  RankText(q.first_relevant_rank).c_str(), q.query.c_str());
  }
  out += "\n";
}

void AppendPerCluster(const Report& report, std::string& out) {
  // Members of a cluster are contiguous in report.members.
  out += Format("%-24s %5s %9s %7s\n", "cluster", "size", "recall@5", "MRR@5");
  size_t i = 0;
  while (i < report.members.size()) {
    const std::string& name = report.members[i].cluster;
    double recall = 0, rr = 0;
    size_t n = 0;
    for (; i < report.members.size() && report.members[i].cluster == name; ++i, ++n) {
      recall += report.members[i].recall;
      rr += report.members[i].reciprocal_rank;
    }
    out += Format("%-24s %5zu %9.3f %7.3f\n", name.c_str(), n, Mean(recall, n), Mean(rr, n));
  }
  out += "\n";
}

}  // namespace

std::string FormatReport(const Report& report, bool per_query) {
  std::string out;
  const Summary& s = report.summary;
  if (per_query && s.queries > 0) AppendPerQuery(report, out);
  if (per_query && s.members > 0) AppendPerCluster(report, out);
  if (s.queries > 0) {
    out += Format("Search over %zu queries\n", s.queries);
    out += Format("  nDCG@10     %.3f\n", s.ndcg);
    out += Format("  MRR         %.3f\n", s.mrr);
    out += Format("  success@1   %.3f\n", s.success_at_1);
  }
  if (s.members > 0) {
    out += Format("Related over %zu questions in %zu clusters\n", s.members, s.clusters);
    out += Format("  recall@5    %.3f\n", s.related_recall);
    out += Format("  MRR@5       %.3f\n", s.related_mrr);
  }
  return out;
}

nlohmann::json ReportToJson(const Report& report) {
  const Summary& s = report.summary;
  nlohmann::json per_query = nlohmann::json::array();
  for (const QueryScore& q : report.queries) {
    per_query.push_back({{"id", q.id},
                         {"query", q.query},
                         {"ndcg_at_10", q.ndcg},
                         {"first_relevant_rank", q.first_relevant_rank == 0
                                                     ? nlohmann::json(nullptr)
                                                     : nlohmann::json(q.first_relevant_rank)},
                         {"reciprocal_rank", q.reciprocal_rank},
                         {"hits", q.hits}});
  }
  nlohmann::json per_question = nlohmann::json::array();
  for (const MemberScore& m : report.members) {
    per_question.push_back({{"cluster", m.cluster},
                            {"id", m.id},
                            {"recall_at_5", m.recall},
                            {"mrr_at_5", m.reciprocal_rank}});
  }
  return {{"queries",
           {{"count", s.queries},
            {"ndcg_at_10", s.ndcg},
            {"mrr", s.mrr},
            {"success_at_1", s.success_at_1},
            {"per_query", per_query}}},
          {"related",
           {{"clusters", s.clusters},
            {"questions", s.members},
            {"recall_at_5", s.related_recall},
            {"mrr_at_5", s.related_mrr},
            {"per_question", per_question}}},
          {"unknown_ids", report.unknown_ids}};
}

}  // namespace quarry::eval
