#include "indexer/readers/markdown_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <optional>
#include <unordered_map>

#include "core/slug.h"
#include "indexer/readers/inline_markdown.h"
#include "indexer/readers/markdown_lines.h"
#include "indexer/readers/question_like.h"
#include "core/utf8.h"

namespace quarry {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t CountOf(const std::string& haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// A line that is one bold span: "**What is X?**".
bool IsBoldLine(std::string_view t) {
  t = TrimBlanks(t);
  if (!t.empty() && t.back() == ':') t.remove_suffix(1);
  if (t.size() <= 4) return false;
  for (std::string_view mark : {"**", "__"}) {
    if (t.substr(0, 2) == mark && t.substr(t.size() - 2) == mark &&
        t.substr(2, t.size() - 4).find(mark) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// "[Back to top](#table-of-contents)" and the like: navigation, not text.
bool IsAnchorLinkLine(std::string_view t) {
  t = TrimBlanks(t);
  while (t.size() > 2 && (t.substr(0, 2) == "**" || t.substr(0, 2) == "__")) t = TrimBlanks(t.substr(2, t.size() - 4));
  return !t.empty() && t.front() == '[' && t.back() == ')' && t.find("](#") != std::string_view::npos &&
         CountOf(std::string(t), "](") == 1;
}

// "Answer", "Show solution", "Hide/Show table of contents": a summary that
// opens an answer or hides navigation, never a question.
bool IsAnswerSummary(std::string_view summary) {
  std::string lower = Lower(TrimBlanks(summary));
  static const std::string_view kOpeners[] = {"answer", "solution", "show", "hide", "hint", "explanation", "click",
                                              "expand", "see ", "toggle", "details", "reveal", "output", "result",
                                              "ответ", "решение", "答案", "解答", "解析"};
  for (std::string_view opener : kOpeners) {
    if (lower.rfind(opener, 0) == 0) return true;
  }
  return false;
}

// An item that is a link: to an anchor of the page (a table of contents) or
// elsewhere.
enum class LinkKind { kNone, kAnchor, kOther };
LinkKind LinkOf(std::string_view text) {
  std::string_view t = TrimBlanks(text);
  while (t.substr(0, 2) == "**") t = TrimBlanks(t.substr(2));
  if (t.substr(0, 7) == "http://" || t.substr(0, 8) == "https://" || t.substr(0, 4) == "www.") return LinkKind::kOther;
  if (t.empty() || t.front() != '[') return LinkKind::kNone;
  size_t close = t.find("](");
  if (close == std::string_view::npos) return LinkKind::kNone;
  return t.substr(close + 2, 1) == "#" ? LinkKind::kAnchor : LinkKind::kOther;
}

struct Section {
  std::string title;
  int line_no = 0;  // its heading's line; 0 for the bank's own title
  int level = 0;    // its heading's level; 0 for the bank's own title
};

struct Draft {
  Question q;
  int author_number = -1;  // -1: not numbered
  size_t section = 0;      // index into sections_
  int line_no = 0;
  std::vector<std::string> body;
};

// How a section's list items vote.
struct ListVote {
  int items = 0, questions = 0, anchors = 0, other_links = 0, numbered_questions = 0, numbered_items = 0;
  int min_indent = 1 << 20;
  bool numbered = true;  // the questions are numbered (else bullets)
  // On its own: a third of the items ask; two thirds for a list straight
  // under the bank's title (what the bank is, how to contribute...).
  bool Passes(bool title_says_no, bool under_title = false) const {
    if (items == 0 || anchors * 2 >= items) return false;
    if (title_says_no) return questions * 10 >= items * 7;
    if (other_links * 2 >= items && questions * 10 < items * 7) return false;
    return questions * 3 >= items * (under_title ? 2 : 1);
  }
  // In a bank whose other sections are lists of questions of this kind, a
  // list of topics to talk about ("Cache stampede problem.") is one too.
  bool PassesBeside(bool title_says_no) const {
    return items >= 2 && !title_says_no && anchors * 2 < items && other_links * 2 < items;
  }
};

class MarkdownReader {
 public:
  MarkdownReader(MarkdownLines doc, Bank bank) : bank_(std::move(bank)), doc_(std::move(doc)) {
    bank_.title = BankTitle();
  }

  Bank Read() {
    ChooseQuestionLevels();
    CountQuestionLists();
    const auto& lines = doc_.lines;
    size_t segment = 0;
    for (size_t i = 0; i < lines.size();) {
      if (lines[i].kind != LineKind::kHeading) {
        ++i;
        continue;
      }
      ReadSegment(segment, i);
      if (IsQuestionHeading(i)) {
        i = ReadHeadingQuestion(i);
      } else {
        EnterHeading(lines[i]);
        ++i;
      }
      segment = i;
    }
    ReadSegment(segment, lines.size());
    Finish();
    return std::move(bank_);
  }

 private:
  std::string BankTitle() const {
    if (!doc_.front_title.empty()) return StripInlineMarkdown(doc_.front_title);
    for (const MarkdownLine& line : doc_.lines) {
      if (line.kind == LineKind::kHeading && line.level == 1) return std::string(TrimBlanks(StripInlineMarkdown(line.text)));
    }
    return TitleFromFileName(bank_.file);
  }

  static bool HeadingLooksLikeQuestion(const MarkdownLine& h) {
    std::string text = StripInlineMarkdown(h.text);
    if (auto label = ParseQuestionLabel(text); label && !label->rest.empty()) return true;
    return h.number >= 0 || LooksLikeQuestion(text);
  }

  // Which heading levels hold questions: those with at least two headings
  // that read as questions (three for `#`); a level where nearly all do
  // is uniform, and its other headings are questions too.
  void ChooseQuestionLevels() {
    int total[7] = {0}, asking[7] = {0};
    for (const MarkdownLine& line : doc_.lines) {
      if (line.kind != LineKind::kHeading) continue;
      ++total[line.level];
      if (HeadingLooksLikeQuestion(line)) ++asking[line.level];
    }
    for (int level = 1; level <= 6; ++level) {
      asking_level_[level] = asking[level] >= (level == 1 ? 3 : 2) && asking[level] * 4 >= total[level];
      uniform_level_[level] = asking_level_[level] && asking[level] * 10 >= total[level] * 8;
      any_question_level_ = any_question_level_ || asking_level_[level];
    }
  }

  // How many of the bank's sections are lists of questions on their own,
  // numbered and bulleted: the context a list of topics is read in.
  void CountQuestionLists() {
    const auto& lines = doc_.lines;
    size_t begin = 0;
    std::string title;
    for (size_t i = 0; i <= lines.size(); ++i) {
      if (i < lines.size() && lines[i].kind != LineKind::kHeading) continue;
      ListVote vote = VoteList(begin, i);
      if (vote.Passes(IsNonQuestionTitle(title))) ++question_lists_[vote.numbered ? 1 : 0];
      if (i < lines.size()) title = StripInlineMarkdown(lines[i].text);
      begin = i + 1;
    }
    // Bold lines: when most of them ask, each is a question ("**Bias-variance
    // trade-off**" among "**What is overfitting?**").
    int bold = 0, asking = 0;
    for (const MarkdownLine& line : lines) {
      if (line.kind != LineKind::kText || !IsBoldLine(line.text)) continue;
      ++bold;
      if (LooksLikeQuestion(StripInlineMarkdown(line.text))) ++asking;
    }
    bold_questions_bank_ = asking >= 3 && asking * 4 >= bold * 3;
    // Likewise <summary> lines: tasks ("Deploy a pod called...") among questions.
    int summaries = 0, asking_summaries = 0;
    for (const MarkdownLine& line : lines) {
      if (line.kind == LineKind::kCode) continue;
      std::string lower = Lower(line.raw);
      size_t open = lower.find("<summary>"), close = lower.find("</summary>");
      if (open == std::string::npos || close == std::string::npos || close < open) continue;
      ++summaries;
      if (LooksLikeQuestion(StripInlineMarkdown(line.raw.substr(open + 9, close - open - 9)))) ++asking_summaries;
    }
    details_questions_bank_ = asking_summaries >= 3 && asking_summaries * 4 >= summaries * 3;
  }

  // A deeper heading that is numbered or labelled as a question ("#### Q74.")
  // starts the next question, where an unlabelled one ("#### Why use it?")
  // is part of the answer above it.
  bool IsLabelledQuestionHeading(size_t at) const {
    if (!IsQuestionHeading(at)) return false;
    auto label = ParseQuestionLabel(StripInlineMarkdown(doc_.lines[at].text));
    return (label && !label->rest.empty()) || doc_.lines[at].number >= 0;
  }

  // A heading is a question when its level holds questions and it reads as
  // one (or its level is uniform), unless what follows it is a list of
  // questions: then it is their section.
  bool IsQuestionHeading(size_t at) const {
    const MarkdownLine& h = doc_.lines[at];
    if (!asking_level_[h.level]) return false;
    std::string title = StripInlineMarkdown(h.text);
    if (IsNonQuestionTitle(title)) return false;
    if (!HeadingLooksLikeQuestion(h) && !uniform_level_[h.level]) return false;
    if (auto label = ParseQuestionLabel(title); label && !label->rest.empty()) return true;  // "Q24. ...", "12. ..."
    size_t end = at + 1;
    while (end < doc_.lines.size() && doc_.lines[end].kind != LineKind::kHeading) ++end;
    // A list indented under a heading that is itself a list item
    // ("1. ### Question" with its answer below) is its answer's.
    ListVote vote = VoteList(at + 1, end);
    return !(vote.Passes(false) && vote.min_indent <= h.indent + 1);
  }

  void EnterHeading(const MarkdownLine& h) {
    const std::string stripped = StripInlineMarkdown(h.text);
    std::string_view trimmed = TrimBlanks(stripped);
    while (!trimmed.empty() && (trimmed.back() == ':' || trimmed.back() == ' ')) trimmed.remove_suffix(1);
    std::string title(trimmed);
    titles_[h.level] = title;
    heading_lines_[h.level] = h.line_no;
    for (int deeper = h.level + 1; deeper <= 6; ++deeper) {
      titles_[deeper].clear();
      heading_lines_[deeper] = 0;
    }
  }

  std::string Part() const { return titles_[1].empty() ? bank_.title : titles_[1]; }

  // The section of what follows: the deepest heading above, below `level`.
  size_t SectionBelow(int level) {
    for (int l = level - 1; l >= 1; --l) {
      if (!titles_[l].empty()) return SectionAt(titles_[l], heading_lines_[l], l);
    }
    return SectionAt(bank_.title, 0, 0);
  }

  size_t SectionAt(const std::string& title, int line_no, int level) {
    auto [it, fresh] = section_by_line_.emplace(line_no, sections_.size());
    if (fresh) sections_.push_back({title, line_no, level});
    return it->second;
  }

  Draft& NewDraft(std::string text, int number, size_t section, int line_no, std::string_view shape) {
    ++shapes_[std::string(shape)];
    Draft d;
    d.q.text = std::string(TrimBlanks(text));
    d.q.part = Part();
    d.author_number = number;
    d.section = section;
    d.line_no = line_no;
    drafts_.push_back(std::move(d));
    return drafts_.back();
  }

  // A heading question and its answer, up to the next heading of its level
  // or higher; returns the line after it.
  size_t ReadHeadingQuestion(size_t at) {
    const auto& lines = doc_.lines;
    const MarkdownLine& h = lines[at];
    std::string text = StripInlineMarkdown(h.text);
    int number = h.number;
    if (auto label = ParseQuestionLabel(text); label && !label->rest.empty()) {
      if (label->number >= 0) number = label->number;
      text = std::string(label->rest);
    }
    Draft& d = NewDraft(text, number, SectionBelow(h.level), h.line_no, "headings");
    size_t i = at + 1;
    for (; i < lines.size(); ++i) {
      if (lines[i].kind == LineKind::kHeading && (lines[i].level <= h.level || IsLabelledQuestionHeading(i))) break;
      AddBodyLine(d, lines[i]);
    }
    return i;
  }

  void AddBodyLine(Draft& d, const MarkdownLine& line) {
    std::string text;
    switch (line.kind) {
      case LineKind::kBlank:
      case LineKind::kRule:
        return;
      case LineKind::kCode:
        text = std::string(line.raw);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
        break;
      case LineKind::kItem: {
        std::string marker = line.number >= 0 ? std::to_string(line.number) + ". " : "- ";
        if (line.checkbox) marker += line.checkbox == 2 ? "[x] " : "[ ] ";
        text = marker + StripInlineMarkdown(line.text);
        break;
      }
      case LineKind::kHeading:
      case LineKind::kText:
        if (IsAnchorLinkLine(line.text)) return;
        text = StripInlineMarkdown(line.text);
        break;
    }
    if (!TrimBlanks(text).empty()) d.body.push_back(std::move(text));
  }

  // An item that is a paragraph of prose: with the lines wrapped under it,
  // more than 35 words and no '?' (documentation, not a question).
  bool IsProseItem(size_t at, size_t end) const {
    const auto& lines = doc_.lines;
    std::string paragraph = lines[at].text;
    for (size_t i = at + 1; i < end && lines[i].kind == LineKind::kText && lines[i].line_no == lines[i - 1].line_no + 1;
         ++i) {
      paragraph += " " + lines[i].text;
    }
    if (paragraph.find('?') != std::string::npos) return false;
    int words = 0;
    bool in_word = false;
    for (char c : paragraph) {
      bool space = c == ' ' || c == '\t';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    return words > 35;
  }

  ListVote VoteList(size_t begin, size_t end) const {
    ListVote vote;
    const auto& lines = doc_.lines;
    for (size_t i = begin; i < end; ++i) {
      if (lines[i].kind == LineKind::kItem && !lines[i].checkbox) vote.min_indent = std::min(vote.min_indent, lines[i].indent);
    }
    int bullet_questions = 0;
    for (size_t i = begin; i < end; ++i) {
      const MarkdownLine& line = lines[i];
      if (line.kind != LineKind::kItem || line.checkbox || line.indent > vote.min_indent + 1) continue;
      ++vote.items;
      if (line.number >= 0) ++vote.numbered_items;
      LinkKind link = LinkOf(line.text);
      bool asks = LooksLikeQuestion(StripInlineMarkdown(line.text)) && !IsProseItem(i, end);
      if (link == LinkKind::kAnchor) ++vote.anchors;
      if (link == LinkKind::kOther && !asks) ++vote.other_links;
      if (asks && link != LinkKind::kAnchor) {
        ++vote.questions;
        (line.number >= 0 ? vote.numbered_questions : bullet_questions)++;
      }
    }
    vote.numbered = vote.questions > 0 ? vote.numbered_questions >= bullet_questions
                                       : vote.numbered_items * 2 >= vote.items;
    return vote;
  }

  // A <details> block from line `at`: a question (its summary) with its
  // answer, or the answer of `current` when the summary does not ask.
  size_t ReadDetails(size_t at, size_t end, size_t section, Draft* current) {
    const auto& lines = doc_.lines;
    std::string block;
    int depth = 0;
    size_t i = at;
    for (; i < end; ++i) {
      std::string lower = Lower(lines[i].raw);
      depth += static_cast<int>(CountOf(lower, "<details")) - static_cast<int>(CountOf(lower, "</details>"));
      block += lines[i].kind == LineKind::kItem && i == at ? lines[i].text : lines[i].raw;
      block += '\n';
      if (depth <= 0) {
        ++i;
        break;
      }
    }
    std::string lower = Lower(block);
    size_t s_open = lower.find("<summary");
    size_t s_text = s_open == std::string::npos ? std::string::npos : lower.find('>', s_open);
    size_t s_close = s_text == std::string::npos ? std::string::npos : lower.find("</summary>", s_text);
    std::string summary, answer;
    if (s_close != std::string::npos) {
      summary = block.substr(s_text + 1, s_close - s_text - 1);
      answer = block.substr(s_close + 10);
    } else {
      answer = block.substr(std::min(block.size(), lower.find('>', lower.find("<details")) + 1));
    }
    size_t last = Lower(answer).rfind("</details>");
    if (last != std::string::npos) answer.resize(last);
    std::string question;
    for (std::string_view part : SplitLines(summary)) {
      std::string text(TrimBlanks(StripInlineMarkdown(part)));
      if (!text.empty()) question += (question.empty() ? "" : " ") + text;
    }
    Draft* target = current;
    if (!question.empty() && (LooksLikeQuestion(question) || (details_questions_bank_ && !IsAnswerSummary(question)))) {
      int number = lines[at].kind == LineKind::kItem ? lines[at].number : -1;
      if (auto label = ParseQuestionLabel(question); label && !label->rest.empty()) {
        if (label->number >= 0) number = label->number;
        question = std::string(label->rest);
      }
      target = &NewDraft(question, number, section, lines[at].line_no, "details blocks");
    } else if (current && !question.empty()) {
      current->body.push_back(question);
    }
    if (target) {
      for (std::string_view part : SplitLines(answer)) {
        std::string text(TrimBlanks(StripInlineMarkdown(part)));
        if (!text.empty()) target->body.push_back(text);
      }
    }
    return i;
  }

  static std::vector<std::string_view> SplitLines(std::string_view text) {
    std::vector<std::string_view> out;
    for (size_t start = 0; start <= text.size();) {
      size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) nl = text.size();
      out.push_back(text.substr(start, nl - start));
      start = nl + 1;
    }
    return out;
  }

  // The lines between two headings that are not under a question heading:
  // list questions, details blocks, labelled and bold questions.
  void ReadSegment(size_t begin, size_t end) {
    if (begin >= end) return;
    const auto& lines = doc_.lines;
    const size_t section = SectionBelow(7);
    const ListVote vote = VoteList(begin, end);
    const bool title_says_no = IsNonQuestionTitle(sections_[section].title);
    const bool list_mode = vote.Passes(title_says_no, sections_[section].level <= 1) ||
                           (!any_question_level_ && sections_[section].level >= 2 &&
                            question_lists_[vote.numbered ? 1 : 0] >= 2 && vote.PassesBeside(title_says_no));
    std::optional<size_t> current;  // index into drafts_
    bool answer_list = false;       // numbered items that are steps of an answer
    int answer_list_next = 0;
    for (size_t i = begin; i < end;) {
      const MarkdownLine& line = lines[i];
      Draft* open = current ? &drafts_[*current] : nullptr;
      if (line.kind != LineKind::kCode && Lower(line.raw).find("<details") != std::string::npos) {
        size_t before = drafts_.size();
        i = ReadDetails(i, end, section, open);
        if (drafts_.size() > before) current = drafts_.size() - 1;
        continue;
      }
      std::string text = line.kind == LineKind::kCode ? "" : StripInlineMarkdown(line.text);
      if (line.kind == LineKind::kText || (line.kind == LineKind::kItem && !line.checkbox)) {
        if (auto label = ParseQuestionLabel(text); label && label->q_label && !label->rest.empty()) {
          NewDraft(std::string(label->rest), label->number, section, line.line_no, "Q: labels");
          current = drafts_.size() - 1;
          ++i;
          continue;
        }
      }
      std::string_view answer;
      if (open && line.kind == LineKind::kText && ParseAnswerLabel(text, answer)) {
        if (!answer.empty()) open->body.push_back(std::string(answer));
        ++i;
        continue;
      }
      if (!list_mode && line.kind == LineKind::kText && IsBoldLine(line.text) &&
          (LooksLikeQuestion(text) || bold_questions_bank_)) {
        NewDraft(text, -1, section, line.line_no, "bold questions");
        current = drafts_.size() - 1;
        ++i;
        continue;
      }
      if (list_mode && line.kind == LineKind::kItem && !line.checkbox && line.indent <= vote.min_indent + 1 &&
          (line.number >= 0) == vote.numbered) {
        bool asks = LooksLikeQuestion(text);
        if (answer_list && !asks && line.number == answer_list_next) {
          ++answer_list_next;
        } else if (open && !asks && line.number == 1 && open->author_number != 0 && !open->body.empty() &&
                   vote.numbered) {
          answer_list = true;  // "1." after an answer's paragraph: the answer's own list
          answer_list_next = 2;
        } else {
          answer_list = false;
          if (TrimBlanks(text).empty()) {
            Warn(bank_, line.line_no, warning::kEmptyQuestion, "a list item with no text; skipped");
            current.reset();
          } else {
            NewDraft(text, line.number, section, line.line_no, line.number >= 0 ? "numbered lists" : "bullet lists");
            current = drafts_.size() - 1;
          }
          ++i;
          continue;
        }
      }
      if (line.kind == LineKind::kRule) {
        current.reset();
      } else if (open) {
        AddBodyLine(*open, line);
      }
      ++i;
    }
  }

  // Numbers and ids, section by section.
  void Finish() {
    std::unordered_map<std::string, int> slug_uses;
    std::vector<std::string> slugs(sections_.size());
    std::vector<std::vector<size_t>> members(sections_.size());
    for (size_t i = 0; i < drafts_.size(); ++i) members[drafts_[i].section].push_back(i);
    // A title's first section keeps its slug; later ones take "-1", "-2"...
    // skipping any slug another section has ("## A 1" is "a-1" already).
    std::set<std::string> taken;
    std::vector<bool> first_use(sections_.size(), false);
    for (size_t s = 0; s < sections_.size(); ++s) {
      if (members[s].empty()) continue;
      slugs[s] = Slugify(sections_[s].title);
      if (slugs[s].empty()) slugs[s] = "section";
      first_use[s] = taken.insert(slugs[s]).second;
    }
    for (size_t s = 0; s < sections_.size(); ++s) {
      if (members[s].empty()) continue;
      if (!first_use[s]) {
        const std::string base = slugs[s];
        int& uses = slug_uses[base];
        do {
          slugs[s] = base + "-" + std::to_string(++uses);
        } while (!taken.insert(slugs[s]).second);
      }
      Number(members[s], sections_[s].title);
    }
    for (Draft& d : drafts_) {
      d.q.section = sections_[d.section].title;
      d.q.id = slugs[d.section] + "/" + std::to_string(d.q.number);
      d.q.source = bank_.file + ":" + std::to_string(d.line_no);
      for (std::string& line : d.body) {
        if (!d.q.body.empty()) d.q.body += '\n';
        d.q.body += line;
      }
      bank_.questions.push_back(std::move(d.q));
    }
  }

  // The author's numbers when they run without a slip, else positions.
  void Number(const std::vector<size_t>& members, const std::string& title) {
    bool all_numbered = true, consecutive = true, all_ones = true;
    std::map<int, int> first_line;  // number -> line
    std::string slip;
    int slip_line = 0;
    for (size_t k = 0; k < members.size(); ++k) {
      const Draft& d = drafts_[members[k]];
      if (d.author_number < 0) {
        all_numbered = false;
        continue;
      }
      if (d.author_number != 1) all_ones = false;
      if (k > 0 && drafts_[members[k - 1]].author_number >= 0 &&
          d.author_number != drafts_[members[k - 1]].author_number + 1) {
        consecutive = false;
        if (slip.empty()) {
          slip_line = d.line_no;
          auto seen = first_line.find(d.author_number);
          slip = seen != first_line.end()
                     ? "question number " + std::to_string(d.author_number) + " appears twice in section \"" +
                           title + "\" (first at line " + std::to_string(seen->second) + ")"
                     : "question number " + std::to_string(d.author_number) + " follows " +
                           std::to_string(drafts_[members[k - 1]].author_number) + " in section \"" + title + "\"";
        }
      }
      first_line.emplace(d.author_number, d.line_no);
    }
    bool keep = all_numbered && consecutive;
    if (!keep && !slip.empty() && !(all_ones && members.size() > 1)) {
      Warn(bank_, slip_line, warning::kNumbering, slip + "; the section's questions are numbered by position");
    }
    for (size_t k = 0; k < members.size(); ++k) {
      Draft& d = drafts_[members[k]];
      d.q.number = keep ? d.author_number : static_cast<int>(k + 1);
    }
  }

  Bank bank_;
  MarkdownLines doc_;
  bool asking_level_[8] = {false};   // heading levels that hold questions
  bool uniform_level_[8] = {false};  // ... where nearly every heading is one
  bool any_question_level_ = false;
  std::string titles_[8];
  int heading_lines_[8] = {0};
  std::vector<Section> sections_;
  std::map<int, size_t> section_by_line_;
  std::vector<Draft> drafts_;
  std::map<std::string, int> shapes_;  // questions read per shape
  int question_lists_[2] = {0, 0};     // sections that are lists of questions: bulleted, numbered
  bool bold_questions_bank_ = false;   // most bold lines ask: each is a question
  bool details_questions_bank_ = false;  // most <summary> lines ask: each is a question

 public:
  // The shapes recognised, most questions first: "headings + details blocks".
  std::string Shape() const {
    std::vector<std::pair<int, std::string>> by_count;
    for (const auto& [shape, n] : shapes_) by_count.emplace_back(-n, shape);
    std::sort(by_count.begin(), by_count.end());
    std::string out;
    for (const auto& [n, shape] : by_count) out += (out.empty() ? "" : " + ") + shape;
    return out;
  }
};

bool IsFrontLabel(std::string_view t) {
  std::string l = Lower(TrimBlanks(t));
  return l == "front" || l == "question" || l == "q" || l == "вопрос" || l == "问题" || l == "題目";
}

bool IsBackLabel(std::string_view t) {
  std::string l = Lower(TrimBlanks(t));
  return l == "back" || l == "answer" || l == "a" || l == "ответ" || l == "答案" || l == "回答";
}

// A document that is one question: a card with Front/Back (or
// Question/Answer) headings, or one title that asks, over an answer with
// no other questions in it (no heading, <details> or Q: label that asks,
// and fewer than three list items ending in '?').
bool IsOneQuestionDocument(const MarkdownLines& doc) {
  int headings = 0, front = 0, asking_items = 0, top_level = 7, at_top = 0, asking_headings = 0;
  bool title_asks = LooksLikeQuestion(StripInlineMarkdown(doc.front_title));
  for (const MarkdownLine& line : doc.lines) {
    if (line.kind == LineKind::kCode) continue;
    if (Lower(line.raw).find("<details") != std::string::npos) return false;
    std::string text = StripInlineMarkdown(line.text);
    if (line.kind == LineKind::kText) {
      if (auto label = ParseQuestionLabel(text); label && label->q_label && !label->rest.empty()) return false;
    }
    if (line.kind == LineKind::kItem && !text.empty() && text.back() == '?') ++asking_items;
    if (line.kind != LineKind::kHeading) continue;
    ++headings;
    if (IsFrontLabel(text)) ++front;
    if (line.level < top_level) {
      top_level = line.level;
      at_top = 0;
    }
    if (line.level == top_level) ++at_top;
    if (LooksLikeQuestion(text) && !IsBackLabel(text)) ++asking_headings;
  }
  if (front == 1 && headings <= 4) return true;
  if (asking_items >= 3) return false;
  if (!doc.front_title.empty()) return title_asks && asking_headings == 0;
  return headings > 0 && at_top == 1 && asking_headings == 1 && [&] {
    for (const MarkdownLine& line : doc.lines) {  // the one heading that asks is the top one
      if (line.kind == LineKind::kHeading) return line.level == top_level && LooksLikeQuestion(StripInlineMarkdown(line.text));
    }
    return false;
  }();
}

// The question and answer of a one-question document.
Bank OneQuestionBank(const MarkdownLines& doc, Bank bank) {
  bank.shape = kOneQuestionPerFile;
  // The bank of a one-question file is its folder.
  bank.title = TitleFromFileName(std::filesystem::path(bank.file).parent_path().string());
  Question q;
  std::vector<std::string> answer;
  int question_line = 1;
  enum { kNone, kFront, kBack } card = kNone;  // which card heading the lines are under
  std::string question = StripInlineMarkdown(doc.front_title);
  for (const MarkdownLine& line : doc.lines) {
    std::string text = line.kind == LineKind::kCode ? line.raw : StripInlineMarkdown(line.text);
    if (line.kind == LineKind::kHeading) {
      if (IsFrontLabel(text)) {
        card = kFront;
        question.clear();
        question_line = line.line_no;
        continue;
      }
      if (IsBackLabel(text) && card != kNone) {
        card = kBack;
        continue;
      }
      if (question.empty() && card == kNone) {
        question = text;
        question_line = line.line_no;
        continue;
      }
    }
    if (line.kind == LineKind::kBlank || line.kind == LineKind::kRule || TrimBlanks(text).empty()) continue;
    if (line.kind == LineKind::kItem) text = (line.number >= 0 ? std::to_string(line.number) + ". " : "- ") + text;
    if (card == kFront) {
      question += (question.empty() ? "" : " ") + std::string(TrimBlanks(text));
    } else {
      answer.push_back(text);
    }
  }
  if (TrimBlanks(question).empty()) return bank;
  q.text = std::string(TrimBlanks(question));
  if (auto label = ParseQuestionLabel(q.text); label && !label->rest.empty()) q.text = std::string(label->rest);
  q.section = doc.front_section.empty() ? bank.title : doc.front_section;
  q.part = bank.title;
  q.tags = doc.front_tags;
  for (const std::string& line : answer) q.body += (q.body.empty() ? "" : "\n") + line;
  std::string section_slug = Slugify(q.section), file_slug = Slugify(std::filesystem::path(bank.file).stem().string());
  q.id = (section_slug.empty() ? "section" : section_slug) + "/" + (file_slug.empty() ? "question" : file_slug);
  q.source = bank.file + ":" + std::to_string(question_line);
  bank.questions.push_back(std::move(q));
  return bank;
}

}  // namespace

Result<Bank> ReadMarkdownBank(std::string_view content, const std::string& file_name) {
  Bank bank;
  bank.file = file_name;
  MarkdownLines doc = SplitMarkdownLines(content, bank);
  if (IsOneQuestionDocument(doc)) return OneQuestionBank(doc, std::move(bank));
  MarkdownReader reader(std::move(doc), std::move(bank));
  Bank read = reader.Read();
  read.shape = reader.Shape();
  std::stable_sort(read.warnings.begin(), read.warnings.end(),
                   [](const BankWarning& a, const BankWarning& b) { return a.line < b.line; });
  return read;
}

Result<Bank> ReadSingleQuestionMarkdown(std::string_view content, const std::string& file_name) {
  Bank bank;
  bank.file = file_name;
  MarkdownLines doc = SplitMarkdownLines(content, bank);
  return OneQuestionBank(doc, std::move(bank));
}

}  // namespace quarry
