#include "tools/vocabulary/abbreviations.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace quarry::vocabulary {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

// The text to match against, with the extensions written in: the first
// letter of a word starting "cross", "trans" or "ex" becomes 'x', and the words "to"
// and "for" become '2' and '4' (same length, so offsets are kept).
std::string Substituted(std::string_view text) {
  std::string out(text);
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0 && IsAlnum(out[i - 1])) continue;
    std::string_view rest = std::string_view(text).substr(i);
    auto whole_word = [&](size_t len) { return rest.size() == len || !IsAlnum(rest[len]); };
    if (StartsWithNoCase(rest, "cross") || StartsWithNoCase(rest, "trans") ||
        StartsWithNoCase(rest, "ex")) {
      out[i] = 'x';
    } else if (StartsWithNoCase(rest, "to") && whole_word(2)) {
      out[i] = '2';
    } else if (StartsWithNoCase(rest, "for") && whole_word(3)) {
      out[i] = '4';
    }
  }
  return out;
}

// Schwartz & Hearst's findBestLongForm on one spelling of the text.
size_t MatchOnce(std::string_view sf, std::string_view lf) {
  long s = static_cast<long>(sf.size()) - 1;
  long l = static_cast<long>(lf.size()) - 1;
  while (s >= 0) {
    char c = Lower(sf[s]);
    if (!IsAlnum(c)) {
      --s;
      continue;
    }
    while ((l >= 0 && Lower(lf[l]) != c) || (s == 0 && l > 0 && IsAlnum(lf[l - 1]))) --l;
    if (l < 0) return std::string_view::npos;
    --l;
    --s;
  }
  size_t start = static_cast<size_t>(l + 1);
  size_t space = lf.rfind(' ', start);
  return space == std::string_view::npos ? 0 : space + 1;
}

// True when the pair looks like a definition, not a coincidence.
bool Plausible(std::string_view sf, std::string_view lf) {
  if (lf.size() <= sf.size()) return false;
  if (CountWords(lf) > std::min(sf.size() + 5, sf.size() * 2)) return false;
  // The long form must not contain the short form itself.
  std::string low_lf, low_sf;
  for (char c : lf) low_lf += Lower(c);
  for (char c : sf) low_sf += Lower(c);
  size_t k = low_lf.find(low_sf);
  while (k != std::string::npos) {
    bool start = k == 0 || !IsAlnum(low_lf[k - 1]);
    bool end = k + low_sf.size() == low_lf.size() || !IsAlnum(low_lf[k + low_sf.size()]);
    if (start && end) return false;
    k = low_lf.find(low_sf, k + 1);
  }
  // Its first and last characters are letters or digits.
  return IsAlnum(lf.front()) && IsAlnum(lf.back());
}

bool IsMinorWord(std::string_view w) {
  static constexpr std::string_view kMinor[] = {"a",   "an",   "and",  "as",   "at", "by",
                                                "for", "in",   "of",   "on",   "or", "the",
                                                "to",  "with", "from", "over", "via"};
  return std::find(std::begin(kMinor), std::end(kMinor), w) != std::end(kMinor);
}

// True when the words [j, end) spell `sf` from `p` on: each word gives a
// prefix of itself (at least its first letter; a minor word may give none;
// a word starting "cross", "trans" or "ex" may give 'x', "to" '2', "for" '4').
bool Spell(const std::vector<std::string>& words, size_t j, const std::string& sf, size_t p) {
  if (j == words.size()) return p == sf.size();
  const std::string& w = words[j];
  if (IsMinorWord(w) && Spell(words, j + 1, sf, p)) return true;
  if (p == sf.size()) return false;
  std::string alt = w;
  if (w.rfind("cross", 0) == 0 || w.rfind("trans", 0) == 0 || w.rfind("ex", 0) == 0) alt[0] = 'x';
  if (w == "to") alt = "2";
  if (w == "for") alt = "4";
  for (const std::string& form : {w, alt}) {
    for (size_t k = std::min(form.size(), sf.size() - p); k >= 1; --k) {
      if (form.compare(0, k, sf, p, k) == 0 && Spell(words, j + 1, sf, p + k)) return true;
    }
    if (alt == w) break;
  }
  return false;
}

// The start of the shortest run of words ending `text` whose initials
// (Spell) give `sf`, or npos: "Secure Sockets Layer" for SSL, where the
// character match alone would stop at "Sockets Layer".
size_t MatchInitials(std::string_view sf, std::string_view text) {
  std::string letters;
  for (char c : sf) {
    if (IsAlnum(c)) letters += Lower(c);
  }
  if (letters.empty()) return std::string_view::npos;
  // Words at spaces; each split again at hyphens and slashes for spelling.
  std::vector<size_t> starts;
  std::vector<std::vector<std::string>> parts;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    starts.push_back(i);
    parts.emplace_back();
    std::string cur;
    for (; i < text.size() && text[i] != ' '; ++i) {
      char c = text[i];
      if (IsAlnum(c)) {
        cur += Lower(c);
      } else if (c == '-' || c == '/') {
        if (!cur.empty()) parts.back().push_back(cur);
        cur.clear();
      }
    }
    if (!cur.empty()) parts.back().push_back(cur);
  }
  for (size_t start = starts.size(); start-- > 0;) {
    std::vector<std::string> words;
    for (size_t k = start; k < parts.size(); ++k)
      words.insert(words.end(), parts[k].begin(), parts[k].end());
    if (words.empty() || IsMinorWord(words[0]) || words[0][0] != letters[0]) continue;
    if (words.size() > letters.size() * 2 + 2) break;
    if (Spell(words, 0, letters, 0)) return starts[start];
  }
  return std::string_view::npos;
}

}  // namespace

bool IsShortFormCandidate(std::string_view sf) {
  if (sf.size() < 2 || sf.size() > 10 || !IsAlnum(sf[0])) return false;
  if (CountWords(sf) > 2) return false;
  int upper = 0, digits = 0, letters = 0;
  for (char c : sf) {
    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
    if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
    if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    if (!IsAlnum(c) && c != '-' && c != '/' && c != '&' && c != '.' && c != ' ' && c != '+')
      return false;
  }
  return letters > 0 && (upper >= 2 || (upper >= 1 && digits >= 1));
}

size_t MatchLongForm(std::string_view sf, std::string_view text) {
  size_t initials = MatchInitials(sf, text);
  if (initials != std::string_view::npos) return initials;
  size_t best = MatchOnce(sf, text);
  if (best != std::string_view::npos) return best;
  return MatchOnce(sf, Substituted(text));
}

std::vector<Definition> FindDefinitions(std::string_view sentence) {
  std::vector<Definition> out;
  size_t open = sentence.find('(');
  while (open != std::string_view::npos) {
    size_t close = sentence.find(')', open + 1);
    size_t nested = sentence.find('(', open + 1);
    if (close == std::string_view::npos) break;
    if (nested != std::string_view::npos && nested < close) {
      open = nested;
      continue;
    }
    std::string_view inner = Trim(sentence.substr(open + 1, close - open - 1));
    // "(XSS, see below)", "(XSS; ...)": the part before the separator.
    size_t sep = inner.find_first_of(",;");
    if (sep != std::string_view::npos) inner = Trim(inner.substr(0, sep));
    std::string_view before = sentence.substr(0, open);
    while (!before.empty() && before.back() == ' ') before.remove_suffix(1);

    std::string lowered(inner);
    for (char& c : lowered) c = Lower(c);
    std::optional<Numeronym> numeronym = ParseNumeronym(lowered);
    if (numeronym) {
      // "Accessibility (a11y)": the word before, if the numeronym spells it.
      size_t sp = before.rfind(' ');
      std::string_view word = before.substr(sp == std::string_view::npos ? 0 : sp + 1);
      std::string low;
      for (char c : word) low += Lower(c);
      if (SpellsNumeronym(*numeronym, low)) out.push_back({std::string(inner), std::string(word)});
    } else if (IsShortFormCandidate(inner)) {
      // long form (SF): the words just before, at most min(|SF| + 5, 2|SF|).
      size_t limit = std::min(inner.size() + 5, inner.size() * 2);
      size_t start = before.size();
      for (size_t words = 0; start > 0 && words < limit; ++words) {
        while (start > 0 && before[start - 1] == ' ') --start;
        while (start > 0 && before[start - 1] != ' ') --start;
      }
      std::string_view window = Trim(before.substr(start));
      size_t at = MatchLongForm(inner, window);
      if (at != std::string_view::npos) {
        std::string_view lf = Trim(window.substr(at));
        if (Plausible(inner, lf)) out.push_back({std::string(inner), std::string(lf)});
      }
    } else if (CountWords(inner) >= 2) {
      // SF (long form): the word just before the parentheses.
      size_t sp = before.rfind(' ');
      std::string_view sf = before.substr(sp == std::string_view::npos ? 0 : sp + 1);
      while (!sf.empty() && !IsAlnum(sf.front())) sf.remove_prefix(1);
      if (IsShortFormCandidate(sf)) {
        size_t at = MatchLongForm(sf, inner);
        if (at == 0 && Plausible(sf, inner)) out.push_back({std::string(sf), std::string(inner)});
      }
    }
    open = sentence.find('(', close + 1);
  }
  return out;
}

std::optional<Numeronym> ParseNumeronym(std::string_view word) {
  if (word.size() < 3 || word.size() > 4) return std::nullopt;
  if (!std::islower(static_cast<unsigned char>(word.front())) ||
      !std::islower(static_cast<unsigned char>(word.back())))
    return std::nullopt;
  std::string_view digits = word.substr(1, word.size() - 2);
  if (!std::all_of(digits.begin(), digits.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  int n = std::stoi(std::string(digits));
  if (n < 3 || digits[0] == '0') return std::nullopt;
  return Numeronym{word.front(), n, word.back()};
}

bool SpellsNumeronym(const Numeronym& n, std::string_view word) {
  if (word.size() != static_cast<size_t>(n.letters) + 2) return false;
  if (word.front() != n.first || word.back() != n.last) return false;
  return std::all_of(word.begin(), word.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)); });
}

}  // namespace quarry::vocabulary
