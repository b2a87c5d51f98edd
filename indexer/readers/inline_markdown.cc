#include "indexer/readers/inline_markdown.h"
#include "core/utf8.h"

#include <cctype>
#include <cstdlib>
#include <unordered_set>

namespace quarry {
namespace {

bool Flanks(std::string_view s, size_t at, size_t len, bool opening) {
  auto space = [&](size_t i) { return i >= s.size() || s[i] == ' ' || s[i] == '\t'; };
  if (opening) return !space(at + len) && (at == 0 || space(at - 1) || std::ispunct((unsigned char)s[at - 1]));
  return at > 0 && !space(at - 1) &&
         (at + len >= s.size() || space(at + len) || std::ispunct((unsigned char)s[at + len]));
}

// The tags of prose that banks use; anything else in <...> is text
// (`List<String>`, `<T>`, `a <b` in maths).
bool IsProseTag(std::string_view name) {
  static const std::unordered_set<std::string_view> kTags = {
      "a",     "abbr", "b",       "big",    "blockquote", "br",     "center", "code",   "del",  "details",
      "div",   "em",   "font",    "h1",     "h2",         "h3",     "h4",     "h5",     "h6",   "hr",
      "i",     "img",  "ins",     "kbd",    "li",         "mark",   "ol",     "p",      "pre",  "s",
      "small", "span", "strike",  "strong", "sub",        "summary", "sup",   "table",  "tbody", "td",
      "th",    "thead", "tr",     "u",      "ul",         "picture", "source", "section", "figure", "video"};
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kTags.count(lower) > 0;
}

// The length of the HTML tag of prose starting at s[at] == '<', or 0.
size_t ProseTagLength(std::string_view s, size_t at) {
  size_t i = at + 1;
  if (i < s.size() && s[i] == '/') ++i;
  size_t name_start = i;
  while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
  if (i == name_start || !IsProseTag(s.substr(name_start, i - name_start))) return 0;
  if (i < s.size() && s[i] != '>' && s[i] != ' ' && s[i] != '/' && s[i] != '\t') return 0;
  size_t close = s.find('>', i);
  return close == std::string_view::npos ? 0 : close - at + 1;
}

// Decodes the entity at s[at] == '&' into `out`; its length, or 0.
size_t DecodeEntity(std::string_view s, size_t at, std::string& out) {
  size_t semi = s.find(';', at);
  if (semi == std::string_view::npos || semi - at > 10) return 0;
  std::string_view name = s.substr(at + 1, semi - at - 1);
  static const struct {
    std::string_view name, text;
  } kNamed[] = {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
                {"#39", "'"}, {"ndash", "\u2013"}, {"mdash", "\u2014"}, {"hellip", "\u2026"}};
  for (const auto& e : kNamed) {
    if (name == e.name) {
      out += e.text;
      return semi - at + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos) {
      return 0;
    }
    unsigned long cp = std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10);
    if (cp != 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) AppendUtf8(static_cast<uint32_t>(cp), out);
    return semi - at + 1;
  }
  return 0;
}

// "![alt](url)" at s[at]: its length, or 0.
size_t ImageLength(std::string_view s, size_t at) {
  if (s.substr(at, 2) != "![") return 0;
  size_t close = s.find("](", at + 2);
  if (close == std::string_view::npos) return 0;
  size_t end = s.find(')', close + 2);
  return end == std::string_view::npos ? 0 : end - at + 1;
}

// The ']' that closes the '[' at s[at], brackets nested; npos if none.
size_t MatchingBracket(std::string_view s, size_t at) {
  int depth = 0;
  for (size_t i = at; i < s.size(); ++i) {
    if (s[i] == '[') ++depth;
    if (s[i] == ']' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// False for link texts of symbols only: arrows, punctuation ("[⬆]", "[↑]").
bool HasLetterOrDigit(std::string_view text) {
  for (unsigned char c : text) {
    if (std::isalnum(c)) return true;
  }
  for (std::string_view arrow : {"\u2B06", "\u2191", "\u2934", "\u21E7", "\U0001F51D", "\u25B2", "\u2303"}) {
    if (text.find(arrow) != std::string_view::npos) return false;
  }
  for (unsigned char c : text) {
    if (c >= 0x80) return true;  // letters of other scripts
  }
  return false;
}

}  // namespace

std::string StripHtml(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '<') {
      if (size_t n = ProseTagLength(text, i)) {
        i += n;
        continue;
      }
    } else if (text[i] == '&') {
      if (size_t n = DecodeEntity(text, i, out)) {
        i += n;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

namespace {
std::string StripInline(std::string_view line, int depth);
}  // namespace

std::string StripInlineMarkdown(std::string_view line) { return StripInline(line, 0); }

namespace {

// Nesting past kMaxDepth (bold in a link in a link...) is kept as written:
// no bank nests that deep, and a hostile line cannot exhaust the stack.
constexpr int kMaxDepth = 16;

std::string StripInline(std::string_view line, int depth) {
  if (depth > kMaxDepth) return std::string(line);
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == '`') {  // code span: keep the content as written
      size_t ticks = 1;
      while (i + ticks < line.size() && line[i + ticks] == '`') ++ticks;
      size_t close = line.find(std::string(ticks, '`'), i + ticks);
      if (close != std::string_view::npos) {
        std::string_view code = line.substr(i + ticks, close - i - ticks);
        if (ticks > 1 && code.size() >= 2 && code.front() == ' ' && code.back() == ' ') code = code.substr(1, code.size() - 2);
        out.append(code);
        i = close + ticks;
        continue;
      }
    } else if (c == '<') {
      if (size_t n = ProseTagLength(line, i)) {
        i += n;
        continue;
      }
    } else if (c == '&') {
      if (size_t n = DecodeEntity(line, i, out)) {
        i += n;
        continue;
      }
    } else if (c == '!') {
      if (size_t n = ImageLength(line, i)) {
        i += n;
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
            out += StripInline(line.substr(i + len, at - i - len), depth + 1);
            i = at + len;
            goto next;
          }
          if (Flanks(line, at, len, true)) break;
        }
      }
      out.append(len, '*');
      i += len;
      continue;
    } else if (c == '[') {  // [text](url) -> text; [![badge](img)](url) -> nothing
      if (size_t image = ImageLength(line, i + 1); image && line.substr(i + 1 + image, 2) == "](") {
        size_t end = line.find(')', i + 1 + image + 2);
        if (end != std::string_view::npos) {
          i = end + 1;
          continue;
        }
      }
      size_t close = MatchingBracket(line, i);
      size_t end = close != std::string_view::npos && close + 1 < line.size() && line[close + 1] == '('
                       ? line.find(')', close + 2)
                       : std::string_view::npos;
      if (end != std::string_view::npos) {
        std::string text = StripInline(line.substr(i + 1, close - i - 1), depth + 1);
        // "[⬆](#top)", "[[↑]](#toc)": navigation, not words.
        if (!(line[close + 2] == '#' && !HasLetterOrDigit(text))) out += text;
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

}  // namespace

}  // namespace quarry
