#include "indexer/jsonl_parser.h"

#include <climits>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/line_reader.h"
#include "core/utf8.h"

namespace quarry {
namespace {

using nlohmann::json;

// Reads an optional string field; false (with `why`) if present but not a string.
bool OptionalString(const json& obj, const char* key, std::string& out, std::string& why) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) {
    why = std::string("\"") + key + "\" must be a string";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

}  // namespace

Result<std::vector<Question>> ParseJsonLinesBank(std::string_view content,
                                                 const std::string& file_name) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  std::vector<Question> questions;
  int line_no = 0;
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    line_no = lines.line_no();
    auto error = [&](const std::string& what) {
      return Status::InvalidArgument(file_name + ":" + std::to_string(line_no) + ": " + what);
    };
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (auto bad = FindInvalidUtf8(line)) return error("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line");
    json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded()) return error("malformed JSON");
    if (!record.is_object()) return error("expected a JSON object");

    Question q;
    std::string why;
    if (!OptionalString(record, "id", q.id, why) || !OptionalString(record, "text", q.text, why) ||
        !OptionalString(record, "part", q.part, why) || !OptionalString(record, "section", q.section, why) ||
        !OptionalString(record, "body", q.body, why)) {
      return error(why);
    }
    if (q.id.empty()) return error("missing \"id\"");
    if (q.text.empty()) return error("missing \"text\"");
    if (auto tags = record.find("tags"); tags != record.end() && !tags->is_null()) {
      if (!tags->is_array()) return error("\"tags\" must be an array of strings");
      for (const json& tag : *tags) {
        if (!tag.is_string()) return error("\"tags\" must be an array of strings");
        q.tags.push_back(tag.get<std::string>());
      }
    }
    if (auto number = record.find("number"); number != record.end() && !number->is_null()) {
      if (!number->is_number_integer()) return error("\"number\" must be an integer");
      if ((number->is_number_unsigned() && number->get<uint64_t>() > INT_MAX) ||
          number->get<int64_t>() > INT_MAX || number->get<int64_t>() < INT_MIN) {
        return error("\"number\" is out of range");
      }
      q.number = static_cast<int>(number->get<int64_t>());
    }
    q.source = file_name + ":" + std::to_string(line_no);
    questions.push_back(std::move(q));
  }
  if (questions.empty()) return Status::InvalidArgument(file_name + ": no records found");
  return questions;
}

}  // namespace quarry
