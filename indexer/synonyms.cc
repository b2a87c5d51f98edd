#include "indexer/synonyms.h"

#include <vector>

#include "core/line_reader.h"
#include "core/utf8.h"
#include "indexer/data_lines.h"

namespace quarry {

std::string SynonymKey(const Analyzer& analyzer, std::string_view term) {
  std::string key;
  for (const Token& t : analyzer.Tokenize(term)) {
    if (!key.empty()) key += ' ';
    key += t.text;
  }
  return key;
}

Status ParseSynonyms(std::string_view content, const std::string& file_name,
                     const Analyzer& analyzer, SynonymTable& table) {
  int line_no = 0;
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    line_no = lines.line_no();
    auto error = [&](const std::string& what) {
      return Status::InvalidArgument(file_name + ":" + std::to_string(line_no) + ": " + what);
    };
    if (auto bad = FindInvalidUtf8(line)) return error("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line");
    line = StripComment(line);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;

    auto keys_of = [&](std::string_view side, std::vector<std::string>& out) {
      for (std::string_view term : SplitCommas(side)) {
        std::string key = SynonymKey(analyzer, term);
        if (key.empty()) return false;
        out.push_back(std::move(key));
      }
      return true;
    };
    std::vector<std::string> from, to;
    if (size_t arrow = line.find("=>"); arrow != std::string_view::npos) {
      if (!keys_of(line.substr(0, arrow), from) || !keys_of(line.substr(arrow + 2), to)) {
        return error("every term around \"=>\" needs a word");
      }
      for (const std::string& f : from) {
        for (const std::string& t : to) {
          if (f != t) table[f].insert(t);
        }
      }
    } else {
      if (!keys_of(line, from)) return error("a term between commas is empty");
      if (from.size() < 2) return error("a synonym line needs two terms or more (a, b) or an arrow (a => b)");
      for (const std::string& f : from) {
        for (const std::string& t : from) {
          if (f != t) table[f].insert(t);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace quarry
