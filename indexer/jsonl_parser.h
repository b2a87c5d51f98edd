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

namespace quarry {

// Errors name the file and line: malformed JSON, a line that is not an
// object, a missing or empty id or text, a field of the wrong type,
// invalid UTF-8, no record at all.
Result<std::vector<Question>> ParseJsonLinesBank(std::string_view content,
                                                 const std::string& file_name);

}  // namespace quarry
