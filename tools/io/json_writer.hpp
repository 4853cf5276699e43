// A small streaming JSON writer with deterministic output: keys in the order
// they are written, numbers in their shortest round-trip form, two-space
// indentation. Reports need nothing more, so no JSON library is pulled in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ls::tools {

class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);
  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(double number);
  void value(std::int64_t number);
  void value(std::uint64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void value(bool flag);
  void null();
  // The number, or null when absent (a quantity the input does not have).
  void value(const std::optional<double>& number);
  // One member of an object: key(name), then value(v).
  template <class T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }
  // Inserts pre-rendered JSON (e.g. the resolved scenario) as a value.
  void raw(std::string_view json);
  const std::string& str() const { return out_; }

  // `text` as a quoted JSON string (models/json_string.hpp).
  static std::string escape(std::string_view text);

 private:
  void before_value();
  void newline();
  std::string out_;
  // Per open container: whether it already has an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace ls::tools
