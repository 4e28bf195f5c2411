// Status and StatusOr<T>: how fallible functions report failure at stage boundaries.
//
// A small type with abseil's names (ok(), status(), value(), RETURN_IF_ERROR) so that code reads like the
// codebases we follow, without pulling in abseil. No exception crosses a stage: functions that can fail on
// input they do not control return Status / StatusOr<T>; programmer errors are asserts.
//
//   StatusOr<RuleSet> rules = LoadRules(dir);
//   if (!rules.ok()) { std::cerr << rules.status().message() << "\n"; return 2; }
#ifndef EDGESCAN_CORE_STATUS_H_
#define EDGESCAN_CORE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace edgescan {

enum class StatusCode { kOk = 0, kInvalidArgument, kNotFound, kUnavailable, kInternal, kFailedPrecondition };

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgumentError(std::string m) { return Status(StatusCode::kInvalidArgument, std::move(m)); }
inline Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
inline Status UnavailableError(std::string m) { return Status(StatusCode::kUnavailable, std::move(m)); }
inline Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }
inline Status FailedPreconditionError(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}

// Holds either a T or a non-ok Status. value() on an error is a programmer error (assert).
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit like absl::StatusOr
  StatusOr(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

#define EDGESCAN_CONCAT_INNER_(a, b) a##b
#define EDGESCAN_CONCAT_(a, b) EDGESCAN_CONCAT_INNER_(a, b)
#define RETURN_IF_ERROR(expr)                                        \
  do {                                                               \
    ::edgescan::Status _edgescan_status = (expr);                    \
    if (!_edgescan_status.ok()) return _edgescan_status;             \
  } while (0)

}  // namespace edgescan

#endif  // EDGESCAN_CORE_STATUS_H_
