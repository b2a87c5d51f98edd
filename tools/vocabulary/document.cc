#include "tools/vocabulary/document.h"

namespace quarry::vocabulary {
namespace {

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

void DocumentBuilder::Text(std::string_view text) {
  if (code_depth_ > 0) {
    code_.append(text);
    return;
  }
  for (char c : text) {
    if (IsBlank(c)) {
      pending_space_ = !prose_.text.empty();
      continue;
    }
    if (pending_space_) {
      prose_.text += ' ';
      pending_space_ = false;
    }
    prose_.text += c;
  }
}

void DocumentBuilder::BeginInlineCode() {
  if (code_depth_ > 0) return;
  if (inline_depth_++ == 0) {
    if (pending_space_) {
      prose_.text += ' ';
      pending_space_ = false;
    }
    inline_begin_ = prose_.text.size();
  }
}

void DocumentBuilder::EndInlineCode() {
  if (code_depth_ > 0 || inline_depth_ == 0) return;
  if (--inline_depth_ == 0 && prose_.text.size() > inline_begin_) {
    size_t end = prose_.text.size();
    while (end > inline_begin_ && prose_.text[end - 1] == ' ') --end;
    if (end > inline_begin_) prose_.code_spans.push_back({inline_begin_, end});
  }
}

void DocumentBuilder::Break() {
  if (code_depth_ > 0) {
    code_ += '\n';
    return;
  }
  FlushProse();
}

void DocumentBuilder::BeginCodeBlock() {
  if (code_depth_++ == 0) FlushProse();
}

void DocumentBuilder::EndCodeBlock() {
  if (code_depth_ == 0) return;
  if (--code_depth_ == 0) FlushCode();
}

void DocumentBuilder::FlushProse() {
  if (inline_depth_ > 0) {
    inline_depth_ = 1;
    EndInlineCode();
  }
  if (!prose_.text.empty()) {
    prose_.kind = Block::Kind::kProse;
    doc_.blocks.push_back(std::move(prose_));
  }
  prose_ = Block();
  pending_space_ = false;
}

void DocumentBuilder::FlushCode() {
  if (code_.find_first_not_of(" \t\r\n") != std::string::npos) {
    Block b;
    b.kind = Block::Kind::kCode;
    b.text = std::move(code_);
    doc_.blocks.push_back(std::move(b));
  }
  code_.clear();
}

Document DocumentBuilder::Finish() {
  FlushProse();
  if (code_depth_ > 0) {
    code_depth_ = 0;
    FlushCode();
  }
  Document out = std::move(doc_);
  doc_ = Document();
  return out;
}

}  // namespace quarry::vocabulary
