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
    std::string name = SynonymKey(analyzer, line.substr(0, colon));
    if (name.empty()) return error("the name before the colon is missing");
    std::vector<std::string> terms;  // as written (normalised): what a neighbour matches
    std::vector<std::string> keys;   // stemmed: what finds the group
    for (std::string_view term : SplitCommas(line.substr(colon + 1))) {
      std::vector<Token> tokens = analyzer.Tokenize(term);
      if (tokens.empty()) return error("a term between commas is empty");
      terms.push_back(SynonymKey(analyzer, term));
      keys.push_back(analyzer.StemmedKey(tokens));
    }
    if (terms.size() < 2) return error("a concept group needs two terms or more");
    std::set<std::string>& group = table[schema::ConceptGroupKey(name)];
    group.insert(terms.begin(), terms.end());
    for (const std::string& key : keys) table[schema::ConceptKey(key)].insert(name);
  }
  return Status::Ok();
}

}  // namespace quarry
