// Where streamed text goes: a report too big to hold whole (a fleet's JSON is
// ~2.8 KB per function, issue #20) is written piece by piece into a sink, an
// atomically written file (tools/io/atomic_file.hpp) or standard output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace ls::tools {

// How much text a streaming writer gathers before it writes it to the sink:
// large enough that the sink's calls cost nothing, small enough not to count.
inline constexpr std::size_t kSinkChunkBytes = 64 * 1024;

class TextSink {
 public:
  virtual ~TextSink() = default;
  // Appends `text`; throws (ls::Error, Interrupted) when it cannot.
  virtual void write(std::string_view text) = 0;
};

// Passes the text `gathered` so far on to `sink` once it is a chunk
// (`chunk_bytes` or more), keeping the string's buffer for the next one: how
// the streaming writers (JSON, CSV, HTML) write in chunks.
inline void pass_on_chunk(std::string& gathered, TextSink& sink,
                          std::size_t chunk_bytes = kSinkChunkBytes) {
  if (gathered.size() < chunk_bytes) return;
  sink.write(gathered);
  gathered.clear();
}

// A sink that keeps the text, for the callers that want it as a string.
class StringSink final : public TextSink {
 public:
  void write(std::string_view text) override { text_ += text; }
  std::string take() && { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace ls::tools
