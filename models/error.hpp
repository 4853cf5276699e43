// The one user-facing error type. Thrown for bad input (scenario files,
// tables, command lines); caught only in tools/, which prints what() and
// exits with code 2. Model logic never throws through the event loop.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace ls {

struct SourceLocation {
  std::string file;  // "" when unknown (e.g. --set on the command line)
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

class Error : public std::runtime_error {
 public:
  // Formats as "file:line:col: key.path: message" (parts that are unknown
  // are left out).
  Error(SourceLocation where, std::string key_path, std::string message);
  explicit Error(std::string message);

  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& message() const { return message_; }

  // Further independent errors found in the same pass (e.g. in other
  // functions of the same scenario), so that one `validate` lists them all;
  // what() stays the first error's single line.
  const std::vector<Error>& also() const { return also_; }
  // The first of `errors` (at least one) carrying the rest in also().
  static Error first_of(std::vector<Error> errors);

 private:
  SourceLocation where_;
  std::string key_path_;
  std::string message_;
  std::vector<Error> also_;
};

}  // namespace ls
