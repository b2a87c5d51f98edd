// Small helpers shared by the parsers of the corpus's data files
// (synonyms.txt, concepts.txt).
#pragma once

#include <string_view>
#include <vector>

namespace quarry {

// The pieces of `s` between commas (empty pieces included).
inline std::vector<std::string_view> SplitCommas(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// A '#' at the start of a line or after white space starts a comment; one
// inside a term (c#, f#) does not.
inline std::string_view StripComment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  }
  return line;
}

}  // namespace quarry
