#include "searcher/snippet.h"

#include <vector>

namespace quarry {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

bool Matches(const Analyzer& analyzer, const Token& token, const MatchTerms& terms) {
  auto has_prefix = [&](const std::string& word) {
    for (const std::string& p : terms.prefixes) {
      if (word.compare(0, p.size(), p) == 0) return true;
    }
    return false;
  };
  if (terms.words.count(token.text) || has_prefix(token.text)) return true;
  bool plain = !token.compound;
  for (const std::string& part : token.parts) {
    if (terms.words.count(part) || has_prefix(part)) return true;
    if (plain && terms.compound_parts.count(part)) return true;
    std::string stem = analyzer.Stem(part);
    if (!stem.empty() && terms.stems.count(stem)) return true;
  }
  return false;
}

// Moves `pos` back to the start of a UTF-8 character.
size_t CharStart(std::string_view text, size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

}  // namespace

std::string HighlightSnippet(const Analyzer& analyzer, std::string_view text, const MatchTerms& terms,
                             size_t max_bytes) {
  return HighlightSnippet(analyzer, text, analyzer.Tokenize(text), terms, max_bytes);
}

std::string HighlightSnippet(const Analyzer& analyzer, std::string_view text, const std::vector<Token>& tokens,
                             const MatchTerms& terms, size_t max_bytes) {
  std::vector<const Token*> marked;
  for (const Token& t : tokens) {
    if (Matches(analyzer, t, terms)) marked.push_back(&t);
  }
  size_t from = 0, to = text.size();
  if (text.size() > max_bytes) {
    size_t anchor = marked.empty() ? 0 : marked.front()->begin;
    from = anchor > max_bytes / 4 ? CharStart(text, anchor - max_bytes / 4) : 0;
    to = std::min(text.size(), from + max_bytes);
    to = to < text.size() ? CharStart(text, to) : to;
  }
  std::string out;
  if (from > 0) out += "\xE2\x80\xA6";
  size_t at = from;
  for (const Token* t : marked) {
    if (t->begin < from || t->end > to) continue;
    out += EscapeHtml(text.substr(at, t->begin - at));
    out += "<mark>";
    out += EscapeHtml(text.substr(t->begin, t->end - t->begin));
    out += "</mark>";
    at = t->end;
  }
  out += EscapeHtml(text.substr(at, to - at));
  if (to < text.size()) out += "\xE2\x80\xA6";
  return out;
}

}  // namespace quarry
