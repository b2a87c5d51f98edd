// quarry-search: search a Quarry index from the command line.
// Exit status like grep: 0 with hits, 1 with none, 2 on an error.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "core/env_options.h"
#include "searcher/facets.h"
#include "searcher/json_encoding.h"
#include "searcher/query_stats.h"
#include "searcher/searcher.h"

namespace po = boost::program_options;

namespace {

struct SearchCommand {
  std::vector<std::string> db{"index"};
  std::vector<std::string> words;
  // The filters, by facet (schema::kFacets order): --bank, --part, ...
  std::vector<std::string> filters[quarry::kFacetCount];
  size_t limit = 10;
  size_t offset = 0;
  size_t enough = quarry::SearchRequest().enough_results;
  bool json = false;
  bool collapse = false;
  bool explain = false;
  std::string related;
  std::string show;
  std::string stats;  // a query log to report on
  size_t never_opened = quarry::StatsLimits().never_opened;
  quarry::SearcherOptions searcher;
};

// The snippet's markup for a terminal: <mark> as bold (or nothing), entities decoded.
std::string TerminalText(const std::string& snippet, bool bold) {
  static const std::pair<const char*, const char*> kReplacements[] = {
      {"<mark>", "\033[1m"}, {"</mark>", "\033[0m"}, {"&lt;", "<"},  {"&gt;", ">"},
      {"&quot;", "\""},      {"&#39;", "'"},         {"&amp;", "&"}};
  std::string out;
  for (size_t i = 0; i < snippet.size();) {
    bool replaced = false;
    for (const auto& [from, to] : kReplacements) {
      std::string_view f(from);
      if (snippet.compare(i, f.size(), f) == 0) {
        if (bold || from[0] == '&') out += to;
        i += f.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += snippet[i++];
  }
  return out;
}

// "Bank > Part > Section, question 3", leaving out what the question lacks.
std::string Location(const quarry::Question& q) {
  std::string out;
  const std::string* previous = nullptr;
  for (const std::string* where : {&q.bank, &q.part, &q.section}) {
    // Left out: none, or the same as the one before (a bank whose part is its title).
    if (where->empty() || (previous && *previous == *where)) continue;
    out += (out.empty() ? "" : " > ") + *where;
    previous = where;
  }
  if (q.number > 0) out += (out.empty() ? "question " : ", question ") + std::to_string(q.number);
  return out;
}

void PrintHits(const std::vector<quarry::Hit>& hits, size_t first_rank, bool bold, size_t related_total = 0) {
  size_t rank = first_rank;
  bool divided = false;
  for (const quarry::Hit& h : hits) {
    if (h.related && !divided) {
      // The questions found by related subjects, after those with the words.
      std::printf("--- related subjects (%zu) ---\n", related_total);
      divided = true;
    }
    if (h.matched_in == quarry::MatchedIn::kAnswer) {
      // The question, then where its answer has the words.
      std::printf("%3zu. %s  [%s]\n     %s\n     (in the answer) %s\n", rank++, h.id.c_str(), h.section.c_str(),
                  h.text.c_str(), TerminalText(h.snippet, bold).c_str());
    } else {
      std::printf("%3zu. %s  [%s]\n     %s\n", rank++, h.id.c_str(), h.section.c_str(),
                  TerminalText(h.snippet, bold).c_str());
    }
    if (!h.matched_terms.empty()) {
      std::string terms;
      for (const auto& [term, weight] : h.matched_terms) {
        char buf[32];
        std::snprintf(buf, sizeof buf, " (%.2f)", weight);
        terms += (terms.empty() ? "" : ", ") + term + (weight > 0 ? buf : " (in a group)");
      }
      std::printf("     score %.2f; matched %s\n", h.score, terms.c_str());
    }
    if (!h.also_in.empty()) {
      std::string places;
      for (const quarry::Question::Place& p : h.also_in) places += (places.empty() ? "" : ", ") + p.id;
      std::printf("     also asked as %s\n", places.c_str());
    }
  }
}

int Fail(const quarry::Status& s) {
  std::cerr << "quarry-search: " << s.message() << "\n";
  return 2;
}

int Run(const SearchCommand& cmd) {
  auto opened = quarry::Searcher::Open(cmd.db, cmd.searcher);
  if (!opened.ok()) return Fail(opened.status());
  quarry::Searcher& searcher = **opened;
  bool bold = ::isatty(STDOUT_FILENO);

  if (!cmd.show.empty()) {
    auto q = searcher.Get(cmd.show);
    if (!q.ok()) return Fail(q.status());
    if (cmd.json) {
      std::cout << quarry::EncodeJson(quarry::ToJson(*q), 2) << "\n";
    } else {
      std::printf("%s\n%s\n\n%s\n", q->id.c_str(), Location(*q).c_str(), q->text.c_str());
      if (!q->body.empty()) std::printf("\n%s\n", q->body.c_str());
    }
    return 0;
  }
  if (!cmd.stats.empty()) {
    // Each list of queries at most --limit long.
    quarry::StatsLimits limits;
    limits.top = limits.no_hits = limits.relaxed = cmd.limit;
    limits.never_opened = cmd.never_opened;
    auto report = quarry::ReportForIndex(cmd.stats, searcher, limits);
    if (!report.ok()) return Fail(report.status());
    for (const std::string& warning : report->warnings) std::cerr << "quarry-search: " << warning << "\n";
    if (report->skipped_lines > report->warnings.size()) {
      std::cerr << "quarry-search: and " << report->skipped_lines - report->warnings.size()
                << " more lines skipped\n";
    }
    if (cmd.json) {
      std::cout << quarry::EncodeJson(quarry::ToJson(*report), 2) << "\n";
    } else {
      std::cout << quarry::ReportText(*report);
    }
    return 0;
  }
  if (!cmd.related.empty()) {
    auto hits = searcher.Related(cmd.related, cmd.limit);
    if (!hits.ok()) return Fail(hits.status());
    if (cmd.json) {
      std::cout << quarry::EncodeJson(quarry::RelatedToJson(cmd.related, *hits), 2) << "\n";
    } else {
      PrintHits(*hits, 1, bold);
    }
    return hits->empty() ? 1 : 0;
  }

  quarry::SearchRequest request;
  for (const std::string& w : cmd.words) {
    if (!request.query.empty()) request.query += ' ';
    request.query += w;
  }
  for (size_t f = 0; f < quarry::kFacetCount; ++f) quarry::Selection(request, quarry::FacetId(f)) = cmd.filters[f];
  request.collapse = cmd.collapse;
  request.explain = cmd.explain;
  request.limit = cmd.limit;
  request.offset = cmd.offset;
  request.enough_results = cmd.enough;
  auto response = searcher.Search(request);
  if (!response.ok()) return Fail(response.status());
  if (cmd.json) {
    std::cout << quarry::EncodeJson(quarry::ToJson(*response), 2) << "\n";
  } else {
    if (response->showing_corrected) {
      std::printf("No match for \"%s\"; showing results for \"%s\"\n", request.query.c_str(),
                  response->corrected_query->c_str());
    } else if (response->corrected_query) {
      std::printf("Did you mean \"%s\"?\n", response->corrected_query->c_str());
    }
    const quarry::Matching& m = response->matching;
    if (m.relaxed()) {
      std::printf("Few questions have all %zu words: showing those with at least %zu.\n", m.words, m.required);
    }
    for (const std::string& note : response->explanation) std::printf("(%s)\n", note.c_str());
    PrintHits(response->hits, request.offset + 1, bold, response->related_total);
    if (response->related_total > 0) {
      std::printf("%zu shown of %zu questions with the words and %zu on related subjects (%.1f ms)\n",
                  response->hits.size(), response->total, response->related_total, response->took_ms);
    } else {
      std::printf("%zu of %zu questions (%.1f ms)\n", response->hits.size(), response->total, response->took_ms);
    }
  }
  return response->hits.empty() ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  SearchCommand cmd;
  po::options_description visible(
      "Usage: quarry-search [options] QUERY...\n"
      "       quarry-search --related ID | --show ID\n"
      "       quarry-search --stats FILE [--limit N] [--never-opened N] [--json]\n\n"
      "Searches a Quarry index. Exit status: 0 with hits, 1 with none, 2 on an error.\n\nOptions");
  visible.add_options()
      ("help,h", "show this help")
      ("in-memory-words", po::value(&cmd.searcher.in_memory_max_words)->value_name("N")
           ->default_value(cmd.searcher.in_memory_max_words),
       "a bank of at most N indexed words is searched from a copy in memory; 0: always from disk")
      ("db", po::value(&cmd.db)->default_value(cmd.db, "index")->composing(),
       "index folder; given again, more databases searched as one: folders, or tcp://HOST:PORT served by "
       "xapian-tcpsrv (the first holds the bank-wide data: an index folder, or DIR/bank of a sharded one)");
  for (size_t f = 0; f < quarry::kFacetCount; ++f) {
    const std::string name(quarry::FacetName(quarry::FacetId(f)));
    visible.add_options()(name.c_str(), po::value(&cmd.filters[f])->composing(),
                          ("only this " + name + " (name or slug; repeatable)").c_str());
  }
  visible.add_options()
      ("limit,n", po::value(&cmd.limit)->default_value(cmd.limit), "hits to show (at most 100)")
      ("offset", po::value(&cmd.offset)->default_value(cmd.offset), "hits to skip")
      ("enough", po::value(&cmd.enough)->default_value(cmd.enough),
       "relax the query (fewer of its words, then related subjects) while it finds fewer questions")
      ("json", po::bool_switch(&cmd.json), "print the API's JSON")
      ("explain", po::bool_switch(&cmd.explain), "show why each hit ranked where it did")
      ("collapse", po::bool_switch(&cmd.collapse), "one hit per group of near-duplicate questions")
      ("related", po::value(&cmd.related), "questions related to this id")
      ("show", po::value(&cmd.show), "print the question with this id")
      ("stats", po::value(&cmd.stats)->value_name("FILE"),
       "report on quarry-serve's --query-log FILE: the top queries, those with no hit or only relaxed "
       "hits (each list at most --limit long), and the questions of --db never opened")
      ("never-opened", po::value(&cmd.never_opened)->default_value(cmd.never_opened),
       "with --stats: how many of the never-opened questions to list");
  po::options_description all;
  all.add(visible).add_options()("word", po::value(&cmd.words));
  po::positional_options_description positional;
  positional.add("word", -1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    quarry::StoreEnvironment(visible, vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << visible << "\n" << quarry::EnvironmentHelp(visible);
      return 0;
    }
  } catch (const po::error& e) {
    std::cerr << "quarry-search: " << e.what() << "\n";
    return 2;
  }
  return Run(cmd);
}
