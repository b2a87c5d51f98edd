// The query side of Quarry: ranked, faceted search with spelling
// correction, synonyms and search-as-you-type, plus related questions.
//
// Thread safety: a Searcher is NOT thread-safe (it owns Xapian handles and
// an Analyzer). Give each thread its own; they may share one index path.
// Every method returns errors as values; no exception escapes.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/question.h"
#include "core/schema.h"
#include "core/status.h"
#include "searcher/database_parts.h"
#include "searcher/ranking.h"

namespace quarry {

struct SearchRequest {
  // What the user typed. Words, "quoted phrases", -excluded words. An
  // empty query browses the whole bank in bank order.
  std::string query;
  // Filters: each value is a title or its slug. OR within one list, AND
  // across the lists (searcher/facets.h loops over them). Unknown values
  // simply match nothing.
  std::vector<std::string> banks;   // banks, by name (an index may hold several)
  std::vector<std::string> parts;
  std::vector<std::string> sections;
  std::vector<std::string> types;   // question types ("comparison", ...)
  std::vector<std::string> topics;  // topics ("Security", ...); a question may have several
  // Show one question of each group of near-duplicates (the best ranked);
  // every hit lists the others in also_in either way.
  bool collapse = false;
  // Fill SearchResponse::explanation and Hit::matched_terms.
  bool explain = false;
  size_t offset = 0;
  size_t limit = 10;  // REQUIRES: limit <= kMaxLimit
  // The last word also matches as a prefix (search-as-you-type), unless the
  // query ends with white space or a closing quote.
  bool prefix_last_word = true;
  // Query relaxation: the hits are the questions with every word typed
  // while there are at least this many of them (within the filters); else
  // those with one word fewer, and so on down to any word, then also those
  // found only by concept neighbours. 1 relaxes only when nothing is found.
  // REQUIRES: enough_results >= 1.
  size_t enough_results = 20;
  // Search the query exactly as typed: when it finds nothing, the answer
  // says so (corrected_query still suggests the correction) instead of
  // showing the corrected query's hits.
  bool verbatim = false;

  static constexpr size_t kMaxLimit = 100;
  static constexpr size_t kMaxQueryBytes = 1024;
};

// Every field of `request`, each length-prefixed, so two requests have the
// same key exactly when they ask for the same answer: what a cache of
// answers keys on (with the index generation beside it).
std::string CanonicalKey(const SearchRequest& request);

// Where a hit matched the query: in its question (text, section title or
// tags), or only in its answer (Question::body).
enum class MatchedIn { kQuestion, kAnswer };

struct Hit {
  std::string id;
  std::string bank;
  std::string part;
  std::string section;
  int number = 0;
  std::string type;
  std::vector<std::string> topics;
  std::vector<Question::Place> also_in;  // the same question asked elsewhere
  // With SearchRequest::explain: the index terms this hit matched, each with
  // the most that term adds to any hit's score (Xapian's term weight); 0 for
  // a term of a synonym or concept group, which weighs as one whole.
  std::vector<std::pair<std::string, double>> matched_terms;
  std::string text;
  // `text` HTML-escaped (quotes too), matched words wrapped in <mark></mark>;
  // for a hit matched only in its answer, the answer so (on one line, cut
  // around its first match: searcher/snippet.h).
  std::string snippet;
  MatchedIn matched_in = MatchedIn::kQuestion;
  double score = 0;
  // Found only by the concept neighbours of the query's words (a related
  // subject), not by a word typed: listed after every match.
  bool related = false;
};

struct FacetValue {
  std::string value;
  size_t count = 0;
};

// Counts over all the matches of the query (or, when nothing has its
// words, over the related questions: SearchResponse::facets_count_related),
// most first, ties in bank order. Counts are disjunctive: a facet's counts apply every filter but
// its own, so the values not chosen yet stay visible with the number of
// questions choosing them too would add (the other facets' filters apply).
struct FacetCounts {
  std::vector<FacetValue> bank;
  std::vector<FacetValue> part;
  std::vector<FacetValue> section;
  std::vector<FacetValue> type;
  std::vector<FacetValue> topic;
};

// How many of the query's words the hits have: `words` is how many count
// (function and filler words do not; a synonym span is one word), and each
// match has at least `required` of them (0 only when no word counts).
// required < words: the query was relaxed (SearchRequest::enough_results).
struct Matching {
  size_t words = 0;
  size_t required = 0;
  bool relaxed() const { return required < words; }
};

struct SearchResponse {
  std::string query;
  // The query with unknown words corrected from the bank's vocabulary, when
  // there is such a correction; nullopt otherwise.
  std::optional<std::string> corrected_query;
  // True when the query as typed matched nothing and the hits are those of
  // corrected_query.
  bool showing_corrected = false;
  Matching matching;
  // Questions with the words (at least `matching.required` of them).
  size_t total = 0;
  // Questions on related subjects: found only by the concept neighbours of
  // the words, when the words find few (the loosest relaxation step). The
  // hits list them after the `total` matches (Hit::related), the page
  // [offset, offset + limit) running over both.
  size_t related_total = 0;
  // The facets count the related questions (nothing has the words);
  // otherwise they count the matches.
  bool facets_count_related = false;
  size_t offset = 0;
  size_t limit = 0;
  double took_ms = 0;
  std::vector<Hit> hits;
  FacetCounts facets;
  // With SearchRequest::explain: corrections, synonyms, typos and prefixes
  // the query applied, one sentence each.
  std::vector<std::string> explanation;
  // The databases (--db) that did not answer, when the searcher is left to
  // answer without them (SearcherOptions::shard_failure): the answer is
  // then of the others only. Empty when every one answered.
  std::vector<std::string> failed_databases;
  size_t answered_databases = 0;  // with failed_databases: how many did answer
};

struct SearcherOptions {
  // What searches and related questions rank by (searcher/ranking.h):
  // the tuned presets unless told otherwise (quarry-eval --ranking).
  Rankings ranking;
  // A bank of at most this many indexed words (its questions' lengths
  // summed; the seed bank has 7,000) is copied into memory when opened, its
  // questions decoded once: searches then read no file, about twice as fast.
  // Each copy costs about 150 bytes a word (15 MB at the limit), one per
  // Searcher (quarry-serve: one per worker). 0: always read from disk.
  uint64_t in_memory_max_words = 100'000;
  // Of remote databases (tcp://HOST:PORT): how long any call may take.
  RemoteOptions remote;
  // When a remote database stops answering: kDegrade answers from the others
  // (SearchResponse::failed_databases says which did not, and it is tried
  // again every `retry_seconds`); kFail fails the request (Unavailable).
  enum class ShardFailure { kDegrade, kFail };
  ShardFailure shard_failure = ShardFailure::kDegrade;
  double retry_seconds = 2.0;
};

class Searcher {
 public:
  // Opens the index at `db_path` (a directory written by BuildIndex).
  // Fails with NotFound when there is none, Corruption when it was written
  // with another schema version.
  static Result<std::unique_ptr<Searcher>> Open(const std::string& db_path,
                                                const SearcherOptions& options = SearcherOptions());
  // Opens several databases as one (searcher/database_parts.h): local index
  // folders or parts of one, and tcp://HOST:PORT, the first local. The
  // answers are those of one database holding all their questions.
  static Result<std::unique_ptr<Searcher>> Open(const std::vector<std::string>& databases,
                                                const SearcherOptions& options = SearcherOptions());
  ~Searcher();

  // Fails with InvalidArgument for a limit over kMaxLimit, a query over
  // kMaxQueryBytes or enough_results 0; any text at all is otherwise a
  // valid query.
  Result<SearchResponse> Search(const SearchRequest& request);

  // The question with this id, or NotFound.
  Result<Question> Get(const std::string& id);

  // Questions like `id` (more-like-this over the bank), best first, the
  // question itself excluded. NotFound for an unknown id.
  Result<std::vector<Hit>> Related(const std::string& id, size_t limit = 5);

  // The question before and after `id` in bank order (nullopt at the ends).
  struct Neighbours {
    std::optional<Question> previous, next;
  };
  Result<Neighbours> NeighboursOf(const std::string& id);

  // The bank's parts in order, each with its sections in order and their
  // question counts: for an overview without a query.
  struct OutlineSection {
    std::string section;
    size_t count = 0;
  };
  struct OutlinePart {
    std::string part;
    size_t count = 0;
    std::vector<OutlineSection> sections;
  };
  std::vector<OutlinePart> Outline() const;
  // The banks the index holds, in bank order, with their question counts
  // (empty for an index of banks with no name).
  struct OutlineBank {
    std::string bank;
    size_t count = 0;
  };
  std::vector<OutlineBank> Banks() const;

  // Picks up a newer index generation if the indexer switched to one since
  // this Searcher opened it. Cheap when nothing changed (one readlink).
  Status Refresh();

  // How many questions the open index holds.
  size_t QuestionCount() const;
  // Whether searches read a copy of the bank in memory (a small bank).
  bool InMemory() const;

  // The index generation this Searcher reads (its folder); a new one after
  // Refresh() picks up a newer index. Answers are a function of the
  // request and this.
  const std::string& Generation() const;

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
