// Feeds: the query path, from what a user types to the JSON answer. At
// start-up an index is built once, with IndexCorpus as quarry-index builds
// one, of the shipped corpus/ (its synonyms, concepts, types, topics and
// filler words, and the learned vocabulary), with a JSON Lines bank with
// answers and a second markdown bank from tests/; two Searchers open it,
// one with the bank in memory, one reading it from disk. Each input is
//   QUERY\nFIELD=VALUE\n...
// the first line the query, as typed; then, in any order, filters
// (bank=, part=, section=, type=, topic=, repeatable), limit=, offset=,
// enough=, related= (the limit of related questions), and the flags
// collapse, explain, verbatim,
// literal (no prefix on the last word) and disk (the on-disk Searcher).
// Checks: no crash, sanitizer finding, leak, escaping exception or timeout;
// any query within kMaxQueryBytes is a valid one, a longer one fails with a
// message; the answer echoes the request, its hits are the page [offset,
// offset + limit) of the matches and then the related questions; each hit
// is the question Get gives for its id; its snippet is its text (or, for
// a hit found in its answer, its answer on one line) HTML-escaped with
// the matched words in balanced <mark>s, cut to the promised length on a
// character boundary; facets are counted most first; Related for the first
// hit excludes the hit; every answer encoded with EncodeJson parses back
// with nlohmann::json::parse, and holds no U+FFFD replacement when the
// query was valid UTF-8.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/index_corpus.h"
#include "searcher/facets.h"
#include "searcher/json_encoding.h"
#include "searcher/searcher.h"
#include "searcher/snippet.h"
#include "tests/fuzz/fuzz_check.h"
#include "web/api_json.h"
#include "web/search_params.h"

namespace quarry::fuzz {
namespace {

namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

constexpr size_t kMaxOffset = 500;  // beyond the index's size: pages past the end
constexpr size_t kMaxEnough = 100;

struct Input {
  SearchRequest request;
  bool disk = false;
  size_t related_limit = 5;
};

size_t Number(std::string_view text) {
  size_t n = 0;
  for (char c : text.substr(0, 9)) {
    if (c >= '0' && c <= '9') n = n * 10 + static_cast<size_t>(c - '0');
  }
  return n;
}

void ApplyField(std::string_view line, Input& in) {
  const size_t eq = line.find('=');
  const std::string_view name = line.substr(0, eq);
  const std::string_view value = eq == std::string_view::npos ? std::string_view() : line.substr(eq + 1);
  SearchRequest& r = in.request;
  for (size_t f = 0; f < kFacetCount; ++f) {
    if (name == FacetName(FacetId(f))) {
      Selection(r, FacetId(f)).emplace_back(value);
      return;
    }
  }
  if (name == "limit") r.limit = Number(value) % (SearchRequest::kMaxLimit + 1);
  if (name == "offset") r.offset = Number(value) % (kMaxOffset + 1);
  if (name == "enough") r.enough_results = 1 + Number(value) % kMaxEnough;
  if (name == "related") in.related_limit = Number(value) % (SearchRequest::kMaxLimit + 1);
  if (name == "collapse") r.collapse = true;
  if (name == "explain") r.explain = true;
  if (name == "literal") r.prefix_last_word = false;
  if (name == "verbatim") r.verbatim = true;
  if (name == "disk") in.disk = true;
}

Input ParseInput(std::string_view data) {
  Input in;
  size_t nl = data.find('\n');
  in.request.query = std::string(data.substr(0, nl));
  while (nl != std::string_view::npos) {
    const size_t start = nl + 1;
    nl = data.find('\n', start);
    ApplyField(data.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start), in);
  }
  return in;
}

// `j` as the server and the CLI send it: it must parse back. With
// `strict`, it must need no U+FFFD either (every string in it UTF-8).
nlohmann::json EncodeAndParse(const ordered_json& j, bool strict, const std::string& what) {
  const std::string text = EncodeJson(j);
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  QUARRY_FUZZ_CHECK(!parsed.is_discarded(), what + ": EncodeJson gave invalid JSON: " + text.substr(0, 400));
  if (strict) {
    try {
      (void)j.dump();
    } catch (const nlohmann::json::type_error& e) {
      Fail("every string UTF-8", what + " of a UTF-8 query holds bytes that are not UTF-8: " + e.what());
    }
  }
  return parsed;
}

// `text` with runs of white space made one space, as an answer's snippet.
std::string OneLine(std::string_view text) {
  std::string flat;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space) {
      flat += c;
    } else if (flat.empty() || flat.back() != ' ') {
      flat += ' ';
    }
  }
  return flat;
}

// The text a snippet shows: marks dropped, entities decoded. Fails on a
// character left unescaped, an unknown entity, or <mark>s unbalanced,
// nested or empty.
std::string SnippetText(const std::string& html, const std::string& where) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  constexpr std::string_view kOpen = "<mark>", kClose = "</mark>";
  std::string text;
  bool open = false;
  size_t mark_start = 0;
  for (size_t i = 0; i < html.size();) {
    const std::string_view rest = std::string_view(html).substr(i);
    if (rest.substr(0, kOpen.size()) == kOpen) {
      QUARRY_FUZZ_CHECK(!open, "nested <mark> in " + where + ": " + html);
      open = true;
      mark_start = text.size();
      i += kOpen.size();
      continue;
    }
    if (rest.substr(0, kClose.size()) == kClose) {
      QUARRY_FUZZ_CHECK(open && text.size() > mark_start, "a stray or empty </mark> in " + where + ": " + html);
      open = false;
      i += kClose.size();
      continue;
    }
    const char c = html[i];
    QUARRY_FUZZ_CHECK(c != '<' && c != '>' && c != '"' && c != '\'', "unescaped in " + where + ": " + html);
    if (c != '&') {
      text += c;
      ++i;
      continue;
    }
    bool known = false;
    for (const auto& [entity, decoded] : kEntities) {
      if (rest.substr(0, entity.size()) != entity) continue;
      text += decoded;
      i += entity.size();
      known = true;
      break;
    }
    QUARRY_FUZZ_CHECK(known, "a bare & in " + where + ": " + html);
  }
  QUARRY_FUZZ_CHECK(!open, "an unclosed <mark> in " + where + ": " + html);
  return text;
}

// A snippet shows `source` (`raw_size` bytes before white space was made
// one) whole, or a piece of it of at most `max_bytes` cut on character
// boundaries, with "…" on each side cut.
void CheckSnippetOf(const std::string& snippet, const std::string& source, size_t raw_size, size_t max_bytes,
                    const std::string& where) {
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  QUARRY_FUZZ_CHECK(IsUtf8(snippet), "a snippet that is not UTF-8 in " + where + ": " + snippet);
  const std::string text = SnippetText(snippet, where);
  if (raw_size <= max_bytes) {
    QUARRY_FUZZ_CHECK(text == source, where + ": snippet \"" + snippet + "\" does not show \"" + source + "\"");
    return;
  }
  const bool before = text.rfind(kEllipsis, 0) == 0;
  const bool after = text.size() >= kEllipsis.size() &&
                     text.compare(text.size() - kEllipsis.size(), kEllipsis.size(), kEllipsis) == 0;
  bool piece = false;
  for (int cut_before = 0; cut_before <= (before ? 1 : 0); ++cut_before) {
    for (int cut_after = 0; cut_after <= (after ? 1 : 0); ++cut_after) {
      const size_t from = cut_before * kEllipsis.size(), to = text.size() - cut_after * kEllipsis.size();
      if (from > to) continue;
      const std::string shown = text.substr(from, to - from);
      piece = piece || (shown.size() <= max_bytes && source.find(shown) != std::string::npos);
    }
  }
  QUARRY_FUZZ_CHECK(piece, where + ": snippet \"" + snippet + "\" is no piece of at most " +
                               std::to_string(max_bytes) + " bytes of \"" + source + "\"");
}

void CheckHit(Searcher& searcher, const Hit& hit, const std::string& where) {
  QUARRY_FUZZ_CHECK(!hit.id.empty(), "a hit with an empty id in " + where);
  Result<Question> question = searcher.Get(hit.id);
  QUARRY_FUZZ_CHECK(question.ok(), where + ": Get(\"" + hit.id + "\") failed: " + question.status().ToString());
  QUARRY_FUZZ_CHECK(question->text == hit.text && question->section == hit.section && question->part == hit.part &&
                        question->bank == hit.bank,
                    where + ": hit \"" + hit.id + "\" is not the question of its id");
  if (hit.matched_in == MatchedIn::kAnswer) {
    CheckSnippetOf(hit.snippet, OneLine(question->body), question->body.size(), kAnswerSnippetBytes,
                   where + " (answer) " + hit.id);
  } else {
    CheckSnippetOf(hit.snippet, hit.text, hit.text.size(), kTextSnippetBytes, where + " " + hit.id);
  }
}

void CheckFacets(const FacetCounts& facets) {
  for (size_t f = 0; f < kFacetCount; ++f) {
    const std::vector<FacetValue>& values = CountsOf(facets, FacetId(f));
    for (size_t i = 1; i < values.size(); ++i) {
      QUARRY_FUZZ_CHECK(values[i - 1].count >= values[i].count,
                        std::string(FacetName(FacetId(f))) + " facet not counted most first");
    }
  }
}

void CheckResponse(Searcher& searcher, const Input& in, const SearchResponse& r) {
  const SearchRequest& q = in.request;
  QUARRY_FUZZ_CHECK(r.query == q.query && r.offset == q.offset && r.limit == q.limit,
                    "the answer does not echo the request");
  const size_t listed = r.total + r.related_total;
  const size_t page = std::min(q.limit, listed - std::min(q.offset, listed));
  QUARRY_FUZZ_CHECK(r.hits.size() == page, std::to_string(r.hits.size()) + " hits for the page of offset " +
                                               std::to_string(q.offset) + ", limit " + std::to_string(q.limit) +
                                               " over " + std::to_string(r.total) + " matches and " +
                                               std::to_string(r.related_total) + " related");
  const size_t matches_on_page = std::min(q.limit, r.total - std::min(q.offset, r.total));
  for (size_t i = 0; i < r.hits.size(); ++i) {
    QUARRY_FUZZ_CHECK(r.hits[i].related == (i >= matches_on_page),
                      "hit " + std::to_string(i) + " is " + (r.hits[i].related ? "" : "not ") +
                          "related: the matches come first, then the related questions");
    CheckHit(searcher, r.hits[i], "hit " + std::to_string(i));
  }
  QUARRY_FUZZ_CHECK(r.matching.required <= r.matching.words, "more words required than counted");
  QUARRY_FUZZ_CHECK(!r.showing_corrected || r.corrected_query.has_value(), "showing a correction that is not there");
  CheckFacets(r.facets);
}

void CheckRelated(Searcher& searcher, const std::string& id, size_t limit, bool strict) {
  Result<std::vector<Hit>> related = searcher.Related(id, limit);
  QUARRY_FUZZ_CHECK(related.ok(), "Related(\"" + id + "\") failed: " + related.status().ToString());
  QUARRY_FUZZ_CHECK(related->size() <= limit, "Related gave more than its limit");
  for (size_t i = 0; i < related->size(); ++i) {
    QUARRY_FUZZ_CHECK((*related)[i].id != id, "Related(\"" + id + "\") lists the question itself");
    CheckHit(searcher, (*related)[i], "related " + std::to_string(i));
  }
  EncodeAndParse(RelatedToJson(id, *related), strict, "related");
  Result<Question> question = searcher.Get(id);
  Result<Searcher::Neighbours> neighbours = searcher.NeighboursOf(id);
  QUARRY_FUZZ_CHECK(question.ok() && neighbours.ok(), "Get or NeighboursOf failed for a hit's id \"" + id + "\"");
  EncodeAndParse(web::QuestionToJson(*question, *neighbours), /*strict=*/true, "question");
}

// The index and its two Searchers, made once.
struct World {
  fs::path dir;
  std::unique_ptr<Searcher> in_memory, on_disk;
};
World* world = nullptr;

[[noreturn]] void SetupFailed(const std::string& what) {
  std::fprintf(stderr, "query_fuzzer: cannot set up: %s\n", what.c_str());
  std::exit(1);
}

void Setup() {
  world = new World();
  std::string tmpl = (fs::temp_directory_path() / "quarry-query-fuzz-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) SetupFailed("mkdtemp " + tmpl);
  world->dir = tmpl;
  const std::string source = QUARRY_SOURCE_DIR;
  IndexCorpusOptions options;
  options.db_path = (world->dir / "index").string();
  Result<IndexReport> report = IndexCorpus({source + "/corpus", source + "/tests/searcher/data/answers.jsonl",
                                            source + "/tests/searcher/data/terms.jsonl",
                                            source + "/tests/web/data/bank.md"},
                                           options);
  if (!report.ok()) SetupFailed(report.status().ToString());
  Result<std::unique_ptr<Searcher>> memory = Searcher::Open(options.db_path);
  SearcherOptions disk_options;
  disk_options.in_memory_max_words = 0;
  Result<std::unique_ptr<Searcher>> disk = Searcher::Open(options.db_path, disk_options);
  if (!memory.ok() || !disk.ok()) SetupFailed("cannot open the index");
  if (!(*memory)->InMemory() || (*disk)->InMemory()) SetupFailed("the Searchers do not read as meant");
  world->in_memory = std::move(*memory);
  world->on_disk = std::move(*disk);
}

void TearDown() {
  std::error_code ec;
  world->in_memory.reset();
  world->on_disk.reset();
  fs::remove_all(world->dir, ec);
  delete world;
}

}  // namespace
}  // namespace quarry::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  quarry::fuzz::Setup();
  std::atexit(quarry::fuzz::TearDown);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry;
  fuzz::Input in = fuzz::ParseInput(std::string_view(reinterpret_cast<const char*>(data), size));
  Searcher& searcher = in.disk ? *fuzz::world->on_disk : *fuzz::world->in_memory;
  Result<SearchResponse> response = searcher.Search(in.request);
  if (in.request.query.size() > SearchRequest::kMaxQueryBytes) {
    QUARRY_FUZZ_CHECK(!response.ok() && response.status().code() == Status::Code::kInvalidArgument,
                      "a query over kMaxQueryBytes was not refused");
    fuzz::CheckError(response.status());
    return 0;
  }
  QUARRY_FUZZ_CHECK(response.ok(), "a valid request failed: " + response.status().ToString());
  if (in.request.verbatim) {
    QUARRY_FUZZ_CHECK(!response->showing_corrected, "verbatim still shows the correction");
  }
  fuzz::CheckResponse(searcher, in, *response);
  const bool strict = fuzz::IsUtf8(in.request.query);
  const nlohmann::json parsed = fuzz::EncodeAndParse(ToJson(*response), strict, "search answer");
  QUARRY_FUZZ_CHECK(parsed.at("hits").size() == response->hits.size() && parsed.at("total") == response->total,
                    "the JSON does not hold the answer");
  if (!response->hits.empty()) fuzz::CheckRelated(searcher, response->hits.front().id, in.related_limit, strict);
  return 0;
}
