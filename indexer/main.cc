// quarry-index: reads question banks and (re)builds a Quarry index.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "core/analyzer.h"
#include "indexer/classifier.h"
#include "indexer/corpus_loader.h"
#include "indexer/near_duplicates.h"
#include "indexer/index_builder.h"
#include "indexer/concepts.h"
#include "indexer/synonyms.h"

namespace po = boost::program_options;

namespace {

struct IndexCommand {
  std::string db = "index";
  std::vector<std::string> paths;
  std::vector<std::string> synonyms;  // extra synonym files
  bool quiet = false;
};

// Reads each file and hands its content to `add`.
template <typename Add>
quarry::Status ReadEach(const std::vector<std::string>& files, Add add) {
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return quarry::Status::IOError(file + ": cannot open");
    std::stringstream buf;
    buf << in.rdbuf();
    if (quarry::Status s = add(buf.str(), file); !s.ok()) return s;
  }
  return quarry::Status::Ok();
}

// Synonyms, concept neighbours, question types and topics from the corpus's data files.
quarry::Status LoadData(const quarry::Corpus& corpus, const std::vector<std::string>& extra_synonyms,
                        const quarry::Analyzer& analyzer, quarry::SynonymTable& synonyms,
                        quarry::QuestionClassifier& classifier, std::set<std::string>& fillers) {
  std::vector<std::string> synonym_files = corpus.synonym_files;
  synonym_files.insert(synonym_files.end(), extra_synonyms.begin(), extra_synonyms.end());
  quarry::Status s = ReadEach(synonym_files, [&](const std::string& content, const std::string& file) {
    return quarry::ParseSynonyms(content, file, analyzer, synonyms);
  });
  if (s.ok()) {
    s = ReadEach(corpus.concept_files, [&](const std::string& content, const std::string& file) {
      return quarry::ParseConcepts(content, file, analyzer, synonyms);
    });
  }
  if (s.ok()) {
    s = ReadEach(corpus.type_files, [&](const std::string& content, const std::string& file) {
      return classifier.AddTypes(content, file);
    });
  }
  if (s.ok()) {
    s = ReadEach(corpus.topic_files, [&](const std::string& content, const std::string& file) {
      return classifier.AddTopics(content, file);
    });
  }
  if (s.ok()) {
    s = ReadEach(corpus.filler_files, [&](const std::string& content, const std::string& file) {
      return quarry::ParseFillerWords(content, file, analyzer, fillers);
    });
  }
  return s;
}

int Run(const IndexCommand& cmd) {
  quarry::Result<quarry::Corpus> corpus = quarry::LoadCorpus(cmd.paths);
  if (!corpus.ok()) {
    std::cerr << "quarry-index: " << corpus.status().message() << "\nquarry-index: index left unchanged\n";
    return 1;
  }
  quarry::SynonymTable synonyms;
  quarry::Analyzer analyzer;
  quarry::QuestionClassifier classifier(analyzer);
  std::set<std::string> fillers;
  if (quarry::Status s = LoadData(*corpus, cmd.synonyms, analyzer, synonyms, classifier, fillers); !s.ok()) {
    std::cerr << "quarry-index: " << s.message() << "\nquarry-index: index left unchanged\n";
    return 1;
  }
  for (quarry::Question& q : corpus->questions) {
    q.type = classifier.TypeOf(q);
    q.topics = classifier.TopicsOf(q);
  }
  quarry::MarkNearDuplicates(corpus->questions, analyzer, fillers);

  quarry::IndexOptions options;
  options.db_path = cmd.db;
  options.filler_words = fillers;
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
    std::printf("quarry-index: %zu questions in %zu sections, %zu parts from %zu file(s); %zu synonym and concept keys; "
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
      "that was there stays as it was. A folder's synonyms.txt, question_types.txt,\n"
      "concepts.txt, topics.txt and filler_words.txt are applied (see corpus/README.md).\n\nOptions");
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
