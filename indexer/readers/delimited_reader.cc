#include "indexer/readers/delimited_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/slug.h"
#include "core/utf8.h"

namespace quarry {
namespace {

// ---- Small string helpers --------------------------------------------------

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, std::string_view separator) {
  std::vector<std::string_view> parts;
  for (size_t pos = 0;;) {
    size_t end = s.find(separator, pos);
    parts.push_back(
        s.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (end == std::string_view::npos) return parts;
    pos = end + separator.size();
  }
}

// ---- Anki header lines -----------------------------------------------------

struct AnkiHeaders {
  bool anki = false;              // an Anki header line was seen
  std::optional<char> separator;  // #separator:
  std::optional<bool> html;       // #html:
  int tags_column = 0, deck_column = 0, notetype_column = 0, guid_column = 0;  // 1-based; 0: none
  std::string deck;                                                            // #deck:
  std::string columns;     // #columns:, split once the separator is known
  std::string tags;        // #tags:
  size_t data_offset = 0;  // where the first data row starts
  int data_line = 1;       // its line number
};

std::optional<char> ParseSeparator(std::string_view value) {
  static const std::map<std::string, char> kNames = {{"tab", '\t'},      {"comma", ','},
                                                     {"semicolon", ';'}, {"space", ' '},
                                                     {"pipe", '|'},      {"colon", ':'}};
  if (auto it = kNames.find(Lower(Trim(value))); it != kNames.end()) return it->second;
  if (value.size() == 1 && value[0] != '"' && value[0] != '\n') return value[0];
  return std::nullopt;
}

int ParseColumn(std::string_view value) {
  value = Trim(value);
  int n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  // No export has a thousand columns: a larger number is a mistake, not a
  // reason to allocate for it.
  return ec == std::errc() && end == value.data() + value.size() && n > 0 && n <= 1000 ? n : 0;
}

// Applies one '#' line (without its '#'); unknown keys are comments.
void ApplyHeader(std::string_view line, AnkiHeaders& h) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string key = Lower(Trim(line.substr(0, colon)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  bool known = true;
  if (key == "separator") {
    h.separator = ParseSeparator(value);
  } else if (key == "html") {
    std::string v = Lower(Trim(value));
    if (v == "true" || v == "false") h.html = v == "true";
  } else if (key == "tags column") {
    h.tags_column = ParseColumn(value);
  } else if (key == "deck column") {
    h.deck_column = ParseColumn(value);
  } else if (key == "notetype column") {
    h.notetype_column = ParseColumn(value);
  } else if (key == "guid column") {
    h.guid_column = ParseColumn(value);
  } else if (key == "deck") {
    h.deck = std::string(Trim(value));
  } else if (key == "columns") {
    h.columns = std::string(value);
  } else if (key == "tags") {
    h.tags = std::string(value);
  } else {
    known = key == "notetype" || key == "if matches";
  }
  h.anki = h.anki || known;
}

// Reads the '#' lines (and blank lines) before the first data row.
AnkiHeaders ReadHeaders(std::string_view content, Bank& bank) {
  AnkiHeaders h;
  size_t pos = 0;
  int line_no = 1;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view line =
        content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!Trim(line).empty() && line[0] != '#') break;
    if (!line.empty() && line[0] == '#') {
      std::string text = ToValidUtf8(line.substr(1));
      if (text != line.substr(1))
        Warn(bank, line_no, warning::kInvalidUtf8, "bytes that are not UTF-8 replaced by U+FFFD");
      ApplyHeader(text, h);
    }
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
  }
  h.data_offset = pos;
  h.data_line = line_no;
  return h;
}

// ---- Rows: RFC 4180 cells --------------------------------------------------

struct Row {
  int line = 0;  // the line the row starts on
  std::vector<std::string> cells;
  std::string malformed;    // why the row was read again, or empty
  int bad_utf8_column = 0;  // first column with invalid UTF-8 (1-based), or 0
};

class RowReader {
 public:
  RowReader(std::string_view text, char delimiter, int first_line)
      : text_(text), delimiter_(delimiter), line_(first_line) {}

  // The next row; false after the last one. A quote that opens a cell which
  // does not close is read as a plain character, and the row read again
  // from that quote on.
  bool Next(Row& row);

 private:
  enum class Quoted { kClosed, kLiteral, kUnclosed };
  struct BadQuote {
    size_t offset;
    size_t column;
    bool warn;
  };
  std::optional<BadQuote> ReadRow(size_t& pos, int& newlines,
                                  std::vector<std::string>& cells) const;
  Quoted ReadQuoted(size_t& pos, int& newlines, std::string& cell) const;
  void ReadPlain(size_t& pos, std::string& cell) const;
  bool EndsCell(size_t pos) const;

  std::string_view text_;
  char delimiter_;
  size_t pos_ = 0;
  int line_;
  std::unordered_set<size_t> plain_quotes_;  // opening quotes read as plain characters
};

bool RowReader::Next(Row& row) {
  if (pos_ >= text_.size()) return false;
  row = Row{line_, {}, "", 0};
  size_t pos = pos_;
  int newlines = 0;
  // On a bad quote, ReadRow stops at it; reading resumes there.
  while (std::optional<BadQuote> bad = ReadRow(pos, newlines, row.cells)) {
    plain_quotes_.insert(bad->offset);
    if (bad->warn && row.malformed.empty()) {
      row.malformed = "the quote that opens column " + std::to_string(bad->column) +
                      " is never closed; it was read as a plain character";
    }
  }
  pos_ = pos;
  line_ += newlines;
  return true;
}

std::optional<RowReader::BadQuote> RowReader::ReadRow(size_t& pos, int& newlines,
                                                      std::vector<std::string>& cells) const {
  for (;;) {
    std::string cell;
    if (pos < text_.size() && text_[pos] == '"' && !plain_quotes_.count(pos)) {
      size_t quote = pos;
      Quoted how = ReadQuoted(pos, newlines, cell);
      if (how != Quoted::kClosed)
        return BadQuote{quote, cells.size() + 1, how == Quoted::kUnclosed};
    } else {
      ReadPlain(pos, cell);
    }
    cells.push_back(std::move(cell));
    if (pos < text_.size() && text_[pos] == delimiter_) {
      ++pos;
      continue;
    }
    if (pos < text_.size() && text_[pos] == '\r') ++pos;
    if (pos < text_.size() && text_[pos] == '\n') {
      ++pos;
      ++newlines;
    }
    return std::nullopt;
  }
}

// From the opening quote at `pos` to just past the closing one. kLiteral: a
// closing quote followed by other text on the same line; kUnclosed: one on a
// later line, or none.
RowReader::Quoted RowReader::ReadQuoted(size_t& pos, int& newlines, std::string& cell) const {
  int lines = 0;
  for (size_t p = pos + 1; p < text_.size(); ++p) {
    char c = text_[p];
    if (c == '"' && p + 1 < text_.size() && text_[p + 1] == '"') {
      cell += '"';
      ++p;
    } else if (c == '"') {
      if (!EndsCell(p + 1)) return lines == 0 ? Quoted::kLiteral : Quoted::kUnclosed;
      pos = p + 1;
      newlines += lines;
      return Quoted::kClosed;
    } else {
      if (c == '\n') ++lines;
      cell += c;
    }
  }
  return Quoted::kUnclosed;
}

void RowReader::ReadPlain(size_t& pos, std::string& cell) const {
  size_t end = pos;
  while (end < text_.size() && text_[end] != delimiter_ && text_[end] != '\n') ++end;
  cell.assign(text_.substr(pos, end - pos));
  if (end == text_.size() || text_[end] == '\n') {
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
  }
  pos = end;
}

bool RowReader::EndsCell(size_t pos) const {
  if (pos >= text_.size()) return true;
  char c = text_[pos];
  if (c == delimiter_ || c == '\n') return true;
  return c == '\r' && (pos + 1 == text_.size() || text_[pos + 1] == '\n');
}

std::vector<Row> ReadRows(std::string_view text, char delimiter, int first_line) {
  std::vector<Row> rows;
  RowReader reader(text, delimiter, first_line);
  Row row;
  while (reader.Next(row)) {
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (!FindInvalidUtf8(row.cells[i])) continue;
      row.cells[i] = ToValidUtf8(row.cells[i]);
      if (row.bad_utf8_column == 0) row.bad_utf8_column = static_cast<int>(i + 1);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool IsBlank(const Row& row) {
  return std::all_of(row.cells.begin(), row.cells.end(),
                     [](const std::string& cell) { return Trim(cell).empty(); });
}

// ---- Columns ---------------------------------------------------------------

enum class Role { kIgnored, kField, kQuestion, kAnswer, kExtra, kTags, kSection, kDeck, kId };

std::optional<Role> RoleOfName(std::string_view name) {
  static const std::map<std::string, Role> kRoles = {
      {"front", Role::kQuestion},   {"question", Role::kQuestion},
      {"q", Role::kQuestion},       {"back", Role::kAnswer},
      {"answer", Role::kAnswer},    {"a", Role::kAnswer},
      {"notes", Role::kExtra},      {"explanation", Role::kExtra},
      {"extra", Role::kExtra},      {"tags", Role::kTags},
      {"tag", Role::kTags},         {"deck", Role::kDeck},
      {"category", Role::kSection}, {"section", Role::kSection},
      {"topic", Role::kSection},    {"id", Role::kId}};
  auto it = kRoles.find(Lower(Trim(name)));
  if (it == kRoles.end()) return std::nullopt;
  return it->second;
}

bool IsHeaderRow(const Row& row) {
  bool named = false;
  for (const std::string& cell : row.cells) {
    if (Trim(cell).empty()) continue;
    if (!RoleOfName(cell)) return false;
    named = true;
  }
  return named;
}

template <typename Names>
std::vector<Role> RolesOfNames(const Names& names) {
  std::vector<Role> roles;
  for (const auto& name : names) {
    roles.push_back(Trim(name).empty() ? Role::kIgnored : RoleOfName(name).value_or(Role::kField));
  }
  return roles;
}

struct Layout {
  std::vector<Role> roles;  // per column, after Resolve(): no kField, kDeck
  int question = -1, answer = -1, section = -1, id = -1;  // column indexes; -1: none
  bool section_is_deck = false;

  Role RoleOf(size_t column) const {
    return column < roles.size() ? roles[column] : Role::kIgnored;
  }
};

// Gives each role one column: named ones first, then the fields in order
// (question, answer, extras). A second column of a one-column role is an
// extra (question, answer) or ignored (section, id).
void Resolve(Layout& layout) {
  auto take = [](int& slot, size_t column) {
    if (slot >= 0) return false;
    slot = static_cast<int>(column);
    return true;
  };
  for (size_t c = 0; c < layout.roles.size(); ++c) {
    Role& role = layout.roles[c];
    if (role == Role::kQuestion || role == Role::kAnswer) {
      if (!take(role == Role::kQuestion ? layout.question : layout.answer, c)) role = Role::kExtra;
    } else if (role == Role::kSection || role == Role::kDeck) {
      bool deck = role == Role::kDeck;
      role = take(layout.section, c) ? Role::kSection : Role::kIgnored;
      if (role == Role::kSection) layout.section_is_deck = deck;
    } else if (role == Role::kId && !take(layout.id, c)) {
      role = Role::kIgnored;
    }
  }
  for (size_t c = 0; c < layout.roles.size(); ++c) {
    Role& role = layout.roles[c];
    if (role != Role::kField) continue;
    if (take(layout.question, c))
      role = Role::kQuestion;
    else if (take(layout.answer, c))
      role = Role::kAnswer;
    else
      role = Role::kExtra;
  }
}

Layout ChooseLayout(const AnkiHeaders& h, const std::vector<Row>& rows, bool header_row,
                    char delimiter) {
  Layout layout;
  bool named = !h.columns.empty() || header_row;
  if (!h.columns.empty()) {
    layout.roles = RolesOfNames(Split(h.columns, std::string_view(&delimiter, 1)));
  } else if (header_row) {
    layout.roles = RolesOfNames(rows.front().cells);
  } else if (!h.anki) {
    layout.roles = {Role::kQuestion, Role::kAnswer, Role::kTags};
  }
  size_t width = std::max<size_t>(layout.roles.size(), 1);
  for (const Row& row : rows) width = std::max(width, row.cells.size());
  for (int c : {h.tags_column, h.deck_column, h.notetype_column, h.guid_column}) {
    width = std::max(width, static_cast<size_t>(c));
  }
  layout.roles.resize(width, named || !h.anki ? Role::kIgnored : Role::kField);
  const std::pair<int, Role> anki_columns[] = {{h.guid_column, Role::kIgnored},
                                               {h.notetype_column, Role::kIgnored},
                                               {h.deck_column, Role::kDeck},
                                               {h.tags_column, Role::kTags}};
  for (auto [column, role] : anki_columns) {
    if (column > 0) layout.roles[column - 1] = role;
  }
  Resolve(layout);
  return layout;
}

// ---- Cell text: cloze, HTML, white space -----------------------------------

// The start of the last "{{cN::" that begins before `limit`, and where its
// text starts; npos when there is none.
size_t LastClozeOpen(std::string_view text, size_t limit, size_t& text_start) {
  for (size_t pos = text.rfind("{{c", limit); pos != std::string_view::npos;
       pos = pos == 0 ? std::string_view::npos : text.rfind("{{c", pos - 1)) {
    if (pos >= limit) continue;
    size_t p = pos + 3;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9') ++p;
    if (p > pos + 3 && text.substr(p, 2) == "::") {
      text_start = p + 2;
      return pos;
    }
  }
  return std::string_view::npos;
}

// "{{c1::text::hint}}" -> "text", innermost first; unclosed ones are kept.
std::string RemoveCloze(std::string text) {
  size_t limit = text.size();
  size_t start = 0;
  for (size_t open; (open = LastClozeOpen(text, limit, start)) != std::string::npos;) {
    size_t close = text.find("}}", start);
    if (close == std::string::npos) {
      limit = open;
      continue;
    }
    std::string inner = text.substr(start, close - start);
    inner = inner.substr(0, inner.find("::"));
    text.replace(open, close + 2 - open, inner);
    limit = std::min(limit, text.size());
  }
  return text;
}

// Just past the tag that starts at `pos` ('<'), or npos when that '<' does
// not start a tag (then it is text: "a < b").
size_t TagEnd(std::string_view text, size_t pos) {
  if (text.substr(pos, 4) == "<!--") {
    size_t end = text.find("-->", pos + 4);
    return end == std::string_view::npos ? end : end + 3;
  }
  if (pos + 1 >= text.size()) return std::string_view::npos;
  char next = text[pos + 1];
  bool letter = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
  if (!letter && next != '/' && next != '!') return std::string_view::npos;
  char quote = 0;
  for (size_t p = pos + 1; p < text.size(); ++p) {
    char c = text[p];
    if (c == '\n') return std::string_view::npos;
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return p + 1;
    }
  }
  return std::string_view::npos;
}

// Adds what tag `tag` ("<br>", "</div>") stands for to `out`.
void ApplyTag(std::string_view tag, std::string& out) {
  static const std::set<std::string> kBlocks = {"div",        "p",   "li", "ul",   "ol", "tr",
                                                "h1",         "h2",  "h3", "h4",   "h5", "h6",
                                                "blockquote", "pre", "hr", "table"};
  size_t p = tag[1] == '/' ? 2 : 1;
  size_t end = p;
  while (end < tag.size() && std::isalnum(static_cast<unsigned char>(tag[end]))) ++end;
  std::string name = Lower(tag.substr(p, end - p));
  if (name == "br") {
    out += '\n';
  } else if (kBlocks.count(name) && !out.empty() && out.back() != '\n') {
    out += '\n';
  }
}

std::string StripTags(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t end = text[i] == '<' ? TagEnd(text, i) : std::string_view::npos;
    if (end == std::string_view::npos) {
      out += text[i++];
      continue;
    }
    ApplyTag(text.substr(i, end - i), out);
    i = end;
  }
  return out;
}

// Appends what reference "&name;" stands for; false for an unknown one.
bool AppendReference(std::string_view name, std::string& out) {
  static const std::map<std::string, std::string, std::less<>> kNamed = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  if (auto it = kNamed.find(name); it != kNamed.end()) {
    out += it->second;
    return true;
  }
  if (name.size() < 2 || name[0] != '#') return false;
  bool hex = name[1] == 'x' || name[1] == 'X';
  std::string_view digits = name.substr(hex ? 2 : 1);
  uint32_t cp = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return false;
  AppendUtf8(cp, out);
  return true;
}

std::string DecodeReferences(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t semi = text[i] == '&' ? text.find(';', i + 1) : std::string_view::npos;
    if (semi != std::string_view::npos && semi - i <= 10 &&
        AppendReference(text.substr(i + 1, semi - i - 1), out)) {
      i = semi + 1;
      continue;
    }
    out += text[i++];
  }
  return out;
}

bool LooksLikeHtml(std::string_view text) {
  for (std::string_view marker :
       {"<br>", "<br/>", "<br />", "</", "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&#"}) {
    if (text.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

// A cell as text: clozes resolved, and HTML read when `html`.
std::string CellText(std::string_view cell, bool html) {
  std::string text = RemoveCloze(std::string(cell));
  return html ? DecodeReferences(StripTags(text)) : text;
}

// Every run of white space, line breaks included, as one space; trimmed.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : Trim(text)) {
    if (!IsSpace(c))
      out += c;
    else if (out.back() != ' ')
      out += ' ';
  }
  return out;
}

// Line breaks kept; trailing spaces, '\r' and repeated blank lines dropped.
std::string TidyBody(std::string_view text) {
  std::string out;
  int blank_lines = 0;
  for (std::string_view line : Split(text, "\n")) {
    while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
    if (line.empty()) {
      ++blank_lines;
      continue;
    }
    if (!out.empty()) out += blank_lines > 0 ? "\n\n" : "\n";
    out += line;
    blank_lines = 0;
  }
  return std::string(Trim(out));
}

// A deck or section cell's parts: "Interviews :: SQL" -> {"Interviews", "SQL"}.
std::vector<std::string> DeckParts(std::string_view cell, bool html) {
  std::vector<std::string> parts;
  std::string text = OneLine(CellText(cell, html));
  for (std::string_view part : Split(text, "::")) {
    if (!Trim(part).empty()) parts.emplace_back(Trim(part));
  }
  return parts;
}

// ---- The bank --------------------------------------------------------------

// The deck that every row's deck is in or under, or "" when there is none.
std::string CommonDeck(const std::vector<Row>& rows, size_t first, int column, bool html) {
  std::optional<std::vector<std::string>> common;
  for (size_t i = first; i < rows.size(); ++i) {
    if (static_cast<size_t>(column) >= rows[i].cells.size()) continue;
    std::vector<std::string> parts = DeckParts(rows[i].cells[column], html);
    if (parts.empty()) continue;
    if (!common) common = parts;
    auto diverge = std::mismatch(common->begin(), common->end(), parts.begin(), parts.end());
    common->erase(diverge.first, common->end());
  }
  std::string deck;
  for (const std::string& part : common.value_or(std::vector<std::string>{})) {
    deck += (deck.empty() ? "" : "::") + part;
  }
  return deck;
}

std::string BankTitle(const AnkiHeaders& h, const Layout& layout, const std::vector<Row>& rows,
                      size_t first, bool html, const std::string& file_name) {
  if (!h.deck.empty()) return h.deck;
  if (layout.section_is_deck) {
    std::string deck = CommonDeck(rows, first, layout.section, html);
    if (!deck.empty()) return deck;
  }
  return TitleFromFileName(file_name);
}

void AddTags(std::string_view cell, std::vector<std::string>& tags) {
  size_t pos = 0;
  while (pos < cell.size()) {
    size_t start = cell.find_first_not_of(" \t\r\n,;", pos);
    if (start == std::string_view::npos) return;
    size_t end = std::min(cell.find_first_of(" \t\r\n,;", start), cell.size());
    std::string tag(cell.substr(start, end - start));
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
    pos = end;
  }
}

// Turns rows into questions: numbers per section, ids unique in the bank.
class QuestionMaker {
 public:
  QuestionMaker(Bank& bank, const Layout& layout, bool html, std::string file_tags)
      : bank_(bank), layout_(layout), html_(html), file_tags_(std::move(file_tags)) {}

  // Adds the question of `row`, or the warning that says why there is none.
  void Add(const Row& row);

 private:
  std::string Body(const Row& row) const;
  std::vector<std::string> Tags(const Row& row) const;
  std::string Section(const Row& row) const;
  std::string Id(const Row& row, const std::string& section, int number);
  const std::string& SlugOf(const std::string& section);
  std::string Unique(const std::string& id, int line);

  Bank& bank_;
  const Layout& layout_;
  bool html_;
  std::string file_tags_;
  std::map<std::string, int> count_;          // section -> questions so far
  std::map<std::string, std::string> slugs_;  // section -> its slug, unique
  std::set<std::string> slugs_taken_;
  std::map<std::string, int> ids_;  // id -> line of its row
};

void QuestionMaker::Add(const Row& row) {
  if (IsBlank(row)) return;
  if (!row.malformed.empty()) Warn(bank_, row.line, warning::kMalformedRow, row.malformed);
  if (row.bad_utf8_column > 0) {
    Warn(bank_, row.line, warning::kInvalidUtf8,
         "column " + std::to_string(row.bad_utf8_column) +
             " has bytes that are not UTF-8; they were replaced by U+FFFD");
  }
  size_t column = static_cast<size_t>(layout_.question);
  if (column >= row.cells.size()) {
    Warn(bank_, row.line, warning::kMalformedRow,
         "the row has " + std::to_string(row.cells.size()) +
             " cells but the question is in column " + std::to_string(column + 1) +
             "; row skipped");
    return;
  }
  Question q;
  q.text = OneLine(CellText(row.cells[column], html_));
  if (q.text.empty()) {
    Warn(bank_, row.line, warning::kEmptyQuestion,
         "the question cell (column " + std::to_string(column + 1) + ") is empty; row skipped");
    return;
  }
  q.body = Body(row);
  q.tags = Tags(row);
  q.section = Section(row);
  q.part = bank_.title;
  q.number = ++count_[q.section];
  q.id = Id(row, q.section, q.number);
  q.source = bank_.file + ":" + std::to_string(row.line);
  bank_.questions.push_back(std::move(q));
}

std::string QuestionMaker::Body(const Row& row) const {
  std::vector<size_t> columns;
  if (layout_.answer >= 0) columns.push_back(static_cast<size_t>(layout_.answer));
  for (size_t c = 0; c < row.cells.size(); ++c) {
    if (layout_.RoleOf(c) == Role::kExtra) columns.push_back(c);
  }
  std::string body;
  for (size_t c : columns) {
    if (c >= row.cells.size()) continue;
    std::string part = TidyBody(CellText(row.cells[c], html_));
    if (part.empty()) continue;
    body += (body.empty() ? "" : "\n\n") + part;
  }
  return body;
}

std::vector<std::string> QuestionMaker::Tags(const Row& row) const {
  std::vector<std::string> tags;
  for (size_t c = 0; c < row.cells.size(); ++c) {
    if (layout_.RoleOf(c) == Role::kTags) AddTags(row.cells[c], tags);
  }
  AddTags(file_tags_, tags);
  return tags;
}

std::string QuestionMaker::Section(const Row& row) const {
  size_t column = static_cast<size_t>(layout_.section);
  if (layout_.section < 0 || column >= row.cells.size()) return bank_.title;
  std::vector<std::string> parts = DeckParts(row.cells[column], html_);
  return parts.empty() ? bank_.title : parts.back();
}

std::string QuestionMaker::Id(const Row& row, const std::string& section, int number) {
  std::string generated = SlugOf(section) + "/" + std::to_string(number);
  size_t column = static_cast<size_t>(layout_.id);
  std::string given =
      layout_.id >= 0 && column < row.cells.size() ? std::string(Trim(row.cells[column])) : "";
  if (given.empty()) return Unique(generated, row.line);
  auto [it, fresh] = ids_.emplace(given, row.line);
  if (fresh) return given;
  std::string id = Unique(generated, row.line);
  Warn(bank_, row.line, warning::kNumbering,
       "id \"" + given + "\" is already the id of the question at line " +
           std::to_string(it->second) + "; this one gets the id \"" + id + "\"");
  return id;
}

const std::string& QuestionMaker::SlugOf(const std::string& section) {
  if (auto it = slugs_.find(section); it != slugs_.end()) return it->second;
  std::string base = Slugify(section);
  if (base.empty()) base = "questions";
  std::string slug = base;
  for (int k = 2; slugs_taken_.count(slug); ++k) slug = base + "-" + std::to_string(k);
  slugs_taken_.insert(slug);
  return slugs_[section] = slug;
}

std::string QuestionMaker::Unique(const std::string& id, int line) {
  std::string unique = id;
  for (int k = 2; ids_.count(unique); ++k) unique = id + "-" + std::to_string(k);
  ids_.emplace(unique, line);
  return unique;
}

}  // namespace

Result<Bank> ReadDelimitedBank(std::string_view content, const std::string& file_name,
                               char delimiter) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  Bank bank;
  bank.file = file_name;
  AnkiHeaders headers = ReadHeaders(content, bank);
  char separator = headers.separator.value_or(delimiter);
  std::string_view data = content.substr(headers.data_offset);
  std::vector<Row> rows = ReadRows(data, separator, headers.data_line);
  bool header_row = !rows.empty() && IsHeaderRow(rows.front());
  Layout layout = ChooseLayout(headers, rows, header_row, separator);
  if (layout.question < 0) {
    return Status::InvalidArgument(file_name +
                                   ": no question column (name one front, question or q)");
  }
  bool html = headers.html.value_or(LooksLikeHtml(data));
  size_t first = header_row ? 1 : 0;
  bank.title = BankTitle(headers, layout, rows, first, html, file_name);
  bank.shape = std::string(headers.anki ? "anki " : "") + (separator == '\t' ? "tsv" : "csv");
  QuestionMaker maker(bank, layout, html, headers.tags);
  for (size_t i = first; i < rows.size(); ++i) maker.Add(rows[i]);
  // No question at all: an empty bank; the caller decides whether that is an error.
  return bank;
}

}  // namespace quarry
