// Feeds: what quarry-serve reads from a request before it searches
// (web/search_params.h). Each input is a request head,
//   METHOD TARGET[ VERSION]\nName: value\n...
// made into an httplib::Request as httplib's server makes one: the method,
// the headers, and the target's query string split and percent-decoded
// into params by httplib::detail::parse_query_text (the server's own
// parser, exported by libcpp-httplib). Then RefuseBeforeRouting, and
// ParseSearchParams and CountParam (the related route's limit).
// Checks: no crash, sanitizer finding, leak or escaping exception; a
// refusal is 405 for a method other than GET or HEAD and 400 for a GET with
// a body (Transfer-Encoding, a Content-Length but "0", two of them), never
// for any other GET, with a reason whose JSON error (EncodeJson) parses
// back; ParseSearchParams agrees with a reference reading of the
// parameters written here: every number a whole decimal in range, every
// flag 0 or 1, q at most kMaxQueryBytes, each error InvalidArgument naming
// the parameter that is wrong, in the order the server checks them, and
// a request it accepts one that Searcher::Search accepts.
#include <httplib.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/facets.h"
#include "searcher/json_encoding.h"
#include "tests/fuzz/fuzz_check.h"
#include "web/search_params.h"

namespace quarry::fuzz {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The request line and header lines of `head`, as a Request.
httplib::Request MakeRequest(std::string_view head) {
  httplib::Request req;
  size_t nl = head.find('\n');
  const std::string_view first = Trim(head.substr(0, nl));
  const size_t space = first.find(' ');
  req.method = std::string(first.substr(0, space));
  if (space != std::string_view::npos) {
    const std::string_view rest = first.substr(space + 1);
    req.target = std::string(rest.substr(0, rest.find(' ')));
    const size_t question = req.target.find('?');
    req.path = req.target.substr(0, question);
    if (question != std::string::npos) httplib::detail::parse_query_text(req.target.substr(question + 1), req.params);
  }
  while (nl != std::string_view::npos) {
    const size_t start = nl + 1;
    nl = head.find('\n', start);
    const std::string_view line = head.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    req.headers.emplace(std::string(line.substr(0, colon)), std::string(Trim(line.substr(colon + 1))));
  }
  return req;
}

bool SameNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// Every value of header `name`, looked up without regard to case, as
// httplib reads it (a C string: up to a NUL byte, as it also reads the
// Content-Length of the body it would wait for).
std::vector<std::string> HeaderValues(const httplib::Request& req, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : req.headers) {
    if (SameNoCase(key, name)) values.push_back(value.substr(0, value.find('\0')));
  }
  return values;
}

void CheckRefusal(const httplib::Request& req) {
  const std::optional<web::Refusal> refusal = web::RefuseBeforeRouting(req);
  const std::vector<std::string> lengths = HeaderValues(req, "Content-Length");
  const bool body = !HeaderValues(req, "Transfer-Encoding").empty() || lengths.size() > 1 ||
                    (lengths.size() == 1 && lengths[0] != "0");
  int expected = 0;
  if (req.method != "GET" && req.method != "HEAD") {
    expected = 405;
  } else if (body) {
    expected = 400;
  }
  QUARRY_FUZZ_CHECK((refusal ? refusal->status : 0) == expected,
                    "method \"" + req.method + "\" refused with " + std::to_string(refusal ? refusal->status : 0) +
                        ", not " + std::to_string(expected));
  if (!refusal) return;
  QUARRY_FUZZ_CHECK(!refusal->reason.empty(), "a refusal without a reason");
  const std::string body_text = EncodeJson(ErrorJson(refusal->reason));
  QUARRY_FUZZ_CHECK(!nlohmann::json::parse(body_text, nullptr, false).is_discarded(),
                    "a refusal's JSON does not parse: " + body_text);
}

// Every value of parameter `name`, in the order the server reads them.
std::vector<std::string> Values(const httplib::Request& req, const std::string& name) {
  std::vector<std::string> values;
  auto [begin, end] = req.params.equal_range(name);
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

// A count: absent -> fallback; else ASCII digits only, of a value in
// [min, max] (every max here is at most 1,000,000: seven digits).
std::optional<size_t> ReferenceCount(const httplib::Request& req, const std::string& name, size_t fallback,
                                     size_t min, size_t max) {
  const std::vector<std::string> values = Values(req, name);
  if (values.empty()) return fallback;
  const std::string& text = values.front();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const std::string digits = text.substr(std::min(text.find_first_not_of('0'), text.size()));
  if (digits.size() > 7) return std::nullopt;
  const size_t value = digits.empty() ? 0 : std::stoul(digits);
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::optional<bool> ReferenceFlag(const httplib::Request& req, const std::string& name) {
  const std::vector<std::string> values = Values(req, name);
  if (values.empty()) return false;
  if (values.front() == "0" || values.front() == "1") return values.front() == "1";
  return std::nullopt;
}

// The error ParseSearchParams must give: InvalidArgument naming `name`.
void CheckRefused(const Result<SearchRequest>& parsed, const std::string& name) {
  QUARRY_FUZZ_CHECK(!parsed.ok(), "ParseSearchParams accepted a bad " + name);
  CheckError(parsed.status());
  QUARRY_FUZZ_CHECK(parsed.status().code() == Status::Code::kInvalidArgument, parsed.status().ToString());
  QUARRY_FUZZ_CHECK(parsed.status().message().rfind(name + " must ", 0) == 0,
                    "an error not naming " + name + ": " + parsed.status().message());
}

void CheckSearchParams(const httplib::Request& req) {
  const Result<SearchRequest> parsed = web::ParseSearchParams(req);
  const std::vector<std::string> q = Values(req, "q");
  const std::string query = q.empty() ? "" : q.front();
  if (query.size() > SearchRequest::kMaxQueryBytes) return CheckRefused(parsed, "q");
  const SearchRequest defaults;
  const std::optional<size_t> limit = ReferenceCount(req, "limit", defaults.limit, 1, SearchRequest::kMaxLimit);
  if (!limit) return CheckRefused(parsed, "limit");
  const std::optional<size_t> offset = ReferenceCount(req, "offset", 0, 0, web::kMaxOffset);
  if (!offset) return CheckRefused(parsed, "offset");
  const std::optional<size_t> enough = ReferenceCount(req, "enough", defaults.enough_results, 1, web::kMaxEnough);
  if (!enough) return CheckRefused(parsed, "enough");
  const std::optional<bool> collapse = ReferenceFlag(req, "collapse");
  if (!collapse) return CheckRefused(parsed, "collapse");
  const std::optional<bool> verbatim = ReferenceFlag(req, "verbatim");
  if (!verbatim) return CheckRefused(parsed, "verbatim");

  QUARRY_FUZZ_CHECK(parsed.ok(), "ParseSearchParams refused a good request: " + parsed.status().ToString());
  const SearchRequest& r = *parsed;
  QUARRY_FUZZ_CHECK(r.query == query, "q is not the request's");
  QUARRY_FUZZ_CHECK(r.limit == *limit && r.offset == *offset && r.enough_results == *enough,
                    "limit " + std::to_string(r.limit) + ", offset " + std::to_string(r.offset) + ", enough " +
                        std::to_string(r.enough_results) + " are not the request's");
  QUARRY_FUZZ_CHECK(r.collapse == *collapse && r.verbatim == *verbatim, "a flag is not the request's");
  for (size_t f = 0; f < kFacetCount; ++f) {
    std::vector<std::string> expected;
    for (std::string& value : Values(req, std::string(FacetName(FacetId(f))))) {
      if (!value.empty()) expected.push_back(std::move(value));
    }
    QUARRY_FUZZ_CHECK(Selection(r, FacetId(f)) == expected,
                      std::string(FacetName(FacetId(f))) + " is not the request's non-empty values");
  }
  // What Searcher::Search refuses, the server never lets through.
  QUARRY_FUZZ_CHECK(r.limit <= SearchRequest::kMaxLimit && r.enough_results >= 1 &&
                        r.query.size() <= SearchRequest::kMaxQueryBytes,
                    "a request the searcher refuses");
}

// The related route's limit: CountParam on its own.
void CheckRelatedLimit(const httplib::Request& req) {
  const Result<size_t> limit = web::CountParam(req, "limit", 5, 1, SearchRequest::kMaxLimit);
  const std::optional<size_t> expected = ReferenceCount(req, "limit", 5, 1, SearchRequest::kMaxLimit);
  QUARRY_FUZZ_CHECK(limit.ok() == expected.has_value(), "CountParam and the reference disagree");
  if (limit.ok()) QUARRY_FUZZ_CHECK(*limit == *expected, "CountParam read another number");
  if (!limit.ok()) CheckError(limit.status());
}

}  // namespace
}  // namespace quarry::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const httplib::Request req =
      quarry::fuzz::MakeRequest(std::string_view(reinterpret_cast<const char*>(data), size));
  quarry::fuzz::CheckRefusal(req);
  quarry::fuzz::CheckSearchParams(req);
  quarry::fuzz::CheckRelatedLimit(req);
  return 0;
}
