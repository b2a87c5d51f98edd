// Concept neighbours, as data (corpus/concepts.txt): terms that are not
// the same thing (so not synonyms) but belong to one subject, so a question
// about one is a good answer to a search for another, ranked below the
// questions that have the words typed.
//
//   # a comment
//   token auth: jwt, refresh token, token storage, session authentication
//   web attacks: xss, csrf, sql injection, security headers, owasp
//
// The name before the colon says what ties the terms (it is shown by
// --explain). A term may be in several groups; its neighbours are the terms
// of all of them, each group weighing as one. Terms are normalised by the
// Analyzer like synonyms.
#pragma once

#include <string>
#include <string_view>

#include "core/analyzer.h"
#include "core/status.h"
#include "indexer/synonyms.h"

namespace quarry {

// Parses a concepts file into `table` (kept with the synonyms, apart by the
// key prefixes): under schema::ConceptGroupKey(name), the group's terms
// (normalised); under schema::ConceptKey(a term's Analyzer::StemmedKey),
// the names of the groups it is in, so "refresh tokens" finds the group of
// "refresh token". Lines with the same name make one group. Errors name
// file and line: a line without "name:", an empty term, a group of fewer
// than two terms.
Status ParseConcepts(std::string_view content, const std::string& file_name, const Analyzer& analyzer,
                     SynonymTable& table);

}  // namespace quarry
