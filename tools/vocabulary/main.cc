// quarry-vocabulary: learns the vocabulary of software engineering from
// unpacked Debian documentation packages and writes corpus/vocabulary/
// (vocabulary.h says what each file holds). `make vocabulary` fetches the
// packages and runs it (tools/vocabulary/build.sh).
//
// Exit status: 0 when the files are written, 2 on an error.
#include <boost/program_options.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "tools/vocabulary/vocabulary.h"

namespace {

namespace po = boost::program_options;

constexpr int kExitOk = 0;
constexpr int kExitError = 2;

int Fail(const std::string& message) {
  std::cerr << "quarry-vocabulary: " << message << "\n";
  return kExitError;
}

}  // namespace

int main(int argc, char** argv) {
  quarry::vocabulary::VocabularyOptions options;
  quarry::vocabulary::LearnerOptions& l = options.learner;
  options.rebuild = "make vocabulary";
  po::options_description described(
      "Usage: quarry-vocabulary --sources FILE --packages DIR --out DIR [options]\n"
      "Learns abbreviations, term neighbours, code words and term frequencies from documentation "
      "text");
  // clang-format off
  described.add_options()
      ("help,h", "show this help")
      ("sources", po::value(&options.manifest)->value_name("FILE"),
       "the manifest: package TAB field TAB path TAB max_words [TAB excludes] lines")
      ("packages", po::value(&options.packages_dir)->value_name("DIR"),
       "where the packages are unpacked, one folder each")
      ("versions", po::value(&options.versions)->value_name("FILE"),
       "package TAB version TAB .deb bytes lines, for PROVENANCE.md")
      ("dictionary", po::value(&options.dictionary)->value_name("FILE"),
       "English words, one a line: the candidates for code words (default: every word)")
      ("out", po::value(&options.out_dir)->value_name("DIR"), "the folder to write")
      ("rebuild", po::value(&options.rebuild)->value_name("CMD"), "how to rebuild, for PROVENANCE.md")
      ("threads", po::value(&l.threads)->default_value(l.threads), "threads for the SVD and the neighbours")
      ("min-term-count", po::value(&l.min_term_count)->default_value(l.min_term_count),
       "uses a term needs to get a vector")
      ("max-vocabulary", po::value(&l.max_vocabulary)->default_value(l.max_vocabulary),
       "terms with vectors, the most frequent")
      ("window", po::value(&l.window)->default_value(l.window), "co-occurrence window, in terms")
      ("dims", po::value(&l.dims)->default_value(l.dims), "SVD dimensions")
      ("neighbour-min-count", po::value(&l.neighbour_min_count)->default_value(l.neighbour_min_count),
       "uses a term needs to get, or be, a neighbour")
      ("max-targets", po::value(&l.max_targets)->default_value(l.max_targets),
       "terms that get neighbours, the most frequent")
      ("neighbours", po::value(&l.neighbours)->default_value(l.neighbours), "neighbours per term")
      ("min-similarity", po::value(&l.min_similarity)->default_value(l.min_similarity),
       "cosine a neighbour needs")
      ("phrase-min-count", po::value(&l.phrase_min_count)->default_value(l.phrase_min_count),
       "uses a two-word phrase needs")
      ("phrase-min-npmi", po::value(&l.phrase_min_npmi)->default_value(l.phrase_min_npmi),
       "normalised PMI a two-word phrase needs")
      ("abbreviation-min-count", po::value(&l.abbreviation_min_count)->default_value(l.abbreviation_min_count),
       "distinct sentences that must define an abbreviation")
      ("code-min-uses", po::value(&l.code_min_uses)->default_value(l.code_min_uses),
       "uses as code a code word needs")
      ("code-min-lift", po::value(&l.code_min_lift)->default_value(l.code_min_lift),
       "a code word's frequency in inline code over its frequency in prose")
      ("term-min-documents", po::value(&l.term_min_documents)->default_value(l.term_min_documents),
       "documents a term needs to get a frequency")
      ("max-term-frequencies", po::value(&l.max_term_frequencies)->default_value(l.max_term_frequencies),
       "terms with frequencies, those in the most documents")
      ("seed", po::value(&l.seed)->default_value(l.seed), "seed of the random projections and subsampling");
  // clang-format on
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(described).run(), vm);
    if (vm.count("help")) {
      std::cout << described << "\n";
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return Fail(std::string(e.what()) + " (see --help)");
  }
  if (options.manifest.empty()) return Fail("--sources is required (see --help)");
  if (options.packages_dir.empty()) return Fail("--packages is required (see --help)");
  if (options.out_dir.empty()) return Fail("--out is required (see --help)");
  for (int i = 0; i < argc; ++i)
    options.command += (i ? " " : "") + std::string(i ? argv[i] : "quarry-vocabulary");
  try {
    auto report = quarry::vocabulary::BuildVocabulary(options, &std::cerr);
    if (!report.ok()) return Fail(report.status().ToString());
    std::cerr << "quarry-vocabulary: " << report->abbreviations << " abbreviations ("
              << report->numeronyms << " numeronyms), " << report->neighbour_terms << " terms with "
              << report->neighbour_pairs << " neighbours, " << report->code_words << " code words, "
              << report->term_frequencies << " term frequencies; " << report->seconds_total
              << " s -> " << options.out_dir << "\n";
    return kExitOk;
  } catch (const std::exception& e) {
    return Fail(std::string("unexpected error: ") + e.what());
  }
}
