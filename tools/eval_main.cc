// quarry-eval: scores a Quarry index against judged queries and related
// clusters (tests/data/eval/README.md) and enforces regression floors.
// --ranking name=value scores a ranking knob's other value (searcher/ranking.h)
// without a rebuild.
//
// Exit status: 0 when every given floor is met, 1 when a figure falls below
// its floor, 2 on an error (bad options, unreadable file, missing index).
#include <boost/program_options.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "searcher/searcher.h"
#include "tools/eval.h"

namespace {

namespace po = boost::program_options;

constexpr int kExitOk = 0;
constexpr int kExitBelowFloor = 1;
constexpr int kExitError = 2;

struct EvalOptions {
  std::string db;               // index directory written by quarry-index
  std::string queries_path;     // judged queries; empty: none evaluated
  std::string related_path;     // related clusters; empty: none evaluated
  bool per_query = false;       // also a line per query and per cluster
  bool json = false;            // print the report as JSON instead of a table
  quarry::eval::Floors floors;  // negative: not checked
  // --ranking: "name=value" knobs (searcher/ranking.h), or "help".
  std::vector<std::string> ranking;
  quarry::SearcherOptions searcher;  // with those knobs set
};

int Fail(const std::string& message) {
  std::cerr << "quarry-eval: " << message << "\n";
  return kExitError;
}

// Returns an error message, or "" when the options are usable.
std::string Validate(const EvalOptions& options) {
  if (options.db.empty()) return "--db is required";
  if (options.queries_path.empty() && options.related_path.empty()) {
    return "give --queries, --related or both";
  }
  if (options.floors.ndcg >= 0 && options.queries_path.empty()) {
    return "--min-ndcg needs --queries";
  }
  if (options.floors.related_recall >= 0 && options.related_path.empty()) {
    return "--min-related-recall needs --related";
  }
  if (options.floors.ndcg > 1 || options.floors.related_recall > 1) {
    return "a floor must lie between 0 and 1";
  }
  return "";
}

int Run(const EvalOptions& options) {
  std::vector<quarry::eval::JudgedQuery> queries;
  if (!options.queries_path.empty()) {
    auto loaded = quarry::eval::LoadQueries(options.queries_path);
    if (!loaded.ok()) return Fail(loaded.status().ToString());
    if (loaded->empty()) return Fail(options.queries_path + " holds no queries");
    queries = std::move(loaded).value();
  }
  std::vector<quarry::eval::Cluster> clusters;
  if (!options.related_path.empty()) {
    auto loaded = quarry::eval::LoadRelated(options.related_path);
    if (!loaded.ok()) return Fail(loaded.status().ToString());
    if (loaded->empty()) return Fail(options.related_path + " holds no clusters");
    clusters = std::move(loaded).value();
  }

  auto searcher = quarry::Searcher::Open(options.db, options.searcher);
  if (!searcher.ok()) {
    return Fail("cannot open the index " + options.db + ": " + searcher.status().ToString());
  }
  quarry::eval::SearcherSource source(**searcher);
  auto report = quarry::eval::Evaluate(source, queries, clusters);
  if (!report.ok()) return Fail(report.status().ToString());

  if (options.json) {
    std::cout << quarry::eval::ReportToJson(*report).dump(2) << "\n";
  } else {
    std::cout << quarry::eval::FormatReport(*report, options.per_query);
  }
  if (!report->unknown_ids.empty()) {
    std::cerr << "quarry-eval: warning: " << report->unknown_ids.size()
              << " judged question id(s) are not in the index (stale judgments?):";
    for (const std::string& id : report->unknown_ids) std::cerr << " " << id;
    std::cerr << "\n";
  }

  std::vector<std::string> failures = quarry::eval::CheckFloors(report->summary, options.floors);
  for (const std::string& failure : failures)
    std::cerr << "quarry-eval: FAILED: " << failure << "\n";
  if (!failures.empty()) return kExitBelowFloor;
  if (!options.json && (options.floors.ndcg >= 0 || options.floors.related_recall >= 0)) {
    std::cout << "All floors met.\n";
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  EvalOptions options;
  po::options_description described(
      "Usage: quarry-eval --db DIR --queries FILE --related FILE [options]\n"
      "Scores search quality against judged queries and related-question clusters");
  // clang-format off
  described.add_options()
      ("help,h", "show this help")
      ("db", po::value(&options.db)->value_name("DIR"), "index directory written by quarry-index")
      ("queries", po::value(&options.queries_path)->value_name("FILE"),
       "judged queries (id TAB query TAB grade:id,... lines)")
      ("related", po::value(&options.related_path)->value_name("FILE"),
       "related clusters (name TAB id,id,... lines)")
      ("per-query", po::bool_switch(&options.per_query),
       "also print nDCG@10 and first relevant rank per query, and figures per cluster")
      ("json", po::bool_switch(&options.json), "print the report as JSON")
      ("min-ndcg", po::value(&options.floors.ndcg)->value_name("X"),
       "exit 1 when mean nDCG@10 is below X")
      ("min-related-recall", po::value(&options.floors.related_recall)->value_name("Y"),
       "exit 1 when mean related recall@5 is below Y")
      ("ranking", po::value(&options.ranking)->composing()->value_name("KNOB=X"),
       "rank with a knob changed, e.g. answer_weight=0.5 or related.concept_weight=0.8 "
       "(repeatable; \"help\" lists the knobs and their values)");
  // clang-format on
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(described).run(), vm);
    if (vm.count("help")) {
      std::cout << described << "\n";
      return kExitOk;
    }
    po::notify(vm);
    if (vm.count("min-ndcg") && options.floors.ndcg < 0) return Fail("--min-ndcg must be >= 0");
    if (vm.count("min-related-recall") && options.floors.related_recall < 0) {
      return Fail("--min-related-recall must be >= 0");
    }
  } catch (const po::error& e) {
    return Fail(std::string(e.what()) + " (see --help)");
  }
  bool ranking_help = false;
  for (const std::string& knob : options.ranking) {
    if (knob == "help") {
      ranking_help = true;
    } else if (quarry::Status s = quarry::SetKnob(options.searcher.ranking, knob); !s.ok()) {
      return Fail(s.message() + " (--ranking help lists the knobs)");
    }
  }
  if (ranking_help) {
    std::cout << quarry::KnobTable(options.searcher.ranking);
    return kExitOk;
  }
  std::string problem = Validate(options);
  if (!problem.empty()) return Fail(problem + " (see --help)");
  try {
    return Run(options);
  } catch (const std::exception& e) {
    return Fail(std::string("unexpected error: ") + e.what());
  }
}
