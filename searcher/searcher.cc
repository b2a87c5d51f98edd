#include "searcher/searcher.h"

#include <xapian.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <optional>
#include <chrono>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "core/analyzer.h"
#include "core/index_layout.h"
#include "core/schema.h"
#include "core/slug.h"
#include "searcher/docid_filter.h"
#include "searcher/facet_table.h"
#include "searcher/facets.h"
#include "searcher/index_words.h"
#include "searcher/query_builder.h"
#include "searcher/ranked_page.h"
#include "searcher/relaxation.h"
#include "searcher/snippet.h"

namespace quarry {

struct Searcher::Impl {
  std::string db_path;     // the databases, as given (for messages)
  std::vector<DatabasePart> parts;
  std::string generation;  // the generations the handles below read (OpenedParts::key)
  SearcherOptions options;
  // The generation on disk: spelling, synonyms, metadata, term statistics;
  // several databases as one (database_parts.h), the bank-wide one first.
  Xapian::Database db;
  std::vector<std::string> uuids;  // of db's sub-databases (OpenedParts::uuids)
  bool any_remote = false;
  // The parts that did not answer (by index in `parts`) and when they were last tried.
  std::set<size_t> failed_parts;
  std::chrono::steady_clock::time_point tried;
  // What searches match and rank: `db`, or its copy in memory for a small
  // bank (SearcherOptions::in_memory_max_words), same docids.
  Xapian::Database postings;
  // A small bank's questions decoded, and their texts cut into tokens (for
  // snippets), by docid - 1 (empty for a large bank).
  std::vector<Question> questions;
  std::vector<std::vector<Token>> question_tokens;
  Analyzer analyzer;
  std::map<std::string, size_t> bank_order;  // bank, part or section title -> first appearance
  std::vector<Searcher::OutlinePart> outline;
  std::vector<Searcher::OutlineBank> banks;
  IndexWords words;  // from the index's metadata
  // Concept groups' queries built for searches and for related questions
  // (QueryBuildOptions::concept_groups), of this generation.
  std::map<std::string, Xapian::Query> search_groups, related_groups;
  FacetTable facets;  // of `db`'s generation; not loaded for a remote database (facets_loaded)
  bool facets_loaded = false;
  bool positions_loaded = false;  // `positions` below (not for a remote database)
  // Every question's position value (kSlotOrder) and docid, in bank order:
  // an update's positions need not be consecutive.
  std::vector<std::pair<double, Xapian::docid>> positions;
  FacetCounter Counter() const { return FacetCounter(facets_loaded ? &facets : nullptr); }

  // Opens the parts, but those in `skip` (remote ones found not answering).
  Status OpenGeneration(const std::set<size_t>& skip);
  // After a network error: which remote parts do not answer. Reopens
  // without them and returns true to answer again (shard_failure kDegrade);
  // false to fail the request.
  bool LeaveOutFailedParts();
  // The search's window of candidates as a filter (see RankPage).
  Xapian::Query CandidatesQuery(const RankedPage& best) const;
  // The questions before and after `doc` in bank order, by two queries on
  // its position: for a remote database (no position table).
  Searcher::Neighbours NeighboursByQuery(const Xapian::Document& doc) const;
  bool InMemory() const { return !questions.empty(); }
  // The request's filters, but for facet `skip`'s own (kFacetCount: none skipped).
  Xapian::Query FilterQuery(const SearchRequest& request, size_t skip = kFacetCount) const;
  // The question's document and its docid in `postings` (for several
  // databases Document::get_docid() is the sub-database's, not this).
  struct Found {
    Xapian::Document doc;
    Xapian::docid did = 0;
  };
  Result<Found> DocumentById(const std::string& id) const;
  Hit MakeHit(Xapian::docid did, double score, const MatchTerms& terms) const;
  std::vector<FacetValue> SortedFacet(const std::map<std::string, size_t>& counts) const;
  // Every match of `query`, unweighted, counted into `spy`: the exact total.
  size_t CountMatches(const Xapian::Query& query, FacetCounter& spy) const;
  void RunQuery(const SearchRequest& request, const BuiltQuery& built, SearchResponse& response) const;
  // One ranked list: its exact total (its facet counts into `spy`), the
  // page [offset, offset + limit) of it, and the enquire that ranked it.
  struct Page {
    size_t total = 0;
    Xapian::Enquire enquire;
    Xapian::MSet mset;
    std::vector<Ranked> hits;  // the page, in rank order (ranked_page.h)
    void Take(RankedPage ranked) {
      mset = std::move(ranked.mset);
      hits = std::move(ranked.items);
    }
  };
  // Counts the facets of what `enquire` matches (`query`): as it ranks, or,
  // for a remote database, in a pass of its own, unsorted (Xapian 1.4.22's
  // matcher counts a remote match again when it sorts by value as well).
  void CountFacets(Xapian::Enquire& enquire, const Xapian::Query& query, FacetCounter& spy) const;
  // The weight term `term` alone gives question `did` (for explain).
  double TermWeight(const std::string& term, const std::string& id) const;
  // `first_pass`: `query` without its costly boosts, to rank by before a
  // rescoring window (empty: one pass).
  Page RankPage(const Xapian::Query& query, const Xapian::Query& first_pass, bool browse, bool collapse,
                size_t offset, size_t limit, FacetCounter& spy) const;
  void AddHits(const Page& page, const BuiltQuery& built, bool explain, bool related,
               SearchResponse& response) const;
  // Restricts built.query and built.match_query to the strictest relaxation
  // step that finds request.enough_results questions (or the last step),
  // says which in `matching`, and returns the step.
  struct Relaxed {
    RelaxationStep step;
    // A single word relaxed to its neighbours: when the search finds no
    // more than `word_count`, no neighbour added a question.
    bool settle_by_total = false;
    size_t word_count = 0;
  };
  Relaxed Relax(const SearchRequest& request, BuiltQuery& built, Matching& matching) const;
};

namespace {

// A bank small enough to search from memory: its index copied into Xapian's
// in-memory backend (same docids), its questions decoded and their texts
// cut into tokens, by docid - 1.
struct BankInMemory {
  Xapian::Database postings;
  std::vector<Question> questions;
  std::vector<std::vector<Token>> tokens;
};

// The banks listed in `db`'s metadata (schema::kMetaBanks), in order.
std::vector<Searcher::OutlineBank> ReadBanks(const Xapian::Database& db) {
  std::vector<Searcher::OutlineBank> banks;
  nlohmann::json stored = nlohmann::json::parse(db.get_metadata(std::string(schema::kMetaBanks)), nullptr, false);
  if (!stored.is_array()) return banks;
  for (const auto& bank : stored) {
    if (bank.is_object()) banks.push_back({bank.value("bank", ""), bank.value("count", size_t{0})});
  }
  return banks;
}

BankInMemory CopyIntoMemory(const Xapian::Database& db, const Analyzer& analyzer) {
  BankInMemory bank;
  Xapian::WritableDatabase copy(std::string(), Xapian::DB_BACKEND_INMEMORY);
  bank.questions.resize(db.get_lastdocid());
  for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    copy.replace_document(*it, doc);
    DeserializeQuestion(doc.get_data(), bank.questions[*it - 1]);
  }
  bank.tokens.reserve(bank.questions.size());
  for (const Question& q : bank.questions) bank.tokens.push_back(analyzer.Tokenize(q.text));
  bank.postings = copy;
  return bank;
}

}  // namespace

Status Searcher::Impl::OpenGeneration(const std::set<size_t>& skip) {
  // Everything is read first: a generation that fails to open (or throws)
  // leaves this Searcher on the one it had.
  const bool degrade = options.shard_failure == SearcherOptions::ShardFailure::kDegrade;
  Result<OpenedParts> opened = OpenDatabaseParts(parts, options.remote, skip, degrade);
  if (!opened.ok()) return opened.status();
  Xapian::Database fresh = opened->combined;
  IndexWords fresh_words = IndexWords::Read(fresh);
  std::vector<Searcher::OutlineBank> fresh_banks = ReadBanks(fresh);
  std::map<std::string, size_t> fresh_order;
  for (const Searcher::OutlineBank& bank : fresh_banks) fresh_order.emplace(bank.bank, fresh_order.size());
  std::vector<Searcher::OutlinePart> fresh_outline;
  nlohmann::json stored =
      nlohmann::json::parse(fresh.get_metadata(std::string(schema::kMetaOutline)), nullptr, false);
  if (stored.is_array()) {
    for (const auto& part : stored) {
      Searcher::OutlinePart p{part.value("part", ""), 0, {}};
      fresh_order.emplace(p.part, fresh_order.size());
      for (const auto& section : part.value("sections", nlohmann::json::array())) {
        Searcher::OutlineSection sec{section.value("section", ""), section.value("count", size_t{0})};
        fresh_order.emplace(sec.section, fresh_order.size());
        p.count += sec.count;
        p.sections.push_back(std::move(sec));
      }
      fresh_outline.push_back(std::move(p));
    }
  }
  BankInMemory kept;
  if (fresh.get_total_length() <= options.in_memory_max_words) kept = CopyIntoMemory(fresh, analyzer);
  // A remote database reads a value stream document by document: its
  // facets are counted on the server, its neighbours found by query.
  const Xapian::Database& local = kept.questions.empty() ? fresh : kept.postings;
  const bool read_values = !opened->any_remote || !kept.questions.empty();
  // A spy sees a document by its sub-database's docid, which the table
  // (by the combined docid) cannot tell apart: one database only.
  const bool table = read_values && (opened->uuids.size() == 1 || !kept.questions.empty());
  FacetTable fresh_facets;
  std::vector<std::pair<double, Xapian::docid>> fresh_positions;
  if (table) fresh_facets = FacetTable::Load(local);
  if (read_values) {
    fresh_positions.reserve(local.get_doccount());
    for (auto v = local.valuestream_begin(schema::kSlotOrder); v != local.valuestream_end(schema::kSlotOrder); ++v) {
      fresh_positions.emplace_back(Xapian::sortable_unserialise(*v), v.get_docid());
    }
    std::sort(fresh_positions.begin(), fresh_positions.end());
  }

  words = std::move(fresh_words);
  bank_order = std::move(fresh_order);
  outline = std::move(fresh_outline);
  banks = std::move(fresh_banks);
  facets = std::move(fresh_facets);
  facets_loaded = table;
  positions_loaded = read_values;
  positions = std::move(fresh_positions);
  search_groups.clear();
  related_groups.clear();
  postings = kept.questions.empty() ? fresh : kept.postings;
  questions = std::move(kept.questions);
  question_tokens = std::move(kept.tokens);
  db = fresh;
  uuids = opened->uuids;
  any_remote = opened->any_remote;
  failed_parts = opened->failed;
  tried = std::chrono::steady_clock::now();
  generation = opened->key;
  return Status::Ok();
}

bool Searcher::Impl::LeaveOutFailedParts() {
  if (!any_remote || options.shard_failure != SearcherOptions::ShardFailure::kDegrade) return false;
  std::set<size_t> skip = failed_parts;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (!parts[i].remote || skip.count(i)) continue;
    try {
      Xapian::Database probe =
          Xapian::Remote::open(parts[i].host, parts[i].port, options.remote.timeout_ms, options.remote.connect_timeout_ms);
      probe.get_doccount();
    } catch (const Xapian::Error&) {
      skip.insert(i);
    }
  }
  if (skip == failed_parts) return false;  // every one answers: not a shard's failure
  try {
    return OpenGeneration(skip).ok();
  } catch (const Xapian::Error&) {
    return false;
  }
}

Searcher::Neighbours Searcher::Impl::NeighboursByQuery(const Xapian::Document& doc) const {
  const std::string self = doc.get_value(schema::kSlotOrder);
  // The nearest question on one side: positions are unique, so the first
  // one sorted from `self` outwards that is not `self`.
  auto nearest = [&](Xapian::Query::op side, bool descending) -> std::optional<Question> {
    Xapian::Enquire enquire(postings);
    enquire.set_query(Xapian::Query(side, schema::kSlotOrder, self));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(schema::kSlotOrder, descending);
    Xapian::MSet mset = enquire.get_mset(0, 2);
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      Xapian::Document other = it.get_document();
      if (other.get_value(schema::kSlotOrder) == self) continue;
      Question q;
      if (DeserializeQuestion(other.get_data(), q)) return q;
    }
    return std::nullopt;
  };
  Searcher::Neighbours n;
  n.previous = nearest(Xapian::Query::OP_VALUE_LE, true);
  n.next = nearest(Xapian::Query::OP_VALUE_GE, false);
  return n;
}

Xapian::Query Searcher::Impl::CandidatesQuery(const RankedPage& best) const {
  std::vector<Xapian::docid> ids;
  ids.reserve(best.items.size());
  for (const Ranked& r : best.items) ids.push_back(r.did);
  if (InMemory() || !any_remote) {
    return DocidListQuery(std::move(ids), InMemory() ? std::vector<std::string>() : uuids);
  }
  // xapian-tcpsrv runs no PostingSource of ours: the candidates by id term,
  // their documents fetched in one go (MSet::fetch pipelines the requests).
  std::sort(ids.begin(), ids.end());
  best.mset.fetch();
  std::vector<Xapian::Query> terms;
  Question q;
  for (Xapian::MSetIterator it = best.mset.begin(); it != best.mset.end(); ++it) {
    if (!std::binary_search(ids.begin(), ids.end(), *it)) continue;  // read around a tie only
    if (DeserializeQuestion(it.get_document().get_data(), q)) terms.emplace_back(schema::Prefixed(schema::kId, q.id));
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

void Searcher::Impl::CountFacets(Xapian::Enquire& enquire, const Xapian::Query& query, FacetCounter& spy) const {
  if (any_remote && !InMemory()) {
    CountMatches(query, spy);
  } else {
    spy.AttachTo(enquire);
  }
}

double Searcher::Impl::TermWeight(const std::string& term, const std::string& id) const {
  Xapian::Enquire alone(postings);
  alone.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term),
                                Xapian::Query(schema::Prefixed(schema::kId, id))));
  alone.set_weighting_scheme(options.ranking.search.Bm25());
  Xapian::MSet mset = alone.get_mset(0, 1);
  return mset.empty() ? 0.0 : mset.begin().get_weight();
}

Xapian::Query Searcher::Impl::FilterQuery(const SearchRequest& request, size_t skip) const {
  std::vector<Xapian::Query> facets;
  for (size_t id = 0; id < kFacetCount; ++id) {
    const std::vector<std::string>& values = Selection(request, FacetId(id));
    if (id != skip && !values.empty()) facets.push_back(FacetFilter(FacetId(id), values));
  }
  if (facets.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, facets.begin(), facets.end());
}

Result<Searcher::Impl::Found> Searcher::Impl::DocumentById(const std::string& id) const {
  std::string term = schema::Prefixed(schema::kId, id);
  Xapian::PostingIterator it = postings.postlist_begin(term);
  if (it == postings.postlist_end(term)) return Status::NotFound("no question with id \"" + id + "\"");
  return Found{postings.get_document(*it), *it};
}

Hit Searcher::Impl::MakeHit(Xapian::docid did, double score, const MatchTerms& terms) const {
  Question q;
  const bool kept = did - 1 < questions.size();
  if (kept) {
    q = questions[did - 1];
  } else {
    DeserializeQuestion(postings.get_document(did).get_data(), q);
  }
  Hit hit;
  hit.id = std::move(q.id);
  hit.bank = std::move(q.bank);
  hit.part = std::move(q.part);
  hit.section = std::move(q.section);
  hit.number = q.number;
  hit.type = std::move(q.type);
  hit.topics = std::move(q.topics);
  hit.also_in = std::move(q.also_in);
  std::vector<Token> cut;  // the text's tokens, unless kept
  const std::vector<Token>& tokens = kept ? question_tokens[did - 1] : (cut = analyzer.Tokenize(q.text));
  Snippet snippet = QuestionSnippet(analyzer, q, tokens, terms);
  hit.snippet = std::move(snippet.html);
  hit.matched_in = snippet.matched_in;
  hit.text = std::move(q.text);
  hit.score = score;
  return hit;
}

std::vector<FacetValue> Searcher::Impl::SortedFacet(const std::map<std::string, size_t>& counts) const {
  std::vector<FacetValue> out;
  for (const auto& [value, count] : counts) out.push_back({value, count});
  auto order = [&](const std::string& v) {
    auto it = bank_order.find(v);
    return it == bank_order.end() ? bank_order.size() : it->second;
  };
  std::stable_sort(out.begin(), out.end(), [&](const FacetValue& a, const FacetValue& b) {
    if (a.count != b.count) return a.count > b.count;
    return order(a.value) < order(b.value);
  });
  return out;
}

size_t Searcher::Impl::CountMatches(const Xapian::Query& query, FacetCounter& spy) const {
  if (query.empty()) return 0;
  Xapian::Enquire counting(postings);
  counting.set_query(query);
  counting.set_weighting_scheme(Xapian::BoolWeight());
  spy.AttachTo(counting);
  // Checking every document makes the count exact.
  return counting.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

Searcher::Impl::Page Searcher::Impl::RankPage(const Xapian::Query& query, const Xapian::Query& first_pass,
                                              bool browse, bool collapse, size_t offset, size_t limit,
                                              FacetCounter& spy) const {
  Page page{0, Xapian::Enquire(postings), Xapian::MSet()};
  Xapian::Enquire& enquire = page.enquire;
  enquire.set_query(query);
  if (browse) {
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(schema::kSlotOrder, false);
  } else {
    enquire.set_weighting_scheme(options.ranking.search.Bm25());
    enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
  }
  if (collapse) enquire.set_collapse_key(schema::kSlotDuplicate);
  // Two parts of a query cost far more to weigh than the rest: a proximity
  // boost (OP_NEAR reads position lists, from disk, for most matches) and
  // concept neighbours that only weigh (long posting lists in a large
  // bank). So the query without them (`first_pass`) weighs and counts
  // every match, and only the best `window` of those are weighed again
  // with the whole query (a rescoring window, as Elasticsearch's rescore).
  // With the bank in memory, or neither part, one pass over every match is
  // cheaper. Collapsed results count groups, which only the ranked pass
  // sees: one pass.
  if (query.empty()) return page;
  if (first_pass.empty() || InMemory() || browse || collapse) {
    CountFacets(enquire, query, spy);
    // Every match is checked, so totals and facet counts are exact.
    page.Take(RankPageOf(enquire, offset, limit, db.get_doccount()));
    page.total = page.mset.get_matches_estimated();
    return page;
  }
  const auto window = std::max<Xapian::doccount>(options.ranking.search.rescore_window,
                                                 static_cast<Xapian::doccount>(4 * (offset + limit)));
  Xapian::Enquire first(postings);
  first.set_query(first_pass);
  first.set_weighting_scheme(options.ranking.search.Bm25());
  first.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
  CountFacets(first, first_pass, spy);
  RankedPage best = RankPageOf(first, 0, window, db.get_doccount());
  page.total = best.mset.get_matches_estimated();
  if (page.total <= offset || limit == 0) return page;
  if (page.total <= best.items.size()) {
    // Few matches: weigh every one with the whole query.
    page.Take(RankPageOf(enquire, offset, limit, static_cast<Xapian::doccount>(best.items.size())));
    return page;
  }
  const auto weighed = static_cast<Xapian::doccount>(best.items.size());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, CandidatesQuery(best)));
  page.Take(RankPageOf(enquire, offset, limit, weighed));
  return page;
}

void Searcher::Impl::AddHits(const Page& page, const BuiltQuery& built, bool explain, bool related,
                             SearchResponse& response) const {
  for (const Ranked& ranked : page.hits) {
    response.hits.push_back(MakeHit(ranked.did, built.browse ? 0.0 : ranked.weight, built.match_terms));
    Hit& hit = response.hits.back();
    hit.related = related;
    if (!explain) continue;
    for (Xapian::TermIterator t = page.enquire.get_matching_terms_begin(ranked.did);
         t != page.enquire.get_matching_terms_end(ranked.did); ++t) {
      // A term inside a synonym weighs only with its group: 0.
      hit.matched_terms.emplace_back(*t, page.mset.get_termweight(*t) == 0 ? 0.0 : TermWeight(*t, hit.id));
    }
  }
}

void Searcher::Impl::RunQuery(const SearchRequest& request, const BuiltQuery& built,
                              SearchResponse& response) const {
  const Xapian::Query filter = FilterQuery(request);
  auto filtered = [](const Xapian::Query& q, const Xapian::Query& f) {
    return q.empty() || f.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, f);
  };
  const Xapian::Query unfiltered = built.browse ? MatchAllQuery() : built.query;
  // Where neighbours bring questions of their own (the loosest relaxation
  // step), those are related subjects, not matches: listed after every
  // match, counted apart, and in the facets only when nothing matches.
  const bool split = !built.browse && !built.neighbours_only_weigh && !built.neighbours.empty() &&
                     !built.words_match_query.empty() && !unfiltered.empty();
  // The match set without the boost-only clauses, for counting again.
  Xapian::Query matching = built.browse || built.match_query.empty() ? unfiltered : built.match_query;
  Xapian::Query query = filtered(unfiltered, filter);
  Xapian::Query first_pass;
  if (!request.explain && built.neighbours_only_weigh) {
    first_pass = filtered(built.query_without_neighbours, filter);
  } else if (!request.explain && built.has_proximity_boost) {
    first_pass = filtered(built.query_without_proximity, filter);
  }
  Xapian::Query related;
  if (split) {
    related = Xapian::Query(Xapian::Query::OP_AND_NOT, query, built.words_match_query);
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, built.words_match_query);
    if (!first_pass.empty()) first_pass = Xapian::Query(Xapian::Query::OP_FILTER, first_pass, built.words_match_query);
    matching = built.words_match_query;
    // The hits have a word at least; the related ones are counted apart.
    response.matching.required = std::max<size_t>(response.matching.required, 1);
  }

  FacetCounter spy = Counter();
  const Page page = RankPage(query, first_pass, built.browse, request.collapse, request.offset, request.limit, spy);
  response.total = page.total;
  response.related_total = 0;
  response.facets_count_related = false;
  response.hits.clear();
  AddHits(page, built, request.explain, false, response);
  FacetCounter related_spy = Counter();
  if (split) {
    // The page goes on into the related questions once past the matches.
    const size_t related_offset = request.offset > page.total ? request.offset - page.total : 0;
    const size_t related_limit = request.limit - response.hits.size();
    const Page more = RankPage(related, Xapian::Query(), false, request.collapse, related_offset,
                               request.offset + request.limit > page.total ? related_limit : 0, related_spy);
    response.related_total = more.total;
    AddHits(more, built, request.explain, true, response);
    if (page.total == 0 && more.total > 0) {
      response.facets_count_related = true;
      matching = Xapian::Query(Xapian::Query::OP_AND_NOT, built.match_query, built.words_match_query);
    }
  }
  if (request.explain) response.explanation = built.notes;
  const FacetCounter& counted = response.facets_count_related ? related_spy : spy;
  for (size_t id = 0; id < kFacetCount; ++id) {
    std::vector<FacetValue>& out = CountsOf(response.facets, FacetId(id));
    if (Selection(request, FacetId(id)).empty() || unfiltered.empty()) {
      out = SortedFacet(counted.counts(FacetId(id)));
      continue;
    }
    // A facet with a selection is counted again without it (disjunctive).
    FacetCounter alone = Counter();
    CountMatches(filtered(matching, FilterQuery(request, id)), alone);
    out = SortedFacet(alone.counts(FacetId(id)));
  }
}

Searcher::Impl::Relaxed Searcher::Impl::Relax(const SearchRequest& request, BuiltQuery& built,
                                              Matching& matching) const {
  matching = Matching{built.words.size(), built.words.size()};
  if (built.browse || built.query.empty()) return Relaxed{};
  const std::vector<RelaxationStep> steps = RelaxationSteps(built);
  const Xapian::Query filter = FilterQuery(request);
  const Xapian::Query match_set = built.match_query.empty() ? built.query : built.match_query;
  // A step that requires a word never takes a question by its neighbours
  // alone: counting it needs no neighbour.
  const Xapian::Query words_set = built.words_match_query.empty() ? match_set : built.words_match_query;
  // Questions matching `query` within the filters, counted up to `at_most`
  // (unweighted: the match set is enough).
  auto count = [&](const Xapian::Query& query, Xapian::doccount at_most) {
    Xapian::Enquire enquire(postings);
    enquire.set_query(filter.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, filter));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, at_most).get_matches_lower_bound();
  };
  size_t chosen = steps.size() - 1;
  size_t before = 0;  // what the step before the chosen one found (fewer than enough)
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    size_t found = count(Restrict(words_set, steps[i]), request.enough_results);
    if (found >= request.enough_results) {
      chosen = i;
      break;
    }
    before = found;
  }
  matching.required = steps[chosen].required;
  Relaxed relaxed{steps[chosen]};
  if (chosen + 1 == steps.size() && matching.required == 0 && built.words.size() == 1 && chosen == 1) {
    // The search's own exact total will tell (one pass fewer).
    relaxed.settle_by_total = true;
    relaxed.word_count = before;
  } else if (chosen + 1 == steps.size() && matching.required == 0 && !built.words.empty()) {
    // The loosest step takes in concept neighbours; when no question is
    // found by them alone, the hits are those of a stricter step: say so.
    Xapian::Query any_word(Xapian::Query::OP_OR, built.words.begin(), built.words.end());
    if (count(Xapian::Query(Xapian::Query::OP_AND_NOT, match_set, any_word), 1) == 0) {
      matching.required = chosen > 0 && before > 0 && count(words_set, before + 1) <= before
                              ? steps[chosen - 1].required
                              : 1;
    }
  }
  built.query = Restrict(built.query, steps[chosen]);
  built.query_without_proximity = Restrict(built.query_without_proximity, steps[chosen]);
  built.query_without_neighbours = Restrict(built.query_without_neighbours, steps[chosen]);
  // A step that requires a word matches what the words match: counting it
  // needs no neighbour, and the neighbours only weigh the best of them.
  built.neighbours_only_weigh = steps[chosen].required > 0 && !built.neighbours.empty();
  built.match_query = Restrict(built.neighbours_only_weigh ? words_set : built.match_query, steps[chosen]);
  return relaxed;
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::string& db_path, const SearcherOptions& options) {
  return Open(std::vector<std::string>{db_path}, options);
}

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::vector<std::string>& databases,
                                                 const SearcherOptions& options) {
  auto impl = std::make_unique<Impl>();
  for (const std::string& spec : databases) {
    Result<DatabasePart> part = ParseDatabasePart(spec);
    if (!part.ok()) return part.status();
    impl->parts.push_back(*part);
    impl->db_path += (impl->db_path.empty() ? "" : " + ") + spec;
  }
  if (impl->parts.empty()) return Status::InvalidArgument("no database given");
  impl->options = options;
  try {
    if (Status s = impl->OpenGeneration({}); !s.ok()) return s;
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Status::NotFound(impl->db_path + ": " + e.get_description());
  } catch (const Xapian::Error& e) {
    return Status::Corruption(impl->db_path + ": " + e.get_description());
  }
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

Status Searcher::Refresh() {
  Result<std::string> generation = layout::CurrentGeneration(impl_->parts[0].spec);
  if (!generation.ok()) return generation.status();
  const bool retry = !impl_->failed_parts.empty() &&
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - impl_->tried).count() >=
                         impl_->options.retry_seconds;
  // One local part (the common case) is checked with one stub read.
  if (!retry && (impl_->parts.size() == 1 ? *generation : PartsKey(impl_->parts)) == impl_->generation) {
    return Status::Ok();
  }
  Status opened;
  try {
    opened = impl_->OpenGeneration({});
  } catch (const Xapian::Error& e) {
    return Status::Corruption(impl_->db_path + ": " + e.get_description());
  }
#ifdef __GLIBC__
  // The old generation was freed into the arenas of whichever threads
  // built it; without a trim each rebuild left about a bank's copy
  // resident (24 -> 48 MB over 20 rebuilds of the seed bank).
  malloc_trim(0);
#endif
  return opened;
}

size_t Searcher::QuestionCount() const { return impl_->db.get_doccount(); }

bool Searcher::InMemory() const { return impl_->InMemory(); }

const std::string& Searcher::Generation() const { return impl_->generation; }

std::vector<Searcher::OutlinePart> Searcher::Outline() const { return impl_->outline; }

std::vector<Searcher::OutlineBank> Searcher::Banks() const { return impl_->banks; }

Result<SearchResponse> Searcher::Search(const SearchRequest& request) {
  auto started = std::chrono::steady_clock::now();
  if (request.limit > SearchRequest::kMaxLimit) {
    return Status::InvalidArgument("limit must be at most " + std::to_string(SearchRequest::kMaxLimit));
  }
  if (request.enough_results == 0) return Status::InvalidArgument("enough_results must be at least 1");
  if (request.query.size() > SearchRequest::kMaxQueryBytes) {
    return Status::InvalidArgument("query must be at most " + std::to_string(SearchRequest::kMaxQueryBytes) +
                                   " bytes");
  }
  SearchResponse response;
  response.query = request.query;
  response.offset = request.offset;
  response.limit = request.limit;
  try {
    QueryBuildOptions build_options;
    build_options.ranking = impl_->options.ranking.search;
    build_options.prefix_last_word = request.prefix_last_word;
    build_options.words = &impl_->words;
    build_options.concept_groups = &impl_->search_groups;
    QueryBuilder builder(impl_->db, impl_->analyzer, build_options);
    // Builds `text`'s query, relaxes it and runs it into `response`.
    auto answer = [&](const std::string& text) {
      BuiltQuery built = builder.Build(text);
      Impl::Relaxed relaxed = impl_->Relax(request, built, response.matching);
      impl_->RunQuery(request, built, response);
      if (relaxed.settle_by_total && response.total <= relaxed.word_count) response.matching.required = 1;
      return built;
    };
    const std::string corrected = answer(request.query).corrected;
    if (!corrected.empty()) response.corrected_query = corrected;
    if (response.total == 0 && !corrected.empty() && !request.verbatim) {
      answer(corrected);
      response.showing_corrected = true;
    }
  } catch (const Xapian::NetworkError& e) {
    // A remote part stopped answering: answer without it, or say so.
    // (Each retry leaves out one more part: it ends.)
    if (impl_->LeaveOutFailedParts()) return Search(request);
    return Status::Unavailable("search failed: " + e.get_description());
  } catch (const Xapian::Error& e) {
    return Status::Internal("search failed: " + e.get_description());
  }
  for (size_t i : impl_->failed_parts) response.failed_databases.push_back(impl_->parts[i].spec);
  if (!impl_->failed_parts.empty()) response.answered_databases = impl_->parts.size() - impl_->failed_parts.size();
  response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return response;
}

Result<Question> Searcher::Get(const std::string& id) {
  try {
    Result<Impl::Found> doc = impl_->DocumentById(id);
    if (!doc.ok()) return doc.status();
    Question q;
    if (!DeserializeQuestion(doc->doc.get_data(), q)) return Status::Corruption("question \"" + id + "\" is unreadable");
    return q;
  } catch (const Xapian::NetworkError& e) {
    if (impl_->LeaveOutFailedParts()) return Get(id);
    return Status::Unavailable("lookup failed: " + e.get_description());
  } catch (const Xapian::Error& e) {
    return Status::Internal("lookup failed: " + e.get_description());
  }
}

Result<std::vector<Hit>> Searcher::Related(const std::string& id, size_t limit) {
  if (limit > SearchRequest::kMaxLimit) {
    return Status::InvalidArgument("limit must be at most " + std::to_string(SearchRequest::kMaxLimit));
  }
  Result<Question> question = Get(id);
  if (!question.ok()) return question.status();
  try {
    // More like this: the question's own words, run through the same query
    // pipeline as a search (stems, compounds, synonyms), itself excluded.
    QueryBuildOptions build_options;
    build_options.ranking = impl_->options.ranking.related;
    build_options.prefix_last_word = false;  // nobody is typing it
    build_options.words = &impl_->words;
    build_options.concept_groups = &impl_->related_groups;
    QueryBuilder builder(impl_->db, impl_->analyzer, build_options);
    BuiltQuery built = builder.Build(question->text);
    std::vector<Hit> hits;
    // The same question asked elsewhere comes first.
    std::vector<Xapian::Query> seen{Xapian::Query(schema::Prefixed(schema::kId, id))};
    for (const Question::Place& place : question->also_in) {
      if (hits.size() >= limit) break;
      Result<Impl::Found> doc = impl_->DocumentById(place.id);
      if (!doc.ok()) continue;
      hits.push_back(impl_->MakeHit(doc->did, 0, MatchTerms()));
      seen.emplace_back(schema::Prefixed(schema::kId, place.id));
    }
    if (built.query.empty() || hits.size() >= limit) return hits;
    Xapian::Query query(Xapian::Query::OP_AND_NOT, built.query,
                        Xapian::Query(Xapian::Query::OP_OR, seen.begin(), seen.end()));
    Xapian::Enquire enquire(impl_->postings);
    enquire.set_query(query);
    enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
    enquire.set_weighting_scheme(impl_->options.ranking.related.Bm25());  // Ranking::Related says why
    for (const Ranked& ranked : RankPageOf(enquire, 0, limit - hits.size(), 0).items) {
      // Nothing is marked: the words shared with another question are not
      // what the reader searched for.
      hits.push_back(impl_->MakeHit(ranked.did, ranked.weight, MatchTerms()));
    }
    return hits;
  } catch (const Xapian::NetworkError& e) {
    if (impl_->LeaveOutFailedParts()) return Related(id, limit);
    return Status::Unavailable("related search failed: " + e.get_description());
  } catch (const Xapian::Error& e) {
    return Status::Internal("related search failed: " + e.get_description());
  }
}

Result<Searcher::Neighbours> Searcher::NeighboursOf(const std::string& id) {
  try {
    Result<Impl::Found> doc = impl_->DocumentById(id);
    if (!doc.ok()) return doc.status();
    if (!impl_->positions_loaded) return impl_->NeighboursByQuery(doc->doc);
    const std::pair<double, Xapian::docid> self(Xapian::sortable_unserialise(doc->doc.get_value(schema::kSlotOrder)),
                                                doc->did);
    const auto& positions = impl_->positions;
    const auto at_self = std::lower_bound(positions.begin(), positions.end(), self);
    auto question_at = [&](std::vector<std::pair<double, Xapian::docid>>::const_iterator it)
        -> std::optional<Question> {
      if (it == positions.end()) return std::nullopt;
      Question q;
      if (!DeserializeQuestion(impl_->postings.get_document(it->second).get_data(), q)) return std::nullopt;
      return q;
    };
    Neighbours n;
    if (at_self != positions.end() && *at_self == self) {
      if (at_self != positions.begin()) n.previous = question_at(at_self - 1);
      n.next = question_at(at_self + 1);
    }
    return n;
  } catch (const Xapian::NetworkError& e) {
    if (impl_->LeaveOutFailedParts()) return NeighboursOf(id);
    return Status::Unavailable("lookup failed: " + e.get_description());
  } catch (const Xapian::Error& e) {
    return Status::Internal("lookup failed: " + e.get_description());
  }
}

}  // namespace quarry
