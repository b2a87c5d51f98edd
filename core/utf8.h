// UTF-8 validation, for corpus files that must be text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace quarry {

// The byte offset of the first invalid UTF-8 sequence in `text`, or nullopt
// when all of it is valid (overlong forms and surrogates are invalid).
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// `text` with every invalid sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view text);

}  // namespace quarry
