// Abbreviations defined in running text, after Schwartz & Hearst (2003), "A
// simple algorithm for identifying abbreviation definitions in biomedical
// text": "long form (SF)" and "SF (long form)". The long form is the
// shortest run of words before (or inside) the parentheses whose characters
// contain the short form's letters and digits in order, its first letter at
// the start of a word; but first, the shortest run whose words' initials (or
// prefixes) spell it ("Secure Sockets Layer", not S&H's "Sockets Layer").
// Extensions for software text: an X may stand for a word starting "cross",
// "trans" or "ex" (Cross-Site Scripting (XSS), Extensible Markup Language
// (XML)), and a 2 or 4 for the word "to" or "for" (peer-to-peer (P2P)).
//
// And numeronyms: i18n, l10n, a11y, k8s (first letter, the number of letters
// left out, last letter).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::vocabulary {

struct Definition {
  std::string short_form;  // as written: "XSS", "APIs"
  std::string long_form;   // as written: "Cross-Site Scripting"
};

// Every definition in one sentence, in order.
std::vector<Definition> FindDefinitions(std::string_view sentence);

// True when `sf` may be a short form: 2 to 10 characters, at most two
// words, starting with a letter or digit, with at least two capitals, or a
// capital and a digit ("XSS", "OAuth", "gRPC", "S3"; not "See", "k8s").
bool IsShortFormCandidate(std::string_view sf);

// The start of the long form in `text` that `sf` abbreviates (the byte
// offset of its first word), or npos.
size_t MatchLongForm(std::string_view sf, std::string_view text);

struct Numeronym {
  char first = 0;
  int letters = 0;  // left out between first and last
  char last = 0;
};

// A normalised word such as "i18n", "k8s", "a11y" (a letter, a number of at
// least 3, a letter), or nothing.
std::optional<Numeronym> ParseNumeronym(std::string_view word);

// True when `word` (normalised, letters only) is spelled by `n`.
bool SpellsNumeronym(const Numeronym& n, std::string_view word);

}  // namespace quarry::vocabulary
