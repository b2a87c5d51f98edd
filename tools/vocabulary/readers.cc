#include "tools/vocabulary/readers.h"
#include "core/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <vector>

namespace quarry::vocabulary {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Lines of text, without their line ends.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) out.push_back(text.substr(start));
      break;
    }
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    start = nl + 1;
  }
  return out;
}

// ---------------------------------------------------------------- HTML

struct Entity {
  const char* name;
  uint32_t cp;
};
constexpr Entity kEntities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", ' '},     {"ndash", 0x2013}, {"mdash", 0x2014},  {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"copy", 0xA9},    {"reg", 0xAE},
    {"trade", 0x2122}, {"times", 0xD7},   {"rarr", 0x2192},   {"larr", 0x2190},  {"para", 0xB6},
    {"sect", 0xA7},    {"middot", 0xB7},  {"bull", 0x2022},   {"laquo", 0xAB},   {"raquo", 0xBB},
    {"shy", 0xAD},     {"zwj", 0x200D},   {"zwnj", 0x200C},   {"thinsp", ' '},   {"ensp", ' '},
    {"emsp", ' '},     {"le", 0x2264},    {"ge", 0x2265},     {"ne", 0x2260},    {"minus", 0x2212},
    {"deg", 0xB0},
};

// Decodes the entity at text[i] == '&'; returns the bytes consumed (0: none).
size_t DecodeEntity(std::string_view text, size_t i, std::string& out) {
  size_t semi = text.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = text.substr(i + 1, semi - i - 1);
  if (name.empty()) return 0;
  if (name[0] == '#') {
    uint32_t cp = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(c))
                  ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                  : -1;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
    if (cp == 0xA0) cp = ' ';
    AppendUtf8(cp, out);
    return semi - i + 1;
  }
  for (const Entity& e : kEntities) {
    if (name == e.name) {
      AppendUtf8(e.cp, out);
      return semi - i + 1;
    }
  }
  out += ' ';  // an entity we do not know: a space is the safe guess
  return semi - i + 1;
}

std::string DecodeEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '&') {
      size_t n = DecodeEntity(text, i, out);
      if (n > 0) {
        i += n - 1;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

bool IsBlockTag(std::string_view t) {
  static constexpr std::string_view kBlocks[] = {
      "p",       "div",     "li",         "ul",     "ol",      "dl",      "dt",         "dd",
      "h1",      "h2",      "h3",         "h4",     "h5",      "h6",      "tr",         "td",
      "th",      "table",   "thead",      "tbody",  "section", "article", "blockquote", "br",
      "hr",      "caption", "figcaption", "main",   "aside",   "title",   "option",     "body",
      "html",    "form",    "fieldset",   "legend", "details", "summary", "figure",     "center",
      "address", "img",     "dialog",     "menu"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), t) != std::end(kBlocks);
}

bool IsSkippedTag(std::string_view t) {
  static constexpr std::string_view kSkipped[] = {
      "script",   "style",  "head",   "nav",    "header", "footer",   "svg",     "math",
      "noscript", "select", "button", "iframe", "object", "template", "textarea"};
  return std::find(std::begin(kSkipped), std::end(kSkipped), t) != std::end(kSkipped);
}

bool IsInlineCodeTag(std::string_view t) {
  return t == "code" || t == "tt" || t == "kbd" || t == "samp";
}

// Navigation furniture that HTML generators put in divs: Sphinx's sidebars
// and related links, rustdoc's sidebar, javadoc's navigation bars. A word of
// an element's class or id (split at spaces, '-' and '_') names it.
bool IsNavigationClass(std::string_view attrs) {
  static constexpr std::string_view kNav[] = {"sphinxsidebar", "sphinxsidebarwrapper",
                                              "related",       "sidebar",
                                              "navbar",        "navigation",
                                              "side",          "breadcrumb",
                                              "breadcrumbs",   "toc",
                                              "footer",        "header",
                                              "menu",          "search",
                                              "copyright"};
  std::string a = Lower(attrs);
  for (std::string_view attr : {std::string_view("class="), std::string_view("id=")}) {
    size_t k = a.find(attr);
    // "id=" must not be the end of another attribute's name ("data-id=").
    while (k != std::string::npos && k > 0 && a[k - 1] != ' ') k = a.find(attr, k + 1);
    if (k == std::string::npos) continue;
    size_t b = k + attr.size();
    char quote = b < a.size() && (a[b] == '"' || a[b] == '\'') ? a[b] : ' ';
    if (quote != ' ') ++b;
    size_t e = a.find(quote == ' ' ? ' ' : quote, b);
    std::string_view value =
        std::string_view(a).substr(b, e == std::string::npos ? std::string::npos : e - b);
    size_t w = 0;
    while (w <= value.size()) {
      size_t end = value.find_first_of(" -_", w);
      std::string_view word =
          value.substr(w, end == std::string_view::npos ? std::string_view::npos : end - w);
      for (std::string_view n : kNav) {
        if (word == n) return true;
      }
      if (end == std::string_view::npos) break;
      w = end + 1;
    }
  }
  return false;
}

}  // namespace

Document ReadHtml(std::string_view html) {
  DocumentBuilder b;
  std::string skip_tag;  // while not empty: inside an element that is left out
  int skip_depth = 0;
  int pre_depth = 0;
  std::string text;
  auto flush_text = [&] {
    if (!text.empty()) {
      b.Text(DecodeEntities(text));
      text.clear();
    }
  };
  size_t i = 0, n = html.size();
  while (i < n) {
    char c = html[i];
    if (c != '<') {
      size_t next = html.find('<', i);
      if (next == std::string_view::npos) next = n;
      if (skip_depth == 0) text.append(html.substr(i, next - i));
      i = next;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      size_t e = html.find("-->", i + 4);
      i = e == std::string_view::npos ? n : e + 3;
      continue;
    }
    if (i + 1 < n && (html[i + 1] == '!' || html[i + 1] == '?')) {
      size_t e = html.find('>', i);
      i = e == std::string_view::npos ? n : e + 1;
      continue;
    }
    size_t j = i + 1;
    bool closing = j < n && html[j] == '/';
    if (closing) ++j;
    size_t name_begin = j;
    while (j < n && (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '-')) ++j;
    if (j == name_begin) {  // a lone '<' in text
      if (skip_depth == 0) text += '<';
      ++i;
      continue;
    }
    std::string name = Lower(html.substr(name_begin, j - name_begin));
    // The end of the tag, past quoted attribute values.
    size_t k = j;
    char quote = 0;
    while (k < n) {
      char d = html[k];
      if (quote) {
        if (d == quote) quote = 0;
      } else if (d == '"' || d == '\'') {
        quote = d;
      } else if (d == '>') {
        break;
      }
      ++k;
    }
    std::string_view attrs = html.substr(j, k - j);
    bool self_closing = !attrs.empty() && attrs.back() == '/';
    i = k < n ? k + 1 : n;

    if (skip_depth > 0) {
      if (name == skip_tag && !self_closing) skip_depth += closing ? -1 : 1;
      if (skip_depth == 0) skip_tag.clear();
      continue;
    }
    if (!closing && !self_closing &&
        (IsSkippedTag(name) || ((name == "div" || name == "ul" || name == "section" ||
                                 name == "aside" || name == "table") &&
                                IsNavigationClass(attrs)))) {
      flush_text();
      b.Break();
      skip_tag = name;
      skip_depth = 1;
      continue;
    }
    flush_text();
    if (name == "pre") {
      if (closing) {
        if (pre_depth > 0 && --pre_depth == 0) b.EndCodeBlock();
      } else if (!self_closing) {
        if (pre_depth++ == 0) b.BeginCodeBlock();
      }
    } else if (IsInlineCodeTag(name)) {
      if (pre_depth == 0) closing ? b.EndInlineCode() : b.BeginInlineCode();
    } else if (IsBlockTag(name)) {
      b.Break();
    }
  }
  flush_text();
  return b.Finish();
}

// ---------------------------------------------------------------- roff

namespace {

// A roff special character name (\(xx, \[name]) as text.
std::string_view RoffSpecial(std::string_view name) {
  struct Special {
    const char* name;
    const char* text;
  };
  static constexpr Special kSpecials[] = {{"em", "\xE2\x80\x94"},
                                          {"en", "\xE2\x80\x93"},
                                          {"hy", "-"},
                                          {"aq", "'"},
                                          {"dq", "\""},
                                          {"lq", "\""},
                                          {"rq", "\""},
                                          {"oq", "'"},
                                          {"cq", "'"},
                                          {"bu", " "},
                                          {"ti", "~"},
                                          {"ha", "^"},
                                          {"rs", "\\"},
                                          {"mi", "-"},
                                          {"pl", "+"},
                                          {"eq", "="},
                                          {"lh", ""},
                                          {"rh", ""},
                                          {"co", "\xC2\xA9"},
                                          {"<=", "<="},
                                          {">=", ">="},
                                          {"->", "->"},
                                          {"ga", "`"},
                                          {"at", "@"},
                                          {"sl", "/"},
                                          {"ba", "|"},
                                          {"br", "|"},
                                          {"sq", " "},
                                          {"ul", "_"}};
  for (const Special& s : kSpecials) {
    if (name == s.name) return s.text;
  }
  return "";
}

// Feeds one line of roff text (not a request) to the builder, honouring font
// escapes: bold is inline code.
void RoffText(std::string_view line, DocumentBuilder& b, bool& bold) {
  std::string out;
  auto flush = [&] {
    if (!out.empty()) b.Text(out);
    out.clear();
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c != '\\' || i + 1 >= line.size()) {
      out += c;
      continue;
    }
    char e = line[++i];
    switch (e) {
      case 'f': {  // font: \fB, \f(BI, \f[B]
        std::string font;
        if (i + 1 < line.size() && line[i + 1] == '(') {
          font = std::string(line.substr(i + 2, 2));
          i += 3;
        } else if (i + 1 < line.size() && line[i + 1] == '[') {
          size_t close = line.find(']', i + 2);
          if (close == std::string_view::npos) close = line.size() - 1;
          font = std::string(line.substr(i + 2, close - i - 2));
          i = close;
        } else if (i + 1 < line.size()) {
          font = std::string(1, line[++i]);
        }
        bool now_bold = font == "B" || font == "BI" || font == "CB" || font == "CW" || font == "C";
        if (now_bold != bold) {
          flush();
          now_bold ? b.BeginInlineCode() : b.EndInlineCode();
          bold = now_bold;
        }
        break;
      }
      case '(':
        if (i + 2 < line.size()) out += RoffSpecial(line.substr(i + 1, 2));
        i += 2;
        break;
      case '[': {
        size_t close = line.find(']', i + 1);
        if (close == std::string_view::npos) close = line.size() - 1;
        out += RoffSpecial(line.substr(i + 1, close - i - 1));
        i = close;
        break;
      }
      case '*':  // a string: \*(xx, \*[name], \*x
        if (i + 1 < line.size() && line[i + 1] == '(') {
          i += 3;
        } else if (i + 1 < line.size() && line[i + 1] == '[') {
          size_t close = line.find(']', i + 2);
          i = close == std::string_view::npos ? line.size() : close;
        } else {
          ++i;
        }
        break;
      case 's':  // size: \s+1, \s-1, \s0
        if (i + 1 < line.size() && (line[i + 1] == '+' || line[i + 1] == '-')) ++i;
        while (i + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[i + 1]))) ++i;
        break;
      case 'n':  // number register: \n(xx, \nx
        if (i + 1 < line.size() && line[i + 1] == '(') {
          i += 3;
        } else {
          ++i;
        }
        break;
      case '"':  // comment to the end of the line
        i = line.size();
        break;
      case '-':
        out += '-';
        break;
      case 'e':
      case '\\':
        out += '\\';
        break;
      case ' ':
      case '~':
      case '0':
        out += ' ';
        break;
      case '&':
      case '|':
      case '^':
      case '%':
      case ':':
      case ',':
      case '/':
      case 'c':
        break;
      case '.':
        out += '.';
        break;
      case '\'':
        out += '\'';
        break;
      case '`':
        out += '`';
        break;
      default:
        out += e;
        break;
    }
  }
  flush();
  b.Text(" ");
}

// The arguments of a request line, honouring double quotes.
std::vector<std::string> RoffArgs(std::string_view rest) {
  std::vector<std::string> args;
  size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    if (i >= rest.size()) break;
    std::string arg;
    if (rest[i] == '"') {
      ++i;
      while (i < rest.size()) {
        if (rest[i] == '"') {
          if (i + 1 < rest.size() && rest[i + 1] == '"') {
            arg += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        arg += rest[i++];
      }
    } else {
      while (i < rest.size() && rest[i] != ' ' && rest[i] != '\t') arg += rest[i++];
    }
    args.push_back(std::move(arg));
  }
  return args;
}

}  // namespace

Document ReadRoff(std::string_view roff) {
  DocumentBuilder b;
  bool bold = false;
  bool nofill = false, synopsis = false;
  bool in_definition = false;  // .de ... ..
  for (std::string_view line : Lines(roff)) {
    if (in_definition) {
      if (StartsWith(line, "..")) in_definition = false;
      continue;
    }
    if (line.empty()) {
      if (nofill || synopsis) {
        b.Text("\n");
      } else {
        b.Break();
      }
      continue;
    }
    if (line[0] != '.' && line[0] != '\'') {
      RoffText(line, b, bold);
      if (nofill || synopsis) b.Text("\n");
      continue;
    }
    std::string_view req = line.substr(1);
    while (!req.empty() && (req[0] == ' ' || req[0] == '\t')) req.remove_prefix(1);
    if (StartsWith(req, "\\\"") || req.empty()) continue;
    size_t sp = req.find_first_of(" \t");
    std::string name(req.substr(0, sp));
    std::string_view rest = sp == std::string_view::npos ? std::string_view() : req.substr(sp + 1);
    if (name == "de" || name == "de1" || name == "am") {
      in_definition = true;
    } else if (name == "SH" || name == "SS") {
      if (synopsis) b.EndCodeBlock();
      synopsis = false;
      b.Break();
      std::string heading;
      for (const std::string& a : RoffArgs(rest)) heading += (heading.empty() ? "" : " ") + a;
      if (name == "SH" && (heading == "SYNOPSIS" || heading == "SYNTAX")) {
        synopsis = true;
        b.BeginCodeBlock();
        continue;
      }
      RoffText(heading, b, bold);
      b.Break();
    } else if (name == "nf" || name == "EX") {
      if (!nofill && !synopsis) b.BeginCodeBlock();
      nofill = true;
    } else if (name == "fi" || name == "EE") {
      if (nofill && !synopsis) b.EndCodeBlock();
      nofill = false;
    } else if (name == "PP" || name == "LP" || name == "P" || name == "TP" || name == "HP" ||
               name == "sp" || name == "br" || name == "bp" || name == "TQ") {
      if (nofill || synopsis) {
        b.Text("\n");
      } else {
        b.Break();
      }
    } else if (name == "IP") {
      b.Break();
      std::vector<std::string> args = RoffArgs(rest);
      if (!args.empty() && args[0].size() > 3) RoffText(args[0], b, bold);
    } else if (name == "B" || name == "I" || name == "SB" || name == "SM" || name == "BR" ||
               name == "RB" || name == "IR" || name == "RI" || name == "BI" || name == "IB" ||
               name == "OP") {
      std::vector<std::string> args = RoffArgs(rest);
      bool alternate = name.size() == 2 && name != "SB" && name != "SM" && name != "OP";
      std::string joined;
      for (size_t k = 0; k < args.size(); ++k) {
        char font =
            alternate ? name[k % 2] : (name == "B" || name == "SB" || name == "OP" ? 'B' : 'R');
        std::string piece = (font == 'B' ? "\\fB" : "\\fR") + args[k] + "\\fR";
        if (!alternate && k > 0) joined += ' ';
        joined += piece;
      }
      if (args.empty()) continue;  // the next line takes the font; read it plain
      RoffText(joined, b, bold);
      if (nofill || synopsis) b.Text("\n");
    }
    // Every other request sets layout or defines things: no text.
  }
  return b.Finish();
}

// ---------------------------------------------------------------- markdown

namespace {

bool IsRuleLine(std::string_view t) {
  if (t.size() < 3) return false;
  char c = t[0];
  if (std::string_view("=-~^*#+_`'\".:").find(c) == std::string_view::npos) return false;
  return std::all_of(t.begin(), t.end(), [c](char d) { return d == c || d == ' '; });
}

bool IsTableRule(std::string_view t) {
  return !t.empty() && (t[0] == '|' || t[0] == '+') && std::all_of(t.begin(), t.end(), [](char c) {
    return std::strchr("|+-=: ", c) != nullptr;
  });
}

size_t Indent(std::string_view line) {
  size_t n = 0;
  for (char c : line) {
    if (c == ' ') {
      ++n;
    } else if (c == '\t') {
      n += 4;
    } else {
      break;
    }
  }
  return n;
}

// One line of prose with markdown / reStructuredText inline markup.
void InlineMarkup(std::string_view line, DocumentBuilder& b) {
  std::string out;
  auto flush = [&] {
    if (!out.empty()) b.Text(out);
    out.clear();
  };
  size_t i = 0, n = line.size();
  while (i < n) {
    char c = line[i];
    if (c == '`') {
      size_t ticks = 1;
      while (i + ticks < n && line[i + ticks] == '`') ++ticks;
      std::string fence(ticks, '`');
      size_t close = line.find(fence, i + ticks);
      if (close == std::string_view::npos) {
        i += ticks;
        continue;
      }
      std::string_view inner = line.substr(i + ticks, close - i - ticks);
      // reStructuredText links: `text <url>`_
      size_t after = close + ticks;
      bool rst_link = after < n && line[after] == '_';
      if (rst_link) {
        size_t lt = inner.rfind('<');
        if (lt != std::string_view::npos) inner = inner.substr(0, lt);
        out += inner;
        i = after + 1;
        while (i < n && line[i] == '_') ++i;
        continue;
      }
      // A role before it (:func:`x`, :class:`x`) is markup.
      while (!out.empty() && out.back() == ':') {
        size_t colon = out.find_last_of(": ", out.size() - 2);
        if (colon != std::string::npos && out[colon] == ':') {
          out.erase(colon);
        } else {
          break;
        }
      }
      flush();
      b.BeginInlineCode();
      std::string code(inner);
      // :func:`~os.path.join` and :ref:`title <target>`: the readable part.
      if (!code.empty() && (code[0] == '~' || code[0] == '!')) code.erase(0, 1);
      size_t lt = code.rfind(" <");
      if (lt != std::string::npos && code.back() == '>') code.erase(lt);
      b.Text(code);
      b.EndInlineCode();
      i = close + ticks;
      continue;
    }
    if (c == '!' && i + 1 < n && line[i + 1] == '[') {  // image: left out
      size_t close = line.find(']', i + 2);
      if (close != std::string_view::npos && close + 1 < n && line[close + 1] == '(') {
        size_t paren = line.find(')', close + 2);
        if (paren != std::string_view::npos) {
          i = paren + 1;
          continue;
        }
      }
    }
    if (c == '[') {  // [text](url) or [text][ref]: the text
      size_t close = line.find(']', i + 1);
      if (close != std::string_view::npos && close + 1 < n &&
          (line[close + 1] == '(' || line[close + 1] == '[')) {
        char opener = line[close + 1];
        size_t end = line.find(opener == '(' ? ')' : ']', close + 2);
        if (end != std::string_view::npos) {
          out += line.substr(i + 1, close - i - 1);
          i = end + 1;
          continue;
        }
      }
    }
    if (c == '<') {  // inline HTML tags and <http://...> autolinks: left out
      size_t close = line.find('>', i + 1);
      if (close != std::string_view::npos && close - i < 200 && i + 1 < n &&
          (std::isalpha(static_cast<unsigned char>(line[i + 1])) || line[i + 1] == '/' ||
           line[i + 1] == '!')) {
        std::string tag = Lower(line.substr(i + 1, std::min<size_t>(5, close - i - 1)));
        if (StartsWith(tag, "code") || StartsWith(tag, "kbd")) {
          flush();
          b.BeginInlineCode();
        } else if (StartsWith(tag, "/code") || StartsWith(tag, "/kbd")) {
          flush();
          b.EndInlineCode();
        }
        out += ' ';
        i = close + 1;
        continue;
      }
    }
    if (c == '{' && i + 1 < n && (line[i + 1] == '{' || line[i + 1] == '%')) {  // template tags
      size_t close = line.find(line[i + 1] == '{' ? "}}" : "%}", i + 2);
      if (close != std::string_view::npos) {
        i = close + 2;
        continue;
      }
    }
    if ((c == '*' || c == '_') && i + 1 < n && line[i + 1] == c) {  // **strong**, __strong__
      i += 2;
      out += ' ';
      continue;
    }
    if (c == '|') {  // table cells
      out += ' ';
      ++i;
      continue;
    }
    if (c == '&') {
      size_t used = DecodeEntity(line, i, out);
      if (used > 0) {
        i += used;
        continue;
      }
    }
    out += c;
    ++i;
  }
  flush();
  b.Text(" ");
}

// Reads lines of markdown / reStructuredText into `b`.
void MarkdownLines(const std::vector<std::string_view>& lines, DocumentBuilder& b) {
  size_t i = 0;
  // Front matter.
  if (!lines.empty() && Trim(lines[0]) == "---") {
    for (size_t k = 1; k < lines.size() && k < 60; ++k) {
      if (Trim(lines[k]) == "---") {
        i = k + 1;
        break;
      }
    }
  }
  bool blank_before = true;
  bool literal_next = false;  // the paragraph before ended with "::" or was a directive
  std::string fence;
  for (; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::string_view t = Trim(line);
    if (!fence.empty()) {
      if (StartsWith(t, fence)) {
        b.EndCodeBlock();
        fence.clear();
      } else {
        b.Text(line);
        b.Text("\n");
      }
      continue;
    }
    if (StartsWith(t, "```") || StartsWith(t, "~~~")) {
      fence = std::string(t.substr(0, 3));
      b.BeginCodeBlock();
      continue;
    }
    if (t.empty()) {
      b.Break();
      blank_before = true;
      continue;
    }
    // An indented block: code after a blank line when the paragraph before
    // introduced it ("::", a directive) or in markdown at 4 spaces.
    size_t indent = Indent(line);
    if (blank_before && indent >= 3 && (literal_next || indent >= 4)) {
      b.BeginCodeBlock();
      size_t k = i;
      for (; k < lines.size(); ++k) {
        std::string_view l = lines[k];
        if (!Trim(l).empty() && Indent(l) < std::min<size_t>(indent, 3)) break;
        b.Text(l);
        b.Text("\n");
      }
      b.EndCodeBlock();
      i = k - 1;
      blank_before = false;
      literal_next = false;
      continue;
    }
    blank_before = false;
    if (StartsWith(t, ".. ")) {  // a directive or a comment
      b.Break();
      std::string_view rest = t.substr(3);
      bool code = rest.find("code") != std::string_view::npos ||
                  rest.find("sourcecode") != std::string_view::npos ||
                  rest.find("literalinclude") != std::string_view::npos ||
                  rest.find("doctest") != std::string_view::npos;
      bool prose = StartsWith(rest, "note::") || StartsWith(rest, "warning::") ||
                   StartsWith(rest, "versionadded::") || StartsWith(rest, "versionchanged::") ||
                   StartsWith(rest, "deprecated::") || StartsWith(rest, "seealso::") ||
                   StartsWith(rest, "tip::") || StartsWith(rest, "important::");
      literal_next = !prose || code;
      if (prose) {
        size_t colons = rest.find("::");
        InlineMarkup(rest.substr(colons + 2), b);
      }
      continue;
    }
    if (IsRuleLine(t) || IsTableRule(t)) {
      b.Break();
      continue;
    }
    if (t[0] == '#') {  // an ATX heading
      b.Break();
      size_t k = t.find_first_not_of('#');
      if (k != std::string_view::npos) InlineMarkup(t.substr(k), b);
      b.Break();
      continue;
    }
    if (t[0] == '>') t = Trim(t.substr(1));
    // List items start blocks.
    if ((t.size() > 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') ||
        (t.size() > 3 && std::isdigit(static_cast<unsigned char>(t[0])) &&
         (t.find(". ") < 4 || t.find(") ") < 4))) {
      b.Break();
    }
    literal_next = t.size() >= 2 && t.substr(t.size() - 2) == "::";
    std::string_view text = t;
    if (literal_next) {
      text.remove_suffix(1);  // "Example::" reads "Example:"
      if (text.size() >= 2 && text[text.size() - 2] == ' ') text.remove_suffix(2);
    }
    InlineMarkup(text, b);
  }
  if (!fence.empty()) b.EndCodeBlock();
}

}  // namespace

Document ReadMarkdown(std::string_view text) {
  DocumentBuilder b;
  MarkdownLines(Lines(text), b);
  return b.Finish();
}

// ---------------------------------------------------------------- Python

Document ReadPython(std::string_view source) {
  DocumentBuilder b;
  std::vector<std::string_view> lines = Lines(source);
  std::vector<std::string_view> doc_lines;
  std::string quote;  // the open triple quote, while in a docstring
  bool in_code = false;
  auto code_line = [&](std::string_view l) {
    if (!in_code) {
      b.BeginCodeBlock();
      in_code = true;
    }
    b.Text(l);
    b.Text("\n");
  };
  auto end_code = [&] {
    if (in_code) b.EndCodeBlock();
    in_code = false;
  };
  for (std::string_view line : lines) {
    std::string_view t = Trim(line);
    if (!quote.empty()) {
      size_t close = t.find(quote);
      if (close == std::string_view::npos) {
        doc_lines.push_back(t);
        continue;
      }
      doc_lines.push_back(t.substr(0, close));
      quote.clear();
      MarkdownLines(doc_lines, b);
      b.Break();
      doc_lines.clear();
      continue;
    }
    size_t q = std::min(t.find("\"\"\""), t.find("'''"));
    if (q != std::string_view::npos && t.find('#') > q) {
      std::string open(t.substr(q, 3));
      std::string_view after = t.substr(q + 3);
      size_t close = after.find(open);
      if (q > 0 && t.substr(0, q).find_first_not_of("rRuUbBfF=_ABCDEFGHIJKLMNOPQRSTUVWXYZ ") !=
                       std::string_view::npos) {
        code_line(line);
      }
      end_code();
      if (close != std::string_view::npos) {
        InlineMarkup(after.substr(0, close), b);
        b.Break();
      } else {
        quote = open;
        doc_lines.assign(1, after);
      }
      continue;
    }
    if (!t.empty() && t[0] == '#') {
      end_code();
      size_t text_at = t.find_first_not_of('#');
      if (text_at == std::string_view::npos) continue;
      std::string_view comment = Trim(t.substr(text_at));
      if (comment.empty() || StartsWith(comment, "!")) continue;
      InlineMarkup(comment, b);
      continue;
    }
    if (t.empty()) {
      if (in_code) {
        b.Text("\n");
      } else {
        b.Break();
      }
      continue;
    }
    code_line(line);
  }
  end_code();
  if (!doc_lines.empty()) MarkdownLines(doc_lines, b);
  return b.Finish();
}

// ---------------------------------------------------------------- TypeScript

Document ReadTypeScriptDeclarations(std::string_view source) {
  DocumentBuilder b;
  bool in_comment = false, in_code = false;
  std::vector<std::string> comment;
  for (std::string_view line : Lines(source)) {
    std::string_view t = Trim(line);
    if (!in_comment && StartsWith(t, "/**")) {
      if (in_code) b.EndCodeBlock();
      in_code = false;
      in_comment = true;
      t.remove_prefix(3);
    }
    if (in_comment) {
      size_t end = t.find("*/");
      std::string_view body = end == std::string_view::npos ? t : t.substr(0, end);
      while (!body.empty() && body[0] == '*') body.remove_prefix(1);
      body = Trim(body);
      std::string text(body);
      // {@link Name} and {@link Name text}: the name.
      for (size_t k; (k = text.find("{@link")) != std::string::npos;) {
        size_t close = text.find('}', k);
        if (close == std::string::npos) break;
        std::string inner = std::string(Trim(std::string_view(text).substr(k + 6, close - k - 6)));
        size_t sp = inner.find_first_of(" |");
        if (sp != std::string::npos) inner.erase(sp);
        text.replace(k, close - k + 1, "`" + inner + "`");
      }
      if (StartsWith(text, "@param ")) {  // "@param name what it is": the name is code
        size_t sp = text.find(' ', 7);
        text = "`" + text.substr(7, sp == std::string::npos ? std::string::npos : sp - 7) + "` " +
               (sp == std::string::npos ? "" : text.substr(sp + 1));
        b.Break();
      } else if (!text.empty() && text[0] == '@') {
        size_t sp = text.find(' ');
        text = sp == std::string::npos ? "" : text.substr(sp + 1);
        b.Break();
      }
      comment.push_back(std::move(text));
      if (end != std::string_view::npos) {
        in_comment = false;
        std::vector<std::string_view> views(comment.begin(), comment.end());
        MarkdownLines(views, b);
        b.Break();
        comment.clear();
      }
      continue;
    }
    if (t.empty() || StartsWith(t, "//")) continue;
    if (!in_code) b.BeginCodeBlock();
    in_code = true;
    b.Text(line);
    b.Text("\n");
  }
  if (in_code) b.EndCodeBlock();
  return b.Finish();
}

// ---------------------------------------------------------------- Debian

void ReadDebianDescriptions(std::string_view text,
                            const std::function<void(std::string_view, Document&&)>& emit) {
  std::string package;
  DocumentBuilder b;
  bool in_description = false;
  auto finish = [&] {
    Document d = b.Finish();
    d.title = package;
    if (!package.empty() && !d.blocks.empty()) emit(package, std::move(d));
    package.clear();
    in_description = false;
  };
  for (std::string_view line : Lines(text)) {
    if (line.empty()) {
      finish();
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (!in_description) continue;
      std::string_view t = Trim(line);
      if (t == ".") {
        b.Break();
        continue;
      }
      // List items (" * foo", " - foo") are blocks of their own.
      if (t.size() > 2 && (t[0] == '*' || t[0] == '-' || t[0] == '+' || t[0] == 'o') &&
          t[1] == ' ') {
        b.Break();
        t.remove_prefix(2);
      }
      b.Text(t);
      b.Text(" ");
      continue;
    }
    in_description = false;
    if (StartsWith(line, "Package:")) {
      package = std::string(Trim(line.substr(8)));
    } else if (StartsWith(line, "Description:") || StartsWith(line, "Description-en:")) {
      size_t colon = line.find(':');
      in_description = true;
      b.Text(Trim(line.substr(colon + 1)));
      b.Break();  // the short description is a sentence of its own
    }
  }
  finish();
}

}  // namespace quarry::vocabulary
