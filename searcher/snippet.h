// Highlighted snippets: the text HTML-escaped, matched words in <mark>.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "searcher/query_builder.h"

namespace quarry {

// `text` with &, <, >, " and ' escaped, and every token that matches
// `terms` (as written, by a part, by its stem, or by a prefix) wrapped in
// <mark>...</mark>. Texts longer than `max_bytes` are cut around the first
// match, with an ellipsis.
std::string HighlightSnippet(const Analyzer& analyzer, std::string_view text, const MatchTerms& terms,
                             size_t max_bytes = 400);

// The same with `tokens`, `text` as analyzer.Tokenize cut it (a bank kept
// in memory cuts its questions once).
std::string HighlightSnippet(const Analyzer& analyzer, std::string_view text, const std::vector<Token>& tokens,
                             const MatchTerms& terms, size_t max_bytes = 400);

// &, <, >, " and ' as entities.
std::string EscapeHtml(std::string_view text);

}  // namespace quarry
