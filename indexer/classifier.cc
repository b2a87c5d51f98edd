#include "indexer/classifier.h"

#include <algorithm>

#include "core/line_reader.h"
#include "core/utf8.h"

namespace quarry {

std::vector<std::string> QuestionClassifier::Keys(std::string_view text) const {
  std::vector<std::string> keys;
  for (const Token& t : analyzer_.Tokenize(text)) {
    if (t.compound) {
      keys.push_back(t.text);
      continue;
    }
    std::string stem = analyzer_.Stem(t.text);
    keys.push_back(stem.empty() ? t.text : stem);
  }
  return keys;
}

bool QuestionClassifier::Contains(const std::vector<std::string>& keys, const Phrase& phrase) {
  if (phrase.keys.empty() || phrase.keys.size() > keys.size()) return false;
  size_t last_start = phrase.anchored ? 0 : keys.size() - phrase.keys.size();
  for (size_t start = 0; start <= last_start; ++start) {
    if (std::equal(phrase.keys.begin(), phrase.keys.end(), keys.begin() + start)) return true;
  }
  return false;
}

Status QuestionClassifier::Parse(std::string_view content, const std::string& file_name,
                                 std::vector<Label>& labels) {
  int line_no = 0;
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    line_no = lines.line_no();
    auto error = [&](const std::string& what) {
      return Status::InvalidArgument(file_name + ":" + std::to_string(line_no) + ": " + what);
    };
    if (FindInvalidUtf8(line)) return error("invalid UTF-8");
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return error("expected \"label: phrase, phrase, ...\"");
    std::string_view name = line.substr(first, colon - first);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (name.empty()) return error("a label before the colon is missing");
    Label label{std::string(name), {}};
    std::string_view rest = line.substr(colon + 1);
    size_t start = 0;
    for (size_t i = 0; i <= rest.size(); ++i) {
      if (i < rest.size() && rest[i] != ',') continue;
      std::string_view item = rest.substr(start, i - start);
      start = i + 1;
      size_t b = item.find_first_not_of(" \t\r");
      if (b == std::string_view::npos) continue;
      Phrase phrase;
      if (item[b] == '^') {
        phrase.anchored = true;
        ++b;
      }
      phrase.keys = Keys(item.substr(b));
      if (phrase.keys.empty()) return error("the phrase \"" + std::string(item) + "\" has no words");
      label.phrases.push_back(std::move(phrase));
    }
    if (label.phrases.empty()) return error("label \"" + label.name + "\" has no phrases");
    labels.push_back(std::move(label));
  }
  return Status::Ok();
}

Status QuestionClassifier::AddTypes(std::string_view content, const std::string& file_name) {
  return Parse(content, file_name, types_);
}

Status QuestionClassifier::AddTopics(std::string_view content, const std::string& file_name) {
  return Parse(content, file_name, topics_);
}

std::string QuestionClassifier::TypeOf(const Question& question) const {
  std::vector<std::string> keys = Keys(question.text);
  for (const Label& type : types_) {
    for (const Phrase& phrase : type.phrases) {
      if (Contains(keys, phrase)) return type.name;
    }
  }
  return std::string(kOtherType);
}

std::vector<std::string> QuestionClassifier::TopicsOf(const Question& question) const {
  std::vector<std::string> text = Keys(question.text);
  std::vector<std::string> section = Keys(question.section);
  std::vector<std::string> out;
  for (const Label& topic : topics_) {
    bool found = std::any_of(topic.phrases.begin(), topic.phrases.end(), [&](const Phrase& p) {
      return Contains(text, {p.keys, p.anchored}) || (!p.anchored && Contains(section, p));
    });
    if (found && std::find(out.begin(), out.end(), topic.name) == out.end()) out.push_back(topic.name);
  }
  return out;
}

}  // namespace quarry
