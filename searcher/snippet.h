// Highlighted snippets: the text HTML-escaped, matched words in <mark>.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "core/question.h"
#include "searcher/query_builder.h"
#include "searcher/searcher.h"

namespace quarry {

// `text` with &, <, >, " and ' escaped, and every token that matches
// `terms` (as written, by a part, by its stem, or by a prefix) wrapped in
// <mark>...</mark>. Texts longer than `max_bytes` are cut around the first
// match (by a word that counts, when one is), with an ellipsis.
std::string HighlightSnippet(const Analyzer& analyzer, std::string_view text, const MatchTerms& terms,
                             size_t max_bytes = 400);

// The same with `tokens`, `text` as analyzer.Tokenize cut it (a bank kept
// in memory cuts its questions once).
std::string HighlightSnippet(const Analyzer& analyzer, std::string_view text, const std::vector<Token>& tokens,
                             const MatchTerms& terms, size_t max_bytes = 400);

// How long a question's snippet, and an answer's, may be in bytes (before
// escaping).
inline constexpr size_t kTextSnippetBytes = 400;
inline constexpr size_t kAnswerSnippetBytes = 240;

struct Snippet {
  std::string html;  // as HighlightSnippet gives it
  MatchedIn matched_in = MatchedIn::kQuestion;
};

// A hit's snippet. Its question text highlighted; but when no word of the
// query that counts is in that text (the function and filler words that
// only boost do not count: MatchTerms::weak_words) and one is in its answer
// (question.body), the answer highlighted instead, on one line (white space
// runs made one space), cut around its first match to at most
// kAnswerSnippetBytes, and matched_in kAnswer. `text_tokens`: question.text
// as analyzer.Tokenize cut it.
Snippet QuestionSnippet(const Analyzer& analyzer, const Question& question, const std::vector<Token>& text_tokens,
                        const MatchTerms& terms);

// &, <, >, " and ' as entities.
std::string EscapeHtml(std::string_view text);

}  // namespace quarry
