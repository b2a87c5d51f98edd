// What the server reads from a request before it searches: the checks made
// before routing, the parameters of /api/search (and the counts other
// routes take), and what verbatim=1 does to an answer. Apart from
// server.cc so that they are fuzzed without a socket
// (tests/fuzz/search_params_fuzzer.cc); only web/ includes this header.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "searcher/searcher.h"

namespace quarry::web {

inline constexpr size_t kMaxOffset = 1000000;
// enough= above the largest bank anyone indexes only means "never relax".
inline constexpr size_t kMaxEnough = 1000000;

// Why a request is answered before routing: no route of ours takes it.
struct Refusal {
  int status = 0;      // 405 for a method, 400 for a body
  std::string reason;  // the error message, in words
};

// The refusal of a request no route takes, found before a byte of its
// body is read (the API and the page take no body): a method other than
// GET or HEAD (405), two Content-Lengths, a Transfer-Encoding or a
// Content-Length other than 0 (400). nullopt for a request to route.
std::optional<Refusal> RefuseBeforeRouting(const httplib::Request& req);

// A whole decimal number in [min, max] from parameter `name`, or `fallback`
// when the parameter is absent. No sign, space or fraction is accepted.
Result<size_t> CountParam(const httplib::Request& req, const char* name, size_t fallback, size_t min,
                          size_t max);

// Every non-empty value of a repeatable parameter.
std::vector<std::string> ListParam(const httplib::Request& req, const char* name);

// 0 or 1 from parameter `name`, or false when the parameter is absent.
Result<bool> FlagParam(const httplib::Request& req, const char* name);

// What /api/search takes: the library's request, and whether the query is
// to be searched exactly as typed (verbatim=1), without falling back on
// its spelling correction.
struct SearchParams {
  SearchRequest request;
  bool verbatim = false;
};

// /api/search's parameters (web/server.h lists them), or InvalidArgument
// naming the one that is wrong. A request it accepts is one
// Searcher::Search accepts.
Result<SearchParams> ParseSearchParams(const httplib::Request& req);

// Turns `response`, which the searcher answered with the hits of the
// corrected query because the typed one found nothing, back into the answer
// for the query as typed (verbatim=1): no hits (none related either), and
// the facet counts the typed query has. A no-op for any other response.
Status UndoCorrection(Searcher& searcher, const SearchRequest& request, SearchResponse& response);

}  // namespace quarry::web
