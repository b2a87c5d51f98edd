// Status and Result: errors as values at every library boundary.
//
// No Xapian, ICU or standard-library exception leaves the Quarry library:
// each public function catches them and returns a Status that says what
// went wrong in words a user can act on (file and line for corpus errors).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace quarry {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,         // an id, file or database that does not exist
    kInvalidArgument,  // bad input from the caller: a query, an option, a corpus line
    kCorruption,       // an index that cannot be read, or of another schema version
    kIOError,          // the file system refused
    kInternal,         // a bug or an unexpected library error
    kUnavailable,      // a database (a remote shard) that does not answer
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "not found: no question with id x/1", or "ok".
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: REQUIRES: !status.ok()

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace quarry
