#include "core/status.h"

namespace quarry {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "ok";
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kInvalidArgument:
      return "invalid argument: " + message_;
    case Code::kCorruption:
      return "corrupt index: " + message_;
    case Code::kIOError:
      return "I/O error: " + message_;
    case Code::kInternal:
      return "internal error: " + message_;
    case Code::kUnavailable:
      return "unavailable: " + message_;
  }
  return message_;
}

}  // namespace quarry
