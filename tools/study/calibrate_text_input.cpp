#include "tools/study/calibrate_text_input.hpp"

#include <zlib.h>

#include "models/error.hpp"

namespace ls::tools::calibrate {

namespace {
constexpr unsigned kChunk = 1u << 16;
}

TextInput::TextInput(const std::string& path) : path_(path), buffer_(kChunk) {
  file_ = gzopen(path.c_str(), "rb");
  if (file_ == nullptr) throw Error(SourceLocation{path, 0, 0}, "", "cannot open the file");
  gzbuffer(static_cast<gzFile>(file_), kChunk);
}

TextInput::~TextInput() {
  if (file_ != nullptr) gzclose(static_cast<gzFile>(file_));
}

bool TextInput::refill() {
  const int n = gzread(static_cast<gzFile>(file_), buffer_.data(), kChunk);
  if (n < 0) {
    int code = 0;
    const char* message = gzerror(static_cast<gzFile>(file_), &code);
    throw Error(SourceLocation{path_, line_, 0}, "",
                std::string("cannot read (corrupt gzip?): ") + (message ? message : "error"));
  }
  pos_ = 0;
  end_ = static_cast<std::size_t>(n);
  return n > 0;
}

bool TextInput::next_line(std::string& line) {
  line.clear();
  int c = get();
  if (c < 0) return false;
  for (; c >= 0 && c != '\n'; c = get()) line.push_back(static_cast<char>(c));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool CsvRecords::next(std::vector<std::string>& fields) {
  while (true) {
    fields.clear();
    if (input_.peek() < 0) return false;
    line_ = input_.line();
    std::string field;
    bool quoted = false;  // inside a quoted field
    bool any = false;     // the record has a non-blank character
    int c = input_.get();
    for (; c >= 0; c = input_.get()) {
      if (quoted) {
        if (c == '"') {
          if (input_.peek() == '"') {
            input_.get();
            field.push_back('"');
          } else {
            quoted = false;
          }
        } else {
          field.push_back(static_cast<char>(c));
        }
        continue;
      }
      if (c == '\n') break;
      if (c == '\r' && input_.peek() == '\n') continue;
      if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
      } else if (c == '"' && field.find_first_not_of(" \t") == std::string::npos) {
        field.clear();
        quoted = true;
      } else {
        field.push_back(static_cast<char>(c));
      }
      if (c != ' ' && c != '\t') any = true;
    }
    if (quoted) {
      throw Error(SourceLocation{input_.path(), line_, 0}, "",
                  "a quoted field is not closed before the end of the file");
    }
    fields.push_back(std::move(field));
    if (any) return true;
    if (c < 0) return false;
  }
}

}  // namespace ls::tools::calibrate
