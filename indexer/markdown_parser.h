// Reads a question bank written in markdown:
//
//   # Part title
//   ## Section title
//   1. Question text
//
// Blank lines, `---` rules, CRLF line ends, a BOM and trailing spaces are
// tolerated. Inline markdown (**bold**, *emphasis*, `code`, [links](url)) is
// reduced to its text. Lines under a question that are not themselves a
// question or heading (wrapped text, bullets) become the question's body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/question.h"
#include "core/status.h"

namespace quarry {

// Parses `content`, naming `file_name` in errors ("bank.md:12: ...").
// Errors: invalid UTF-8, a numbered question outside any section, a
// question with no text, a section whose title has no letters or digits,
// the same question number twice in a section, no question at all.
Result<std::vector<Question>> ParseMarkdownBank(std::string_view content,
                                                const std::string& file_name);

// "**slots** and `x`" -> "slots and x". Unpaired markers stay as written,
// so `*args` and `**kwargs` survive.
std::string StripInlineMarkdown(std::string_view line);

}  // namespace quarry
