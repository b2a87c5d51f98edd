// Feeds: the input as the contents of a JSON Lines bank (banks/python.jsonl)
// through ReadJsonLinesBank.
// Checks: no crash, sanitizer finding, leak or escaping exception; what
// every reader promises (fuzz_check.h); the shape "json lines" and the
// file's name as the title; each line that is not blank gives either one
// question or one `malformed row` warning, never both, never neither;
// a question's id and text are its record's "id" and "text" as
// nlohmann::json reads the line (with U+FFFD for bytes that are not UTF-8).
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/line_reader.h"
#include "indexer/readers/jsonl_reader.h"
#include "tests/fuzz/fuzz_check.h"

namespace quarry::fuzz {
namespace {

const std::string kFile = "banks/python.jsonl";

// The record a question came from, as nlohmann::json reads its line.
void CheckAgainstRecord(const Question& q, std::string_view line) {
  nlohmann::json record = nlohmann::json::parse(ToValidUtf8(line), nullptr, false);
  QUARRY_FUZZ_CHECK(record.is_object(), "a question from a line that is no JSON object: " + q.source);
  QUARRY_FUZZ_CHECK(record.value("id", "") == q.id, "id \"" + q.id + "\" is not the record's, at " + q.source);
  QUARRY_FUZZ_CHECK(record.value("text", "") == q.text, "the text is not the record's, at " + q.source);
}

void CheckLines(const Bank& bank, std::string_view content) {
  std::map<int, const Question*> question_at;
  std::map<int, int> outcomes;  // line -> questions and malformed-row warnings
  for (const Question& q : bank.questions) {
    int line = 0;
    CheckSource(q.source, kFile, content, line);
    question_at[line] = &q;
    ++outcomes[line];
  }
  for (const BankWarning& w : bank.warnings) {
    if (w.kind == warning::kMalformedRow) ++outcomes[w.line];
  }
  // The reader skips a byte-order mark: the lines are those after it.
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    const int no = lines.line_no();
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    const int expected = blank ? 0 : 1;
    QUARRY_FUZZ_CHECK(outcomes[no] == expected, "line " + std::to_string(no) + " gave " +
                                                    std::to_string(outcomes[no]) + " questions and warnings, not " +
                                                    std::to_string(expected));
    if (auto it = question_at.find(no); it != question_at.end()) CheckAgainstRecord(*it->second, line);
  }
}

}  // namespace
}  // namespace quarry::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry;
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  Result<Bank> bank = ReadJsonLinesBank(content, fuzz::kFile);
  if (!bank.ok()) {
    fuzz::CheckError(bank.status());
    return 0;
  }
  fuzz::CheckBank(*bank, fuzz::kFile, content);
  QUARRY_FUZZ_CHECK(bank->shape == "json lines", "shape \"" + bank->shape + "\"");
  QUARRY_FUZZ_CHECK(bank->title == TitleFromFileName(fuzz::kFile), "title \"" + bank->title + "\"");
  fuzz::CheckLines(*bank, content);
  return 0;
}
