#include "models/config/yaml_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ls::models::detail {

std::string read_file_text(const std::string& path, const SourceLocation& where,
                           const std::string& key_path, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw Error(where, key_path, what + " not found: " + path);
  if (fs::is_directory(status))
    throw Error(where, key_path, what + " is a directory, not a file: " + path);
  if (!fs::is_regular_file(status))
    throw Error(where, key_path, what + " is not a regular file: " + path);
  const auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes)
    throw Error(where, key_path,
                what + " " + path + " is " + std::to_string(size) + " bytes; the limit is " +
                    std::to_string(kMaxFileBytes) + " (docs/limits.md)");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw Error(where, key_path, "cannot read " + what + " " + path);
  return text.str();
}

doc::Node read_yaml_file(const std::string& path, const SourceLocation& where,
                         const std::string& key_path, const std::string& what) {
  return doc::parse_yaml(read_file_text(path, where, key_path, what), path);
}

}  // namespace ls::models::detail
