// The first pass of the markdown reader: a bank's text cut into classified
// lines (headings, list items, text, code, rules), with what is never a
// question already set aside: YAML front matter, HTML comments, the inside
// of code fences (a `#` or `1.` there is code), badges and images.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/readers/bank_reader.h"

namespace quarry {

enum class LineKind {
  kBlank,
  kText,     // a paragraph line (also tables and HTML such as <details>)
  kHeading,  // "## Title", "<h3>Title</h3>", "1. ### Title", "Title\n===="
  kItem,     // "- x", "* x", "+ x", "12. x", "12) x", with "[ ]"/"[x]" checkboxes
  kRule,     // "---", "***", "___"
  kCode,     // a line inside a fence (the fence lines themselves are dropped)
};

struct MarkdownLine {
  int line_no = 0;
  LineKind kind = LineKind::kBlank;
  int indent = 0;          // leading columns (a tab counts 4)
  int level = 0;           // heading level, 1 to 6
  int number = -1;         // a numbered item's number (also "1. ### Title" headings)
  char marker = 0;         // item marker: '-', '*', '+', or '.' / ')' for numbers
  int checkbox = 0;        // 0: none, 1: "[ ]", 2: "[x]"
  std::string text;        // heading text, item text after its marker, trimmed line; raw markdown
  std::string raw;         // the whole line, valid UTF-8, without its line end
};

struct MarkdownLines {
  std::string front_title;     // front matter `title:`, unquoted; empty when none
  std::string front_section;   // front matter `category:`/`section:`/`topic:`
  std::vector<std::string> front_tags;  // front matter `tags: [a, b]` / `tags: a, b`
  std::vector<MarkdownLine> lines;
};

// Cuts `content` into lines. Invalid UTF-8 is replaced by U+FFFD and an
// unclosed fence is read as text (so it cannot swallow the rest of the
// bank), each with a warning added to `bank`; so is a heading with no text.
MarkdownLines SplitMarkdownLines(std::string_view content, Bank& bank);

}  // namespace quarry
