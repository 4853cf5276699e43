// The plain subset of YAML, read without a general parser (yaml_events.hpp).
//
// Why: libyaml's events alone took 0.5 s of a 100,000-function fleet's
// 22 MB, more than simulating its 3.6 million requests gains from being
// cut into blocks (issue #20). Generated fleets, `lambdasim import`'s
// output and nearly every scenario a person writes use a small part of
// YAML: block mappings and lists by indentation, one-line flow collections
// ({dist: gamma, mean: 20ms}), plain scalars and quotes without escapes,
// comments. That part is read here by one pass over the lines, giving the
// builder the events libyaml gives, at libyaml's marks.
//
// Anything else - anchors, tags, block scalars, escapes, multi-line
// scalars or flow collections, tabs, CR, the Unicode characters YAML
// treats apart (NEL, LS, PS, BOM, C1 controls), document markers,
// directives, keys near libyaml's 1024-character limit, and every
// malformed line - makes the reader give up, and the file is read by
// libyaml from the start, as before. So the subset only needs to be read
// right, never to be complete; the tests compare its trees with libyaml's
// on every YAML file of the project and on generated corner cases
// (tests/models/yaml_events_test.cpp), and a fuzz target does on any text.
//
// Where it gives up on a line that looks like a slip ("timeout:30s", a key
// indented one space too far), it says so (PlainSlip): when libyaml then
// finds the file malformed just below, the error is reported at the slip.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "models/config/yaml_events.hpp"

namespace ls::models::doc::detail {
namespace {

// Thrown where the text leaves the subset; caught by read_plain_yaml.
struct OutsideSubset {};

[[noreturn]] void give_up() { throw OutsideSubset{}; }

// A character the subset leaves to libyaml: tabs, CR and the other control
// characters, and the UTF-8 characters YAML reads as line breaks (NEL, LS,
// PS), refuses (C1 controls, U+FFFE, U+FFFF) or skips (a byte order mark).
// The text is valid UTF-8 (parse_yaml checks it first).
bool outside_bytes(std::string_view text) {
  const auto at = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u;
  };
  constexpr std::uint64_t kOnes = ~std::uint64_t{0} / 255;  // 0x0101...
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Eight printable ASCII bytes at a time: none below 0x20 (tab, CR, the
    // line feeds, which are checked one by one) and none above 0x7E.
    while (i + 8 <= text.size()) {
      std::uint64_t w = 0;
      std::memcpy(&w, text.data() + i, 8);
      const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & (kOnes * 0x80);
      const std::uint64_t above_tilde = ((w + kOnes) | w) & (kOnes * 0x80);
      if ((below_space | above_tilde) != 0) break;
      i += 8;
    }
    if (i >= text.size()) break;
    const unsigned c = at(i);
    if (c >= 0x20 && c < 0x7F) continue;
    if (c == '\n') continue;
    if (c < 0x80) return true;  // control characters and DEL
    if (c == 0xC2 && at(i + 1) < 0xA0) return true;
    if (c == 0xE2 && at(i + 1) == 0x80 && (at(i + 2) == 0xA8 || at(i + 2) == 0xA9)) return true;
    if (c == 0xEF &&
        ((at(i + 1) == 0xBB && at(i + 2) == 0xBF) || (at(i + 1) == 0xBF && at(i + 2) >= 0xBE)))
      return true;
  }
  return false;
}

// Characters that may not start a plain scalar in the subset. YAML allows
// "-", "?" and ":" before a non-space, and '-' is kept for negative
// numbers; the others are left to libyaml.
bool starts_outside_plain(std::string_view rest) {
  const char c = rest.front();
  if (c == '-') {  // "-5", "-x", "-.5": a plain scalar; "- ", "-," and the like are not
    const char next = rest.size() > 1 ? rest[1] : ' ';
    return !(std::isalnum(static_cast<unsigned char>(next)) || next == '.');
  }
  return std::string_view("?:,[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos;
}

// The longest key a YAML simple key may be (libyaml refuses longer ones).
constexpr std::size_t kMaxSimpleKey = 1024;

class PlainReader {
 public:
  PlainReader(std::string_view text, Builder& builder, PlainSlip* slip)
      : t_(text), b_(builder), slip_(slip) {}

  void read() {
    next_content_line(0);
    if (at_end_) give_up();  // an empty document: left to libyaml
    const std::size_t p = line_start_ + indent_;
    b_.document_start(mark(p));
    block_node(p);
    if (!at_end_) give_up();  // a line less indented than the root
  }

 private:
  // --- lines -------------------------------------------------------------

  // Moves to the first line from `from` on (a line's first byte) that holds
  // more than spaces and a comment. Sets at_end_ when there is none.
  void next_content_line(std::size_t from) {
    const ContentLine line = content_line_from(from, &line_);
    if (line.start == std::string_view::npos) {
      at_end_ = true;
      return;
    }
    line_start_ = line.start;
    eol_ = line.eol;
    indent_ = line.text - line.start;
    const std::string_view text = t_.substr(line.start, line.eol - line.start);
    // Document markers and directives.
    if (text.starts_with("---") || text.starts_with("...") || text.starts_with('%')) give_up();
  }

  // A line holding more than spaces and a comment: its first byte (npos:
  // none), its first character and its end.
  struct ContentLine {
    std::size_t start = std::string_view::npos;
    std::size_t text = 0;
    std::size_t eol = 0;
  };

  // The first content line from `from` on (a line's first byte). Adds the
  // lines passed over to `*skipped` when given.
  ContentLine content_line_from(std::size_t from, long* skipped = nullptr) const {
    for (std::size_t p = from; p < t_.size();) {
      const std::size_t eol = std::min(t_.find('\n', p), t_.size());
      std::size_t q = p;
      while (q < eol && t_[q] == ' ') ++q;
      if (q < eol && t_[q] != '#') return {p, q, eol};
      if (skipped != nullptr) ++*skipped;
      p = eol + 1;
    }
    return {};
  }

  // Ends the current line at `p`: only spaces and a comment may follow.
  void end_line(std::size_t p) {
    p = skip_spaces(p);
    if (p < eol_ && (t_[p] != '#' || t_[p - 1] != ' ')) give_up();
    ++line_;
    next_content_line(eol_ + 1);
  }

  std::size_t skip_spaces(std::size_t p) const {
    while (p < eol_ && t_[p] == ' ') ++p;
    return p;
  }

  Mark mark(std::size_t p) const { return Mark{line_, static_cast<long>(p - line_start_), -1}; }
  std::size_t column(std::size_t p) const { return p - line_start_; }

  // --- slips (yaml_events.hpp: PlainSlip) ---------------------------------

  // `line` (from its first character) without a comment or trailing spaces.
  static std::string_view without_comment(std::string_view line) {
    if (const std::size_t hash = line.find(" #"); hash != std::string_view::npos)
      line = line.substr(0, hash);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    return line;
  }

  // The current line from its indentation, without a comment.
  std::string_view line_text() const {
    return without_comment(t_.substr(line_start_ + indent_, eol_ - line_start_ - indent_));
  }

  // Whether `s` is written with words only: letters, digits, spaces and
  // _ . : / - (none of YAML's other syntax, so that a line outside the
  // subset is not taken for a slip).
  static bool plain_words(std::string_view s) {
    for (const char c : s)
      if (!std::isalnum(static_cast<unsigned char>(c)) &&
          std::string_view(" _.:/-").find(c) == std::string_view::npos)
        return false;
    return !s.empty();
  }

  // Records a slip, when asked for: at `line` and `column`, in the block
  // the builder had open when it was `depth` deep.
  void record_slip(long line, std::size_t column, std::string what, std::size_t depth) const {
    if (slip_ == nullptr) return;
    slip_->line = line;
    slip_->column = static_cast<long>(column);
    slip_->what = std::move(what);
    slip_->path = b_.open_path(depth);
  }

  // Gives up on the current line, recording why it is not what a block
  // expects there when it is written with words only.
  [[noreturn]] void give_up_on_line(std::string what) {
    if (plain_words(line_text())) record_slip(line_, indent_, std::move(what), b_.depth());
    give_up();
  }

  // The current line is deeper than `indent`, where a block's next key or
  // item would be, or is between the block's indentation and an inner
  // one's.
  [[noreturn]] void give_up_on_indentation(std::size_t indent, const char* block) {
    const std::string_view text = line_text();
    if (text.size() > 1 && text[0] == '-' && text[1] != ' ')
      give_up_on_line(
          fmt::format("'{}': a list item is written '- item', with a space after '-'", text));
    // Below a deeper block that just ended: this line, or that block's
    // first, is off; both are named.
    if (ended_indent_ > indent_)
      give_up_on_line(
          fmt::format("'{}' is indented {}, between the {} here (at {}) and the block above it, "
                      "which starts on line {} at {}: one of the two is off",
                      text, spaces(indent_), block, indent, ended_line_ + 1, ended_indent_));
    give_up_on_line(fmt::format("'{}' is indented {}, deeper than the {} here (at {})", text,
                                spaces(indent_), block, indent));
  }

  static std::string spaces(std::size_t n) {
    return n == 1 ? "1 space" : fmt::format("{} spaces", n);
  }

  // "timeout:30s": a ':' before any space.
  static bool colon_without_space(std::string_view text) {
    const std::size_t colon = text.find(':');
    return colon != std::string_view::npos && colon < text.find(' ');
  }

  // What a line that is not a key says: "timeout:30s", "timeout 30s",
  // "prices aws-2025:eu".
  static std::string not_a_key(std::string_view text) {
    if (colon_without_space(text))
      return fmt::format("'{}' has no space after ':' (write 'key: value')", text);
    return fmt::format("'{}' is not 'key: value': it has no ':' after '{}'", text,
                       text.substr(0, text.find(' ')));
  }

  // Whether the next content line reads "key: value" or "key:" in words.
  bool next_line_is_key() const {
    const ContentLine next = content_line_from(eol_ + 1);
    if (next.start == std::string_view::npos) return false;
    const std::string_view line = without_comment(t_.substr(next.text, next.eol - next.text));
    return plain_words(line) && (line.ends_with(':') || line.find(": ") != std::string_view::npos);
  }

  // The indentation of the next content line after the current one (npos:
  // none).
  std::size_t next_indent() const {
    const ContentLine next = content_line_from(eol_ + 1);
    return next.start == std::string_view::npos ? next.start : next.text - next.start;
  }

  // --- scalars -----------------------------------------------------------

  struct Scalar {
    std::size_t begin = 0, end = 0;  // the value's bytes
    std::size_t after = 0;           // the first byte after it (past a closing quote)
    bool quoted = false;
  };

  // A quoted scalar at p without escapes, closed on its line.
  Scalar quoted_scalar(std::size_t p) const {
    const char quote = t_[p];
    const std::size_t close = t_.find(quote, p + 1);
    if (close >= eol_) give_up();  // multi-line
    const std::string_view inside = t_.substr(p + 1, close - p - 1);
    if (quote == '"' && inside.find('\\') != std::string_view::npos) give_up();
    if (quote == '\'' && close + 1 < eol_ && t_[close + 1] == '\'') give_up();  // '' escape
    return {p + 1, close, close + 1, true};
  }

  // A plain scalar at p in a block: it runs to a ": ", a " #" or the end of
  // the line, its trailing spaces left out. `colon`: it stopped at ": ".
  Scalar plain_block_scalar(std::size_t p, bool& colon) const {
    if (starts_outside_plain(t_.substr(p, eol_ - p))) give_up();
    std::size_t last = p;  // after the last non-space
    std::size_t q = p;
    colon = false;
    for (; q < eol_; ++q) {
      const char c = t_[q];
      if (c == ':' && (q + 1 == eol_ || t_[q + 1] == ' ')) {
        colon = true;
        break;
      }
      if (c == '#' && t_[q - 1] == ' ') break;
      // Flow indicators inside a block scalar: YAML versions differ.
      if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') give_up();
      if (c != ' ') last = q + 1;
    }
    return {p, last, last, false};
  }

  // Whether p starts a block mapping's entry ("key: ..."); if so, its key
  // and where its ':' is.
  bool key_at(std::size_t p, Scalar& key, std::size_t& colon_at) const {
    if (t_[p] == '"' || t_[p] == '\'') {
      key = quoted_scalar(p);
      colon_at = key.after;
      if (colon_at >= eol_ || t_[colon_at] != ':' ||
          (colon_at + 1 < eol_ && t_[colon_at + 1] != ' '))
        return false;
    } else {
      if (starts_outside_plain(t_.substr(p, eol_ - p))) return false;
      bool colon = false;
      key = plain_block_scalar(p, colon);
      if (!colon) return false;
      colon_at = skip_spaces(key.end);
    }
    if (colon_at - p >= kMaxSimpleKey) give_up();
    return true;
  }
  bool starts_key(std::size_t p) const {
    Scalar key;
    std::size_t colon_at = 0;
    return key_at(p, key, colon_at);
  }

  void emit(const Scalar& s, std::size_t at) {
    const std::string_view value = t_.substr(s.begin, s.end - s.begin);
    if (!s.quoted && is_null_text(value)) {
      b_.null(mark(at), "");
    } else {
      b_.scalar(mark(at), "", s.quoted, value);
    }
  }

  // --- block collections --------------------------------------------------

  bool is_entry(std::size_t p) const { return t_[p] == '-' && (p + 1 == eol_ || t_[p + 1] == ' '); }

  // The block collection whose first token is at p.
  void block_node(std::size_t p) {
    if (is_entry(p)) {
      block_list(p);
    } else {
      block_map(p);
    }
  }

  // Leaves the reader on the first content line after the map.
  void block_map(std::size_t p) {
    const std::size_t indent = column(p);
    const long first_line = line_;
    b_.start(Node::Kind::Map, mark(p), "");
    for (bool first = true;; first = false) {
      Scalar key;
      std::size_t colon_at = 0;
      if (!key_at(p, key, colon_at)) {
        // A block's first line may be a value written below its key
        // ("scenario:" then "  checkout test"): a slip only when a key
        // follows at its indentation ("preset aws-2025" then "region: x").
        if (first && !(next_indent() == indent_ && next_line_is_key())) give_up();
        give_up_on_line(not_a_key(line_text()));
      }
      emit(key, p);
      map_value(colon_at + 1, indent);
      if (at_end_ || indent_ < indent) break;
      if (indent_ > indent) give_up_on_indentation(indent, "mapping");
      p = line_start_ + indent_;
      if (is_entry(p)) give_up();  // a list where a key belongs
    }
    b_.finish();
    ended_indent_ = indent;
    ended_line_ = first_line;
  }

  // The value of a map entry at `indent`, from p (after the ':').
  void map_value(std::size_t p, std::size_t indent) {
    p = skip_spaces(p);
    if (p == eol_ || t_[p] == '#') {
      const Mark at = mark(p);
      end_line(p);
      if (!at_end_ && indent_ > indent) {
        block_node(line_start_ + indent_);
      } else if (!at_end_ && indent_ == indent && is_entry(line_start_ + indent_)) {
        block_list(line_start_ + indent_);  // a list at the key's indent
      } else {
        b_.null(at, "");  // the builder places it at its key
      }
      return;
    }
    one_line_value(p, indent);
  }

  // A scalar or flow collection from p to the end of the line, in a block
  // collection at `indent`; a deeper line after it would continue it.
  void one_line_value(std::size_t p, std::size_t indent, bool list_item = false) {
    const long value_line = line_;  // end_line moves on
    const std::size_t value_column = column(p);
    std::size_t after = 0;
    if (t_[p] == '{' || t_[p] == '[') {
      flow_open_ = p;
      flow_depth_ = b_.depth();
      after = flow(p);
    } else if (t_[p] == '"' || t_[p] == '\'') {
      const Scalar s = quoted_scalar(p);
      emit(s, p);
      after = s.after;
    } else {
      bool colon = false;
      const Scalar s = plain_block_scalar(p, colon);
      if (colon) give_up();  // "a: b: c"
      emit(s, p);
      after = s.after;
    }
    end_line(after);
    // Deeper: a multi-line scalar (left to libyaml), or a key indented too
    // far, which is a slip.
    if (!at_end_ && indent_ > indent) {
      if (!starts_key(line_start_ + indent_)) give_up();
      // "- function:api" then "  invocation: sync": the item was meant as
      // a map, its first key written without the space.
      const std::string_view item = t_.substr(p, after - p);  // the item's text
      if (list_item && plain_words(item) && colon_without_space(item)) {
        record_slip(value_line, value_column, not_a_key(item), b_.depth() - 1);
        give_up();
      }
      give_up_on_line(
          fmt::format("'{}' is indented {}, deeper than the line above ({}), whose value "
                      "ends on its line",
                      line_text(), spaces(indent_), indent));
    }
  }

  void block_list(std::size_t p) {
    const std::size_t indent = column(p);
    const long first_line = line_;
    b_.start(Node::Kind::List, mark(p), "");
    while (true) {
      const std::size_t q = skip_spaces(p + 1);
      if (q == eol_ || t_[q] == '#') {
        const Mark at = mark(q);
        end_line(q);
        if (!at_end_ && indent_ > indent) {
          block_node(line_start_ + indent_);
        } else {
          b_.null(at, "");  // the builder places it at the list
        }
      } else if (is_entry(q)) {
        give_up();  // "- - x"
      } else if (starts_key(q)) {
        block_map(q);  // "- key: value", the map at the key's column
      } else {
        one_line_value(q, indent, true);
      }
      if (at_end_ || indent_ < indent) break;
      if (indent_ > indent) give_up_on_indentation(indent, "list");
      p = line_start_ + indent_;
      if (!is_entry(p)) break;  // a list at its parent key's indent ends
    }
    b_.finish();
    ended_indent_ = indent;
    ended_line_ = first_line;
  }

  // --- flow collections, on one line --------------------------------------

  // Gives up where a flow collection runs to the end of its line: YAML lets
  // it go on, but when the file is then malformed, an unclosed bracket is
  // the likely slip.
  [[noreturn]] void give_up_unclosed() const {
    // A next line deeper than this one may go on with the collection.
    const std::size_t next = next_indent();
    if (flow_open_ >= line_start_ && flow_open_ < eol_ &&
        (next == std::string_view::npos || next <= indent_))
      record_slip(line_, column(flow_open_),
                  fmt::format("the '{}' opened here is not closed by a '{}'", t_[flow_open_],
                              t_[flow_open_] == '{' ? '}' : ']'),
                  flow_depth_);
    give_up();
  }

  // A plain scalar in a flow collection: to a ',', ':', ']' or '}'.
  Scalar plain_flow_scalar(std::size_t p) const {
    if (starts_outside_plain(t_.substr(p, eol_ - p))) give_up();
    std::size_t last = p;
    std::size_t q = p;
    for (; q < eol_; ++q) {
      const char c = t_[q];
      if (c == ',' || c == ':' || c == ']' || c == '}') break;
      if (c == '#' || c == '[' || c == '{' || c == '"' || c == '\'') give_up();
      if (c != ' ') last = q + 1;
    }
    if (q == eol_) give_up_unclosed();
    return {p, last, last, false};
  }

  // A flow scalar or collection at p; the offset after it.
  std::size_t flow_node(std::size_t p) {
    if (p >= eol_) give_up_unclosed();
    if (t_[p] == '{' || t_[p] == '[') return flow(p);
    const Scalar s = t_[p] == '"' || t_[p] == '\'' ? quoted_scalar(p) : plain_flow_scalar(p);
    emit(s, p);
    return s.after;
  }

  // The flow collection at p ('{' or '['); the offset after its closing
  // bracket. Entries are "key: value" in a map, single nodes in a list.
  std::size_t flow(std::size_t p) {
    const bool map = t_[p] == '{';
    const char close = map ? '}' : ']';
    b_.start(map ? Node::Kind::Map : Node::Kind::List, mark(p), "");
    p = skip_spaces(p + 1);
    if (p < eol_ && t_[p] == close) {
      b_.finish();
      return p + 1;
    }
    while (true) {
      if (p >= eol_) give_up_unclosed();
      if (t_[p] == close || t_[p] == ',') give_up();  // empty entry
      if (map) {
        if (t_[p] == '{' || t_[p] == '[') give_up();  // a collection as a key
        const std::size_t key = p;
        p = skip_spaces(flow_node(p));
        if (p >= eol_) give_up_unclosed();
        if (p + 1 >= eol_ || t_[p] != ':' || t_[p + 1] != ' ') give_up();
        // As in a block: libyaml no longer takes a key whose ':' is 1024
        // characters or more from its start (here a malformed map).
        if (p - key >= kMaxSimpleKey) give_up();
        p = skip_spaces(p + 1);
        if (p >= eol_ || t_[p] == ',' || t_[p] == close) give_up();  // a null value
      }
      p = skip_spaces(flow_node(p));
      if (p >= eol_) give_up_unclosed();
      if (t_[p] == close) break;
      if (t_[p] != ',') give_up();  // "a b: c", or a ':' in a list
      p = skip_spaces(p + 1);
    }
    b_.finish();
    return p + 1;
  }

  std::string_view t_;
  Builder& b_;
  PlainSlip* slip_;  // nullptr: not asked
  // The outermost flow collection of the value being read (its '{' or '[').
  std::size_t flow_open_ = std::string_view::npos;
  std::size_t flow_depth_ = 0;  // the builder's depth there
  // The block collection that ended last: its indentation and first line.
  std::size_t ended_indent_ = 0;
  long ended_line_ = 0;
  std::size_t line_start_ = 0;  // the current content line's first byte
  std::size_t eol_ = 0;         // its end ('\n' or the end of the text)
  std::size_t indent_ = 0;      // its leading spaces
  long line_ = 0;               // its number, 0-based
  bool at_end_ = false;         // no content line is left
};

}  // namespace

bool is_null_text(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool read_plain_yaml(std::string_view text, Builder& builder, PlainSlip* slip) {
  if (outside_bytes(text)) return false;
  try {
    PlainReader(text, builder, slip).read();
    return true;
  } catch (const OutsideSubset&) {
    return false;
  }
}

}  // namespace ls::models::doc::detail
