// Synonyms and abbreviations, as data (corpus/synonyms.txt):
//
//   # a comment
//   gil, global interpreter lock        two-way: each term means the others
//   drf, django rest framework
//   jwt => json web token                one-way: a query for jwt also finds
//                                        "json web token", not the reverse
//
// Terms may be several words. They are normalised by the Analyzer, so
// the key of "Global  Interpreter Lock" is "global interpreter lock".
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/analyzer.h"
#include "core/status.h"

namespace quarry {

// key -> the expressions a query for key also matches.
using SynonymTable = std::map<std::string, std::set<std::string>>;

// The key of a term: its tokens' texts joined by one space.
std::string SynonymKey(const Analyzer& analyzer, std::string_view term);

// Parses a synonyms file and adds its entries to `table`. Errors name
// file and line (a line with an empty term, "=>" with nothing on a side).
Status ParseSynonyms(std::string_view content, const std::string& file_name,
                     const Analyzer& analyzer, SynonymTable& table);

}  // namespace quarry
