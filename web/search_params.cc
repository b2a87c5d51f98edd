#include "web/search_params.h"

#include <charconv>
#include <cstdint>
#include <system_error>
#include <utility>

#include "core/utf8.h"
#include "searcher/facets.h"

namespace quarry::web {

std::optional<Refusal> RefuseBeforeRouting(const httplib::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") {
    return Refusal{405, "method " + req.method + " is not allowed: GET or HEAD"};
  }
  if (req.get_header_value_count("Content-Length") > 1) return Refusal{400, "more than one Content-Length"};
  if (req.has_header("Transfer-Encoding")) return Refusal{400, "a GET request has no body (Transfer-Encoding)"};
  if (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0") {
    return Refusal{400, "a GET request has no body (Content-Length)"};
  }
  return std::nullopt;
}

Result<size_t> CountParam(const httplib::Request& req, const char* name, size_t fallback, size_t min,
                          size_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || value < min || value > max) {
    return Status::InvalidArgument(std::string(name) + " must be a whole number from " +
                                   std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<size_t>(value);
}

std::vector<std::string> ListParam(const httplib::Request& req, const char* name) {
  std::vector<std::string> values;
  const size_t count = req.get_param_value_count(name);
  for (size_t i = 0; i < count; ++i) {
    std::string value = req.get_param_value(name, i);
    if (!value.empty()) values.push_back(std::move(value));
  }
  return values;
}

Result<bool> FlagParam(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return false;
  const std::string text = req.get_param_value(name);
  if (text != "0" && text != "1") {
    return Status::InvalidArgument(std::string(name) + " must be 0 or 1");
  }
  return text == "1";
}

Result<SearchRequest> ParseSearchParams(const httplib::Request& req) {
  SearchRequest request;
  request.query = req.get_param_value("q");
  if (request.query.size() > SearchRequest::kMaxQueryBytes) {
    return Status::InvalidArgument("q must be at most " +
                                   std::to_string(SearchRequest::kMaxQueryBytes) + " bytes");
  }
  for (size_t f = 0; f < kFacetCount; ++f) {
    Selection(request, FacetId(f)) = ListParam(req, std::string(FacetName(FacetId(f))).c_str());
  }
  Result<size_t> limit = CountParam(req, "limit", request.limit, 1, SearchRequest::kMaxLimit);
  if (!limit.ok()) return limit.status();
  Result<size_t> offset = CountParam(req, "offset", 0, 0, kMaxOffset);
  if (!offset.ok()) return offset.status();
  request.limit = *limit;
  request.offset = *offset;
  Result<size_t> enough = CountParam(req, "enough", request.enough_results, 1, kMaxEnough);
  if (!enough.ok()) return enough.status();
  request.enough_results = *enough;
  Result<bool> collapse = FlagParam(req, "collapse");
  if (!collapse.ok()) return collapse.status();
  request.collapse = *collapse;
  Result<bool> verbatim = FlagParam(req, "verbatim");
  if (!verbatim.ok()) return verbatim.status();
  request.verbatim = *verbatim;
  return request;
}

Result<bool> LogParam(const httplib::Request& req) {
  if (!req.has_param("log")) return true;
  return FlagParam(req, "log");
}

Result<StatsLimits> ParseStatsParams(const httplib::Request& req) {
  StatsLimits limits;
  Result<size_t> limit = CountParam(req, "limit", limits.top, 1, StatsLimits::kMax);
  if (!limit.ok()) return limit.status();
  limits.top = limits.no_hits = limits.relaxed = *limit;
  Result<size_t> ids = CountParam(req, "never_opened", limits.never_opened, 0, StatsLimits::kMax);
  if (!ids.ok()) return ids.status();
  limits.never_opened = *ids;
  return limits;
}

namespace {
bool IsLoopback(const std::string& address) {
  return address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1";
}
}  // namespace

bool IsLocalClient(const httplib::Request& req) {
  if (!IsLoopback(req.remote_addr)) return false;
  const size_t forwarded = req.get_header_value_count("X-Forwarded-For");
  if (forwarded == 0) return true;
  return forwarded == 1 && IsLoopback(std::string(TrimBlanks(req.get_header_value("X-Forwarded-For"))));
}

}  // namespace quarry::web
