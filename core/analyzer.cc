#include "core/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <stdexcept>

namespace quarry {
namespace {

struct Range {
  size_t begin, end;
};

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Format characters (soft hyphen, zero-width joiner) are not spaces: they
// sit inside words, and normalisation removes them.
bool IsSpace(UChar32 c) { return c >= 0 && (u_isUWhiteSpace(c) || u_charType(c) == U_CONTROL_CHAR); }

// Characters trimmed from the start of a run: opening brackets and quotes.
bool IsLeadingPunct(UChar32 c) {
  if (c == '"' || c == '\'' || c == '`') return true;
  int8_t type = u_charType(c);
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION;
}

// Characters trimmed from the end of a run: sentence punctuation, closing
// quotes. Closing brackets are handled apart (they may be balanced).
bool IsTrailingPunct(UChar32 c) {
  switch (c) {
    case '.': case ',': case ';': case ':': case '?': case '!':
    case '"': case '\'': case '`': case 0x2026 /* … */:
      return true;
    default:
      return u_charType(c) == U_FINAL_PUNCTUATION;
  }
}

bool IsOperatorChar(char c) { return std::string_view("=<>!+-*/%&|^~").find(c) != std::string_view::npos; }

bool IsOperatorRun(std::string_view run) {
  if (run.size() < 2 || run.size() > 3) return false;
  if (!std::all_of(run.begin(), run.end(), IsOperatorChar)) return false;
  // Markdown rules and emphasis markers are not operators.
  return run.find_first_not_of('-') != std::string_view::npos &&
         run.find_first_not_of('*') != std::string_view::npos;
}

char Opener(char closer) { return closer == ')' ? '(' : closer == ']' ? '[' : '{'; }

// Trims sentence punctuation and unbalanced brackets around [b, e) of text.
Range TrimRun(std::string_view text, Range r) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (r.begin < r.end) {
    int32_t i = static_cast<int32_t>(r.begin);
    UChar32 c;
    U8_NEXT(s, i, static_cast<int32_t>(r.end), c);
    if (!IsLeadingPunct(c)) break;
    r.begin = static_cast<size_t>(i);
  }
  while (r.begin < r.end) {
    int32_t i = static_cast<int32_t>(r.end);
    UChar32 c;
    U8_PREV(s, static_cast<int32_t>(r.begin), i, c);
    bool trim = IsTrailingPunct(c);
    if (c == ')' || c == ']' || c == '}') {
      std::string_view run = text.substr(r.begin, r.end - r.begin);
      trim = std::count(run.begin(), run.end(), Opener(static_cast<char>(c))) <
             std::count(run.begin(), run.end(), static_cast<char>(c));
    }
    if (!trim) break;
    r.end = static_cast<size_t>(i);
  }
  return r;
}

bool HasAlnum(std::string_view piece) {
  const auto* s = reinterpret_cast<const uint8_t*>(piece.data());
  int32_t i = 0, n = static_cast<int32_t>(piece.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && (u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK)) return true;
  }
  return false;
}

}  // namespace

struct Analyzer::Impl {
  AnalyzerOptions options;
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_cf = nullptr;
  Xapian::Stem stemmer;

  // Byte ranges of ICU word segments (letters, numbers, ideographs) in text.
  std::vector<Range> WordSegments(std::string_view text) const {
    std::vector<Range> out;
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) return out;
    words->setText(ut, status);
    if (U_SUCCESS(status)) {
      int32_t start = words->first();
      for (int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
        if (words->getRuleStatus() >= UBRK_WORD_NUMBER) out.push_back({size_t(start), size_t(end)});
      }
    }
    // Detach the iterator from the UText before it is closed.
    words->setText(icu::UnicodeString());
    utext_close(ut);
    return out;
  }
};

Analyzer::Analyzer(const AnalyzerOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  UErrorCode status = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  impl_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || !impl_->words || !impl_->nfkc_cf) {
    // Only a broken ICU installation gets here; there is nothing to fall back to.
    throw std::runtime_error(std::string("ICU initialisation failed: ") + u_errorName(status));
  }
  if (options.stemmer != "none" && !options.stemmer.empty()) {
    impl_->stemmer = Xapian::Stem(options.stemmer);
  }
}

Analyzer::~Analyzer() = default;

std::string Analyzer::Normalize(std::string_view text) const {
  if (IsAscii(text)) {
    std::string out(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), int32_t(text.size())));
  icu::UnicodeString norm = impl_->nfkc_cf->normalize(in, status);
  if (U_FAILURE(status)) norm = in;
  // Typographic apostrophes fold to the ASCII one, as people type it.
  norm.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2019)), icu::UnicodeString("'"));
  std::string out;
  norm.toUTF8String(out);
  return out;
}

std::string Analyzer::Stem(const std::string& word) const {
  if (word.empty() || impl_->stemmer.is_none()) return {};
  for (unsigned char c : word) {
    if (c < 0x80 && !((c >= 'a' && c <= 'z') || c == '\'')) return {};
  }
  return impl_->stemmer(word);
}

std::vector<Token> Analyzer::Tokenize(std::string_view text, uint32_t first_position) const {
  std::vector<Token> tokens;
  const std::vector<Range> segments = impl_->WordSegments(text);
  size_t next_segment = 0;
  uint32_t position = first_position;

  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    // Find the next run of non-space characters.
    int32_t run_begin = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (IsSpace(c)) continue;
    int32_t run_end = i;
    while (i < n) {
      int32_t before = i;
      U8_NEXT(s, i, n, c);
      if (IsSpace(c)) {
        i = before;
        break;
      }
      run_end = i;
    }
    Range run = TrimRun(text, {size_t(run_begin), size_t(run_end)});
    if (run.begin >= run.end) continue;
    std::string_view run_text = text.substr(run.begin, run.end - run.begin);

    // Words inside the run: ICU segments, cut again at '_', '.' and ':'.
    while (next_segment < segments.size() && segments[next_segment].end <= run.begin) ++next_segment;
    struct Part {
      std::string word;
      Range range;
    };
    std::vector<Part> parts;
    for (size_t k = next_segment; k < segments.size() && segments[k].begin < run.end; ++k) {
      size_t b = std::max(segments[k].begin, run.begin), e = std::min(segments[k].end, run.end);
      size_t piece_begin = b;
      for (size_t j = b; j <= e; ++j) {
        if (j == e || text[j] == '_' || text[j] == '.' || text[j] == ':') {
          std::string_view piece = text.substr(piece_begin, j - piece_begin);
          if (!piece.empty() && HasAlnum(piece)) parts.push_back({Normalize(piece), {piece_begin, j}});
          piece_begin = j + 1;
        }
      }
    }

    if (parts.empty()) {
      std::string normalized = Normalize(run_text);
      if (IsOperatorRun(normalized)) {
        Token t;
        t.text = std::move(normalized);
        t.compound = true;
        t.position = position;
        t.begin = run.begin;
        t.end = run.end;
        position += t.width();
        tokens.push_back(std::move(t));
      }
      continue;
    }
    bool plain = parts.size() == 1 && parts[0].range.begin == run.begin && parts[0].range.end == run.end;
    if (!plain && run_text.size() > impl_->options.max_compound_bytes) {
      // Too long to be an identifier anyone types: index its words alone.
      for (Part& p : parts) {
        Token t;
        t.text = p.word;
        t.parts = {std::move(p.word)};
        t.position = position++;
        t.begin = p.range.begin;
        t.end = p.range.end;
        tokens.push_back(std::move(t));
      }
      continue;
    }
    Token t;
    t.text = plain ? parts[0].word : Normalize(run_text);
    t.compound = !plain;
    for (Part& p : parts) t.parts.push_back(std::move(p.word));
    t.position = position;
    t.begin = run.begin;
    t.end = run.end;
    position += t.width();
    tokens.push_back(std::move(t));
  }
  return tokens;
}

std::string Analyzer::StemmedKey(const std::vector<Token>& tokens) const {
  std::string key;
  for (const Token& t : tokens) {
    std::string stem = t.compound ? std::string() : Stem(t.text);
    if (!key.empty()) key += ' ';
    key += stem.empty() ? t.text : stem;
  }
  return key;
}

}  // namespace quarry
