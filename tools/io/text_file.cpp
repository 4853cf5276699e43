#include "tools/io/text_file.hpp"

#include <fstream>
#include <sstream>

#include "models/error.hpp"

namespace ls::tools {

std::string read_text_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) throw Error(SourceLocation{path, 0, 0}, "", "cannot read " + what);
  return text.str();
}

}  // namespace ls::tools
