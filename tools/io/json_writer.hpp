// A small streaming JSON writer with deterministic output: keys in the order
// they are written, numbers in their shortest round-trip form, two-space
// indentation. Reports need nothing more, so no JSON library is pulled in.
//
// Two modes, same text: built in a string (str(), take()), or streamed into
// a TextSink in chunks of about `chunk_bytes`, so that a fleet's report is
// never held whole (issue #20). A streaming writer must be flush()ed when
// the document is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tools/io/text_sink.hpp"

namespace ls::tools {

class JsonWriter {
 public:
  static constexpr std::size_t kChunkBytes = kSinkChunkBytes;

  // String mode.
  JsonWriter() = default;
  // Streaming mode: the text goes to `sink` whenever about `chunk_bytes`
  // have gathered, and at flush(). `sink` must outlive the writer.
  explicit JsonWriter(TextSink& sink, std::size_t chunk_bytes = kChunkBytes)
      : sink_(&sink), chunk_bytes_(chunk_bytes) {}

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
  // Streaming mode: sends the text gathered so far to the sink.
  void flush();
  // String mode: the text so far.
  const std::string& str() const { return out_; }
  // String mode: the text moved out, when writing is done: a fleet's report
  // (megabytes) is not copied.
  std::string take() && { return std::move(out_); }

  // `text` as a quoted JSON string (models/json_string.hpp).
  static std::string escape(std::string_view text);

 private:
  void before_value();
  void newline();
  // Streaming mode: flushes once a chunk has gathered.
  void written() {
    if (sink_) pass_on_chunk(out_, *sink_, chunk_bytes_);
  }
  std::string out_;  // the document (string mode) or the unflushed text
  TextSink* sink_ = nullptr;
  std::size_t chunk_bytes_ = 0;
  // Per open container: whether it already has an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace ls::tools
