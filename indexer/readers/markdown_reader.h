// Reads a question bank written in markdown, in the layouts people write
// banks in, recognised per section from what most of its items look like:
//
//   numbered lists      ## Section / 1. Question / 1) Question / all "1."
//   bullet lists        ### Section / - Question / * Question
//   questions as headings   ### 12. What is...? / #### Q12. ... with the
//                       answer below, until a heading of the same level or
//                       higher; the heading above is the section
//   details blocks      <details><summary>Question</summary> answer </details>
//   labelled questions  **Q: ...** / Q: ... followed by A: ...
//   bold questions      **What is ...?** followed by its answer
//   quizzes             any of these followed by "- [ ] option" / "- [x] right"
//                       options: they go into the body, the right one "[x]"
//
// What is not a question is left out: front matter, a table of contents (a
// list of links to the page's own anchors), lists of links, badges and
// images, sections such as Contributing or License, code in fences, text
// before a section's first question. Lists, code and paragraphs under a
// question are its answer: Question.body.
//
// Ids are "<section-slug>/<n>": n is the author's number when a section's
// numbers run without a slip, else the question's position in its section
// (with a `numbering` warning when the author's numbers repeat or skip). A
// section title used twice in a bank gets "-1", "-2" after its slug, as
// GitHub's anchors do. A question's part is the `#` heading above it, or
// the bank's title when there is none.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "indexer/readers/bank_reader.h"

namespace quarry {

// Reads `content`, naming `file_name` in sources and warnings. A bank with
// no questions is not an error here (its caller decides: a folder's file is
// skipped, a named file is an error): `questions` is empty.
Result<Bank> ReadMarkdownBank(std::string_view content, const std::string& file_name);

// The shape ReadSingleQuestionMarkdown gives its banks.
inline constexpr char kOneQuestionPerFile[] = "one question per file";

// Reads a file that is one question: the front matter `title` (or the first
// heading) is the question, the rest its answer; the front matter's
// category/section/topic, if any, its section, its tags its tags. Empty
// `questions` when the file has no title.
Result<Bank> ReadSingleQuestionMarkdown(std::string_view content, const std::string& file_name);

}  // namespace quarry
