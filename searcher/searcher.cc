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
#include "searcher/relaxation.h"
#include "searcher/snippet.h"

namespace quarry {

struct Searcher::Impl {
  std::string db_path;
  std::string generation;  // the generation the handles below read
  SearcherOptions options;
  // The generation on disk: spelling, synonyms, metadata, term statistics.
  Xapian::Database db;
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
  FacetTable facets;  // of `db`'s generation
  // Every question's position value (kSlotOrder) and docid, in bank order:
  // an update's positions need not be consecutive.
  std::vector<std::pair<double, Xapian::docid>> positions;

  Status OpenGeneration(const std::string& path);
  bool InMemory() const { return !questions.empty(); }
  // The request's filters, but for facet `skip`'s own (kFacetCount: none skipped).
  Xapian::Query FilterQuery(const SearchRequest& request, size_t skip = kFacetCount) const;
  Result<Xapian::Document> DocumentById(const std::string& id) const;
  Hit MakeHit(Xapian::docid did, double score, const MatchTerms& terms) const;
  std::vector<FacetValue> SortedFacet(const std::map<std::string, size_t>& counts) const;
  // Every match of `query`, unweighted, counted into `spy`: the exact total.
  size_t CountMatches(const Xapian::Query& query, FacetSpy& spy) const;
  void RunQuery(const SearchRequest& request, const BuiltQuery& built, SearchResponse& response) const;
  // One ranked list: its exact total (its facet counts into `spy`), the
  // page [offset, offset + limit) of it, and the enquire that ranked it.
  struct Page {
    size_t total = 0;
    Xapian::Enquire enquire;
    Xapian::MSet mset;
  };
  // `first_pass`: `query` without its costly boosts, to rank by before a
  // rescoring window (empty: one pass).
  Page RankPage(const Xapian::Query& query, const Xapian::Query& first_pass, bool browse, bool collapse,
                size_t offset, size_t limit, FacetSpy& spy) const;
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

Status Searcher::Impl::OpenGeneration(const std::string& path) {
  // Everything is read first: a generation that fails to open (or throws)
  // leaves this Searcher on the one it had.
  Xapian::Database fresh(path);
  std::string version = fresh.get_metadata(std::string(schema::kMetaSchemaVersion));
  if (version != schema::kSchemaVersion) {
    return Status::Corruption(db_path + ": index has schema version \"" + version + "\", this Quarry reads \"" +
                              std::string(schema::kSchemaVersion) + "\"; rebuild it with quarry-index");
  }
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
  FacetTable fresh_facets = FacetTable::Load(fresh);
  std::vector<std::pair<double, Xapian::docid>> fresh_positions;
  fresh_positions.reserve(fresh.get_doccount());
  for (auto v = fresh.valuestream_begin(schema::kSlotOrder); v != fresh.valuestream_end(schema::kSlotOrder); ++v) {
    fresh_positions.emplace_back(Xapian::sortable_unserialise(*v), v.get_docid());
  }
  std::sort(fresh_positions.begin(), fresh_positions.end());
  BankInMemory kept;
  if (fresh.get_total_length() <= options.in_memory_max_words) kept = CopyIntoMemory(fresh, analyzer);

  words = std::move(fresh_words);
  bank_order = std::move(fresh_order);
  outline = std::move(fresh_outline);
  banks = std::move(fresh_banks);
  facets = std::move(fresh_facets);
  positions = std::move(fresh_positions);
  search_groups.clear();
  related_groups.clear();
  postings = kept.questions.empty() ? fresh : kept.postings;
  questions = std::move(kept.questions);
  question_tokens = std::move(kept.tokens);
  db = fresh;
  generation = path;
  return Status::Ok();
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

Result<Xapian::Document> Searcher::Impl::DocumentById(const std::string& id) const {
  std::string term = schema::Prefixed(schema::kId, id);
  Xapian::PostingIterator it = postings.postlist_begin(term);
  if (it == postings.postlist_end(term)) return Status::NotFound("no question with id \"" + id + "\"");
  return postings.get_document(*it);
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

size_t Searcher::Impl::CountMatches(const Xapian::Query& query, FacetSpy& spy) const {
  if (query.empty()) return 0;
  Xapian::Enquire counting(postings);
  counting.set_query(query);
  counting.set_weighting_scheme(Xapian::BoolWeight());
  counting.add_matchspy(&spy);
  // Checking every document makes the count exact.
  return counting.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

Searcher::Impl::Page Searcher::Impl::RankPage(const Xapian::Query& query, const Xapian::Query& first_pass,
                                              bool browse, bool collapse, size_t offset, size_t limit,
                                              FacetSpy& spy) const {
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
    enquire.add_matchspy(&spy);
    // Every match is checked, so totals and facet counts are exact.
    page.mset = enquire.get_mset(offset, limit, db.get_doccount());
    page.total = page.mset.get_matches_estimated();
    return page;
  }
  const auto window = std::max<Xapian::doccount>(options.ranking.search.rescore_window,
                                                 static_cast<Xapian::doccount>(4 * (offset + limit)));
  Xapian::Enquire first(postings);
  first.set_query(first_pass);
  first.set_weighting_scheme(options.ranking.search.Bm25());
  first.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
  first.add_matchspy(&spy);
  Xapian::MSet best = first.get_mset(0, window, db.get_doccount());
  page.total = best.get_matches_estimated();
  if (page.total <= offset || limit == 0) return page;
  if (page.total <= best.size()) {
    // Few matches: weigh every one with the whole query.
    page.mset = enquire.get_mset(offset, limit, best.size());
    return page;
  }
  std::vector<Xapian::docid> ids(best.begin(), best.end());
  const auto weighed = static_cast<Xapian::doccount>(ids.size());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, DocidListQuery(std::move(ids))));
  page.mset = enquire.get_mset(offset, limit, weighed);
  return page;
}

void Searcher::Impl::AddHits(const Page& page, const BuiltQuery& built, bool explain, bool related,
                             SearchResponse& response) const {
  for (Xapian::MSetIterator it = page.mset.begin(); it != page.mset.end(); ++it) {
    response.hits.push_back(MakeHit(*it, built.browse ? 0.0 : it.get_weight(), built.match_terms));
    response.hits.back().related = related;
    if (!explain) continue;
    for (Xapian::TermIterator t = page.enquire.get_matching_terms_begin(it);
         t != page.enquire.get_matching_terms_end(it); ++t) {
      response.hits.back().matched_terms.emplace_back(*t, page.mset.get_termweight(*t));
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

  FacetSpy spy(facets);
  const Page page = RankPage(query, first_pass, built.browse, request.collapse, request.offset, request.limit, spy);
  response.total = page.total;
  response.related_total = 0;
  response.facets_count_related = false;
  response.hits.clear();
  AddHits(page, built, request.explain, false, response);
  FacetSpy related_spy(facets);
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
  const FacetSpy& counted = response.facets_count_related ? related_spy : spy;
  for (size_t id = 0; id < kFacetCount; ++id) {
    std::vector<FacetValue>& out = CountsOf(response.facets, FacetId(id));
    if (Selection(request, FacetId(id)).empty() || unfiltered.empty()) {
      out = SortedFacet(counted.counts(FacetId(id)));
      continue;
    }
    // A facet with a selection is counted again without it (disjunctive).
    FacetSpy alone(facets);
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
  Result<std::string> generation = layout::CurrentGeneration(db_path);
  if (!generation.ok()) return generation.status();
  auto impl = std::make_unique<Impl>();
  impl->db_path = db_path;
  impl->options = options;
  try {
    if (Status s = impl->OpenGeneration(*generation); !s.ok()) return s;
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Status::NotFound(db_path + ": " + e.get_description());
  } catch (const Xapian::Error& e) {
    return Status::Corruption(db_path + ": " + e.get_description());
  }
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

Status Searcher::Refresh() {
  Result<std::string> generation = layout::CurrentGeneration(impl_->db_path);
  if (!generation.ok()) return generation.status();
  if (*generation == impl_->generation) return Status::Ok();
  Status opened;
  try {
    opened = impl_->OpenGeneration(*generation);
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
  } catch (const Xapian::Error& e) {
    return Status::Internal("search failed: " + e.get_description());
  }
  response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return response;
}

Result<Question> Searcher::Get(const std::string& id) {
  try {
    Result<Xapian::Document> doc = impl_->DocumentById(id);
    if (!doc.ok()) return doc.status();
    Question q;
    if (!DeserializeQuestion(doc->get_data(), q)) return Status::Corruption("question \"" + id + "\" is unreadable");
    return q;
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
      Result<Xapian::Document> doc = impl_->DocumentById(place.id);
      if (!doc.ok()) continue;
      hits.push_back(impl_->MakeHit(doc->get_docid(), 0, MatchTerms()));
      seen.emplace_back(schema::Prefixed(schema::kId, place.id));
    }
    if (built.query.empty() || hits.size() >= limit) return hits;
    Xapian::Query query(Xapian::Query::OP_AND_NOT, built.query,
                        Xapian::Query(Xapian::Query::OP_OR, seen.begin(), seen.end()));
    Xapian::Enquire enquire(impl_->postings);
    enquire.set_query(query);
    enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
    enquire.set_weighting_scheme(impl_->options.ranking.related.Bm25());  // Ranking::Related says why
    Xapian::MSet mset = enquire.get_mset(0, limit - hits.size());
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      // Nothing is marked: the words shared with another question are not
      // what the reader searched for.
      hits.push_back(impl_->MakeHit(*it, it.get_weight(), MatchTerms()));
    }
    return hits;
  } catch (const Xapian::Error& e) {
    return Status::Internal("related search failed: " + e.get_description());
  }
}

Result<Searcher::Neighbours> Searcher::NeighboursOf(const std::string& id) {
  try {
    Result<Xapian::Document> doc = impl_->DocumentById(id);
    if (!doc.ok()) return doc.status();
    const std::pair<double, Xapian::docid> self(Xapian::sortable_unserialise(doc->get_value(schema::kSlotOrder)),
                                                doc->get_docid());
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
  } catch (const Xapian::Error& e) {
    return Status::Internal("lookup failed: " + e.get_description());
  }
}

}  // namespace quarry
