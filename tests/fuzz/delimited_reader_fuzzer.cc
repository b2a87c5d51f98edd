// Feeds: the input as the contents of a spreadsheet or Anki export through
// ReadDelimitedBank, twice: as banks/go-sheet.csv (delimiter ',') and as
// banks/go-sheet.tsv (tab).
// Checks: no crash, sanitizer finding, leak or escaping exception; what
// every reader promises (fuzz_check.h); what delimited_reader.h promises:
// a failure is InvalidArgument "file: ..."; the shape csv, tsv, anki csv or
// anki tsv; ids unique; each question's part the bank's title, a section,
// its number its position in that section (1, 2, ...), its text on one
// line with white space runs made one space, its body without repeated
// blank lines, its tags each once; warnings in line order.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "indexer/readers/delimited_reader.h"
#include "tests/fuzz/fuzz_check.h"

namespace quarry::fuzz {
namespace {

void CheckQuestion(const Question& q, const Bank& bank, int position) {
  const std::string where = " (question at " + q.source + ")";
  QUARRY_FUZZ_CHECK(q.part == bank.title, "part \"" + q.part + "\" is not the title \"" + bank.title + "\"" + where);
  QUARRY_FUZZ_CHECK(!q.section.empty(), "no section" + where);
  QUARRY_FUZZ_CHECK(q.number == position, "number " + std::to_string(q.number) + ", not its position " +
                                              std::to_string(position) + " in its section" + where);
  QUARRY_FUZZ_CHECK(q.text.find_first_of("\n\r\t") == std::string::npos && q.text.find("  ") == std::string::npos,
                    "a text not on one line with single spaces: \"" + q.text + "\"" + where);
  QUARRY_FUZZ_CHECK(q.body.find("\n\n\n") == std::string::npos, "repeated blank lines in the body" + where);
  std::set<std::string> tags;
  for (const std::string& tag : q.tags) {
    QUARRY_FUZZ_CHECK(!tag.empty(), "an empty tag" + where);
    QUARRY_FUZZ_CHECK(tags.insert(tag).second, "tag \"" + tag + "\" given twice" + where);
  }
}

void Check(std::string_view content, const std::string& file, char delimiter) {
  Result<Bank> read = ReadDelimitedBank(content, file, delimiter);
  if (!read.ok()) {
    CheckError(read.status());
    QUARRY_FUZZ_CHECK(read.status().code() == Status::Code::kInvalidArgument, read.status().ToString());
    QUARRY_FUZZ_CHECK(read.status().message().rfind(file + ": ", 0) == 0,
                      "an error that does not name the file: " + read.status().message());
    return;
  }
  const Bank& bank = *read;
  CheckBank(bank, file, content);
  CheckUniqueIds(bank);
  static const std::set<std::string> kShapes = {"csv", "tsv", "anki csv", "anki tsv"};
  QUARRY_FUZZ_CHECK(kShapes.count(bank.shape) > 0, "shape \"" + bank.shape + "\"");
  std::map<std::string, int> in_section;
  for (const Question& q : bank.questions) CheckQuestion(q, bank, ++in_section[q.section]);
  for (size_t i = 1; i < bank.warnings.size(); ++i) {
    QUARRY_FUZZ_CHECK(bank.warnings[i - 1].line <= bank.warnings[i].line,
                      "warnings out of line order: " + bank.warnings[i - 1].where + " before " +
                          bank.warnings[i].where);
  }
}

}  // namespace
}  // namespace quarry::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  quarry::fuzz::Check(content, "banks/go-sheet.csv", ',');
  quarry::fuzz::Check(content, "banks/go-sheet.tsv", '\t');
  return 0;
}
