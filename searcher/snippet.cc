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

enum class Match { kNone, kWeak, kStrong };

// How `token` matches `terms`: by a word that counts, only by a function or
// filler word, or not at all.
Match MatchOf(const Analyzer& analyzer, const Token& token, const MatchTerms& terms) {
  bool weak = false;
  auto word = [&](const std::string& w) {
    if (terms.words.count(w) == 0) return false;
    if (terms.weak_words.count(w) == 0) return true;
    weak = true;
    return false;
  };
  auto has_prefix = [&](const std::string& w) {
    for (const std::string& p : terms.prefixes) {
      if (w.compare(0, p.size(), p) == 0) return true;
    }
    return false;
  };
  if (word(token.text) || has_prefix(token.text)) return Match::kStrong;
  bool plain = !token.compound;
  for (const std::string& part : token.parts) {
    if (word(part) || has_prefix(part)) return Match::kStrong;
    if (plain && terms.compound_parts.count(part)) return Match::kStrong;
    std::string stem = analyzer.Stem(part);
    if (stem.empty() || terms.stems.count(stem) == 0) continue;
    if (terms.weak_stems.count(stem) == 0) return Match::kStrong;
    weak = true;
  }
  return weak ? Match::kWeak : Match::kNone;
}

// The tokens of a text that match the query.
struct Marks {
  std::vector<const Token*> tokens;
  const Token* first_strong = nullptr;  // the first matched by a word that counts
  // Where a snippet cut from a long text is centred.
  const Token* anchor() const { return first_strong ? first_strong : tokens.empty() ? nullptr : tokens.front(); }
};

Marks Marked(const Analyzer& analyzer, const std::vector<Token>& tokens, const MatchTerms& terms) {
  Marks marks;
  for (const Token& t : tokens) {
    Match m = MatchOf(analyzer, t, terms);
    if (m == Match::kNone) continue;
    marks.tokens.push_back(&t);
    if (m == Match::kStrong && !marks.first_strong) marks.first_strong = &t;
  }
  return marks;
}

// Moves `pos` back to the start of a UTF-8 character.
size_t CharStart(std::string_view text, size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// `text` escaped, with runs of white space as one space when `one_line`.
std::string Plain(std::string_view text, bool one_line) {
  if (!one_line) return EscapeHtml(text);
  std::string flat;
  flat.reserve(text.size());
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space) {
      flat += c;
    } else if (flat.empty() || flat.back() != ' ') {
      flat += ' ';
    }
  }
  return EscapeHtml(flat);
}

// `text` escaped with the `marks` in <mark>, cut around their anchor to at
// most `max_bytes`.
std::string Render(std::string_view text, const Marks& marks, size_t max_bytes, bool one_line) {
  size_t from = 0, to = text.size();
  if (text.size() > max_bytes) {
    size_t anchor = marks.anchor() ? marks.anchor()->begin : 0;
    from = anchor > max_bytes / 4 ? CharStart(text, anchor - max_bytes / 4) : 0;
    to = std::min(text.size(), from + max_bytes);
    to = to < text.size() ? CharStart(text, to) : to;
  }
  std::string out;
  if (from > 0) out += "\xE2\x80\xA6";
  size_t at = from;
  for (const Token* t : marks.tokens) {
    if (t->begin < from || t->end > to) continue;
    out += Plain(text.substr(at, t->begin - at), one_line);
    out += "<mark>";
    out += EscapeHtml(text.substr(t->begin, t->end - t->begin));
    out += "</mark>";
    at = t->end;
  }
  out += Plain(text.substr(at, to - at), one_line);
  if (to < text.size()) out += "\xE2\x80\xA6";
  return out;
}

}  // namespace

std::string HighlightSnippet(const Analyzer& analyzer, std::string_view text, const MatchTerms& terms,
                             size_t max_bytes) {
  return HighlightSnippet(analyzer, text, analyzer.Tokenize(text), terms, max_bytes);
}

std::string HighlightSnippet(const Analyzer& analyzer, std::string_view text, const std::vector<Token>& tokens,
                             const MatchTerms& terms, size_t max_bytes) {
  return Render(text, Marked(analyzer, tokens, terms), max_bytes, false);
}

Snippet QuestionSnippet(const Analyzer& analyzer, const Question& question, const std::vector<Token>& text_tokens,
                        const MatchTerms& terms) {
  const Marks marks = Marked(analyzer, text_tokens, terms);
  if (!marks.first_strong && !question.body.empty() && !terms.words.empty()) {
    const std::vector<Token> body_tokens = analyzer.Tokenize(question.body);
    const Marks answer = Marked(analyzer, body_tokens, terms);
    if (answer.first_strong) {
      return Snippet{Render(question.body, answer, kAnswerSnippetBytes, true), MatchedIn::kAnswer};
    }
  }
  return Snippet{Render(question.text, marks, kTextSnippetBytes, false), MatchedIn::kQuestion};
}

}  // namespace quarry
