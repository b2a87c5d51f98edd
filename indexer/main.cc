// quarry-index: reads question banks and (re)builds a Quarry index, or
// (--check) says what it would index.
#include <sys/ioctl.h>
#include <unistd.h>

#include <xapian.h>

#include <boost/program_options.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "core/env_options.h"
#include "core/shards.h"
#include "indexer/index_corpus.h"
#include "indexer/index_report_text.h"
#include "indexer/index_update.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// How much of the run the summary shows; --check shows everything.
constexpr size_t kFilesListed = 20;
constexpr size_t kWarningsShown = 5;
constexpr size_t kQuestionsPerSection = 3;

struct IndexCommand {
  std::string db = "index";
  std::vector<std::string> paths;
  std::vector<std::string> synonyms;  // extra synonym files
  std::string vocabulary = quarry::DefaultVocabularyDir();
  bool no_vocabulary = false;
  bool strict = false;
  bool check = false;
  bool quiet = false;
  bool add = false;                 // --add: PATHs change the index instead of rebuilding it
  std::vector<std::string> remove;  // --remove: ids to delete
  size_t shards = 0;                // --shards N: split the index into N databases
  bool updating() const { return add || !remove.empty(); }
};

// Xapian 1.4.22 can throw again while unwinding from a commit that failed
// to write (a full disk fails every later write too, its rollback's
// included), which ends in std::terminate. That is still a failed build:
// the stub was not switched, so the index is as it was, and the next build
// removes the half-written generation. Say so and exit like one.
[[noreturn]] void TerminateAsFailedBuild() {
  std::string what = "an error inside the index library";
  if (std::exception_ptr error = std::current_exception()) {
    try {
      std::rethrow_exception(error);
    } catch (const Xapian::Error& e) {
      what = e.get_description();
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
  }
  std::fprintf(stderr, "quarry-index: writing the index failed: %s\nquarry-index: index left unchanged\n",
               what.c_str());
  std::_Exit(kExitFailed);
}

// The progress line on a terminal, redrawn in place on stderr.
class TerminalProgress {
 public:
  void Draw(const quarry::IndexProgress& progress) {
    std::string line = quarry::ProgressLine(progress);
    winsize size{};
    // A line longer than the terminal would wrap, and \r would redraw only its end.
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 &&
        line.size() >= size.ws_col) {
      line.resize(size.ws_col - 1);
    }
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  // Erases the line, so what follows starts on a clean one.
  void Clear() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
    drawn_ = false;
  }

 private:
  bool drawn_ = false;
};

int Fail(const quarry::Status& status, bool check) {
  std::cerr << "quarry-index: " << status.message() << "\n";
  std::cerr << (check ? "quarry-index: --check: this cannot be indexed\n"
                      : "quarry-index: index left unchanged\n");
  return kExitFailed;
}

// --check: every file, section and warning; under --strict, fails on the first warning.
int PrintCheck(const IndexCommand& cmd, const quarry::IndexReport& report) {
  std::cout << quarry::CheckText(report, kQuestionsPerSection) << std::flush;
  if (!cmd.strict || report.corpus.warnings.empty()) return kExitOk;
  const quarry::BankWarning& first = report.corpus.warnings.front();
  // Worded as LoadCorpus words it under --strict.
  return Fail(quarry::Status::InvalidArgument(first.where + ": " + first.message + " (" +
                                              first.kind + "; --strict makes warnings errors)"),
              /*check=*/true);
}

// After a build: the files, the totals, then the warnings (on stderr, even when quiet).
int PrintSummary(const IndexCommand& cmd, const quarry::IndexReport& report) {
  if (!cmd.quiet) {
    std::cout << quarry::FileLines(report.corpus, kFilesListed) << quarry::TotalsLine(report)
              << std::flush;
  }
  std::cerr << quarry::WarningLines(report.corpus.warnings, kWarningsShown);
  return kExitOk;
}

int Run(const IndexCommand& cmd) {
  quarry::IndexCorpusOptions options;
  options.db_path = cmd.db;
  options.synonym_files = cmd.synonyms;
  options.vocabulary_dir = cmd.no_vocabulary ? std::string() : cmd.vocabulary;
  // --check --strict reads leniently, to list every warning before failing.
  options.strict = cmd.strict && !cmd.check;
  options.shards = cmd.shards;
  options.check_only = cmd.check;
  TerminalProgress terminal;
  if (!cmd.quiet && ::isatty(STDERR_FILENO)) {
    options.progress = [&terminal](const quarry::IndexProgress& p) { terminal.Draw(p); };
  }
  if (cmd.updating()) {
    quarry::IndexUpdate update;
    if (cmd.add) update.add = cmd.paths;
    update.remove = cmd.remove;
    quarry::Result<quarry::IndexReport> report = quarry::UpdateIndex(update, options);
    if (!report.ok()) return Fail(report.status(), /*check=*/false);
    if (!cmd.quiet) std::cout << quarry::UpdateLine(*report) << std::flush;
    std::cerr << quarry::WarningLines(report->corpus.warnings, kWarningsShown);
    return kExitOk;
  }
  quarry::Result<quarry::IndexReport> report = quarry::IndexCorpus(cmd.paths, options);
  terminal.Clear();
  if (!report.ok()) return Fail(report.status(), cmd.check);
  return cmd.check ? PrintCheck(cmd, *report) : PrintSummary(cmd, *report);
}

const char kUsage[] =
    "Usage: quarry-index [--db DIR] [--strict] [--quiet] PATH...\n"
    "       quarry-index --db DIR --add [--remove ID]... PATH...\n"
    "       quarry-index --db DIR --remove ID...\n"
    "       quarry-index --check [--strict] PATH...\n\n"
    "Reads question banks (markdown, JSON Lines, CSV/TSV) from files or folders\n"
    "and builds a new index in DIR, switched in atomically: on any error the index\n"
    "that was there stays as it was. A folder's synonyms.txt, question_types.txt,\n"
    "concepts.txt, topics.txt and filler_words.txt are applied (see corpus/README.md).\n\n"
    "It ends with a summary on stdout (each file, the totals) and the warnings on\n"
    "stderr: counted by kind, the first five as file:line: message. On a terminal\n"
    "a progress line shows while it works.\n\n"
    "--add and --remove change an index in place of rebuilding it: each PATH's\n"
    "questions replace those the index has from that file (a new file's are added,\n"
    "a file or folder that is gone loses its own), --remove deletes questions by\n"
    "id; types, topics, near-duplicates, spelling data and the outline are derived\n"
    "again for the whole bank, with the data files the index was built with. The\n"
    "index ends as a full build of the same files would make it, written as a new\n"
    "generation in which only the documents that changed are new.\n\n"
    "Exit status: 0 indexed (or, with --check, could be indexed); 1 not, with the\n"
    "reason as file:line: message; 2 a usage error.\n\nOptions";

}  // namespace

int main(int argc, char** argv) {
  IndexCommand cmd;
  po::options_description visible(kUsage);
  visible.add_options()
      ("help,h", "show this help")
      ("db", po::value(&cmd.db)->default_value(cmd.db), "index folder")
      ("synonyms", po::value(&cmd.synonyms)->composing(), "a synonyms file (repeatable)")
      ("vocabulary", po::value(&cmd.vocabulary)->default_value(cmd.vocabulary)->value_name("DIR"),
       "the learned vocabulary to take in (abbreviations, term\nneighbours, code words)")
      ("no-vocabulary", po::bool_switch(&cmd.no_vocabulary), "take in no learned vocabulary")
      ("check", po::bool_switch(&cmd.check),
       "read and derive everything, write nothing: print each file's shape and\n"
       "counts, each section's first questions, every warning (no --db needed)")
      ("add", po::bool_switch(&cmd.add),
       "update the index at --db with PATHs instead of rebuilding it")
      ("remove", po::value(&cmd.remove)->composing()->value_name("ID"),
       "delete the question ID from the index at --db (repeatable)")
      ("shards", po::value(&cmd.shards)->value_name("N"),
       "split the index into N shards beside a bank-wide part (DIR/bank, DIR/shard-I), for xapian-tcpsrv to serve")
      ("strict", po::bool_switch(&cmd.strict), "warnings are errors: exit 1, index left unchanged")
      ("quiet,q", po::bool_switch(&cmd.quiet),
       "print nothing on success but the warnings (stderr), and no\n"
       "progress line; --check ignores it");
  std::set_terminate(TerminateAsFailedBuild);
  po::options_description all;
  all.add(visible).add_options()("path", po::value(&cmd.paths));
  po::positional_options_description positional;
  positional.add("path", -1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    quarry::StoreEnvironment(visible, vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << visible << "\n" << quarry::EnvironmentHelp(visible);
      return kExitOk;
    }
    if (cmd.paths.empty() && !(cmd.updating() && !cmd.add)) {
      std::cerr << "quarry-index: no input given\n" << visible << "\n";
      return kExitUsage;
    }
    if (cmd.updating() && (cmd.check || !cmd.synonyms.empty() || !vm["vocabulary"].defaulted() || cmd.no_vocabulary)) {
      std::cerr << "quarry-index: --add and --remove keep the data files and vocabulary the index was built with;"
                   " they cannot be combined with --check, --synonyms or --vocabulary\n";
      return kExitUsage;
    }
    if (cmd.shards > quarry::shards::kMaxShards) {
      std::cerr << "quarry-index: --shards must be at most " << quarry::shards::kMaxShards << "\n";
      return kExitUsage;
    }
    if (cmd.shards > 1 && (cmd.updating() || cmd.check)) {
      std::cerr << "quarry-index: --shards builds an index; it cannot be combined with --add, --remove or --check\n";
      return kExitUsage;
    }
    if (!cmd.add && !cmd.remove.empty() && !cmd.paths.empty()) {
      std::cerr << "quarry-index: PATHs with --remove need --add (to update), or no --remove (to rebuild)\n";
      return kExitUsage;
    }
  } catch (const po::error& e) {
    std::cerr << "quarry-index: " << e.what() << "\n";
    return kExitUsage;
  }
  return Run(cmd);
}
