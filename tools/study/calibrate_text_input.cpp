#include "tools/study/calibrate_text_input.hpp"

#include <zlib.h>

#include <algorithm>

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

std::size_t TextInput::read(char* out, std::size_t size) {
  std::size_t n = 0;
  while (n < size) {
    if (pos_ == end_ && !refill()) break;
    const std::size_t take = std::min(size - n, end_ - pos_);
    std::copy(buffer_.data() + pos_, buffer_.data() + pos_ + take, out + n);
    pos_ += take;
    n += take;
  }
  return n;
}

TextInputStream::Buffer::int_type TextInputStream::Buffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  const std::size_t n = input_.read(chunk_.data(), chunk_.size());
  if (n == 0) return traits_type::eof();
  setg(chunk_.data(), chunk_.data(), chunk_.data() + n);
  return traits_type::to_int_type(*gptr());
}

}  // namespace ls::tools::calibrate
