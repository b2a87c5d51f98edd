// Every weight and limit that decides how Quarry ranks, in one place.
//
// A search and a related-questions lookup each run with a Ranking:
// Ranking::Search() and Ranking::Related() are the tuned presets
// (SearcherOptions holds both). Each knob has a name, the member's, so that
// quarry-eval can vary it without a rebuild (`--ranking answer_weight=0.5`,
// `--ranking related.concept_weight=0.8`; `--ranking help` lists them).
//
// Query weights are relative to one match of a word's stem in the
// question text, which weighs 1. A weight of 0 leaves its clause out.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace quarry {

struct Ranking {
  // ---- Fields: a match elsewhere than in the question's text ----
  // The section title only says where a question lives.
  double section_weight = 0.35;
  // What a question asks says more about it than the words its answer
  // happens to use: a question with the word ranks above one whose answer
  // alone has it (tests/searcher/answer_field_test.cc, over tests/searcher/
  // data/answers.jsonl, checks that at this weight; the seed bank has no
  // answers).
  double answer_weight = 0.4;

  // ---- Forms of a word typed ----
  // The word as written, on top of its stem: "retries" above "retry".
  double exact_word_weight = 0.25;
  // A compound as written (select_related): rarer and more telling than a word.
  double compound_weight = 1.5;
  // A compound's words apart (transaction.atomic finding "transactions").
  double compound_parts_weight = 0.3;
  // Completions of the word being typed: a guess at what comes.
  double prefix_weight = 0.7;
  // A near spelling of a word the bank lacks: ranked below what was typed.
  double fuzzy_weight = 0.6;
  // A multi-word synonym span matched whole ("global interpreter lock" or
  // "gil"): it outweighs its words matched alone.
  double synonym_span_weight = 2.0;
  // The word typed, on top of the synonyms of a one-word span: ranks it
  // first among equals.
  double typed_over_synonym_weight = 1.0;
  // Function and filler words (how, explain): they only boost questions
  // that match otherwise. 0 drops them.
  double weak_word_weight = 0.3;

  // ---- The query as a whole ----
  // A question with every word of the query, on top of the words' own weight.
  double all_words_weight = 1.0;
  // Two words typed side by side found within `proximity_window` positions.
  double proximity_weight = 0.5;
  unsigned proximity_window = 3;  // "within 3": one word may come between
  // A concept neighbour (corpus/concepts.txt): a question on the same
  // subject, below those with the words typed. 0 turns neighbours off.
  double concept_weight = 0.3;
  // The least weight of the neighbours of a multi-word span: a span that
  // names a subject ("orm performance") says more than any of its words.
  double concept_span_weight = 1.5;
  // A neighbour as common in technical writing as "development" or
  // "simple" (the ln of corpus/vocabulary/term_frequencies.txt's documents
  // over its own below this) names no subject: it is left out of its group.
  double neighbour_min_idf = 3.0;
  // A word in more than this share of a bank's questions ("library" in a
  // bank of libraries) finds enough by itself: it brings no neighbours, in
  // a bank of 20 or more. 1: every word does.
  double neighbour_word_share = 0.1;

  // ---- What a bank with no list of its own teaches ----
  // A rare word whose few questions (at most section_context_questions,
  // two thirds of them in one section) sit under one title: that title's
  // words find the section's other questions, below the words typed.
  double section_context_weight = 0.15;
  unsigned section_context_questions = 6;
  // The rare words the same few questions use with it ("word2vec" asked
  // with "embeddings") find, weakly, the other questions that use them.
  double companion_weight = 0.15;
  // A word in more than this share of a bank's questions (its subject,
  // "kubernetes" in a Kubernetes bank) only boosts, in a bank of 20 or more.
  double dominant_word_share = 0.5;
  // A word common in technical writing (corpus/vocabulary/
  // term_frequencies.txt: "server", "file") weighs down to this much; a
  // word counts fully from specific_word_idf (ln of the documents over the
  // documents that have it) on. 1: every word weighs the same.
  double general_word_floor = 0.7;
  double specific_word_idf = 4.0;
  // A query of at most this many words that does not read as a sentence
  // ("this keyword", "for loop", not "how does this work") is about its
  // words: a common word that is a name in code counts as a word.
  unsigned code_query_words = 4;

  // ---- BM25 (Xapian::BM25Weight's parameters; for searches, its defaults) ----
  // How fast a term's repeats within a question stop adding weight.
  double bm25_k1 = 1;
  // A correction by question length for the query as a whole (0: none).
  double bm25_k2 = 0;
  // How fast a term's repeats within the query stop adding weight.
  double bm25_k3 = 1;
  // How much a longer question's matches weigh less, from 0 (not at all) to 1.
  double bm25_b = 0.5;
  // The shortest a question counts as, relative to the average, when normalising.
  double bm25_min_normlen = 0.5;

  // ---- Typos ----
  // A word the bank lacks also matches up to this many of its near
  // spellings, most frequent first.
  unsigned fuzzy_candidates = 8;
  // The edits a near spelling may have, by the word's length in bytes:
  // one from fuzzy_one_edit_bytes, two from fuzzy_two_edits_bytes on (the
  // rule of Meilisearch and Typesense: none under 4, one to 7, two from 8).
  unsigned fuzzy_one_edit_bytes = 4;
  unsigned fuzzy_two_edits_bytes = 8;  // see fuzzy_one_edit_bytes
  // The same rule for a spelling correction ("did you mean"), bolder: it
  // is only offered, and searched only when the query finds nothing.
  unsigned spelling_one_edit_bytes = 3;
  unsigned spelling_two_edits_bytes = 5;  // see spelling_one_edit_bytes

  // ---- Search-as-you-type ----
  // How many index terms the word being typed may expand to (the most
  // frequent): each one opened costs time.
  unsigned max_prefix_expansion = 50;
  // A shorter word being typed expands to too much to say anything.
  unsigned min_prefix_bytes = 2;

  // ---- Cost ----
  // How many of the best matches without the proximity boost are weighed
  // again with it (a rescoring window, as Elasticsearch's rescore has).
  unsigned rescore_window = 200;

  // What searches rank by: the values above.
  static Ranking Search();
  // What related questions rank by: a question's whole text as the query.
  static Ranking Related();

  // The edits allowed in a word of `word_bytes`, as a near spelling and
  // as a spelling correction (0: none).
  unsigned FuzzyEdits(size_t word_bytes) const {
    return MaxEdits(word_bytes, fuzzy_one_edit_bytes, fuzzy_two_edits_bytes);
  }
  unsigned SpellingEdits(size_t word_bytes) const {
    return MaxEdits(word_bytes, spelling_one_edit_bytes, spelling_two_edits_bytes);
  }
  static unsigned MaxEdits(size_t word_bytes, unsigned one_from, unsigned two_from) {
    return word_bytes >= two_from ? 2 : word_bytes >= one_from ? 1 : 0;
  }

  Xapian::BM25Weight Bm25() const {
    return Xapian::BM25Weight(bm25_k1, bm25_k2, bm25_k3, bm25_b, bm25_min_normlen);
  }
};

// The two rankings a Searcher uses.
struct Rankings {
  Ranking search = Ranking::Search();
  Ranking related = Ranking::Related();
};

// Sets one knob from "name=value": `name` is a knob of searches
// ("answer_weight") or, behind "related.", of related questions
// ("related.concept_weight"). Fails with InvalidArgument
// naming an unknown knob, or a value that is not a non-negative number
// (a whole one for a count) within the knob's range.
Status SetKnob(Rankings& rankings, std::string_view assignment);

// Every knob, one a line: its name, its search and related values, and
// what it weighs.
std::string KnobTable(const Rankings& rankings);

}  // namespace quarry
