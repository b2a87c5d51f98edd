// What every fuzzer of tests/fuzz checks besides crashes and sanitizer
// findings: an invariant the API promises, broken, aborts with a message
// (libFuzzer then keeps the input as a crash file). Also the invariants
// every bank reader promises (indexer/readers/bank_reader.h), shared by the
// reader fuzzers.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/utf8.h"
#include "indexer/readers/bank_reader.h"

namespace quarry::fuzz {

[[noreturn]] inline void Fail(const char* condition, const std::string& what) {
  std::fprintf(stderr, "\nINVARIANT BROKEN: %s\n  %s\n", condition, what.c_str());
  std::fflush(stderr);
  std::abort();
}

// `what` is only built when `condition` fails.
#define QUARRY_FUZZ_CHECK(condition, what)                  \
  do {                                                      \
    if (!(condition)) ::quarry::fuzz::Fail(#condition, what); \
  } while (0)

inline bool IsUtf8(std::string_view text) { return !FindInvalidUtf8(text).has_value(); }

// How many lines a parser counting from 1 sees in `content` (a final line
// without '\n' counts; nothing follows a final '\n').
inline int LineCount(std::string_view content) {
  int lines = static_cast<int>(std::count(content.begin(), content.end(), '\n'));
  return content.empty() || content.back() == '\n' ? lines : lines + 1;
}

// A failure says why, in words.
inline void CheckError(const Status& status) {
  QUARRY_FUZZ_CHECK(!status.ok(), "a failed Result with an ok Status");
  QUARRY_FUZZ_CHECK(!status.message().empty(), "an error without a message: " + status.ToString());
}

// "file:N" with N a line of `content`; N in `line`.
inline void CheckSource(const std::string& source, const std::string& file, std::string_view content,
                        int& line) {
  const std::string prefix = file + ":";
  QUARRY_FUZZ_CHECK(source.rfind(prefix, 0) == 0, "source \"" + source + "\" is not in " + file);
  const std::string number = source.substr(prefix.size());
  QUARRY_FUZZ_CHECK(!number.empty() && number.size() < 10 &&
                        number.find_first_not_of("0123456789") == std::string::npos,
                    "source \"" + source + "\" has no line number");
  line = std::stoi(number);
  QUARRY_FUZZ_CHECK(line >= 1 && line <= LineCount(content),
                    "source \"" + source + "\" names a line the file does not have (" +
                        std::to_string(LineCount(content)) + " lines)");
}

// What every reader promises of the bank it reads from `content` as `file`:
// the file named, a title, a shape when there are questions; each question
// with an id and a text, valid UTF-8 (bad bytes become U+FFFD), from a line
// of the file; each warning of a known kind, with a message and a place
// in the file.
inline void CheckBank(const Bank& bank, const std::string& file, std::string_view content) {
  QUARRY_FUZZ_CHECK(bank.file == file, "bank.file \"" + bank.file + "\" is not \"" + file + "\"");
  QUARRY_FUZZ_CHECK(!bank.title.empty(), "a bank without a title");
  QUARRY_FUZZ_CHECK(IsUtf8(bank.title), "a title that is not UTF-8: " + bank.title);
  QUARRY_FUZZ_CHECK(bank.questions.empty() || !bank.shape.empty(), "questions without a shape");
  for (const Question& q : bank.questions) {
    const std::string where = " (question at " + q.source + ")";
    QUARRY_FUZZ_CHECK(!q.id.empty(), "a question with an empty id" + where);
    QUARRY_FUZZ_CHECK(!q.text.empty(), "a question with an empty text" + where);
    for (const std::string* field : {&q.id, &q.text, &q.body, &q.part, &q.section}) {
      QUARRY_FUZZ_CHECK(IsUtf8(*field), "a field that is not UTF-8: \"" + *field + "\"" + where);
    }
    for (const std::string& tag : q.tags) {
      QUARRY_FUZZ_CHECK(IsUtf8(tag), "a tag that is not UTF-8: \"" + tag + "\"" + where);
    }
    int line = 0;
    CheckSource(q.source, file, content, line);
  }
  for (const BankWarning& w : bank.warnings) {
    static constexpr std::string_view kKinds[] = {
        warning::kNumbering, warning::kEmptyQuestion, warning::kUnclosedFence, warning::kEmptyHeading,
        warning::kInvalidUtf8, warning::kLongWord,     warning::kMalformedRow};
    QUARRY_FUZZ_CHECK(std::find(std::begin(kKinds), std::end(kKinds), w.kind) != std::end(kKinds),
                      "a warning of unknown kind \"" + w.kind + "\"");
    QUARRY_FUZZ_CHECK(!w.message.empty(), "a warning without a message at " + w.where);
    QUARRY_FUZZ_CHECK(w.line >= 0 && w.line <= LineCount(content),
                      "a warning at line " + std::to_string(w.line) + " of " +
                          std::to_string(LineCount(content)));
    const std::string where = w.line > 0 ? file + ":" + std::to_string(w.line) : file;
    QUARRY_FUZZ_CHECK(w.where == where, "a warning at \"" + w.where + "\", not \"" + where + "\"");
  }
}

// Ids unique within the bank, where the reader promises it.
inline void CheckUniqueIds(const Bank& bank) {
  std::set<std::string> seen;
  for (const Question& q : bank.questions) {
    QUARRY_FUZZ_CHECK(seen.insert(q.id).second, "id \"" + q.id + "\" given twice (again at " + q.source + ")");
  }
}

}  // namespace quarry::fuzz
