#include "models/config/yaml_file.hpp"

#include <filesystem>
#include <fstream>

#include "models/config/tree_memory.hpp"

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
  // Read whole in one call (a stream's rdbuf() copy goes through a growing
  // buffer: 5 % of loading a 22 MB scenario).
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) {
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) {
      text.reserve(static_cast<std::size_t>(size));
      doc::advise_huge_pages(text.data(), text.capacity());
      text.resize(static_cast<std::size_t>(size));
      in.read(text.data(), size);
    }
  }
  if (!in) throw Error(where, key_path, "cannot read " + what + " " + path);
  return text;
}

doc::Node read_yaml_file(const std::string& path, const SourceLocation& where,
                         const std::string& key_path, const std::string& what) {
  return doc::parse_yaml(read_file_text(path, where, key_path, what), path);
}

}  // namespace ls::models::detail
