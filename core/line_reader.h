// Reads text a line at a time, counting lines from 1, for the parsers that
// name file and line in their errors.
#pragma once

#include <string_view>

namespace quarry {

class LineReader {
 public:
  explicit LineReader(std::string_view content) : content_(content) {}

  // The next line, without its '\n'; false after the last one. A final
  // line without '\n' counts; nothing follows a final '\n'.
  bool Next(std::string_view& line) {
    if (pos_ >= content_.size()) return false;
    size_t nl = content_.find('\n', pos_);
    line = content_.substr(pos_, nl == std::string_view::npos ? std::string_view::npos : nl - pos_);
    pos_ = nl == std::string_view::npos ? content_.size() : nl + 1;
    ++line_no_;
    return true;
  }

  // The number of the line Next() gave last (1 for the first).
  int line_no() const { return line_no_; }

 private:
  std::string_view content_;
  size_t pos_ = 0;
  int line_no_ = 0;
};

}  // namespace quarry
