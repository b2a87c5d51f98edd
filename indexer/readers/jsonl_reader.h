// Reads a question bank in JSON Lines: one object per line, with
//   "id" (string, required), "text" (string, required),
//   "part", "section", "body" (strings), "tags" (array of strings),
//   "number" (integer) optional. Unknown keys are ignored; blank lines too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/question.h"
#include "core/status.h"
#include "indexer/readers/bank_reader.h"

namespace quarry {

// A record that cannot be a question (malformed JSON, not an object, a
// missing or empty id or text, a field of the wrong type) is skipped with a
// `malformed row` warning naming file and line; invalid UTF-8 is read with
// U+FFFD in its place, with a warning. The bank's title is the file's name.
// A file with no record gives a bank without questions (its caller decides
// whether that is an error).
Result<Bank> ReadJsonLinesBank(std::string_view content, const std::string& file_name);

}  // namespace quarry
