// quarry-serve's access log: one line a request, to stderr.
//
//   text: access method="GET" path="/api/search" status=200 ms=0.412 bytes=5655
//   json: {"method":"GET","path":"/api/search","status":200,"ms":0.412,"bytes":5655}
//
// The path is the request's without its query string (what was searched
// stays private) unless the server logs queries; it is quoted and escaped
// as a JSON string in both formats, so no request can forge a line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace quarry::web {

enum class LogFormat { kOff, kText, kJson };

// "off", "text" or "json"; nullopt for anything else.
std::optional<LogFormat> ParseLogFormat(std::string_view name);

struct AccessRecord {
  std::string_view method;
  std::string_view path;  // with or without the query string, as configured
  int status = 0;
  double ms = 0;
  size_t bytes = 0;  // of the body sent
};

// The line for `record`, ending in '\n'; empty for LogFormat::kOff.
std::string FormatAccessLine(LogFormat format, const AccessRecord& record);

}  // namespace quarry::web
