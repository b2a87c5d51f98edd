#include "indexer/readers/jsonl_reader.h"

#include <climits>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

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

// The question of one record, or why there is none.
std::optional<Question> RecordToQuestion(std::string_view line, std::string& why) {
  json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded()) return why = "malformed JSON", std::nullopt;
  if (!record.is_object()) return why = "expected a JSON object", std::nullopt;
  Question q;
  if (!OptionalString(record, "id", q.id, why) || !OptionalString(record, "text", q.text, why) ||
      !OptionalString(record, "part", q.part, why) || !OptionalString(record, "section", q.section, why) ||
      !OptionalString(record, "body", q.body, why)) {
    return std::nullopt;
  }
  if (q.id.empty()) return why = "missing \"id\"", std::nullopt;
  if (q.text.empty()) return why = "missing \"text\"", std::nullopt;
  if (auto tags = record.find("tags"); tags != record.end() && !tags->is_null()) {
    if (!tags->is_array()) return why = "\"tags\" must be an array of strings", std::nullopt;
    for (const json& tag : *tags) {
      if (!tag.is_string()) return why = "\"tags\" must be an array of strings", std::nullopt;
      q.tags.push_back(tag.get<std::string>());
    }
  }
  if (auto number = record.find("number"); number != record.end() && !number->is_null()) {
    if (!number->is_number_integer()) return why = "\"number\" must be an integer", std::nullopt;
    if ((number->is_number_unsigned() && number->get<uint64_t>() > INT_MAX) || number->get<int64_t>() > INT_MAX ||
        number->get<int64_t>() < INT_MIN) {
      return why = "\"number\" is out of range", std::nullopt;
    }
    q.number = static_cast<int>(number->get<int64_t>());
  }
  return q;
}

}  // namespace

Result<Bank> ReadJsonLinesBank(std::string_view content, const std::string& file_name) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  Bank bank;
  bank.file = file_name;
  bank.title = TitleFromFileName(file_name);
  bank.shape = "json lines";
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    const int line_no = lines.line_no();
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string repaired;
    if (auto bad = FindInvalidUtf8(line)) {
      Warn(bank, line_no, warning::kInvalidUtf8,
           "invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line; read with U+FFFD in its place");
      repaired = ToValidUtf8(line);
      line = repaired;
    }
    std::string why;
    std::optional<Question> q = RecordToQuestion(line, why);
    if (!q) {
      Warn(bank, line_no, warning::kMalformedRow, why + "; record skipped");
      continue;
    }
    q->source = file_name + ":" + std::to_string(line_no);
    bank.questions.push_back(std::move(*q));
  }
  return bank;
}

}  // namespace quarry
