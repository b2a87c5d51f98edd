// Plain text taken out of documentation files, with what is code marked.
//
// Every reader (HTML, man pages, markdown and reStructuredText, Python,
// TypeScript declarations, Debian package descriptions) turns a file into a
// Document: blocks of prose, in which inline code spans (<code>, `x`, \fBx\fR)
// are byte ranges, and blocks of code (<pre>, fenced or indented blocks,
// .EX/.EE). The vocabulary learner reads prose for definitions and word
// neighbours, and compares a word's uses in code with its uses in prose.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::vocabulary {

struct Span {
  size_t begin = 0, end = 0;  // byte range in Block::text
};

struct Block {
  enum class Kind { kProse, kCode };
  Kind kind = Kind::kProse;
  std::string text;              // prose: white space collapsed; code: lines kept
  std::vector<Span> code_spans;  // prose only: inline code, in order, not overlapping
};

struct Document {
  std::vector<Block> blocks;
  std::string title;  // a name that is not part of the text (a package's name), or ""
};

// Builds a Document from a stream of text pieces, the way every reader needs:
// prose white space collapsed to single spaces, a paragraph break ends a
// block, inline code spans recorded as ranges, code blocks kept line by line.
class DocumentBuilder {
 public:
  // Prose text (or code text while in a code block).
  void Text(std::string_view text);
  // Starts or ends an inline code span inside prose. Nested calls count.
  void BeginInlineCode();
  void EndInlineCode();
  // Ends the current block (a paragraph, heading, list item, table cell).
  void Break();
  // Starts or ends a code block; text in between keeps its lines.
  void BeginCodeBlock();
  void EndCodeBlock();
  bool in_code_block() const { return code_depth_ > 0; }

  // The document so far; the builder is left empty.
  Document Finish();

 private:
  void FlushProse();
  void FlushCode();

  Document doc_;
  Block prose_;
  std::string code_;
  int inline_depth_ = 0;
  size_t inline_begin_ = 0;
  int code_depth_ = 0;
  bool pending_space_ = false;
};

}  // namespace quarry::vocabulary
