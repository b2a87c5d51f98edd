#include "indexer/concepts.h"

#include <vector>

#include "core/line_reader.h"
#include "core/schema.h"
#include "core/utf8.h"
#include "indexer/data_lines.h"

namespace quarry {

Status ParseConcepts(std::string_view content, const std::string& file_name, const Analyzer& analyzer,
                     SynonymTable& table) {
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    auto error = [&](const std::string& what) {
      return Status::InvalidArgument(file_name + ":" + std::to_string(lines.line_no()) + ": " + what);
    };
    if (auto bad = FindInvalidUtf8(line)) return error("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line");
    line = StripComment(line);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return error("expected \"name: term, term, ...\"");
    if (line.substr(0, colon).find_first_not_of(" \t") == std::string_view::npos) {
      return error("the name before the colon is missing");
    }
    std::vector<std::string> terms;  // as written (normalised): what a neighbour matches
    std::vector<std::string> keys;   // stemmed: what finds the group
    for (std::string_view term : SplitCommas(line.substr(colon + 1))) {
      std::vector<Token> tokens = analyzer.Tokenize(term);
      if (tokens.empty()) return error("a term between commas is empty");
      terms.push_back(SynonymKey(analyzer, term));
      keys.push_back(analyzer.StemmedKey(tokens));
    }
    if (terms.size() < 2) return error("a concept group needs two terms or more");
    for (size_t from = 0; from < terms.size(); ++from) {
      std::set<std::string>& neighbours = table[schema::ConceptKey(keys[from])];
      for (size_t to = 0; to < terms.size(); ++to) {
        if (keys[to] != keys[from]) neighbours.insert(terms[to]);
      }
    }
  }
  return Status::Ok();
}

}  // namespace quarry
