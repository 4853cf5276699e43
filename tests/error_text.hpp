// The message of the error a call throws, for tests that compare error
// messages whole (file:line:col, key path, what is allowed).
#pragma once

#include <string>
#include <utility>

#include "models/error.hpp"

namespace ls::testing {

// What the `E` thrown by `f()` says, or `none` when it throws nothing.
template <class E = ls::Error, class F>
std::string error_text(F&& f, std::string none = "no error") {
  try {
    std::forward<F>(f)();
  } catch (const E& e) {
    return e.what();
  }
  return none;
}

}  // namespace ls::testing
