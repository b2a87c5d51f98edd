#include "tools/vocabulary/vocabulary.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <unordered_set>

#include "core/function_words.h"

namespace quarry::vocabulary {
namespace fs = std::filesystem;
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string Fixed(double x, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << x;
  return s.str();
}

// 12345678 -> "12,345,678".
std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

Status WriteFile(const fs::path& path, const std::string& content) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError(tmp.string() + ": cannot write");
    out << content;
    if (!out) return Status::IOError(tmp.string() + ": write failed");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IOError(path.string() + ": " + ec.message());
  return Status::Ok();
}

std::string AbbreviationsText(const LearnedVocabulary& v) {
  std::ostringstream out;
  out << "# Abbreviations and their expansions, learned from Debian's documentation "
         "(PROVENANCE.md).\n"
         "# Written by `make vocabulary`: do not edit; corpus/synonyms.txt adds and overrides.\n"
         "# Format: corpus/synonyms.txt's two-way lines. The comment says in how many distinct\n"
         "# sentences the text defines the pair, of all definitions of the short form (for a\n"
         "# numeronym: in how many documents both occur, of the numeronym's documents).\n";
  for (const AbbreviationEntry& a : v.abbreviations) {
    out << a.short_form << ", " << a.long_form << "  # ";
    if (a.numeronym) {
      out << "numeronym, " << a.count << " of " << a.short_form_total << " documents\n";
    } else {
      out << a.count << " of " << a.short_form_total << " definitions\n";
    }
  }
  return out.str();
}

std::string NeighboursText(const LearnedVocabulary& v) {
  std::ostringstream out;
  out << "# Terms that belong together, learned from Debian's documentation (PROVENANCE.md).\n"
         "# Written by `make vocabulary`: do not edit; corpus/concepts.txt adds and overrides.\n"
         "# Format: \"term: neighbour similarity, neighbour similarity, ...\", best first. "
         "Similarity\n"
         "# is the cosine of the terms' vectors (PPMI of co-occurrence in sentences, reduced by "
         "SVD).\n"
         "# Terms are written in their most frequent form and stand for every form with the same\n"
         "# stems; a two-word term is a phrase found in the text.\n";
  for (const NeighbourEntry& e : v.neighbours) {
    out << e.term << ":";
    for (size_t k = 0; k < e.neighbours.size(); ++k) {
      out << (k ? ", " : " ") << e.neighbours[k].first << " " << Fixed(e.neighbours[k].second, 2);
    }
    out << "\n";
  }
  return out.str();
}

std::string CodeWordsText(const LearnedVocabulary& v) {
  std::ostringstream out;
  out << "# English words that are also technical terms (keywords, names in code), learned from\n"
         "# Debian's documentation (PROVENANCE.md). Written by `make vocabulary`: do not edit.\n"
         "# Format: \"word: lift\", where lift is the word's frequency among the tokens of inline\n"
         "# code (`x`, <code>x</code>, and word( / word.name in prose) over its frequency among "
         "the\n"
         "# tokens of prose. The comment gives the share of its uses outside code blocks that are\n"
         "# code, the counts, and its uses in code blocks. Most technical first; function words\n"
         "# (core/function_words.h) are marked.\n";
  for (const CodeWordEntry& c : v.code_words) {
    out << c.word << ": " << Fixed(c.lift, 3) << "  # "
        << (IsFunctionWord(c.word) ? "function word; " : "") << "share " << Fixed(c.share, 3)
        << "; " << c.as_code << " as code, " << c.prose << " as prose, " << c.in_blocks
        << " in code blocks\n";
  }
  return out.str();
}

std::string TermFrequenciesText(const LearnedVocabulary& v, const LearnerOptions& o) {
  std::ostringstream out;
  out << "# How common each term is in technical writing: in how many documents of Debian's\n"
         "# documentation (PROVENANCE.md) it is. Written by `make vocabulary`: do not edit.\n"
         "# Format: \"term: documents\", most first, after \"# documents: N\", the documents "
         "counted.\n"
         "# A document is a file (an HTML page, a man page, a markdown or Python file) or one\n"
         "# package's description, and is counted when it gives the learner a term; it has a term\n"
         "# when a sentence of it that the learner reads has it (a block or a sentence seen "
         "before,\n"
         "# in any document, is read once). Terms are words and compounds (node.js, c++), written\n"
         "# in their most frequent form, and stand for every form with the same stem; function\n"
         "# words and other common English words (core/function_words.h) are not terms. Terms in\n"
         "# at least "
      << o.term_min_documents << " documents, at most " << o.max_term_frequencies
      << " of them. Comments start with \"# \";\n"
         "# a term may start with # (\"#define: 151\").\n"
      << "# documents: " << v.stats.documents << "\n";
  for (const TermFrequencyEntry& t : v.term_frequencies)
    out << t.term << ": " << t.documents << "\n";
  return out.str();
}

std::string ProvenanceText(const VocabularyOptions& o, const VocabularyReport& r) {
  const LearnerOptions& p = o.learner;
  const LearnerStats& s = r.learned.stats;
  std::ostringstream out;
  out << "# Provenance of corpus/vocabulary/\n\n"
      << "Written by `quarry-vocabulary` (tools/vocabulary/). Rebuild with `" << o.rebuild << "`"
      << ", which downloads the Debian packages below with `apt-get download` and Debian's\n"
      << "English package descriptions with `apt-get update -o Acquire::Languages=en` (nothing\n"
      << "else is fetched), unpacks the packages with `dpkg-deb -x` into the build tree (they are\n"
      << "not installed), builds the program and runs:\n\n```\n"
      << o.command << "\n```\n\n"
      << "The data files (abbreviations.txt, neighbours.txt, code_words.txt, "
         "term_frequencies.txt)\n"
      << "depend only on the packages' contents and the parameters below: the same packages give\n"
      << "the same files, byte for byte (fixed seed, fixed file order, threads that split work\n"
      << "without changing sums).\n"
      << "This file also records times, which vary.\n\n";

  out << "## Files\n\n"
      << "| file | format |\n| --- | --- |\n"
      << "| abbreviations.txt | corpus/synonyms.txt's two-way lines, `short form, long form  # N "
         "of M "
         "definitions`: the short form normalised, the long form's words normalised and one space "
         "apart "
         "(`cross-site` is `cross site`), N the distinct sentences that define the pair "
         "(Schwartz & Hearst's \"long form (SF)\" and \"SF (long form)\"), M all definitions of "
         "the "
         "short form; an abbreviation keeps every expansion with at least "
      << p.abbreviation_min_count << " definitions and " << p.abbreviation_min_share
      << " of them. Numeronyms (`i18n, internationalization  # numeronym, N of M documents`): the "
         "word "
         "they spell that shares most documents with them, or that they follow in parentheses |\n"
      << "| neighbours.txt | `term: neighbour similarity, neighbour similarity, ...`, best first: "
         "the "
         "cosine of the terms' vectors; a term (a word, a compound such as `node.js`, or a "
         "two-word "
         "phrase) is written in its most frequent form and stands for every form with the same "
         "stems |\n"
      << "| code_words.txt | `word: lift  # share S; A as code, P as prose, B in code blocks`: an "
         "English "
         "word (Debian's wamerican list, or a function word) whose frequency in inline code over "
         "its "
         "frequency in prose is the lift; most technical first; function words are marked |\n"
      << "| term_frequencies.txt | `# documents: N`, then `term: documents`, most first: in how "
         "many of the N documents (a file, or one package's description, that gave the learner a "
         "term) the term is, of the sentences the learner reads (a repeated block or sentence is "
         "read once); a term (a word, or a compound such as `node.js`) is written in its most "
         "frequent form and stands for every form with the same stem; terms in at least "
      << p.term_min_documents << " documents, at most " << p.max_term_frequencies << " |\n\n";
  out << "## Sources\n\n"
      << "Files are read in a fixed pseudo-random order (a hash of their path) until a package "
         "has\n"
      << "given its word budget (`max words`), so a large reference is sampled evenly. Blocks and\n"
      << "sentences seen before are read once.\n\n"
      << "| package | version | field | .deb bytes | files | bytes read | prose words | code lines "
         "| "
         "new sentences | new tokens |\n"
      << "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  uint64_t files = 0, bytes = 0, words = 0, code = 0, sentences = 0, tokens = 0, debs = 0;
  for (const SourceReport& src : r.sources) {
    out << "| " << src.spec.package << " | " << (src.version.empty() ? "-" : src.version) << " | "
        << src.spec.field << " | " << Grouped(src.deb_bytes) << " | " << Grouped(src.stats.files)
        << (src.stats.unreadable ? " (" + std::to_string(src.stats.unreadable) + " unreadable)"
                                 : "")
        << " | " << Grouped(src.stats.bytes) << " | " << Grouped(src.stats.prose_words)
        << (src.stats.capped ? " (capped)" : "") << " | " << Grouped(src.stats.code_lines) << " | "
        << Grouped(src.sentences) << " | " << Grouped(src.tokens) << " |\n";
    files += src.stats.files;
    bytes += src.stats.bytes;
    words += src.stats.prose_words;
    code += src.stats.code_lines;
    sentences += src.sentences;
    tokens += src.tokens;
    debs += src.deb_bytes;
  }
  out << "| **total** | | | " << Grouped(debs) << " | " << Grouped(files) << " | " << Grouped(bytes)
      << " | " << Grouped(words) << " | " << Grouped(code) << " | " << Grouped(sentences) << " | "
      << Grouped(tokens) << " |\n\n"
      << "Documents (files, and package descriptions) that gave a term: " << Grouped(s.documents)
      << ". Blocks: " << Grouped(s.blocks) << " (" << Grouped(s.duplicate_blocks) << " repeated, "
      << Grouped(s.code_blocks) << " code). Sentences: " << Grouped(s.sentences) << " unique, "
      << Grouped(s.duplicate_sentences) << " repeats skipped. Tokens: " << Grouped(s.tokens)
      << ", of which " << Grouped(s.content_tokens) << " terms (" << Grouped(s.distinct_terms)
      << " distinct).\n\n";

  out << "## Parameters\n\n"
      << "| what | value |\n| --- | --- |\n"
      << "| abbreviations: min distinct defining sentences, min share of the short form's | "
      << p.abbreviation_min_count << ", " << p.abbreviation_min_share << " |\n"
      << "| numeronyms: min uses, min shared documents, min share of its documents | "
      << p.numeronym_min_count << ", " << p.numeronym_min_documents << ", " << p.numeronym_min_share
      << " |\n"
      << "| phrases: min count, min NPMI, max phrases | " << p.phrase_min_count << ", "
      << p.phrase_min_npmi << ", " << p.max_phrases << " |\n"
      << "| vocabulary: min count, max terms | " << p.min_term_count << ", " << p.max_vocabulary
      << " |\n"
      << "| co-occurrence: window (weight 1/distance, within a sentence), subsampling | "
      << p.window << ", " << p.subsample << " |\n"
      << "| PPMI context smoothing alpha | " << p.alpha << " |\n"
      << "| SVD: dims, power iterations, singular value weight, seed | " << p.dims << " (" << s.dims
      << " used), " << p.power_iterations << ", 0.5, " << p.seed << " |\n"
      << "| neighbours: min count, max terms, per term, min cosine | " << p.neighbour_min_count
      << ", " << p.max_targets << ", " << p.neighbours << ", " << p.min_similarity << " |\n"
      << "| code words: min uses as code, min uses in code blocks, min uses as prose, min lift | "
      << p.code_min_uses << ", " << p.code_min_block_uses << ", " << p.code_min_prose_uses << ", "
      << p.code_min_lift << " |\n"
      << "| term frequencies: min documents, max terms | " << p.term_min_documents << ", "
      << p.max_term_frequencies << " |\n"
      << "| threads | " << p.threads << " |\n\n";

  out << "## Output\n\n"
      << "| file | entries |\n| --- | --- |\n"
      << "| abbreviations.txt | " << r.abbreviations << " pairs (" << r.numeronyms
      << " numeronyms), from " << Grouped(s.definitions) << " definitions seen |\n"
      << "| neighbours.txt | " << r.neighbour_terms << " terms, " << r.neighbour_pairs
      << " neighbours (of " << s.targets << " terms considered; " << s.vocabulary
      << " terms in the vectors, " << s.phrases << " of them two-word phrases) |\n"
      << "| code_words.txt | " << r.code_words << " words |\n"
      << "| term_frequencies.txt | " << r.term_frequencies << " terms, of " << Grouped(s.documents)
      << " documents |\n\n"
      << "Co-occurrence cells: " << Grouped(s.cooccurrence_cells)
      << "; PPMI cells: " << Grouped(s.ppmi_cells) << ".\n\n";

  out << "## Time\n\n"
      << "| phase | seconds |\n| --- | ---: |\n"
      << "| reading and cutting the text | " << Fixed(r.seconds_reading, 1) << " |\n"
      << "| phrases | " << Fixed(s.seconds_phrases, 1) << " |\n"
      << "| co-occurrence | " << Fixed(s.seconds_cooccurrence, 1) << " |\n"
      << "| PPMI and SVD | " << Fixed(s.seconds_svd, 1) << " |\n"
      << "| neighbours | " << Fixed(s.seconds_neighbours, 1) << " |\n"
      << "| total (quarry-vocabulary) | " << Fixed(r.seconds_total, 1) << " |\n";
  return out.str();
}

}  // namespace

Result<VocabularyReport> BuildVocabulary(const VocabularyOptions& options, std::ostream* progress) {
  auto start = std::chrono::steady_clock::now();
  if (options.manifest.empty() || options.packages_dir.empty() || options.out_dir.empty()) {
    return Status::InvalidArgument(
        "the manifest, the packages folder and the output folder are required");
  }
  Result<std::string> manifest_text = ReadText(options.manifest);
  if (!manifest_text.ok()) return manifest_text.status();
  Result<std::vector<SourceSpec>> specs = ParseSourceManifest(*manifest_text, options.manifest);
  if (!specs.ok()) return specs.status();

  std::map<std::string, std::pair<std::string, uint64_t>> versions;
  if (!options.versions.empty()) {
    Result<std::string> text = ReadText(options.versions);
    if (!text.ok()) return text.status();
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream cols(line);
      std::string package, version;
      uint64_t bytes = 0;
      if (std::getline(cols, package, '\t') && std::getline(cols, version, '\t')) {
        cols >> bytes;
        versions[package] = {version, bytes};
      }
    }
  }
  std::unordered_set<std::string> dictionary;
  if (!options.dictionary.empty()) {
    Result<std::string> text = ReadText(options.dictionary);
    if (!text.ok()) return text.status();
    std::istringstream in(*text);
    std::string w;
    while (std::getline(in, w)) {
      bool lower = !w.empty() &&
                   std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (lower) dictionary.insert(w);
    }
  }

  VocabularyReport report;
  Learner learner(options.learner, std::move(dictionary));
  for (const SourceSpec& spec : *specs) {
    SourceReport src;
    src.spec = spec;
    auto v = versions.find(spec.package);
    if (v != versions.end()) {
      src.version = v->second.first;
      src.deb_bytes = v->second.second;
    }
    uint64_t sentences = learner.sentences(), tokens = learner.tokens();
    auto t0 = std::chrono::steady_clock::now();
    Status st = ReadSource(
        spec, options.packages_dir, [&](Document&& d) { learner.Add(d); }, src.stats);
    if (!st.ok()) return st;
    src.sentences = learner.sentences() - sentences;
    src.tokens = learner.tokens() - tokens;
    if (progress) {
      *progress << "quarry-vocabulary: " << spec.package << ": " << src.stats.files << " files ("
                << src.stats.unreadable << " unreadable), " << src.stats.prose_words << " words, "
                << src.sentences << " new sentences (" << Fixed(Seconds(t0), 1) << " s)\n"
                << std::flush;
    }
    report.sources.push_back(std::move(src));
  }
  report.seconds_reading = Seconds(start);
  auto t1 = std::chrono::steady_clock::now();
  report.learned = learner.Finish();
  report.seconds_learning = Seconds(t1);
  for (const AbbreviationEntry& a : report.learned.abbreviations) {
    ++report.abbreviations;
    if (a.numeronym) ++report.numeronyms;
  }
  report.neighbour_terms = report.learned.neighbours.size();
  for (const NeighbourEntry& e : report.learned.neighbours)
    report.neighbour_pairs += e.neighbours.size();
  report.code_words = report.learned.code_words.size();
  report.term_frequencies = report.learned.term_frequencies.size();

  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) return Status::IOError(options.out_dir + ": " + ec.message());
  fs::path out(options.out_dir);
  for (const auto& [name, text] :
       {std::pair<const char*, std::string>{"abbreviations.txt", AbbreviationsText(report.learned)},
        {"neighbours.txt", NeighboursText(report.learned)},
        {"code_words.txt", CodeWordsText(report.learned)},
        {"term_frequencies.txt", TermFrequenciesText(report.learned, options.learner)}}) {
    Status st = WriteFile(out / name, text);
    if (!st.ok()) return st;
  }
  report.seconds_total = Seconds(start);
  Status st = WriteFile(out / "PROVENANCE.md", ProvenanceText(options, report));
  if (!st.ok()) return st;
  return report;
}

}  // namespace quarry::vocabulary
