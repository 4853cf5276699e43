#include "tools/io/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "models/json_string.hpp"

namespace ls::tools {

std::string JsonWriter::escape(std::string_view text) {
  std::string out;
  models::append_json_string(out, text);
  return out;
}

void JsonWriter::flush() {
  if (!sink_ || out_.empty()) return;
  sink_->write(out_);
  out_.clear();  // keeps its capacity: one chunk's buffer for the whole document
}

void JsonWriter::newline() {
  out_ += '\n';
  out_.append(2 * has_element_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_element_.empty()) return;
  if (has_element_.back()) out_ += ',';
  has_element_.back() = true;
  newline();
}

void JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  has_element_.push_back(false);
  written();
}

void JsonWriter::end_object() {
  const bool had = has_element_.back();
  has_element_.pop_back();
  if (had) newline();
  out_ += '}';
  if (has_element_.empty()) out_ += '\n';
  written();
}

void JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  has_element_.push_back(false);
  written();
}

void JsonWriter::end_array() {
  const bool had = has_element_.back();
  has_element_.pop_back();
  if (had) newline();
  out_ += ']';
  written();
}

void JsonWriter::key(std::string_view name) {
  before_value();
  models::append_json_string(out_, name);
  out_ += ": ";
  after_key_ = true;
  written();
}

void JsonWriter::value(std::string_view text) {
  before_value();
  models::append_json_string(out_, text);
  written();
}

void JsonWriter::value(double number) {
  before_value();
  if (!std::isfinite(number)) {
    out_ += "null";  // JSON has no infinities; callers avoid them
  } else {
    if (number == 0) number = 0;  // no "-0"
    fmt::format_to(std::back_inserter(out_), "{}", number);
  }
  written();
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  fmt::format_to(std::back_inserter(out_), "{}", number);
  written();
}

void JsonWriter::value(std::uint64_t number) {
  before_value();
  fmt::format_to(std::back_inserter(out_), "{}", number);
  written();
}

void JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  written();
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
  written();
}

void JsonWriter::raw(std::string_view json) {
  before_value();
  if (sink_ && out_.size() + json.size() >= chunk_bytes_) {
    // A large pre-rendered value (a fleet's resolved scenario, megabytes)
    // goes to the sink as it is rather than through the buffer.
    flush();
    sink_->write(json);
    return;
  }
  out_ += json;
  written();
}

}  // namespace ls::tools
