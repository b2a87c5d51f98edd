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
// --explain). A term may be in several groups; its neighbours are the other
// terms of all of them. Terms are normalised by the Analyzer like synonyms.
#pragma once

#include <string>
#include <string_view>

#include "core/analyzer.h"
#include "core/status.h"
#include "indexer/synonyms.h"

namespace quarry {

// Parses a concepts file and adds, for each term, its neighbours to `table`
// under schema::ConceptKey(its Analyzer::StemmedKey), so "refresh tokens"
// finds the group of "refresh token" (kept with the synonyms, apart by the
// key prefix). Errors name file and line: a line without "name:", an
// empty term, a group of fewer than two terms.
Status ParseConcepts(std::string_view content, const std::string& file_name, const Analyzer& analyzer,
                     SynonymTable& table);

}  // namespace quarry
