#include "indexer/readers/question_like.h"

#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/slug.h"
#include "core/utf8.h"

namespace quarry {
namespace {

// The first word, lower-cased (ASCII letters; other scripts as written).
std::string FirstWord(std::string_view text) {
  std::string word;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u) && c != '\'') break;
    word += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
  }
  return word;
}

bool Contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

const std::unordered_set<std::string>& QuestionFirstWords() {
  static const std::unordered_set<std::string> kWords = {
      // English interrogatives and the verbs that open a question
      "what", "what's", "whats", "how", "how's", "why", "when", "where", "which", "who", "whom", "whose",
      "is", "are", "was", "were", "can", "could", "do", "does", "did", "should", "would", "will", "shall",
      "may", "might", "have", "has", "given", "suppose", "imagine", "assume",
      // imperatives of interviews and exercises
      "explain", "describe", "define", "compare", "contrast", "differentiate", "distinguish", "discuss",
      "list", "name", "give", "tell", "write", "implement", "design", "outline", "state", "mention",
      "show", "illustrate", "elaborate", "demonstrate", "walk", "talk", "share", "identify", "evaluate",
      "justify", "predict", "find", "calculate", "convert", "reverse", "create", "build", "fix", "debug",
      "generate", "refactor", "sort", "merge", "count", "check", "detect", "remove", "return", "print",
      "optimize", "optimise", "solve", "determine", "propose", "recommend", "summarize", "summarise",
      // noun phrases that name what to discuss
      "difference", "differences", "advantages", "disadvantages", "benefits", "drawbacks", "pros",
      "limitations", "risks", "types", "ways", "purpose", "role", "meaning", "example", "examples",
      // Russian, Ukrainian, Spanish, Portuguese, French, German
      "что", "как", "почему", "зачем", "какой", "какая", "какое", "какие", "каков", "каковы", "чем",
      "где", "когда", "сколько", "кто", "назовите", "объясните", "расскажите", "опишите", "перечислите",
      "приведите", "сравните", "разница", "отличие", "отличия", "для", "що", "чому", "які", "який",
      "qué", "cómo", "cuál", "explique", "quel", "quelle", "comment",
      "pourquoi", "was", "wie", "warum", "welche", "erklären", "erkläre"};
  return kWords;
}

// Chinese and Japanese question words: a question in those scripts has one.
bool HasCjkQuestionWord(std::string_view text) {
  static const std::vector<std::string_view> kWords = {
      "什么", "為什麼", "为什么", "如何", "怎么", "怎样", "怎樣", "哪些", "哪个", "哪種", "哪种", "是否",
      "吗", "嗎", "区别", "區別", "说说", "談談", "谈谈", "介绍", "介紹", "解释", "解釋", "描述", "理解",
      "原理", "作用", "实现", "實現", "とは", "ですか", "何", "どう", "なぜ"};
  for (std::string_view w : kWords) {
    if (Contains(text, w)) return true;
  }
  return false;
}

bool Digits(std::string_view s, size_t& i, int& number) {
  size_t start = i;
  while (i < s.size() && i - start < 7 && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == start) return false;
  number = std::stoi(std::string(s.substr(start, i - start)));
  return true;
}

// Skips "." ")" ":" "-" and white space after a label; false when the label
// runs into a word ("Q12abc").
bool LabelEnd(std::string_view s, size_t& i) {
  size_t start = i;
  while (i < s.size() && (s[i] == '.' || s[i] == ')' || s[i] == ':' || s[i] == '-' || s[i] == ' ' || s[i] == '\t')) {
    ++i;
  }
  if (s.substr(i, 3) == "\xEF\xBC\x9A") i += 3;  // full-width colon
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i > start || i == s.size();
}

}  // namespace

bool LooksLikeQuestion(std::string_view text) {
  text = TrimBlanks(text);
  if (text.empty()) return false;
  if (Contains(text, "?") || Contains(text, "\xEF\xBC\x9F") || Contains(text, "\xC2\xBF")) return true;
  std::string first = FirstWord(text);
  if (QuestionFirstWords().count(first)) return true;
  if (Contains(text, " vs ") || Contains(text, " vs. ") || Contains(text, " versus ") || Contains(text, " VS ")) {
    return true;
  }
  std::string lower;
  for (char c : text.substr(0, 40)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.rfind("best practice", 0) == 0 || lower.rfind("use case", 0) == 0 ||
      lower.rfind("real-world", 0) == 0) {
    return true;
  }
  return HasCjkQuestionWord(text);
}

std::optional<QuestionLabel> ParseQuestionLabel(std::string_view text) {
  text = TrimBlanks(text);
  QuestionLabel label;
  size_t i = 0;
  static const std::string_view kWords[] = {"Question", "question", "Scenario", "Exercise", "Problem", "Task",
                                            "Вопрос", "вопрос", "Задача", "Питання", "Pregunta", "Frage",
                                            "问题", "問題", "问", "题目"};
  for (std::string_view word : kWords) {
    if (text.substr(0, word.size()) == word) {
      i = word.size();
      label.q_label = true;
      break;
    }
  }
  if (label.q_label) {
  } else if (!text.empty() && (text[0] == 'Q' || text[0] == 'q') &&
             (text.size() == 1 || !std::isalpha(static_cast<unsigned char>(text[1])))) {
    i = 1;
    label.q_label = true;
  } else if (!text.empty() && text[0] == '#') {
    i = 1;
  }
  if (label.q_label) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '.' || text[i] == '#')) ++i;
  }
  size_t before_digits = i;
  bool numbered = Digits(text, i, label.number);
  if (!numbered) {
    label.number = -1;
    i = before_digits;
    // A bare "Q" must be followed by ':' or '.' to be a label.
    if (!label.q_label || i >= text.size() || (text[i] != ':' && text[i] != '.' && text.substr(i, 3) != "\xEF\xBC\x9A")) {
      return std::nullopt;
    }
  } else if (!label.q_label && text[0] != '#') {
    // "12. text" / "12) text": the number needs its '.' or ')'.
    if (i >= text.size() || (text[i] != '.' && text[i] != ')')) return std::nullopt;
    if (i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\t') return std::nullopt;  // "3.14"
  }
  if (!LabelEnd(text, i)) return std::nullopt;
  label.rest = TrimBlanks(text.substr(i));
  return label;
}

bool ParseAnswerLabel(std::string_view text, std::string_view& rest) {
  text = TrimBlanks(text);
  static const std::string_view kLabels[] = {"Answer", "answer", "Ans", "ans", "A", "Ответ", "答案", "答", "回答"};
  for (std::string_view label : kLabels) {
    if (text.substr(0, label.size()) != label) continue;
    size_t i = label.size();
    int number = 0;
    Digits(text, i, number);
    if (i < text.size() && text[i] != ':' && text[i] != '.' && text.substr(i, 3) != "\xEF\xBC\x9A") continue;
    if (i >= text.size()) continue;
    if (!LabelEnd(text, i)) continue;
    rest = TrimBlanks(text.substr(i));
    return true;
  }
  return false;
}

bool IsNonQuestionTitle(std::string_view title) {
  static const std::unordered_set<std::string> kTitles = {
      "table-of-contents", "contents", "toc", "index", "contributing", "contribute", "how-to-contribute",
      "contributors", "contribution", "contributions", "license", "licence", "licensing", "credits",
      "acknowledgements", "acknowledgments", "sponsors", "sponsor", "support", "support-us", "donate",
      "donations", "authors", "author", "maintainers", "changelog", "references", "further-reading",
      "useful-links", "links", "external-links", "resources", "other-resources", "additional-resources",
      "see-also", "related", "related-projects", "star-history", "stargazers", "translations",
      "installation", "getting-started", "usage", "disclaimer", "about", "about-me", "thanks",
      "code-of-conduct", "feedback", "contact", "faq-about-this-repo", "books", "courses", "videos",
      "tools", "community", "awesome", "similar-projects"};
  std::string slug = Slugify(title);
  if (kTitles.count(slug)) return true;
  for (std::string_view prefix : {"tips-", "how-to-contribute", "contributing-", "about-this", "license-"}) {
    if (slug.rfind(prefix, 0) == 0) return true;
  }
  // "Links and resources", "Further reading & other references": every
  // word one of a page's apparatus.
  static const std::unordered_set<std::string_view> kWords = {
      "links", "resources", "references", "reading", "further", "useful", "other", "additional", "and",
      "more", "external", "see", "also", "books", "courses", "videos", "tools", "credits", "contributors",
      "license", "licence", "contents", "table", "of", "toc", "sponsors", "thanks", "articles", "blogs"};
  bool any = false;
  for (size_t start = 0; start < slug.size();) {
    size_t dash = slug.find('-', start);
    std::string_view word = std::string_view(slug).substr(start, dash == std::string::npos ? slug.npos : dash - start);
    if (!kWords.count(word)) return false;
    any = true;
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  return any;
}

}  // namespace quarry
