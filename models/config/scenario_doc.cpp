#include "models/config/scenario_doc.hpp"

#include <yaml-cpp/exceptions.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "models/config/yaml_events.hpp"
#include "models/json_string.hpp"

namespace ls::models::doc {

std::size_t detail::invalid_utf8_at(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII eight bytes at a time (a 100,000-function file is 22 MB of it).
    if (std::uint64_t w = 0; i + 8 <= text.size()) {
      std::memcpy(&w, text.data() + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2, min = 0x80, code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, min = 0x800, code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, min = 0x10000, code = c & 0x07;
    } else {
      return i;
    }
    if (i + len > text.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      code = (code << 6) | (cc & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

namespace {

// Parses `text` with the Builder. `where` locates errors that have no
// position of their own (invalid UTF-8 in a command-line value).
Node build(const std::string& text, const std::string& file, const SourceLocation& root_where,
           const std::string& what) {
  if (const std::size_t bad = detail::invalid_utf8_at(text); bad != std::string_view::npos) {
    SourceLocation at = root_where;
    if (at.line > 0) {  // a file: the line and column of the byte
      at.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n'));
      const std::size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
      at.column = static_cast<int>(
                      bad - (line_start == std::string::npos || bad == 0 ? 0 : line_start + 1)) +
                  1;
    }
    throw Error(at, "",
                "invalid UTF-8 at byte offset " + std::to_string(bad) + " of the " + what +
                    " (text must be UTF-8)");
  }
  // The plain subset is read without libyaml (yaml_events.hpp); a file
  // outside it, or that the builder refuses, is read again from the start
  // by libyaml, so that every message is the one below.
  detail::PlainSlip slip;
  {
    detail::Builder plain(text, file, root_where);
    try {
      if (detail::read_plain_yaml(text, plain, &slip)) return plain.take_root();
    } catch (const Error&) {
    }
  }
  // libyaml builds the tree; a file it cannot read whole is read again by
  // yaml-cpp, whose message (or the builder's, at yaml-cpp's marks) is the
  // one users have always seen. Only when yaml-cpp accepts what libyaml
  // refused is libyaml's own message given.
  detail::Builder builder(text, file, root_where);
  if (auto problem = detail::read_with_libyaml(text, file, builder)) {
    detail::Builder again(text, file, root_where);
    try {
      detail::read_with_yaml_cpp(text, again);
    } catch (const YAML::ParserException& e) {
      // A slip the subset reader found on the parser's line or up to two
      // before it is what to fix; the parser's words follow.
      const long line = e.mark.line;
      if (what == "file" && slip.line >= 0 && line >= slip.line && line - slip.line <= 2) {
        throw Error(SourceLocation{file, static_cast<int>(slip.line + 1),
                                   static_cast<int>(slip.column + 1)},
                    slip.path,
                    "malformed YAML: " + slip.what + " (the parser stopped at " +
                        std::to_string(line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " +
                        e.msg + ")");
      }
      throw;
    }
    throw *problem;
  }
  if (!builder.has_root()) {
    Node empty;
    empty.where = root_where;
    return empty;
  }
  return builder.take_root();
}

void relocate(Node& node, const SourceLocation& where) {
  node.where = where;
  for (auto& item : node.items()) relocate(item, where);
  for (auto& e : node.entries()) {
    e.where = where;
    relocate(e.value, where);
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i - start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

bool is_bare_json(const Node& scalar) {
  return !scalar.quoted() && (is_json_number(scalar.text()) || scalar.text() == "true" ||
                              scalar.text() == "false" || scalar.text() == "null");
}

// The length of append_json's text, so that to_json allocates it once: at
// 100,000 functions it is 20 MB, and grown by doubling, its last copy held
// 16 MB more at the peak of loading.
std::size_t json_size(const Node& node) {
  switch (node.kind()) {
    case Node::Kind::Null: return 4;
    case Node::Kind::Scalar:
      return is_bare_json(node) ? node.text().size() : json_string_size(node.text());
    case Node::Kind::List: {
      std::size_t n = 2 + (node.items().empty() ? 0 : node.items().size() - 1);
      for (const auto& item : node.items()) n += json_size(item);
      return n;
    }
    case Node::Kind::Map: {
      std::size_t n = 2 + (node.entries().empty() ? 0 : node.entries().size() - 1);
      for (const auto& e : node.entries()) n += json_string_size(e.key) + 1 + json_size(e.value);
      return n;
    }
  }
  return 0;
}

void append_json(std::string& out, const Node& node) {
  switch (node.kind()) {
    case Node::Kind::Null: out += "null"; break;
    case Node::Kind::Scalar:
      if (is_bare_json(node)) {
        out += node.text();
      } else {
        append_json_string(out, node.text());
      }
      break;
    case Node::Kind::List:
      out += '[';
      for (std::size_t i = 0; i < node.items().size(); ++i) {
        if (i > 0) out += ',';
        append_json(out, node.items()[i]);
      }
      out += ']';
      break;
    case Node::Kind::Map:
      out += '{';
      for (std::size_t i = 0; i < node.entries().size(); ++i) {
        if (i > 0) out += ',';
        append_json_string(out, node.entries()[i].key);
        out += ':';
        append_json(out, node.entries()[i].value);
      }
      out += '}';
      break;
  }
}

}  // namespace

namespace {

// The names Where's file_id indexes (id - 1), and their ids.
struct FileNames {
  std::mutex mutex;
  std::deque<std::string> names;  // elements never move
  std::unordered_map<std::string_view, std::uint32_t> ids;
};

FileNames& file_names() {
  static FileNames names;
  return names;
}

}  // namespace

std::uint32_t intern_file_name(const std::string& file) {
  if (file.empty()) return 0;
  FileNames& t = file_names();
  const std::lock_guard<std::mutex> lock(t.mutex);
  if (const auto it = t.ids.find(file); it != t.ids.end()) return it->second;
  t.names.push_back(file);
  const auto id = static_cast<std::uint32_t>(t.names.size());
  t.ids.emplace(t.names.back(), id);
  return id;
}

Where::Where(const SourceLocation& at)
    : file_id(intern_file_name(at.file)), line(at.line), column(at.column) {}

const std::string& Where::file() const {
  static const std::string none;
  if (file_id == 0) return none;
  FileNames& t = file_names();
  const std::lock_guard<std::mutex> lock(t.mutex);
  return t.names[file_id - 1];
}

// ---- Node and Entry: the arrays they own ----

namespace {

// `text` copied into tree memory (nullptr when empty).
char* copy_text(std::string_view text, Origin& origin) {
  origin = Origin::None;
  if (text.empty()) return nullptr;
  auto* p = static_cast<char*>(allocate_node_bytes(text.size(), 1, origin));
  std::memcpy(p, text.data(), text.size());
  return p;
}

// An array of `count` T in tree memory, each made by make(p, i) in turn;
// on an exception the ones made are destroyed and the array freed.
template <class T, class Make>
T* make_array(std::size_t count, Origin& origin, Make make) {
  origin = Origin::None;
  if (count == 0) return nullptr;
  static_assert(alignof(T) <= 16);
  T* array = static_cast<T*>(allocate_node_bytes(count * sizeof(T), alignof(T), origin));
  std::size_t made = 0;
  try {
    for (; made < count; ++made) make(array + made, made);
  } catch (...) {
    for (std::size_t i = 0; i < made; ++i) array[i].~T();
    free_node_bytes(array, origin);
    throw;
  }
  return array;
}

template <class T>
void destroy_array(T* array, std::size_t count, Origin origin) noexcept {
  for (std::size_t i = 0; i < count; ++i) array[i].~T();
  free_node_bytes(array, origin);
}

// The size bits of a key's Text: its length, and its Origin above it.
constexpr unsigned kKeyOriginShift = 30;

}  // namespace

// What #20 made them (on 64-bit targets): a node 24 bytes, an entry 48.
static_assert(sizeof(void*) != 8 || (sizeof(Node) == 24 && sizeof(Entry) == 48));

void Node::set_size(std::size_t size) {
  if (size > kSizeMask) throw std::length_error("a YAML node over 128 MB or 128 M children");
  bits_ = (bits_ & ~kSizeMask) | static_cast<std::uint32_t>(size);
}

void Node::set_kind(Kind kind) {
  bits_ = (bits_ & ~(3u << kKindShift)) | (static_cast<std::uint32_t>(kind) << kKindShift);
}

void Node::set_origin(Origin origin) {
  bits_ = (bits_ & ~(3u << kOriginShift)) | (static_cast<std::uint32_t>(origin) << kOriginShift);
}

void Node::set_quoted(bool quoted) {
  bits_ = (bits_ & ~(1u << kQuotedShift)) | (static_cast<std::uint32_t>(quoted) << kQuotedShift);
}

// Moved from, a node keeps its kind, empty: as the std::string and vectors
// it was made of did.
void Node::release_data() noexcept {
  data_ = nullptr;
  bits_ &= ~(kSizeMask | (3u << kOriginShift));
}

Node::Node(const Node& other) { copy_from(other); }

Node::Node(Node&& other) noexcept : data_(other.data_), bits_(other.bits_), where(other.where) {
  other.release_data();
}

Node& Node::operator=(const Node& other) {
  if (this != &other) *this = Node(other);
  return *this;
}

// `other` may be inside this node: the old contents go only once it is
// taken.
Node& Node::operator=(Node&& other) noexcept {
  if (this == &other) return *this;
  Node old(std::move(*this));
  data_ = other.data_;
  bits_ = other.bits_;
  where = other.where;
  other.release_data();
  return *this;
}

void Node::clear() noexcept {
  switch (kind()) {
    case Kind::Null: break;
    case Kind::Scalar: free_node_bytes(data_, origin()); break;
    case Kind::List: destroy_array(static_cast<Node*>(data_), size(), origin()); break;
    case Kind::Map: destroy_array(static_cast<Entry*>(data_), size(), origin()); break;
  }
  release_data();
}

void Node::copy_from(const Node& other) {
  where = other.where;
  bits_ = other.bits_;
  Origin origin = Origin::None;
  switch (other.kind()) {
    case Kind::Null: break;
    case Kind::Scalar: data_ = copy_text(other.text(), origin); break;
    case Kind::List: {
      const auto* from = static_cast<const Node*>(other.data_);
      data_ =
          make_array<Node>(size(), origin, [&](Node* p, std::size_t i) { new (p) Node(from[i]); });
      break;
    }
    case Kind::Map: {
      const auto* from = static_cast<const Entry*>(other.data_);
      data_ = make_array<Entry>(size(), origin,
                                [&](Entry* p, std::size_t i) { new (p) Entry(from[i]); });
      break;
    }
  }
  set_origin(origin);
}

Node Node::scalar(std::string_view text, const Where& where, bool quoted) {
  Node n;
  n.where = where;
  n.set_text(text);
  n.set_quoted(quoted);
  return n;
}

template <class T>
Node Node::collection(Kind kind, T* from, std::size_t count, const Where& where) {
  Node n;
  n.where = where;
  n.set_kind(kind);
  n.set_size(count);
  Origin origin = Origin::None;
  n.data_ =
      make_array<T>(count, origin, [&](T* p, std::size_t i) { new (p) T(std::move(from[i])); });
  n.set_origin(origin);
  return n;
}

Node Node::list(Node* items, std::size_t count, const Where& where) {
  return collection(Kind::List, items, count, where);
}

Node Node::map(Entry* entries, std::size_t count, const Where& where) {
  return collection(Kind::Map, entries, count, where);
}

Text Node::text() const {
  if (!is_scalar()) return Text();
  return Text(std::string_view(static_cast<const char*>(data_), size()));
}

std::span<const Node> Node::items() const {
  if (!is_list()) return {};
  return {static_cast<const Node*>(data_), size()};
}

std::span<Node> Node::items() {
  if (!is_list()) return {};
  return {static_cast<Node*>(data_), size()};
}

std::span<const Entry> Node::entries() const {
  if (!is_map()) return {};
  return {static_cast<const Entry*>(data_), size()};
}

std::span<Entry> Node::entries() {
  if (!is_map()) return {};
  return {static_cast<Entry*>(data_), size()};
}

const Node* Node::find(std::string_view key) const {
  for (const auto& e : entries()) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node* Node::find(std::string_view key) {
  for (auto& e : entries()) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

void Node::make_map() {
  if (is_null()) set_kind(Kind::Map);
}

void Node::set_text(std::string_view text) {
  if (text.size() > kSizeMask) throw std::length_error("a YAML scalar over 128 MB");
  Origin origin = Origin::None;
  char* copy = copy_text(text, origin);  // before clear(): `text` may be this node's
  clear();
  set_kind(Kind::Scalar);
  data_ = copy;
  set_size(text.size());
  set_origin(origin);
}

void Node::push_back(Entry entry) {
  if (!is_map()) throw std::logic_error("doc::Node: an entry added to a node that is not a map");
  add_element(entry, false);
}

void Node::insert_front(Entry entry) {
  if (!is_map()) throw std::logic_error("doc::Node: an entry added to a node that is not a map");
  add_element(entry, true);
}

void Node::push_back(Node item) {
  if (!is_list()) throw std::logic_error("doc::Node: an item added to a node that is not a list");
  add_element(item, false);
}

// The elements (T: Node for a List, Entry for a Map) with `added` put last
// or first, in a new array.
template <class T>
void Node::add_element(T& added, bool added_first) {
  const std::size_t count = size() + 1;
  if (count > kSizeMask)
    throw std::length_error(std::is_same_v<T, Entry> ? "a YAML mapping of over 128 M entries"
                                                     : "a YAML list of over 128 M items");
  auto* old = static_cast<T*>(data_);
  Origin origin = Origin::None;
  T* array = make_array<T>(count, origin, [&](T* p, std::size_t i) {
    if (added_first ? i == 0 : i == count - 1) {
      new (p) T(std::move(added));
    } else {
      new (p) T(std::move(old[added_first ? i - 1 : i]));
    }
  });
  destroy_array(old, size(), this->origin());
  data_ = array;
  set_size(count);
  set_origin(origin);
}

Entry::Entry(std::string_view key_text, const Where& where_, Node value_)
    : where(where_), value(std::move(value_)) {
  if (key_text.size() > Text::kSizeMask) throw std::length_error("a YAML key over 1 GB");
  copy_key(key_text);
}

Entry::Entry(Node&& key_scalar, Node value_) : where(key_scalar.where), value(std::move(value_)) {
  own_key(static_cast<const char*>(key_scalar.data_), key_scalar.size(), key_scalar.origin());
  key_scalar.release_data();
}

Entry::Entry(const Entry& other) : where(other.where), value(other.value) { copy_key(other.key); }

Entry::Entry(Entry&& other) noexcept : where(other.where), value(std::move(other.value)) {
  take_key(other);
}

Entry& Entry::operator=(const Entry& other) {
  if (this != &other) *this = Entry(other);
  return *this;
}

Entry& Entry::operator=(Entry&& other) noexcept {
  if (this == &other) return *this;
  free_key();
  take_key(other);
  where = other.where;
  value = std::move(other.value);
  return *this;
}

Entry::~Entry() { free_key(); }

void Entry::own_key(const char* data, std::size_t size, Origin origin) noexcept {
  key.data_ = data;
  key.bits_ =
      static_cast<std::uint32_t>(size) | (static_cast<std::uint32_t>(origin) << kKeyOriginShift);
}

void Entry::copy_key(std::string_view text) {
  Origin origin = Origin::None;
  const char* copy = copy_text(text, origin);
  own_key(copy, text.size(), origin);
}

void Entry::take_key(Entry& other) noexcept {
  key.data_ = other.key.data_;
  key.bits_ = other.key.bits_;
  other.key.data_ = nullptr;
  other.key.bits_ = 0;
}

void Entry::free_key() noexcept {
  free_node_bytes(const_cast<char*>(key.data_), static_cast<Origin>(key.bits_ >> kKeyOriginShift));
  key.data_ = nullptr;
  key.bits_ = 0;
}

namespace {
// The 0-based line, of `line` and the two before it, whose indentation holds
// a tab (YAML indents with spaces only; the parser's words do not say so).
std::optional<long> tab_indented_line_near(const std::string& text, long line) {
  long at = 0;
  std::size_t start = 0;
  while (at <= line && start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    if (at >= line - 2) {
      for (std::size_t i = start; i < end && (text[i] == ' ' || text[i] == '\t'); ++i)
        if (text[i] == '\t') return at;
    }
    start = end + 1;
    ++at;
  }
  return std::nullopt;
}
}  // namespace

Node parse_yaml(const std::string& text, const std::string& file) {
  try {
    return build(text, file, SourceLocation{file, 1, 1}, "file");
  } catch (const YAML::ParserException& e) {
    const SourceLocation at = e.mark.line < 0
                                  ? SourceLocation{file, 0, 0}
                                  : SourceLocation{file, e.mark.line + 1, e.mark.column + 1};
    std::string hint;
    if (e.mark.line >= 0)
      if (const auto tab = tab_indented_line_near(text, e.mark.line))
        hint = " (line " + std::to_string(*tab + 1) +
               " is indented with a tab: YAML indents with spaces only)";
    throw Error(at, "", "malformed YAML: " + e.msg + hint);
  }
}

Node parse_value(const std::string& text, const SourceLocation& where) {
  Node node;
  try {
    node = build(text, where.file, where, "value");
  } catch (const YAML::ParserException& e) {
    throw Error(where, "", "malformed value '" + text + "': " + e.msg);
  } catch (const Error& e) {  // located in the value's text: name the option instead
    throw Error(where, e.key_path(), e.message());
  }
  relocate(node, where);
  return node;
}

std::string to_json(const Node& node) {
  std::string out;
  out.reserve(json_size(node));
  advise_huge_pages(out.data(), out.capacity());
  append_json(out, node);
  return out;
}

std::string describe(const Node& node) {
  switch (node.kind()) {
    case Node::Kind::Null: return "nothing";
    case Node::Kind::Scalar: return node.text();
    case Node::Kind::List: return node.items().empty() ? "an empty list" : "a list";
    case Node::Kind::Map: return node.entries().empty() ? "an empty mapping" : "a mapping";
  }
  return "";
}

}  // namespace ls::models::doc
