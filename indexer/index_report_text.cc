#include "indexer/index_report_text.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

namespace quarry {
namespace {

// "1 question", "2 questions".
std::string Count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// 57012 -> "57,012".
std::string WithCommas(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// 19.2 -> "19 s", 125 -> "2 min 05 s".
std::string Duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s < 90) {
    std::snprintf(buf, sizeof buf, "%ld s", s);
  } else {
    std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
  }
  return buf;
}

// At most `max` bytes of `text`, cut between UTF-8 characters, "..." marking the cut.
std::string Shortened(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

// Names with their counts, most frequent first, then by name.
std::vector<std::pair<std::string, size_t>> ByCount(const std::map<std::string, size_t>& counts) {
  std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return sorted;
}

// "definition 120, comparison 40" for at most `max` names, then "and N more".
std::string CountList(const std::map<std::string, size_t>& counts, size_t max) {
  if (counts.empty()) return "none";
  std::string out;
  size_t listed = 0;
  for (const auto& [name, n] : ByCount(counts)) {
    if (listed == max) return out + ", and " + std::to_string(counts.size() - max) + " more";
    out += (listed++ ? ", " : "") + name + " " + WithCommas(n);
  }
  return out;
}

std::string FileLine(const FileReport& file) {
  if (file.skipped) return file.file + ": skipped: no questions";
  std::string line = file.file + ": " + Count(file.questions, "question") + ", " +
                     Count(file.sections, "section") + ", " + Count(file.parts, "part");
  return file.shape.empty() ? line : line + " (" + file.shape + ")";
}

// A run of questions of one file under one part and section.
struct SectionRun {
  const Question* first;
  size_t size;
};

std::vector<SectionRun> SectionRuns(const Question* begin, const Question* end) {
  std::vector<SectionRun> runs;
  for (const Question* q = begin; q != end; ++q) {
    const SectionRun* last = runs.empty() ? nullptr : &runs.back();
    if (last && last->first->part == q->part && last->first->section == q->section) {
      ++runs.back().size;
    } else {
      runs.push_back({q, 1});
    }
  }
  return runs;
}

// A file's sections, as --check prints them, with their first questions.
std::string SectionLines(const Question* begin, const Question* end, size_t per_section) {
  std::string out;
  const std::string* part = nullptr;
  for (const SectionRun& run : SectionRuns(begin, end)) {
    if (!run.first->part.empty() && (!part || *part != run.first->part)) {
      out += "  # " + run.first->part + "\n";
    }
    part = &run.first->part;
    const std::string& section = run.first->section;
    out += "  ## " + (section.empty() ? "(no section)" : section) + ": " +
           Count(run.size, "question") + "\n";
    for (size_t i = 0; i < run.size && i < per_section; ++i) {
      const Question& q = run.first[i];
      out += "     " + q.id + "  " + Shortened(q.text, 72) + "\n";
    }
    if (run.size > per_section)
      out += "     and " + std::to_string(run.size - per_section) + " more\n";
  }
  return out;
}

// Every file with its sections: each report's questions follow the
// previous report's in corpus.questions (LoadCorpus keeps file order).
std::string FileSections(const Corpus& corpus, size_t per_section) {
  std::string out;
  const Question* next = corpus.questions.data();
  const Question* end = next + corpus.questions.size();
  for (const FileReport& file : corpus.reports) {
    out += FileLine(file);
    if (!file.bank.empty() && !file.skipped) out += "; bank \"" + file.bank + "\"";
    out += "\n";
    const Question* last = next + std::min<size_t>(file.skipped ? 0 : file.questions, end - next);
    out += SectionLines(next, last, per_section);
    next = last;
  }
  return out;
}

std::string DerivedLines(const IndexReport& report) {
  std::map<std::string, size_t> types, topics;
  std::set<std::string> groups;
  size_t repeated = 0;
  for (const Question& q : report.corpus.questions) {
    ++types[q.type];
    for (const std::string& topic : q.topics) ++topics[topic];
    if (q.also_in.empty()) continue;
    ++repeated;
    groups.insert(q.duplicate_key);
  }
  std::string data;
  for (const std::string& file : report.data_files) data += (data.empty() ? "" : ", ") + file;
  const std::string duplicates = repeated == 0 ? "none"
                                               : Count(repeated, "question") +
                                                     " asked in more than one place, " +
                                                     Count(groups.size(), "group");
  return "data files: " + (data.empty() ? "none" : data) + "\n" + "types: " + CountList(types, 10) +
         "\n" + "topics: " + CountList(topics, 10) + "\n" + "near-duplicates: " + duplicates + "\n";
}

}  // namespace

std::string FileLines(const Corpus& corpus, size_t max_files) {
  std::string out;
  for (size_t i = 0; i < corpus.reports.size() && i < max_files; ++i) {
    out += "  " + FileLine(corpus.reports[i]) + "\n";
  }
  if (corpus.reports.size() > max_files) {
    out += "  " + std::to_string(corpus.reports.size() - max_files) +
           " more files; --check lists them all\n";
  }
  return out;
}

namespace {

// " (N learned, M initialisms)": what the vocabulary and the banks' own
// initialisms added to the keys; "" when nothing.
std::string LearnedKeys(const IndexReport& report) {
  if (report.vocabulary_entries == 0 && report.initialisms == 0) return "";
  return " (" + std::to_string(report.vocabulary_entries) + " from the learned vocabulary, " +
         std::to_string(report.initialisms) + " initialisms of the banks)";
}

}  // namespace

std::string TotalsLine(const IndexReport& report) {
  const IndexSummary& s = report.summary;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "quarry-index: %zu questions in %zu sections, %zu parts from %zu file(s); "
                "%zu synonym and concept keys%s; ",
                s.questions, s.sections, s.parts, report.corpus.files.size(), s.synonyms,
                LearnedKeys(report).c_str());
  if (s.generation.empty()) return buf + std::string("--check: no index written\n");
  char tail[64];
  std::snprintf(tail, sizeof tail, "%.2f s -> ",
                report.read_seconds + report.derive_seconds + s.seconds);
  return buf + std::string(tail) + s.generation + "\n";
}

std::string UpdateLine(const IndexReport& report) {
  const IndexSummary& s = report.summary;
  char tail[64];
  std::snprintf(tail, sizeof tail, "; %.2f s -> ", report.read_seconds + report.derive_seconds + s.seconds);
  return "quarry-index: updated: " + Count(s.added, "question") + " added, " + WithCommas(s.rewritten) +
         " rewritten, " + WithCommas(s.removed) + " removed; " + WithCommas(s.questions) + " questions" + tail +
         s.generation + "\n";
}

std::string WarningLines(const std::vector<BankWarning>& warnings, size_t shown) {
  if (warnings.empty()) return "";
  std::map<std::string, size_t> kinds;
  for (const BankWarning& w : warnings) ++kinds[w.kind];
  std::string out = "quarry-index: " + Count(warnings.size(), "warning") + ": ";
  bool first = true;
  for (const auto& [kind, n] : ByCount(kinds)) {
    out += (first ? "" : ", ") + std::to_string(n) + " " + kind;
    first = false;
  }
  out += "\n";
  for (size_t i = 0; i < warnings.size() && i < shown; ++i) {
    out += "  " + warnings[i].where + ": " + warnings[i].message + " [" + warnings[i].kind + "]\n";
  }
  if (warnings.size() > shown) {
    out += "  " + Count(warnings.size() - shown, "more warning") + "; --check lists them all\n";
  }
  return out;
}

std::string CheckText(const IndexReport& report, size_t per_section) {
  std::string warnings = WarningLines(report.corpus.warnings, report.corpus.warnings.size());
  if (warnings.empty()) warnings = "quarry-index: no warnings\n";
  return FileSections(report.corpus, per_section) + DerivedLines(report) + warnings +
         TotalsLine(report);
}

std::string ProgressLine(const IndexProgress& p) {
  using Stage = IndexProgress::Stage;
  if (p.stage == Stage::kReading) return "quarry-index: reading the banks...";
  std::string line = "quarry-index: " + Count(p.files_read, "file") + ", ";
  if (p.stage == Stage::kDeriving) {
    return line + WithCommas(p.questions) +
           " questions; deriving types, topics, near-duplicates...";
  }
  const size_t percent = p.questions ? p.questions_indexed * 100 / p.questions : 100;
  line += WithCommas(p.questions_indexed) + " of " + WithCommas(p.questions) +
          " questions indexed (" + std::to_string(percent) + "%)";
  if (p.questions_per_second > 0) {
    line += ", " + WithCommas(static_cast<size_t>(p.questions_per_second + 0.5)) + "/s";
  }
  if (p.seconds_left >= 0) line += ", " + Duration(p.seconds_left) + " left";
  return line;
}

}  // namespace quarry
