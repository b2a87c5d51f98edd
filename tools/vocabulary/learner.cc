#include "tools/vocabulary/learner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <tuple>
#include <unordered_map>

#include "core/analyzer.h"
#include "core/function_words.h"
#include "tools/vocabulary/abbreviations.h"
#include "tools/vocabulary/embedding.h"

namespace quarry::vocabulary {
namespace {

constexpr uint32_t kSentenceEnd = 0xFFFFFFFFu;
constexpr uint32_t kStop = 0xFFFFFFFEu;  // a word that is not a term: breaks phrases
constexpr uint32_t kMarker = 0xFFFFFFF0u;


uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// An open-addressing map from 64-bit keys to a value, for the large counts.
template <typename V>
class FlatMap {
 public:
  FlatMap() { Rehash(1 << 16); }
  V& operator[](uint64_t key) {
    if ((size_ + 1) * 10 > keys_.size() * 6) Rehash(keys_.size() * 2);
    size_t mask = keys_.size() - 1;
    size_t i = SplitMix(key) & mask;
    while (keys_[i] != kEmpty && keys_[i] != key) i = (i + 1) & mask;
    if (keys_[i] == kEmpty) {
      keys_[i] = key;
      values_[i] = V();
      ++size_;
    }
    return values_[i];
  }
  const V* Find(uint64_t key) const {
    size_t mask = keys_.size() - 1;
    size_t i = SplitMix(key) & mask;
    while (keys_[i] != kEmpty) {
      if (keys_[i] == key) return &values_[i];
      i = (i + 1) & mask;
    }
    return nullptr;
  }
  size_t size() const { return size_; }
  // Calls fn(key, value) in slot order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != kEmpty) fn(keys_[i], values_[i]);
    }
  }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  void Rehash(size_t capacity) {
    std::vector<uint64_t> old_keys = std::move(keys_);
    std::vector<V> old_values = std::move(values_);
    keys_.assign(capacity, kEmpty);
    values_.assign(capacity, V());
    size_ = 0;
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] != kEmpty) (*this)[old_keys[i]] = old_values[i];
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<V> values_;
  size_t size_ = 0;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

bool HasLetter(std::string_view s) {
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || c >= 0x80) return true;
  }
  return false;
}

bool IsAsciiWord(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// A compound kept as one term: an identifier-like name of letters, digits
// and . + # / _ - ("node.js", "c++", "ci/cd", "utf-8", "select_related").
bool IsTermCompound(const std::string& text, const std::vector<std::string>& parts) {
  if (text.size() > 30 || parts.size() > 4 || !HasLetter(text)) return false;
  for (unsigned char c : text) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || std::strchr(".+#/_-", c) != nullptr;
    if (!ok || c >= 0x80) return false;
  }
  // File names and paths ("arch.html", "c3ref/open.html") name pages, not things.
  static constexpr std::string_view kPageSuffixes[] = {".html", ".htm", ".php",
                                                       ".txt",  ".md",  ".rst"};
  for (std::string_view suffix : kPageSuffixes) {
    if (text.size() > suffix.size() &&
        text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0)
      return false;
  }
  if (text.find('/') != std::string::npos && text.find('.') != std::string::npos) return false;
  // "e.g", "i.e", "a/b": all parts single letters.
  if (std::all_of(parts.begin(), parts.end(), [](const std::string& p) { return p.size() <= 1; }) &&
      text.find('+') == std::string::npos && text.find('#') == std::string::npos)
    return false;
  return true;
}

bool IsHyphenatedWords(const std::string& text) {
  return text.find('-') != std::string::npos && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || c == '-';
         });
}

// True when the token is part of a URL, an e-mail address or a host name
// written in the text (the white-space run around it has "://", "www." or "@").
bool InLink(const std::string& text, const Token& t) {
  size_t b = t.begin, e = t.end;
  while (b > 0 && text[b - 1] != ' ') --b;
  while (e < text.size() && text[e] != ' ') ++e;
  std::string_view run(text.data() + b, e - b);
  return run.find("://") != std::string_view::npos || run.find("www.") != std::string_view::npos ||
         (run.find('@') != std::string_view::npos && run.find('.') != std::string_view::npos);
}

struct CodeUse {
  uint64_t prose = 0, as_code = 0, in_blocks = 0;
};

struct AbbreviationCounts {
  uint32_t count = 0;
  std::map<std::string, uint32_t> surfaces;
};

struct NumeronymDoc {
  uint64_t begin, end;          // the document's range of the stream
  std::vector<uint32_t> terms;  // numeronym term ids in it
};

}  // namespace

struct Learner::Impl {
  LearnerOptions options;
  Analyzer analyzer;
  std::unordered_set<std::string> dictionary;

  std::unordered_set<uint64_t> seen_blocks, seen_sentences;
  // Normalised surface form -> (term id, count); kStop for non-terms.
  std::unordered_map<std::string, std::pair<uint32_t, uint64_t>> surfaces;
  std::unordered_map<std::string, uint32_t> term_ids;  // key -> id
  std::vector<std::string> term_keys;
  std::vector<uint64_t> term_counts;
  // Documents that have the term, and the last one counted (its number,
  // from 1; 0 for none), so that a document counts a term once.
  std::vector<uint32_t> term_documents, term_last_document;
  std::vector<uint32_t> stream;
  // Beside the stream, the surface form of each term (for phrases' forms).
  std::vector<const std::string*> surface_stream;
  const std::string* last_surface = nullptr;

  std::unordered_map<std::string, CodeUse> code_uses;
  std::map<std::string, std::map<std::string, AbbreviationCounts>>
      abbreviations;  // sf -> lf key -> counts
  std::vector<NumeronymDoc> numeronym_docs;
  std::unordered_map<uint32_t, uint64_t> numeronym_uses;
  LearnerStats stats;

  Impl(const LearnerOptions& o, std::unordered_set<std::string> d)
      : options(o), dictionary(std::move(d)) {
  }

  bool IsStopword(const std::string& w) const {
    return IsCommonWord(w);
  }
  bool IsCodeCandidate(const std::string& w) const {
    return IsAsciiWord(w) && w.size() >= 2 &&
           (dictionary.empty() || dictionary.count(w) > 0 || IsStopword(w));
  }

  uint32_t TermId(const std::string& key) {
    auto [it, inserted] = term_ids.emplace(key, static_cast<uint32_t>(term_keys.size()));
    if (inserted) {
      term_keys.push_back(key);
      term_counts.push_back(0);
      term_documents.push_back(0);
      term_last_document.push_back(0);
    }
    return it->second;
  }

  // The term id of a plain word, or kStop.
  uint32_t WordId(const std::string& word) {
    auto it = surfaces.find(word);
    if (it == surfaces.end()) {
      uint32_t id = kStop;
      bool digits_only = !HasLetter(word);
      if (!digits_only && word.size() >= 2 && word.size() <= 40 && !IsStopword(word)) {
        std::string stem = analyzer.Stem(word);
        id = TermId(stem.empty() ? word : stem);
      }
      it = surfaces.emplace(word, std::make_pair(id, uint64_t{0})).first;
    }
    ++it->second.second;
    last_surface = &it->first;
    return it->second.first;
  }

  uint32_t CompoundId(const std::string& text) {
    auto it = surfaces.find(text);
    if (it == surfaces.end())
      it = surfaces.emplace(text, std::make_pair(TermId(text), uint64_t{0})).first;
    ++it->second.second;
    last_surface = &it->first;
    return it->second.first;
  }

  // A marker (kStop, kSentenceEnd) in the stream.
  void Mark(uint32_t marker) {
    stream.push_back(marker);
    surface_stream.push_back(nullptr);
  }

  // A token's term (or kStop), with the surface WordId/CompoundId last saw.
  void Push(uint32_t id) {
    stream.push_back(id);
    surface_stream.push_back(id < kMarker ? last_surface : nullptr);
    ++stats.tokens;
    if (id < kMarker) {
      ++term_counts[id];
      ++stats.content_tokens;
    }
  }

  void CountCodeBlock(const std::string& text) {
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      std::string_view line(text.data() + start,
                            (nl == std::string::npos ? text.size() : nl) - start);
      start = nl == std::string::npos ? text.size() : nl + 1;
      size_t b = line.find_first_not_of(" \t");
      if (b == std::string_view::npos) continue;
      line.remove_prefix(b);
      if (line.rfind(">>> ", 0) == 0 || line.rfind("... ", 0) == 0 || line.rfind("$ ", 0) == 0) {
        line.remove_prefix(line[0] == '$' ? 2 : 4);
      }
      static constexpr std::string_view kComments[] = {"#", "//",   "/*", "*",   "--",
                                                       ";", "<!--", "%",  "rem "};
      bool comment = false;
      for (std::string_view c : kComments) comment = comment || line.rfind(c, 0) == 0;
      if (comment) continue;
      char quote = 0;
      for (size_t i = 0; i < line.size();) {
        char c = line[i];
        if (quote) {
          if (c == '\\') {
            i += 2;
            continue;
          }
          if (c == quote) quote = 0;
          ++i;
          continue;
        }
        if (c == '"' || c == '\'' || c == '`') {
          quote = c;
          ++i;
          continue;
        }
        if ((c == '/' && i + 1 < line.size() && line[i + 1] == '/') || c == '#')
          break;  // a trailing comment
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
          size_t j = i;
          while (j < line.size() &&
                 (std::isalnum(static_cast<unsigned char>(line[j])) || line[j] == '_'))
            ++j;
          std::string word(line.substr(i, j - i));
          if (IsCodeCandidate(word)) ++code_uses[word].in_blocks;
          i = j;
          continue;
        }
        ++i;
      }
    }
  }

  // Code-word evidence of one prose token.
  void CountProseToken(const Token& t, const std::string& text, bool in_span) {
    ++(in_span ? stats.inline_code_tokens : stats.prose_tokens);
    if (!t.compound) {
      if (!IsCodeCandidate(t.text)) return;
      bool call = t.end < text.size() && text[t.end] == '(';
      if (in_span || call) {
        ++code_uses[t.text].as_code;
      } else {
        ++code_uses[t.text].prose;
      }
      return;
    }
    if (t.parts.empty() || !IsCodeCandidate(t.parts[0])) return;
    const std::string& first = t.parts[0];
    if (t.text.size() > first.size() && t.text.compare(0, first.size(), first) == 0 &&
        (t.text[first.size()] == '.' || t.text[first.size()] == '(')) {
      ++code_uses[first].as_code;
    }
  }

  void RecordDefinition(const Definition& d) {
    std::string sf = analyzer.Normalize(d.short_form);
    // "APIs": the plural of API.
    const std::string& raw = d.short_form;
    if (raw.size() > 2 && raw.back() == 's' &&
        std::isupper(static_cast<unsigned char>(raw[raw.size() - 2]))) {
      sf.pop_back();
    }
    std::vector<Token> tokens = analyzer.Tokenize(d.long_form);
    std::string surface, key;
    for (const Token& t : tokens) {
      for (const std::string& p : t.parts) {
        if (!surface.empty()) {
          surface += ' ';
          key += ' ';
        }
        surface += p;
        std::string stem = analyzer.Stem(p);
        key += stem.empty() ? p : stem;
      }
    }
    if (surface.empty() || surface == sf) return;
    AbbreviationCounts& c = abbreviations[sf][key];
    ++c.count;
    ++c.surfaces[surface];
    ++stats.definitions;
  }

  // A numeronym seen where it is not a term of the stream (a compound's
  // part, a package's name): counted for its documents only.
  void NoteNumeronym(const std::string& word, std::vector<uint32_t>& doc_numeronyms) {
    auto it = surfaces.find(word);
    uint32_t id = it != surfaces.end() ? it->second.first : kStop;
    if (id == kStop) {
      id = TermId(word);
      surfaces.emplace(word, std::make_pair(id, uint64_t{0}));
    }
    if (id >= kMarker) return;
    doc_numeronyms.push_back(id);
    ++numeronym_uses[id];
  }

  void AddSentence(const std::string& text, const std::vector<Token>& tokens, size_t tb, size_t te,
                   size_t byte_b, size_t byte_e, const std::vector<Span>& spans, size_t& span_i,
                   std::vector<uint32_t>& doc_numeronyms) {
    std::string_view raw(text.data() + byte_b, byte_e - byte_b);
    if (!seen_sentences.insert(Fnv1a(raw)).second) {
      ++stats.duplicate_sentences;
      return;
    }
    ++stats.sentences;
    if (raw.find('(') != std::string_view::npos) {
      for (const Definition& d : FindDefinitions(raw)) RecordDefinition(d);
    }
    bool previous_in_span = false;
    for (size_t k = tb; k < te; ++k) {
      const Token& t = tokens[k];
      // Punctuation between two words ("scripting (xss)", "a, b") parts them:
      // no phrase across it.
      if (k > tb && t.begin > tokens[k - 1].end) {
        std::string_view gap(text.data() + tokens[k - 1].end, t.begin - tokens[k - 1].end);
        if (gap.find_first_not_of(' ') != std::string_view::npos) Mark(kStop);
      }
      while (span_i < spans.size() && spans[span_i].end <= t.begin) ++span_i;
      bool in_span =
          span_i < spans.size() && spans[span_i].begin <= t.begin && t.end <= spans[span_i].end;
      CountProseToken(t, text, in_span);
      // Inline code is a name: a term, never half of a phrase ("public static").
      if (in_span || previous_in_span) Mark(kStop);
      previous_in_span = in_span;
      if (InLink(text, t)) {
        Push(kStop);
        continue;
      }
      if (!t.compound) {
        uint32_t id = WordId(t.text);
        if (id < kMarker && ParseNumeronym(t.text)) {
          doc_numeronyms.push_back(id);
          ++numeronym_uses[id];
        }
        Push(id);
        continue;
      }
      for (const std::string& p : t.parts) {
        if (ParseNumeronym(p)) NoteNumeronym(p, doc_numeronyms);
      }
      std::string compound = t.text;
      if (compound.size() > 2 && compound.compare(compound.size() - 2, 2, "()") == 0)
        compound.resize(compound.size() - 2);
      if (t.parts.size() == 1 && compound == t.parts[0]) {
        Push(WordId(compound));
      } else if (IsHyphenatedWords(compound)) {
        for (const std::string& p : t.parts) Push(WordId(p));
      } else if (!IsTermCompound(compound, t.parts)) {
        // A long identifier or a path: its parts are not prose ("sklearn linear").
        bool name = compound.find_first_of("._/:") != std::string::npos;
        if (name) {
          Push(kStop);
        } else {
          for (const std::string& p : t.parts) Push(WordId(p));
        }
      } else {
        Push(CompoundId(compound));
      }
    }
    Mark(kSentenceEnd);
  }

  void AddProse(const Block& block, std::vector<uint32_t>& doc_numeronyms) {
    const std::string& text = block.text;
    std::vector<Token> tokens = analyzer.Tokenize(text);
    size_t span_i = 0;
    size_t sentence_begin = 0, byte_begin = 0;
    for (size_t k = 0; k < tokens.size(); ++k) {
      size_t e = tokens[k].end;
      bool last = k + 1 == tokens.size();
      bool boundary =
          last || (e < text.size() && (text[e] == '.' || text[e] == '!' || text[e] == '?') &&
                   (e + 1 == text.size() || text[e + 1] == ' '));
      if (!boundary) continue;
      size_t byte_end = last ? text.size() : e + 1;
      AddSentence(text, tokens, sentence_begin, k + 1, byte_begin, byte_end, block.code_spans,
                  span_i, doc_numeronyms);
      sentence_begin = k + 1;
      byte_begin = byte_end;
    }
  }

  // The terms of the stream from `begin` on (a document's new sentences),
  // each counted once for the document.
  void CountDocument(uint64_t begin) {
    uint32_t number = static_cast<uint32_t>(stats.documents + 1);
    bool any = false;
    for (uint64_t i = begin; i < stream.size(); ++i) {
      uint32_t id = stream[i];
      if (id >= kMarker || term_last_document[id] == number) continue;
      term_last_document[id] = number;
      ++term_documents[id];
      any = true;
    }
    if (any) ++stats.documents;
  }

  void Add(const Document& doc) {
    uint64_t begin = stream.size();
    std::vector<uint32_t> doc_numeronyms;
    if (!doc.title.empty()) {
      std::string name = analyzer.Normalize(doc.title);
      size_t start = 0;
      while (start <= name.size()) {
        size_t end = name.find_first_of("-._+", start);
        std::string part =
            name.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (ParseNumeronym(part)) NoteNumeronym(part, doc_numeronyms);
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
    for (const Block& b : doc.blocks) {
      ++stats.blocks;
      if (!seen_blocks.insert(Fnv1a(b.text, b.kind == Block::Kind::kCode ? 7 : 11)).second) {
        ++stats.duplicate_blocks;
        continue;
      }
      if (b.kind == Block::Kind::kCode) {
        ++stats.code_blocks;
        CountCodeBlock(b.text);
      } else {
        AddProse(b, doc_numeronyms);
      }
    }
    CountDocument(begin);
    if (!doc_numeronyms.empty()) {
      std::sort(doc_numeronyms.begin(), doc_numeronyms.end());
      doc_numeronyms.erase(std::unique(doc_numeronyms.begin(), doc_numeronyms.end()),
                           doc_numeronyms.end());
      numeronym_docs.push_back({begin, stream.size(), std::move(doc_numeronyms)});
    }
  }

  // ------------------------------------------------------------ Finish

  // The most frequent surface form of every term.
  std::vector<std::string> Displays() const {
    std::vector<std::string> display(term_keys.size());
    std::vector<uint64_t> best(term_keys.size(), 0);
    for (const auto& [surface, info] : surfaces) {
      uint32_t id = info.first;
      if (id >= kMarker || id >= display.size()) continue;
      if (info.second > best[id] || (info.second == best[id] && surface < display[id])) {
        best[id] = info.second;
        display[id] = surface;
      }
    }
    for (size_t i = 0; i < display.size(); ++i) {
      if (display[i].empty()) display[i] = term_keys[i];
    }
    return display;
  }

  void FindPhrases(std::vector<std::string>& display,
                   std::vector<std::pair<uint32_t, uint32_t>>& phrase_parts) {
    auto t0 = std::chrono::steady_clock::now();
    const uint64_t min_word = options.phrase_min_count;
    FlatMap<uint32_t> bigrams;
    for (size_t i = 0; i + 1 < stream.size(); ++i) {
      uint32_t a = stream[i], b = stream[i + 1];
      if (a >= kMarker || b >= kMarker || a == b) continue;
      if (term_counts[a] < min_word || term_counts[b] < min_word) continue;
      ++bigrams[(uint64_t{a} << 32) | b];
    }
    double n = static_cast<double>(std::max<uint64_t>(1, stats.content_tokens));
    struct Candidate {
      uint64_t key;
      uint32_t count;
    };
    std::vector<Candidate> accepted;
    bigrams.ForEach([&](uint64_t key, uint32_t c) {
      if (c < options.phrase_min_count) return;
      uint32_t a = static_cast<uint32_t>(key >> 32), b = static_cast<uint32_t>(key);
      double p_ab = c / n, p_a = term_counts[a] / n, p_b = term_counts[b] / n;
      double npmi = std::log(p_ab / (p_a * p_b)) / -std::log(p_ab);
      if (npmi >= options.phrase_min_npmi) accepted.push_back({key, c});
    });
    std::sort(accepted.begin(), accepted.end(), [](const Candidate& x, const Candidate& y) {
      return x.count != y.count ? x.count > y.count : x.key < y.key;
    });
    if (accepted.size() > options.max_phrases) accepted.resize(options.max_phrases);
    std::unordered_map<uint64_t, uint32_t> phrase_of;
    for (const Candidate& c : accepted) {
      uint32_t a = static_cast<uint32_t>(c.key >> 32), b = static_cast<uint32_t>(c.key);
      uint32_t id = TermId(term_keys[a] + " " + term_keys[b]);
      phrase_of[c.key] = id;
      display.push_back(display[a] + " " + display[b]);
      phrase_parts.resize(term_keys.size(), {kStop, kStop});
      phrase_parts[id] = {a, b};
    }
    phrase_parts.resize(term_keys.size(), {kStop, kStop});
    stats.phrases = accepted.size();
    // Join them in the stream, left to right, and count the terms again; a
    // phrase is shown in its most frequent form ("machine learning", not the
    // words' own most frequent forms, "machine learn").
    std::fill(term_counts.begin(), term_counts.end(), 0);
    std::unordered_map<uint32_t, std::map<std::string, uint64_t>> forms;
    size_t out = 0;
    for (size_t i = 0; i < stream.size(); ++i) {
      uint32_t a = stream[i];
      if (a < kMarker && i + 1 < stream.size() && stream[i + 1] < kMarker) {
        auto it = phrase_of.find((uint64_t{a} << 32) | stream[i + 1]);
        if (it != phrase_of.end()) {
          stream[out++] = it->second;
          ++term_counts[it->second];
          if (surface_stream[i] && surface_stream[i + 1])
            ++forms[it->second][*surface_stream[i] + " " + *surface_stream[i + 1]];
          ++i;
          continue;
        }
      }
      stream[out++] = a;
      if (a < kMarker) ++term_counts[a];
    }
    stream.resize(out);
    surface_stream = {};
    for (const auto& [id, counts] : forms) {
      uint64_t best = 0;
      for (const auto& [form, n] : counts) {
        if (n > best) {
          best = n;
          display[id] = form;
        }
      }
    }
    stats.seconds_phrases = Seconds(t0);
  }

  bool ShareWord(uint32_t a, uint32_t b,
                 const std::vector<std::pair<uint32_t, uint32_t>>& parts) const {
    auto words = [&](uint32_t id) {
      std::vector<uint32_t> w;
      if (id < parts.size() && parts[id].first != kStop) {
        w = {parts[id].first, parts[id].second};
      } else {
        w = {id};
      }
      return w;
    };
    for (uint32_t x : words(a)) {
      for (uint32_t y : words(b)) {
        if (x == y) return true;
      }
    }
    return false;
  }

  void LearnNeighbours(const std::vector<std::string>& display,
                       const std::vector<std::pair<uint32_t, uint32_t>>& phrase_parts,
                       LearnedVocabulary& out) {
    auto t0 = std::chrono::steady_clock::now();
    // The vocabulary: the most frequent terms.
    std::vector<uint32_t> vocab;
    for (uint32_t id = 0; id < term_counts.size(); ++id) {
      if (term_counts[id] >= options.min_term_count) vocab.push_back(id);
    }
    std::sort(vocab.begin(), vocab.end(), [&](uint32_t a, uint32_t b) {
      return term_counts[a] != term_counts[b] ? term_counts[a] > term_counts[b] : a < b;
    });
    if (vocab.size() > options.max_vocabulary) vocab.resize(options.max_vocabulary);
    stats.vocabulary = vocab.size();
    if (vocab.size() < 3) return;
    std::vector<uint32_t> index(term_counts.size(), kStop);
    for (uint32_t i = 0; i < vocab.size(); ++i) index[vocab[i]] = i;

    // Co-occurrence within sentences, frequent terms subsampled.
    uint64_t total = 0;
    for (uint32_t id : vocab) total += term_counts[id];
    std::vector<double> keep(vocab.size(), 1.0);
    if (options.subsample > 0) {
      for (size_t i = 0; i < vocab.size(); ++i) {
        double f = static_cast<double>(term_counts[vocab[i]]) / static_cast<double>(total);
        double t = options.subsample;
        keep[i] = std::min(1.0, (std::sqrt(f / t) + 1) * t / f);
      }
    }
    FlatMap<float> cells;
    std::vector<uint32_t> sentence;
    for (size_t i = 0; i < stream.size(); ++i) {
      uint32_t id = stream[i];
      if (id != kSentenceEnd) {
        if (id < kMarker && index[id] != kStop) {
          uint32_t v = index[id];
          double u =
              static_cast<double>(SplitMix(options.seed ^ (i * 0x9E3779B97F4A7C15ull)) >> 11) *
              0x1.0p-53;
          if (u < keep[v]) sentence.push_back(v);
        }
        if (i + 1 < stream.size()) continue;
      }
      for (size_t a = 0; a < sentence.size(); ++a) {
        for (size_t d = 1; d <= options.window && a + d < sentence.size(); ++d) {
          uint32_t x = sentence[a], y = sentence[a + d];
          if (x == y) continue;
          if (x > y) std::swap(x, y);
          cells[(uint64_t{x} << 32) | y] += 1.0f / static_cast<float>(d);
        }
      }
      sentence.clear();
    }
    Cooccurrence counts;
    counts.terms = vocab.size();
    cells.ForEach([&](uint64_t key, float w) {
      counts.keys.push_back(key);
      counts.weights.push_back(w);
    });
    stats.cooccurrence_cells = counts.keys.size();
    // Sorted, so that the matrix does not depend on the hash table's layout.
    std::vector<size_t> order(counts.keys.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return counts.keys[a] < counts.keys[b]; });
    Cooccurrence sorted;
    sorted.terms = counts.terms;
    for (size_t k : order) {
      sorted.keys.push_back(counts.keys[k]);
      sorted.weights.push_back(counts.weights[k]);
    }
    counts = Cooccurrence();
    cells = FlatMap<float>();
    stats.seconds_cooccurrence = Seconds(t0);

    t0 = std::chrono::steady_clock::now();
    SparseMatrix ppmi = PpmiMatrix(sorted, options.alpha);
    sorted = Cooccurrence();
    stats.ppmi_cells = ppmi.col.size();
    SvdOptions svd;
    svd.dims = std::min(options.dims, vocab.size() / 2);
    svd.power_iterations = options.power_iterations;
    svd.seed = options.seed;
    svd.threads = options.threads;
    Embedding e = SvdEmbedding(ppmi, svd);
    stats.dims = e.dims;
    stats.seconds_svd = Seconds(t0);

    t0 = std::chrono::steady_clock::now();
    std::vector<uint32_t> targets;
    for (uint32_t i = 0; i < vocab.size() && targets.size() < options.max_targets; ++i) {
      if (term_counts[vocab[i]] >= options.neighbour_min_count) targets.push_back(i);
    }
    stats.targets = targets.size();
    // More than enough, so that those sharing a word can be left out.
    std::vector<std::vector<Neighbour>> near =
        NearestNeighbours(e, targets, targets, options.neighbours * 2,
                          static_cast<float>(options.min_similarity), options.threads);
    for (size_t t = 0; t < targets.size(); ++t) {
      uint32_t id = vocab[targets[t]];
      NeighbourEntry entry;
      entry.term = display[id];
      entry.count = term_counts[id];
      for (const Neighbour& nb : near[t]) {
        uint32_t other = vocab[nb.row];
        if (ShareWord(id, other, phrase_parts)) continue;
        entry.neighbours.emplace_back(display[other], nb.similarity);
        if (entry.neighbours.size() == options.neighbours) break;
      }
      if (!entry.neighbours.empty()) out.neighbours.push_back(std::move(entry));
    }
    std::sort(out.neighbours.begin(), out.neighbours.end(),
              [](const NeighbourEntry& a, const NeighbourEntry& b) { return a.term < b.term; });
    stats.seconds_neighbours = Seconds(t0);
  }

  void LearnAbbreviations(const std::vector<std::string>& display, LearnedVocabulary& out) {
    for (const auto& [sf, forms] : abbreviations) {
      uint32_t total = 0;
      for (const auto& [key, c] : forms) total += c.count;
      std::vector<std::pair<std::string, const AbbreviationCounts*>> sorted;
      for (const auto& [key, c] : forms) sorted.emplace_back(key, &c);
      std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.second->count > b.second->count;
      });
      for (const auto& [key, c] : sorted) {
        // A numeronym written out beside its word ("Kubernetes (k8s)") is
        // rare and unmistakable: once is enough.
        size_t min_count = ParseNumeronym(sf) ? 1 : options.abbreviation_min_count;
        if (c->count < min_count || c->count < options.abbreviation_min_share * total) continue;
        std::string best;
        uint32_t best_n = 0;
        for (const auto& [surface, n] : c->surfaces) {
          if (n > best_n) {
            best = surface;
            best_n = n;
          }
        }
        // The singular, when the text also writes it ("uniform resource locator").
        if (best.size() > 1 && best.back() == 's' &&
            c->surfaces.count(best.substr(0, best.size() - 1))) {
          best.pop_back();
        }
        out.abbreviations.push_back({sf, best, c->count, total, false});
      }
    }
    // Numeronyms: the word they spell that shares most documents with them.
    // numeronym id -> the words it spells, with their term ids.
    std::map<uint32_t, std::vector<std::pair<uint32_t, std::string>>> spelled;
    std::map<uint32_t, Numeronym> parsed;
    for (const auto& [id, uses] : numeronym_uses) {
      if (uses < options.numeronym_min_count) continue;
      std::optional<Numeronym> n = ParseNumeronym(display[id]);
      if (n) parsed[id] = *n;
    }
    if (parsed.empty()) return;
    for (const auto& [surface, info] : surfaces) {
      if (info.first >= kMarker || info.second < 2) continue;
      for (const auto& [id, n] : parsed) {
        if (SpellsNumeronym(n, surface)) spelled[id].emplace_back(info.first, surface);
      }
    }
    std::map<uint32_t, uint32_t> docs_of;                    // numeronym -> documents
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> both;  // (numeronym, word) -> documents
    for (const NumeronymDoc& d : numeronym_docs) {
      std::unordered_set<uint32_t> present;
      uint64_t b = std::min<uint64_t>(d.begin, stream.size()),
               e = std::min<uint64_t>(d.end, stream.size());
      for (uint64_t i = b; i < e; ++i) present.insert(stream[i]);
      for (uint32_t n : d.terms) {
        if (!parsed.count(n)) continue;
        ++docs_of[n];
        for (const auto& [w, surface] : spelled[n]) {
          if (present.count(w)) ++both[{n, w}];
        }
      }
    }
    for (const auto& [n, candidates] : spelled) {
      // (documents shared, uses of the word, the word); words of one term
      // ("internationalization", "internationalized"... only those spelled)
      // share their term's documents.
      std::vector<std::tuple<uint32_t, uint64_t, std::string>> ranked;
      for (const auto& [w, surface] : candidates) {
        auto it = both.find({n, w});
        if (it != both.end()) ranked.emplace_back(it->second, surfaces.at(surface).second, surface);
      }
      std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
        if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) > std::get<1>(b);
        return std::get<2>(a) < std::get<2>(b);
      });
      uint32_t docs = docs_of[n];
      for (const auto& [shared, uses, word] : ranked) {
        if (shared < options.numeronym_min_documents || shared < options.numeronym_min_share * docs)
          break;
        if (shared * 3 < std::get<0>(ranked[0])) break;   // far behind the best
        if (uses * 3 < std::get<1>(ranked[0])) continue;  // a rare form of the best's term
        bool defined = std::any_of(out.abbreviations.begin(), out.abbreviations.end(),
                                   [&](const AbbreviationEntry& a) {
                                     return a.short_form == display[n] && a.long_form == word;
                                   });
        if (!defined) out.abbreviations.push_back({display[n], word, shared, docs, true});
      }
    }
    std::stable_sort(out.abbreviations.begin(), out.abbreviations.end(),
                     [](const AbbreviationEntry& a, const AbbreviationEntry& b) {
                       return a.short_form != b.short_form ? a.short_form < b.short_form
                                                           : a.count > b.count;
                     });
  }

  void LearnCodeWords(LearnedVocabulary& out) {
    double code_total = static_cast<double>(std::max<uint64_t>(1, stats.inline_code_tokens));
    double prose_total = static_cast<double>(std::max<uint64_t>(1, stats.prose_tokens));
    for (const auto& [word, u] : code_uses) {
      if (u.as_code < options.code_min_uses || u.in_blocks < options.code_min_block_uses ||
          u.prose < options.code_min_prose_uses)
        continue;
      double share = static_cast<double>(u.as_code) / static_cast<double>(u.as_code + u.prose);
      double lift = (static_cast<double>(u.as_code) / code_total) /
                    (static_cast<double>(u.prose) / prose_total);
      if (lift < options.code_min_lift) continue;
      out.code_words.push_back({word, u.prose, u.as_code, u.in_blocks, share, lift});
    }
    std::sort(out.code_words.begin(), out.code_words.end(),
              [](const CodeWordEntry& a, const CodeWordEntry& b) {
                return a.lift != b.lift ? a.lift > b.lift : a.word < b.word;
              });
  }

  // Terms in the most documents, before phrases join words in new terms.
  void LearnTermFrequencies(const std::vector<std::string>& display, LearnedVocabulary& out) {
    std::vector<uint32_t> ids;
    for (uint32_t id = 0; id < term_documents.size(); ++id) {
      if (term_documents[id] > 0 && term_documents[id] >= options.term_min_documents)
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
      if (term_documents[a] != term_documents[b]) return term_documents[a] > term_documents[b];
      return display[a] != display[b] ? display[a] < display[b] : a < b;
    });
    if (ids.size() > options.max_term_frequencies) ids.resize(options.max_term_frequencies);
    out.term_frequencies.reserve(ids.size());
    for (uint32_t id : ids) out.term_frequencies.push_back({display[id], term_documents[id]});
  }

  LearnedVocabulary Finish() {
    LearnedVocabulary out;
    stats.distinct_terms = term_keys.size();
    std::vector<std::string> display = Displays();
    LearnTermFrequencies(display, out);
    LearnAbbreviations(display, out);  // before phrases rewrite the stream
    LearnCodeWords(out);
    std::vector<std::pair<uint32_t, uint32_t>> phrase_parts;
    FindPhrases(display, phrase_parts);
    LearnNeighbours(display, phrase_parts, out);
    out.stats = stats;
    return out;
  }
};

Learner::Learner(const LearnerOptions& options, std::unordered_set<std::string> dictionary)
    : impl_(std::make_unique<Impl>(options, std::move(dictionary))) {}
Learner::~Learner() = default;

void Learner::Add(const Document& doc) { impl_->Add(doc); }
uint64_t Learner::sentences() const { return impl_->stats.sentences; }
uint64_t Learner::tokens() const { return impl_->stats.tokens; }
LearnedVocabulary Learner::Finish() { return impl_->Finish(); }

}  // namespace quarry::vocabulary
