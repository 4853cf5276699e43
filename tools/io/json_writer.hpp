// A small streaming JSON writer with deterministic output: keys in the order
// they are written, numbers in their shortest round-trip form, two-space
// indentation. Reports need nothing more, so no JSON library is pulled in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  // The value, or null when absent (a quantity the input does not have).
  template <class T>
  void value(const std::optional<T>& v) {
    if (v)
      value(*v);
    else
      null();
  }
  // One member of an object: key(name), then value(v).
  template <class T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }
  // A member holding an array of `items`, each written by value().
  template <class Range>
  void array(std::string_view name, const Range& items) {
    key(name);
    begin_array();
    for (const auto& item : items) value(item);
    end_array();
  }
  // A member holding an array of objects, one per item of `items`, whose
  // members write(item) writes.
  template <class Range, class Write>
  void objects(std::string_view name, const Range& items, Write&& write) {
    key(name);
    begin_array();
    for (const auto& item : items) {
      begin_object();
      write(item);
      end_object();
    }
    end_array();
  }
  // Inserts pre-rendered JSON (e.g. the resolved scenario) as a value.
  void raw(std::string_view json);
  const std::string& str() const { return out_; }
  // The text moved out, when writing is done: a fleet's report (megabytes) is
  // not copied.
  std::string take() && { return std::move(out_); }

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
