// libyaml's events, forwarded to the builder (yaml_events.hpp).
#include <yaml.h>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "models/config/yaml_events.hpp"

namespace ls::models::doc::detail {
namespace {

// libyaml counts marks in characters, yaml-cpp (and our messages) in
// bytes. The byte offset of character `index`: the index plus the extra
// bytes of the multi-byte characters before it (none in an ASCII file).
class ByteOffsets {
 public:
  explicit ByteOffsets(std::string_view text) {
    std::size_t chars = 0;
    std::size_t extra = 0;
    for (std::size_t i = 0; i < text.size(); ++chars) {
      const auto c = static_cast<unsigned char>(text[i]);
      const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;  // valid UTF-8
      if (len > 1) multibyte_.emplace_back(chars, extra += len - 1);
      i += len;
    }
  }
  long operator()(std::size_t index) const {
    // The last multi-byte character before `index`.
    const auto it = std::lower_bound(multibyte_.begin(), multibyte_.end(), index,
                                     [](const auto& m, std::size_t i) { return m.first < i; });
    return static_cast<long>(index + (it == multibyte_.begin() ? 0 : std::prev(it)->second));
  }

 private:
  std::vector<std::pair<std::size_t, std::size_t>> multibyte_;  // (index, extra bytes so far)
};

std::string anchor_name(const yaml_char_t* anchor) {
  return anchor == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(anchor));
}

struct Parser {
  yaml_parser_t p;
  Parser() { yaml_parser_initialize(&p); }
  ~Parser() { yaml_parser_delete(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

struct Event {
  yaml_event_t e{};
  Event() = default;
  ~Event() { yaml_event_delete(&e); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
};

}  // namespace

std::optional<Error> read_with_libyaml(const std::string& text, const std::string& file,
                                       Builder& builder) {
  const ByteOffsets bytes(text);
  const auto mark_of = [&](const yaml_mark_t& m) {
    return Mark{static_cast<long>(m.line), bytes(m.index) - bytes(m.index - m.column), -1};
  };
  Parser parser;
  yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  try {
    while (true) {
      Event event;
      if (!yaml_parser_parse(&parser.p, &event.e)) {
        const Mark at = mark_of(parser.p.problem_mark);
        std::string message = "malformed YAML: ";
        message += parser.p.problem != nullptr ? parser.p.problem : "unreadable";
        if (parser.p.context != nullptr) message += std::string(" ") + parser.p.context;
        return Error(
            SourceLocation{file, static_cast<int>(at.line + 1), static_cast<int>(at.column + 1)},
            "", message);
      }
      const yaml_event_t& e = event.e;
      const Mark at = mark_of(e.start_mark);
      switch (e.type) {
        case YAML_STREAM_END_EVENT: return std::nullopt;
        case YAML_DOCUMENT_START_EVENT: builder.document_start(at); break;
        case YAML_ALIAS_EVENT: builder.alias(at, anchor_name(e.data.alias.anchor)); break;
        case YAML_SCALAR_EVENT: {
          const auto& s = e.data.scalar;
          const std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
          const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE && s.tag == nullptr;
          if (plain && is_null_text(value)) {
            builder.null(at, anchor_name(s.anchor));
          } else {
            builder.scalar(at, anchor_name(s.anchor), !plain, value);
          }
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
          builder.start(Node::Kind::List, at, anchor_name(e.data.sequence_start.anchor));
          break;
        case YAML_MAPPING_START_EVENT:
          builder.start(Node::Kind::Map, at, anchor_name(e.data.mapping_start.anchor));
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: builder.finish(); break;
        default: break;  // stream start, document end, no event
      }
    }
  } catch (const Error& e) {
    return e;
  }
}

}  // namespace ls::models::doc::detail
