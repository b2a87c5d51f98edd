// Derives two facets the banks do not spell out, from data files in the
// corpus (corpus/question_types.txt, corpus/topics.txt; format in
// corpus/README.md): a question's type (definition, comparison, how-to,
// design, troubleshooting, behavioural, other) and its topics (Python,
// Django, Security, ...).
//
// Phrases match word for word after analysis (stems for plain words, the
// written form for compounds such as select_related), so the files need no
// inflections. Not thread-safe (it holds an Analyzer reference).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "core/question.h"
#include "core/status.h"

namespace quarry {

class QuestionClassifier {
 public:
  // A classifier that knows no types and no topics: every question is
  // "other" with no topics. REQUIRES: `analyzer` outlives it.
  explicit QuestionClassifier(const Analyzer& analyzer) : analyzer_(analyzer) {}

  // Adds the labels of a types file (first match wins, in file order) or a
  // topics file (every match counts). Errors name file and line.
  Status AddTypes(std::string_view content, const std::string& file_name);
  Status AddTopics(std::string_view content, const std::string& file_name);

  // The first type whose phrase `question.text` contains, or "other".
  std::string TypeOf(const Question& question) const;
  // Topics whose phrases the text or the section title contains, in file order.
  std::vector<std::string> TopicsOf(const Question& question) const;

  static constexpr std::string_view kOtherType = "other";

 private:
  struct Phrase {
    std::vector<std::string> keys;  // one per token
    bool anchored = false;          // must open the text
  };
  struct Label {
    std::string name;
    std::vector<Phrase> phrases;
  };
  Status Parse(std::string_view content, const std::string& file_name, std::vector<Label>& labels);
  // One key per token: the stem of a plain word, the written form of a compound.
  std::vector<std::string> Keys(std::string_view text) const;
  static bool Contains(const std::vector<std::string>& keys, const Phrase& phrase);

  const Analyzer& analyzer_;
  std::vector<Label> types_;
  std::vector<Label> topics_;
};

}  // namespace quarry
