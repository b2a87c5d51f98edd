// quarry-index: reads question banks and (re)builds a Quarry index.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/analyzer.h"
#include "indexer/corpus_loader.h"
#include "indexer/index_builder.h"
#include "indexer/synonyms.h"

namespace po = boost::program_options;

namespace {

struct IndexCommand {
  std::string db = "index";
  std::vector<std::string> paths;
  std::vector<std::string> synonyms;  // extra synonym files
  bool quiet = false;
};

quarry::Status LoadSynonyms(const std::vector<std::string>& files, quarry::SynonymTable& table) {
  quarry::Analyzer analyzer;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return quarry::Status::IOError(file + ": cannot open");
    std::stringstream buf;
    buf << in.rdbuf();
    if (quarry::Status s = quarry::ParseSynonyms(buf.str(), file, analyzer, table); !s.ok()) return s;
  }
  return quarry::Status::Ok();
}

int Run(const IndexCommand& cmd) {
  quarry::Result<quarry::Corpus> corpus = quarry::LoadCorpus(cmd.paths);
  if (!corpus.ok()) {
    std::cerr << "quarry-index: " << corpus.status().message() << "\nquarry-index: index left unchanged\n";
    return 1;
  }
  std::vector<std::string> synonym_files = corpus->synonym_files;
  synonym_files.insert(synonym_files.end(), cmd.synonyms.begin(), cmd.synonyms.end());
  quarry::SynonymTable synonyms;
  if (quarry::Status s = LoadSynonyms(synonym_files, synonyms); !s.ok()) {
    std::cerr << "quarry-index: " << s.message() << "\nquarry-index: index left unchanged\n";
    return 1;
  }

  quarry::IndexOptions options;
  options.db_path = cmd.db;
  bool tty = ::isatty(STDERR_FILENO) && !cmd.quiet;
  if (tty && corpus->questions.size() >= 5000) {
    options.progress = [](size_t done, size_t total) {
      std::fprintf(stderr, "\rquarry-index: %zu/%zu questions (%zu%%)", done, total, done * 100 / total);
      std::fflush(stderr);
    };
  }
  quarry::Result<quarry::IndexSummary> summary = quarry::BuildIndex(corpus->questions, synonyms, options);
  if (options.progress) std::fprintf(stderr, "\n");
  if (!summary.ok()) {
    std::cerr << "quarry-index: " << summary.status().message() << "\nquarry-index: index left unchanged\n";
    return 1;
  }
  if (!cmd.quiet) {
    std::printf("quarry-index: %zu questions in %zu sections, %zu parts from %zu file(s); %zu synonym keys; "
                "%.2f s -> %s\n",
                summary->questions, summary->sections, summary->parts, corpus->files.size(),
                summary->synonyms, summary->seconds, summary->generation.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  IndexCommand cmd;
  po::options_description visible(
      "Usage: quarry-index [--db DIR] PATH...\n\n"
      "Reads question banks (markdown *.md, JSON Lines *.jsonl) from files or folders\n"
      "and builds a new index in DIR, switched in atomically: on any error the index\n"
      "that was there stays as it was. A synonyms.txt in a folder is applied.\n\nOptions");
  visible.add_options()
      ("help,h", "show this help")
      ("db", po::value(&cmd.db)->default_value(cmd.db), "index folder")
      ("synonyms", po::value(&cmd.synonyms)->composing(), "a synonyms file (repeatable)")
      ("quiet,q", po::bool_switch(&cmd.quiet), "print nothing on success");
  po::options_description all;
  all.add(visible).add_options()("path", po::value(&cmd.paths));
  po::positional_options_description positional;
  positional.add("path", -1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << visible << "\n";
      return 0;
    }
    if (cmd.paths.empty()) {
      std::cerr << "quarry-index: no input given\n" << visible << "\n";
      return 2;
    }
  } catch (const po::error& e) {
    std::cerr << "quarry-index: " << e.what() << "\n";
    return 2;
  }
  return Run(cmd);
}
