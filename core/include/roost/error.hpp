// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace roost {

// The kinds of user-facing error. The Python binding maps each to an exception
// class of the same name (see docs/dev/binding-contract.md).
enum class ErrorKind {
  UnknownModelName,
  UnknownParameter,
  BadProperty,
  BadDelay,
  UnknownNode,
  IllegalConnection,
  TypeMismatch,
  KernelException,
  BadParameter,  // a bad argument to a call (Simulate's time); a BadProperty in Python too
  NotImplemented,
};

// Thrown for bad user input and illegal states. Whoever throws it must leave the
// kernel as it was before the call (all-or-nothing updates).
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace roost
