#include "web/access_log.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace quarry::web {
namespace {

// `text` as a JSON string, quotes included; bytes that are not UTF-8
// become U+FFFD.
std::string Quoted(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Milliseconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms);
  return buf;
}

}  // namespace

std::optional<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "off") return LogFormat::kOff;
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

std::string FormatAccessLine(LogFormat format, const AccessRecord& r) {
  const std::string status = std::to_string(r.status), bytes = std::to_string(r.bytes);
  switch (format) {
    case LogFormat::kOff:
      return "";
    case LogFormat::kText:
      return "access method=" + Quoted(r.method) + " path=" + Quoted(r.path) + " status=" + status +
             " ms=" + Milliseconds(r.ms) + " bytes=" + bytes + "\n";
    case LogFormat::kJson:
      return "{\"method\":" + Quoted(r.method) + ",\"path\":" + Quoted(r.path) + ",\"status\":" + status +
             ",\"ms\":" + Milliseconds(r.ms) + ",\"bytes\":" + bytes + "}\n";
  }
  return "";
}

}  // namespace quarry::web
