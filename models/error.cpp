#include "models/error.hpp"

#include <iterator>

namespace ls {
namespace {

std::string format_error(const SourceLocation& where, const std::string& key_path,
                         const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) {
      out += ':' + std::to_string(where.line);
      if (where.column > 0) out += ':' + std::to_string(where.column);
    }
    out += ": ";
  }
  if (!key_path.empty()) out += key_path + ": ";
  out += message;
  return out;
}

}  // namespace

Error::Error(SourceLocation where, std::string key_path, std::string message)
    : std::runtime_error(format_error(where, key_path, message)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

Error::Error(std::string message) : std::runtime_error(message), message_(std::move(message)) {}

Error Error::first_of(std::vector<Error> errors) {
  Error first = errors.front();
  first.also_.assign(std::make_move_iterator(errors.begin() + 1),
                     std::make_move_iterator(errors.end()));
  return first;
}

}  // namespace ls
