// UTF-8 validation, for corpus files that must be text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quarry {

// The byte offset of the first invalid UTF-8 sequence in `text`, or nullopt
// when all of it is valid (overlong forms and surrogates are invalid).
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// `text` with every invalid sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view text);

// Appends `code_point` in UTF-8; U+FFFD for what is not a Unicode scalar
// value (0, surrogates, past U+10FFFF).
void AppendUtf8(uint32_t code_point, std::string& out);

// `s` without the blanks (spaces, tabs) in front and the blanks and a
// carriage return behind: a line of a bank as its parsers see it.
std::string_view TrimBlanks(std::string_view s);

}  // namespace quarry
