#include "indexer/initialisms.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/fingerprint.h"
#include "core/function_words.h"
#include "core/line_reader.h"

namespace quarry {
namespace {

// A word that can take part in a spelled-out name: a plain word of ASCII
// letters (its initial spells the initialism), not a function word.
bool NameWord(const Token& t) {
  if (t.compound || t.text.size() < 2 || IsFunctionWord(t.text)) return false;
  return std::all_of(t.text.begin(), t.text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Hands `visit` each run of plain words of `text` (a run may repeat).
template <typename Visit>
void ForEachRun(const std::string& text, const Analyzer& analyzer, const InitialismOptions& options, Visit visit) {
  std::vector<Token> tokens = analyzer.Tokenize(text);
  for (size_t begin = 0; begin < tokens.size(); ++begin) {
    std::string run;
    for (size_t end = begin; end < tokens.size() && end - begin < options.max_words; ++end) {
      if (!NameWord(tokens[end])) break;
      // Adjacent in the text, not across a stripped symbol.
      if (end > begin && tokens[end].position != tokens[end - 1].position + 1) break;
      if (!run.empty()) run += ' ';
      run += tokens[end].text;
      if (end - begin + 1 >= options.min_words) visit(run);
    }
  }
}

std::string Initials(const std::string& run) {
  std::string out(1, run[0]);
  for (size_t i = 1; i < run.size(); ++i) {
    if (run[i - 1] == ' ') out += run[i];
  }
  return out;
}

}  // namespace

void InitialismRuns::Add(const Question& question, const Analyzer& analyzer, const InitialismOptions& options,
                         int sign) {
  std::set<std::string> runs;  // each once a question
  ForEachRun(question.text, analyzer, options, [&](const std::string& run) { runs.insert(run); });
  const uint64_t hash = Fingerprint(question.id);
  for (const std::string& run : runs) {
    auto it = runs_.try_emplace(run).first;
    it->second.questions += sign;
    it->second.which ^= hash;
    if (it->second.questions <= 0) runs_.erase(it);
  }
}

std::string InitialismRuns::Serialize() const {
  std::string out;
  char numbers[48];
  for (const auto& [run, seen] : runs_) {
    std::snprintf(numbers, sizeof numbers, "%lld %016llx ", static_cast<long long>(seen.questions),
                  static_cast<unsigned long long>(seen.which));
    out += numbers + run + "\n";
  }
  return out;
}

Result<InitialismRuns> InitialismRuns::Parse(const std::string& stored) {
  InitialismRuns runs;
  LineReader lines(stored);
  std::string_view text;
  while (lines.Next(text)) {
    const std::string line(text);
    long long questions = 0;
    unsigned long long which = 0;
    int consumed = 0;
    if (std::sscanf(line.c_str(), "%lld %llx %n", &questions, &which, &consumed) != 2 || consumed <= 0 ||
        static_cast<size_t>(consumed) >= line.size() || questions <= 0) {
      return Status::Corruption("the index's initialism runs cannot be read");
    }
    runs.runs_[line.substr(static_cast<size_t>(consumed))] = {questions, which};
  }
  return runs;
}

size_t AddBankInitialisms(const std::vector<Question>& questions, const Analyzer& analyzer,
                          const std::set<std::string>& bank_words, const Vocabulary* vocabulary,
                          const InitialismOptions& options, SynonymTable& table) {
  InitialismRuns runs;
  for (const Question& q : questions) runs.Add(q, analyzer, options);
  return AddBankInitialisms(runs, questions, analyzer, bank_words, vocabulary, options, table);
}

size_t AddBankInitialisms(const InitialismRuns& counted, const std::vector<Question>& questions,
                          const Analyzer& analyzer, const std::set<std::string>& bank_words,
                          const Vocabulary* vocabulary, const InitialismOptions& options, SynonymTable& table) {
  struct Run {
    InitialismRuns::Seen seen;
    bool in_title = false;
  };
  std::map<std::string, Run> runs;
  for (const auto& [run, seen] : counted.runs()) runs[run].seen = seen;
  std::set<std::string> titles;
  for (const Question& q : questions) {
    for (const std::string* title : {&q.section, &q.part}) {
      if (!titles.insert(*title).second) continue;
      ForEachRun(*title, analyzer, options, [&](const std::string& run) { runs[run].in_title = true; });
    }
  }
  auto same_questions = [](const Run& a, const Run& b) {
    return a.seen.questions == b.seen.questions && a.seen.which == b.seen.which && a.in_title == b.in_title;
  };
  // A run only ever seen inside a longer one ("boosting trees" of
  // "gradient boosting trees") is no name of its own.
  std::set<std::string> subsumed;
  for (const auto& [run, where] : runs) {
    size_t first_space = run.find(' '), last_space = run.rfind(' ');
    if (first_space == std::string::npos || first_space == last_space) continue;  // 2 words: no sub-run
    for (const std::string& sub : {run.substr(first_space + 1), run.substr(0, last_space)}) {
      auto it = runs.find(sub);
      if (it != runs.end() && same_questions(it->second, where)) subsumed.insert(sub);
    }
  }
  // initials -> (how many questions, run), the most used first.
  std::map<std::string, std::vector<std::pair<size_t, std::string>>> by_initials;
  for (const auto& [run, where] : runs) {
    const size_t used = static_cast<size_t>(where.seen.questions);
    if (used < options.min_questions && !where.in_title) continue;
    if (subsumed.count(run)) continue;
    by_initials[Initials(run)].emplace_back(used, run);
  }
  size_t added = 0;
  for (auto& [initials, expansions] : by_initials) {
    if (table.count(initials) || bank_words.count(initials) || IsFunctionWord(initials)) continue;
    const std::string stem = analyzer.Stem(initials);
    const std::string& key = stem.empty() ? initials : stem;
    if (bank_words.count(key) || (vocabulary && vocabulary->neighbours.count(key))) continue;
    std::stable_sort(expansions.begin(), expansions.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::set<std::string>& out = table[initials];
    for (size_t k = 0; k < expansions.size() && k < options.max_expansions; ++k) out.insert(expansions[k].second);
    ++added;
  }
  return added;
}

}  // namespace quarry
