#include "tools/io/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "models/json_string.hpp"

namespace ls::tools {

std::string JsonWriter::escape(std::string_view text) {
  std::string out;
  models::append_json_string(out, text);
  return out;
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
}

void JsonWriter::end_object() {
  const bool had = has_element_.back();
  has_element_.pop_back();
  if (had) newline();
  out_ += '}';
  if (has_element_.empty()) out_ += '\n';
}

void JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  has_element_.push_back(false);
}

void JsonWriter::end_array() {
  const bool had = has_element_.back();
  has_element_.pop_back();
  if (had) newline();
  out_ += ']';
}

void JsonWriter::key(std::string_view name) {
  before_value();
  out_ += escape(name);
  out_ += ": ";
  after_key_ = true;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  out_ += escape(text);
}

void JsonWriter::value(double number) {
  before_value();
  if (!std::isfinite(number)) {
    out_ += "null";  // JSON has no infinities; callers avoid them
    return;
  }
  if (number == 0) number = 0;  // no "-0"
  out_ += fmt::format("{}", number);
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  out_ += fmt::format("{}", number);
}

void JsonWriter::value(std::uint64_t number) {
  before_value();
  out_ += fmt::format("{}", number);
}

void JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
}

}  // namespace ls::tools
