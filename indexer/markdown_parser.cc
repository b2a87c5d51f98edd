#include "indexer/markdown_parser.h"

#include <cctype>
#include <map>
#include <optional>

#include "core/line_reader.h"
#include "core/slug.h"
#include "core/utf8.h"

namespace quarry {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool IsRule(std::string_view line) {
  if (line.size() < 3) return false;
  char c = line[0];
  if (c != '-' && c != '*' && c != '_') return false;
  for (char x : line) {
    if (x != c && x != ' ') return false;
  }
  return true;
}

// "12. text" or "12) text": the number and the text after it.
std::optional<std::pair<int, std::string_view>> NumberedItem(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i == 0 || i > 9 || i >= line.size()) return std::nullopt;
  if (line[i] != '.' && line[i] != ')') return std::nullopt;
  std::string_view rest = line.substr(i + 1);
  if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t') return std::nullopt;
  return std::make_pair(std::stoi(std::string(line.substr(0, i))), Trim(rest));
}

// Heading level (1 for "# ", 2 for "## ", ...) and its text, if a heading.
std::optional<std::pair<int, std::string_view>> Heading(std::string_view line) {
  size_t level = 0;
  while (level < line.size() && line[level] == '#') ++level;
  if (level == 0 || level > 6) return std::nullopt;
  if (level < line.size() && line[level] != ' ' && line[level] != '\t') return std::nullopt;
  std::string_view text = Trim(line.substr(level));
  while (!text.empty() && text.back() == '#') text.remove_suffix(1);  // closing hashes
  return std::make_pair(static_cast<int>(level), Trim(text));
}

bool Flanks(std::string_view s, size_t at, size_t len, bool opening) {
  auto space = [&](size_t i) { return i >= s.size() || s[i] == ' ' || s[i] == '\t'; };
  if (opening) return !space(at + len) && (at == 0 || space(at - 1) || std::ispunct((unsigned char)s[at - 1]));
  return at > 0 && !space(at - 1) &&
         (at + len >= s.size() || space(at + len) || std::ispunct((unsigned char)s[at + len]));
}

}  // namespace

std::string StripInlineMarkdown(std::string_view line) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == '`') {  // code span: keep the content as written
      size_t close = line.find('`', i + 1);
      if (close != std::string_view::npos) {
        out.append(line.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
    } else if (c == '*') {
      size_t len = (i + 1 < line.size() && line[i + 1] == '*') ? 2 : 1;
      if (Flanks(line, i, len, true)) {
        // Pair with the first marker that can close; a marker that can only
        // open comes first means this one is unpaired and stays as written.
        std::string marker(len, '*');
        for (size_t at = line.find(marker, i + len); at != std::string_view::npos; at = line.find(marker, at + 1)) {
          bool exact = at + len >= line.size() || line[at + len] != '*';
          if (!exact) continue;
          if (Flanks(line, at, len, false)) {
            out += StripInlineMarkdown(line.substr(i + len, at - i - len));
            i = at + len;
            goto next;
          }
          if (Flanks(line, at, len, true)) break;
        }
      }
      out.append(len, '*');
      i += len;
      continue;
    } else if (c == '[') {  // [text](url) -> text
      size_t close = line.find(']', i + 1);
      size_t end = close != std::string_view::npos && close + 1 < line.size() && line[close + 1] == '('
                       ? line.find(')', close + 2)
                       : std::string_view::npos;
      if (end != std::string_view::npos) {
        out += StripInlineMarkdown(line.substr(i + 1, close - i - 1));
        i = end + 1;
        continue;
      }
    }
    out += c;
    ++i;
  next:;
  }
  return out;
}

Result<std::vector<Question>> ParseMarkdownBank(std::string_view content,
                                                const std::string& file_name) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  std::vector<Question> questions;
  std::string part, section, section_slug;
  bool in_section = false;
  std::map<int, int> numbers_seen;  // number -> line, within the section
  Question* current = nullptr;
  int line_no = 0;
  auto error = [&](const std::string& what) {
    return Status::InvalidArgument(file_name + ":" + std::to_string(line_no) + ": " + what);
  };

  LineReader lines(content);
  std::string_view raw;
  while (lines.Next(raw)) {
    line_no = lines.line_no();
    if (auto bad = FindInvalidUtf8(raw)) {
      return error("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line");
    }
    std::string_view line = Trim(raw);
    if (line.empty()) continue;
    if (IsRule(line)) {
      current = nullptr;
      continue;
    }
    if (auto heading = Heading(line)) {
      current = nullptr;
      std::string title = StripInlineMarkdown(heading->second);
      if (heading->first == 1) {
        part = title;
        in_section = false;
      } else if (heading->first == 2) {
        section_slug = Slugify(title);
        if (section_slug.empty()) return error("section title \"" + title + "\" has no letters or digits");
        section = title;
        in_section = true;
        numbers_seen.clear();
      }
      continue;  // deeper headings are structure inside a section
    }
    if (auto item = NumberedItem(line)) {
      if (!in_section) return error("numbered question outside any section (add a \"## Section\" heading above it)");
      auto [number, text] = *item;
      if (text.empty()) return error("question " + std::to_string(number) + " has no text");
      if (auto [it, fresh] = numbers_seen.emplace(number, line_no); !fresh) {
        return error("question number " + std::to_string(number) + " appears twice in section \"" + section +
                     "\" (first at line " + std::to_string(it->second) + ")");
      }
      Question q;
      q.id = section_slug + "/" + std::to_string(number);
      q.part = part;
      q.section = section;
      q.number = number;
      q.text = StripInlineMarkdown(text);
      q.source = file_name + ":" + std::to_string(line_no);
      questions.push_back(std::move(q));
      current = &questions.back();
      continue;
    }
    if (current) {  // text under a question: its body
      if (!current->body.empty()) current->body += '\n';
      current->body += StripInlineMarkdown(line);
    }
  }
  if (questions.empty()) {
    return Status::InvalidArgument(file_name + ": no questions found (expected \"## Section\" headings and \"1. Question\" lines)");
  }
  return questions;
}

}  // namespace quarry
