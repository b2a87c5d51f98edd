#include "indexer/near_duplicates.h"

#include <algorithm>
#include <map>

#include "core/line_reader.h"
#include "core/utf8.h"
#include "core/function_words.h"

namespace quarry {

Status ParseFillerWords(std::string_view content, const std::string& file_name, const Analyzer& analyzer,
                        std::set<std::string>& fillers) {
  if (auto bad = FindInvalidUtf8(content)) {
    size_t line = 1 + std::count(content.begin(), content.begin() + static_cast<long>(*bad), '\n');
    return Status::InvalidArgument(file_name + ":" + std::to_string(line) + ": invalid UTF-8");
  }
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    for (const Token& t : analyzer.Tokenize(line)) {
      for (const std::string& part : t.parts) {
        std::string stem = analyzer.Stem(part);
        fillers.insert(stem.empty() ? part : stem);
      }
    }
  }
  return Status::Ok();
}

std::string DuplicateKey(const Question& question, const Analyzer& analyzer, const std::set<std::string>& fillers) {
  std::set<std::string> stems;
  for (const Token& t : analyzer.Tokenize(question.text)) {
    if (t.compound) {
      stems.insert(t.text);
      continue;
    }
    if (IsFunctionWord(t.text)) continue;
    std::string stem = analyzer.Stem(t.text);
    if (stem.empty()) stem = t.text;
    if (!fillers.count(stem)) stems.insert(stem);
  }
  std::string key;
  for (const std::string& s : stems) {
    if (!key.empty()) key += ' ';
    key += s;
  }
  return key;
}

void MarkNearDuplicates(std::vector<Question>& questions, const Analyzer& analyzer,
                        const std::set<std::string>& fillers, const KnownDuplicates* known) {
  auto is_known = [&](size_t i) { return known != nullptr && i < known->known.size() && known->known[i]; };
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i = 0; i < questions.size(); ++i) {
    Question& q = questions[i];
    if (!is_known(i)) q.duplicate_base = DuplicateKey(q, analyzer, fillers);
    q.also_in.clear();
    if (!q.duplicate_base.empty()) {
      groups[q.duplicate_base].push_back(i);
    } else {
      q.duplicate_key.clear();
    }
  }
  // A text that several questions share over different answers is generic
  // ("What will this code print?" over different code): their answers tell
  // them apart, so the answer's words join the key of each one that has one.
  std::map<std::string, std::vector<size_t>> regrouped;
  for (const auto& [base, members] : groups) {
    const bool unchanged = std::all_of(members.begin(), members.end(), is_known) &&
                           known != nullptr && !known->changed_bases.count(base);
    if (unchanged) {  // no question joined or left: the keys stand
      for (size_t i : members) regrouped[questions[i].duplicate_key].push_back(i);
      continue;
    }
    std::set<std::string> answers;
    std::vector<std::string> answer_keys(members.size());
    for (size_t k = 0; k < members.size() && members.size() > 1; ++k) {
      if (questions[members[k]].body.empty()) continue;
      Question answer;
      answer.text = questions[members[k]].body;
      answer_keys[k] = DuplicateKey(answer, analyzer, fillers);
      answers.insert(answer_keys[k]);
    }
    const bool generic = answers.size() > 1;
    for (size_t k = 0; k < members.size(); ++k) {
      std::string& q_key = questions[members[k]].duplicate_key;
      q_key = base;
      if (generic && !answer_keys[k].empty()) q_key += " | " + answer_keys[k];
      regrouped[q_key].push_back(members[k]);
    }
  }
  for (const auto& [key, members] : regrouped) {
    for (size_t i : members) {
      for (size_t j : members) {
        if (i != j) questions[i].also_in.push_back({questions[j].id, questions[j].section});
      }
    }
  }
}

}  // namespace quarry
