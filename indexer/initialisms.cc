#include "indexer/initialisms.h"

#include <algorithm>
#include <map>

#include "core/function_words.h"

namespace quarry {
namespace {

// A word that can take part in a spelled-out name: a plain word of ASCII
// letters (its initial spells the initialism), not a function word.
bool NameWord(const Token& t) {
  if (t.compound || t.text.size() < 2 || IsFunctionWord(t.text)) return false;
  return std::all_of(t.text.begin(), t.text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

struct Run {
  std::set<size_t> questions;  // where it appears
  bool in_title = false;
};

// Adds every run of min..max name words of `text` to `runs`.
void CollectRuns(const std::string& text, const Analyzer& analyzer, const InitialismOptions& options,
                 size_t question, bool title, std::map<std::string, Run>& runs) {
  std::vector<Token> tokens = analyzer.Tokenize(text);
  for (size_t begin = 0; begin < tokens.size(); ++begin) {
    std::string run;
    for (size_t end = begin; end < tokens.size() && end - begin < options.max_words; ++end) {
      if (!NameWord(tokens[end])) break;
      // Adjacent in the text, not across a stripped symbol.
      if (end > begin && tokens[end].position != tokens[end - 1].position + 1) break;
      if (!run.empty()) run += ' ';
      run += tokens[end].text;
      if (end - begin + 1 < options.min_words) continue;
      Run& r = runs[run];
      if (title) r.in_title = true;
      else r.questions.insert(question);
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

size_t AddBankInitialisms(const std::vector<Question>& questions, const Analyzer& analyzer,
                          const std::set<std::string>& bank_words, const Vocabulary* vocabulary,
                          const InitialismOptions& options, SynonymTable& table) {
  std::map<std::string, Run> runs;
  std::set<std::string> titles;
  for (size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    CollectRuns(q.text, analyzer, options, i, false, runs);
    for (const std::string* title : {&q.section, &q.part}) {
      if (titles.insert(*title).second) CollectRuns(*title, analyzer, options, i, true, runs);
    }
  }
  // A run only ever seen inside a longer one ("boosting trees" of
  // "gradient boosting trees") is no name of its own.
  std::set<std::string> subsumed;
  for (const auto& [run, where] : runs) {
    size_t first_space = run.find(' '), last_space = run.rfind(' ');
    if (first_space == std::string::npos || first_space == last_space) continue;  // 2 words: no sub-run
    for (const std::string& sub : {run.substr(first_space + 1), run.substr(0, last_space)}) {
      auto it = runs.find(sub);
      if (it != runs.end() && it->second.questions == where.questions && it->second.in_title == where.in_title) {
        subsumed.insert(sub);
      }
    }
  }
  // initials -> (how many questions, run), the most used first.
  std::map<std::string, std::vector<std::pair<size_t, std::string>>> by_initials;
  for (const auto& [run, where] : runs) {
    if (where.questions.size() < options.min_questions && !where.in_title) continue;
    if (subsumed.count(run)) continue;
    by_initials[Initials(run)].emplace_back(where.questions.size(), run);
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
