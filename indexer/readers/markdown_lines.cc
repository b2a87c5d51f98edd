#include "indexer/readers/markdown_lines.h"

#include <cctype>
#include <optional>
#include <set>

#include "core/line_reader.h"
#include "core/utf8.h"
#include "indexer/readers/inline_markdown.h"

namespace quarry {
namespace {

int IndentOf(std::string_view s) {
  int cols = 0;
  for (char c : s) {
    if (c == ' ') {
      ++cols;
    } else if (c == '\t') {
      cols += 4 - cols % 4;
    } else {
      break;
    }
  }
  return cols;
}

bool IsRule(std::string_view line) {
  if (line.size() < 3) return false;
  char c = line[0];
  if (c != '-' && c != '*' && c != '_') return false;
  int marks = 0;
  for (char x : line) {
    if (x == c) {
      ++marks;
    } else if (x != ' ') {
      return false;
    }
  }
  return marks >= 3;
}

// "```lang" or "~~~": the fence character and run length.
std::optional<std::pair<char, size_t>> FenceOpening(std::string_view trimmed) {
  if (trimmed.size() < 3 || (trimmed[0] != '`' && trimmed[0] != '~')) return std::nullopt;
  size_t n = 0;
  while (n < trimmed.size() && trimmed[n] == trimmed[0]) ++n;
  if (n < 3) return std::nullopt;
  if (trimmed[0] == '`' && trimmed.find('`', n) != std::string_view::npos) return std::nullopt;  // inline code
  return std::make_pair(trimmed[0], n);
}

bool ClosesFence(std::string_view trimmed, std::pair<char, size_t> fence) {
  size_t n = 0;
  while (n < trimmed.size() && trimmed[n] == fence.first) ++n;
  return n >= fence.second && TrimBlanks(trimmed.substr(n)).empty();
}

// "## Title ##" -> (2, "Title"); also HTML "<h3>Title</h3>".
std::optional<std::pair<int, std::string>> AtxHeading(std::string_view t) {
  size_t level = 0;
  while (level < t.size() && t[level] == '#') ++level;
  if (level >= 1 && level <= 6 && (level == t.size() || t[level] == ' ' || t[level] == '\t')) {
    std::string_view text = TrimBlanks(t.substr(level));
    while (!text.empty() && text.back() == '#') text.remove_suffix(1);  // closing hashes
    return std::make_pair(static_cast<int>(level), std::string(TrimBlanks(text)));
  }
  if (t.size() > 8 && t[0] == '<' && (t[1] == 'h' || t[1] == 'H') && t[2] >= '1' && t[2] <= '6') {
    size_t open_end = t.find('>');
    size_t close = t.rfind("</");
    if (open_end != std::string_view::npos && close != std::string_view::npos && close > open_end) {
      return std::make_pair(t[2] - '0', std::string(TrimBlanks(t.substr(open_end + 1, close - open_end - 1))));
    }
  }
  return std::nullopt;
}

// A list item's marker, number and the text after it.
bool ParseItem(std::string_view t, MarkdownLine& line) {
  size_t i = 0;
  if (!t.empty() && (t[0] == '-' || t[0] == '*' || t[0] == '+')) {
    line.marker = t[0];
    i = 1;
  } else {
    while (i < t.size() && i < 9 && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == 0 || i >= t.size() || (t[i] != '.' && t[i] != ')')) return false;
    line.number = std::stoi(std::string(t.substr(0, i)));
    line.marker = t[i];
    ++i;
  }
  if (i < t.size() && t[i] != ' ' && t[i] != '\t') return false;
  std::string_view rest = TrimBlanks(t.substr(i));
  if (rest.size() >= 3 && rest[0] == '[' && rest[2] == ']' && (rest[1] == ' ' || rest[1] == 'x' || rest[1] == 'X')) {
    line.checkbox = rest[1] == ' ' ? 1 : 2;
    rest = TrimBlanks(rest.substr(3));
  }
  line.text = std::string(rest);
  return true;
}

// A line that is only badges, images or HTML wrappers shows no text.
bool ShowsNoText(std::string_view t) {
  std::string text = StripInlineMarkdown(t);
  return TrimBlanks(text).empty();
}

// "<details>", "<p align=...>", "</div>": a line that opens an HTML block
// (CommonMark's kind 6), inside which ``` is text until a blank line.
bool OpensHtmlBlock(std::string_view t) {
  if (t.size() < 3 || t[0] != '<') return false;
  size_t i = t[1] == '/' ? 2 : 1;
  size_t start = i;
  while (i < t.size() && std::isalnum(static_cast<unsigned char>(t[i]))) ++i;
  std::string name(t.substr(start, i - start));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::set<std::string> kBlocks = {"details", "summary", "div", "p", "table", "section", "blockquote",
                                                "ul", "ol", "li", "dl", "dt", "dd", "figure", "center", "h1",
                                                "h2", "h3", "h4", "h5", "h6", "hr", "tr", "td", "th", "tbody"};
  return kBlocks.count(name) && (i == t.size() || t[i] == '>' || t[i] == ' ' || t[i] == '/');
}

// Walks the fences of `lines`, the ones in `ignored` read as text; calls
// visit(index, kind) for each line: 0 text, 1 fence marker, 2 inside a
// fence. Returns the line number of a fence left open at the end, or 0.
template <typename Visit>
int WalkFences(const std::vector<std::pair<int, std::string>>& lines, size_t first, const std::set<int>& ignored,
               Visit visit) {
  std::optional<std::pair<char, size_t>> fence;
  int opened_at = 0;
  bool in_html = false;
  for (size_t i = first; i < lines.size(); ++i) {
    const auto& [no, raw] = lines[i];
    std::string_view t = TrimBlanks(raw);
    if (fence) {
      bool closes = ClosesFence(t, *fence);
      if (closes) fence.reset();
      visit(i, closes ? 1 : 2);
      continue;
    }
    if (t.empty()) in_html = false;
    if (!in_html && OpensHtmlBlock(t)) in_html = true;
    if (!in_html && !ignored.count(no) && (fence = FenceOpening(t))) {
      opened_at = no;
      visit(i, 1);
      continue;
    }
    visit(i, 0);
  }
  return fence ? opened_at : 0;
}

// Fence lines that never close: read as text, so that one stray ``` cannot
// swallow the rest of a bank.
std::set<int> UnclosedFences(const std::vector<std::pair<int, std::string>>& lines, size_t first) {
  std::set<int> unclosed;
  while (int open = WalkFences(lines, first, unclosed, [](size_t, int) {})) unclosed.insert(open);
  return unclosed;
}

std::string Unquote(std::string_view v) {
  v = TrimBlanks(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return std::string(v);
}

// Reads a YAML front matter block at the top; the index of the first line after it.
size_t ReadFrontMatter(const std::vector<std::pair<int, std::string>>& lines, MarkdownLines& out) {
  if (lines.empty() || TrimBlanks(lines[0].second) != "---") return 0;
  for (size_t i = 1; i < lines.size() && i < 200; ++i) {
    std::string_view t = TrimBlanks(lines[i].second);
    if (t == "---" || t == "...") {
      for (size_t j = 1; j < i; ++j) {
        std::string_view kv = TrimBlanks(lines[j].second);
        size_t colon = kv.find(':');
        if (colon == std::string_view::npos) continue;
        std::string key(TrimBlanks(kv.substr(0, colon)));
        std::string value = Unquote(kv.substr(colon + 1));
        if (key == "title" || key == "question") {
          out.front_title = value;
        } else if (key == "category" || key == "section" || key == "topic") {
          out.front_section = value;
        } else if (key == "tags") {
          std::string_view list = value;
          if (!list.empty() && list.front() == '[') list.remove_prefix(1);
          if (!list.empty() && list.back() == ']') list.remove_suffix(1);
          for (size_t start = 0; start < list.size();) {
            size_t comma = list.find(',', start);
            std::string tag = Unquote(list.substr(start, comma == std::string_view::npos ? list.npos : comma - start));
            if (!tag.empty()) out.front_tags.push_back(tag);
            if (comma == std::string_view::npos) break;
            start = comma + 1;
          }
        }
      }
      return i + 1;
    }
    if (!t.empty() && t.find(':') == std::string_view::npos && t[0] != '-' && t[0] != '#' && t[0] != ' ') return 0;
  }
  return 0;
}

std::vector<std::pair<int, std::string>> ValidLines(std::string_view content, Bank& bank) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  std::vector<std::pair<int, std::string>> out;
  LineReader reader(content);
  std::string_view raw;
  while (reader.Next(raw)) {
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (auto bad = FindInvalidUtf8(raw)) {
      Warn(bank, reader.line_no(), warning::kInvalidUtf8,
           "invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line; read with U+FFFD in its place");
      out.emplace_back(reader.line_no(), ToValidUtf8(raw));
    } else {
      out.emplace_back(reader.line_no(), std::string(raw));
    }
  }
  return out;
}

MarkdownLine Classify(int no, const std::string& raw, Bank& bank) {
  MarkdownLine line;
  line.line_no = no;
  line.raw = raw;
  line.indent = IndentOf(raw);
  std::string_view t = TrimBlanks(raw);
  line.text = std::string(t);
  if (t.empty()) return line;
  auto heading = AtxHeading(t);
  if (heading && line.indent < 4) {
    line.kind = LineKind::kHeading;
    line.level = heading->first;
    line.text = heading->second;
  } else if (IsRule(t)) {
    line.kind = LineKind::kRule;
  } else if (ParseItem(t, line)) {
    line.kind = LineKind::kItem;
    if (auto inner = AtxHeading(line.text); inner && line.checkbox == 0) {  // "1. ### What is React?"
      line.kind = LineKind::kHeading;
      line.level = inner->first;
      line.text = inner->second;
    }
  } else {
    line.kind = ShowsNoText(t) ? LineKind::kBlank : LineKind::kText;
  }
  if (line.kind == LineKind::kHeading && ShowsNoText(line.text)) {
    Warn(bank, no, warning::kEmptyHeading, "a heading with no text; ignored");
    line.kind = LineKind::kBlank;
  }
  return line;
}

}  // namespace

MarkdownLines SplitMarkdownLines(std::string_view content, Bank& bank) {
  MarkdownLines out;
  std::vector<std::pair<int, std::string>> lines = ValidLines(content, bank);
  size_t first = ReadFrontMatter(lines, out);
  std::set<int> unclosed = UnclosedFences(lines, first);
  for (int no : unclosed) {
    Warn(bank, no, warning::kUnclosedFence, "a code fence that is never closed; read as text");
  }
  std::vector<int> kinds(lines.size(), 0);
  WalkFences(lines, first, unclosed, [&](size_t i, int kind) { kinds[i] = kind; });
  bool in_comment = false;
  for (size_t i = first; i < lines.size(); ++i) {
    const auto& [no, raw] = lines[i];
    std::string_view t = TrimBlanks(raw);
    if (kinds[i] == 1) continue;
    if (kinds[i] == 2) {
      MarkdownLine code;
      code.line_no = no;
      code.kind = LineKind::kCode;
      code.raw = raw;
      code.text = raw;
      code.indent = IndentOf(raw);
      out.lines.push_back(std::move(code));
      continue;
    }
    if (in_comment || t.substr(0, 4) == "<!--") {
      in_comment = t.find("-->") == std::string_view::npos;
      continue;
    }
    // "Title" over "====": a level-1 heading.
    if (!out.lines.empty() && !t.empty() && t.find_first_not_of('=') == std::string_view::npos &&
        out.lines.back().kind == LineKind::kText && out.lines.back().line_no == no - 1) {
      out.lines.back().kind = LineKind::kHeading;
      out.lines.back().level = 1;
      continue;
    }
    out.lines.push_back(Classify(no, raw, bank));
  }
  return out;
}

}  // namespace quarry
