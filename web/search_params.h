// What the server reads from a request before it searches: the checks made
// before routing, the parameters of /api/search (and the counts other
// routes take). Apart from
// server.cc so that they are fuzzed without a socket
// (tests/fuzz/search_params_fuzzer.cc); only web/ includes this header.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "searcher/query_stats.h"
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

// /api/search's parameters (web/server.h lists them) as the library's
// request, or InvalidArgument naming the one that is wrong. A request it
// accepts is one Searcher::Search accepts.
Result<SearchRequest> ParseSearchParams(const httplib::Request& req);

// log=0 leaves a search out of the query log (the page's own probes);
// true when absent or 1, InvalidArgument otherwise.
Result<bool> LogParam(const httplib::Request& req);

// /api/stats's parameters: limit (each list of queries, 1..StatsLimits::kMax,
// default 20) and never_opened (ids listed, 0..kMax, default 50).
Result<StatsLimits> ParseStatsParams(const httplib::Request& req);

// Whether the request comes from this machine: its peer is 127.0.0.1 or
// ::1 and, when a proxy passed it on (one X-Forwarded-For, which
// deploy/nginx/quarry.conf sets to the address of nginx's own client,
// replacing what the client sent), that client was too. A request with
// several X-Forwarded-For values is not.
bool IsLocalClient(const httplib::Request& req);

}  // namespace quarry::web
