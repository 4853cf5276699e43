// A scenario document as parsed YAML: a small tree of maps, lists and
// scalars in which every node remembers the file, line and column it came
// from. Internal to the scenario loader.
//
// Why not keep yaml-cpp nodes: the loader merges three sources (a preset
// file, the scenario file, --set arguments) into one document before reading
// it, and an error must still name the source of the offending node; a
// yaml-cpp mark has no file name. Maps also keep their keys in document
// order, which makes the resolved-scenario JSON deterministic. yaml-cpp
// stays inside scenario_doc.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "models/config/tree_memory.hpp"
#include "models/error.hpp"

namespace ls::models::doc {

struct Entry;
class Node;

// Where a node came from: a SourceLocation whose file name is shared by
// every node of a document rather than copied into each (a million nodes
// at 100,000 functions: a heap string apiece was a fifth of loading), as a
// 32-bit index into the process's file names (12 bytes in all).
// Converts to and from SourceLocation, so errors take it as they are.
struct Where {
  std::uint32_t file_id = 0;  // intern_file_name; 0: ""
  int line = 0;               // 1-based; 0 when unknown
  int column = 0;             // 1-based; 0 when unknown

  Where() = default;
  Where(std::uint32_t file, int line_, int column_) : file_id(file), line(line_), column(column_) {}
  Where(const SourceLocation& at);  // NOLINT(google-explicit-constructor): interns at.file
  operator SourceLocation() const { return SourceLocation{file(), line, column}; }  // NOLINT
  const std::string& file() const;
};

// The index of `file` for Where ("" is 0): the name is kept for the life of
// the process (a process reads a handful of distinct files). Thread-safe.
std::uint32_t intern_file_name(const std::string& file);

// A node's text or a map key: a view of bytes the tree owns, valid while
// the node (or entry) it came from is alive and unchanged. Converts to
// std::string_view and std::string, compares with strings and joins them
// with +, so that messages are written as with the std::string it was.
class Text {
 public:
  Text() = default;
  explicit Text(std::string_view text)
      : data_(text.data()), bits_(static_cast<std::uint32_t>(text.size())) {}
  // A copy is a view: only the Entry that owns a key frees it.
  Text(const Text& other) : data_(other.data_), bits_(other.bits_ & kSizeMask) {}
  Text& operator=(const Text&) = delete;
  ~Text() = default;

  std::string_view view() const { return {data_, size()}; }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  operator std::string() const { return std::string(view()); }  // NOLINT
  std::string str() const { return std::string(view()); }
  const char* data() const { return empty() ? "" : data_; }
  std::size_t size() const { return bits_ & kSizeMask; }
  bool empty() const { return size() == 0; }
  char front() const { return empty() ? '\0' : data_[0]; }  // '\0' as std::string's
  bool starts_with(std::string_view s) const { return view().starts_with(s); }
  std::size_t find(char c, std::size_t from = 0) const { return view().find(c, from); }
  std::size_t find_first_of(std::string_view s) const { return view().find_first_of(s); }

  friend bool operator==(const Text& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const Text& a, const Text& b) { return a.view() == b.view(); }
  friend std::string operator+(std::string a, const Text& b) { return a.append(b.view()); }
  friend std::string operator+(const Text& a, std::string_view b) {
    return std::string(a.view()).append(b);
  }
  friend std::string operator+(const char* a, const Text& b) {
    return std::string(a).append(b.view());
  }

 private:
  friend struct Entry;
  static constexpr std::uint32_t kSizeMask = (1u << 30) - 1;
  const char* data_ = nullptr;
  // The size, and above it (an Entry's key) the Origin of the bytes: 12
  // bytes of data, so that an Entry puts its Where in the rest.
  std::uint32_t bits_ = 0;
};

// A node: 24 bytes. Its text (Scalar) or children (List, Map) are one
// array the node owns, from the load's arena (tree_memory.hpp) while one
// is open: a 100,000-function scenario has about 1.6 million nodes, which
// as std::string text and two std::vectors took 250 MB, now 95 MB.
class Node {
 public:
  enum class Kind : std::uint8_t { Null, Scalar, List, Map };

  Node() = default;
  Node(const Node& other);
  Node(Node&& other) noexcept;
  Node& operator=(const Node& other);
  Node& operator=(Node&& other) noexcept;
  // A moved-from node (most temporaries of a load) has nothing to free.
  ~Node() {
    if (data_ != nullptr) clear();
  }

  static Node scalar(std::string_view text, const Where& where, bool quoted = false);
  // A List or a Map of the `count` elements from `items` or `entries` on,
  // moved out of them (the tree builder's stacks) into one array.
  static Node list(Node* items, std::size_t count, const Where& where);
  static Node map(Entry* entries, std::size_t count, const Where& where);

  Kind kind() const { return static_cast<Kind>((bits_ >> kKindShift) & 3u); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_scalar() const { return kind() == Kind::Scalar; }
  bool is_list() const { return kind() == Kind::List; }
  bool is_map() const { return kind() == Kind::Map; }
  // A Scalar written in quotes (or tagged): always a string.
  bool quoted() const { return (bits_ >> kQuotedShift) != 0; }
  void set_quoted(bool quoted);

  Text text() const;                    // Scalar; "" otherwise
  std::span<const Node> items() const;  // List; empty otherwise
  std::span<Node> items();
  std::span<const Entry> entries() const;  // Map, in document order, keys unique; empty otherwise
  std::span<Entry> entries();
  const Node* find(std::string_view key) const;  // Map entry, or nullptr
  Node* find(std::string_view key);

  // Edits, for merging and resolving documents: a few per load, each
  // copying the array it changes.
  void make_map();                       // a Null node becomes an empty Map
  void set_text(std::string_view text);  // becomes a Scalar holding `text`
  void push_back(Entry entry);           // Map: a key it does not have
  void insert_front(Entry entry);        // Map: a key it does not have
  void push_back(Node item);             // List
  template <class Pred>
  void erase_entries_if(Pred pred);  // Map; keeps the others' order

 private:
  // list() and map(): a `kind` node owning the `count` elements moved from `from` on.
  template <class T>
  static Node collection(Kind kind, T* from, std::size_t count, const Where& where);
  // bits_: the size (bytes of text, or children; at most 2^27 - 1, beyond
  // any file's limit), the kind, the Origin of data_, quoted.
  static constexpr unsigned kKindShift = 27;
  static constexpr unsigned kOriginShift = 29;
  static constexpr unsigned kQuotedShift = 31;
  static constexpr std::uint32_t kSizeMask = (1u << kKindShift) - 1;

  std::size_t size() const { return bits_ & kSizeMask; }
  Origin origin() const { return static_cast<Origin>((bits_ >> kOriginShift) & 3u); }
  void set_size(std::size_t size);  // throws std::length_error beyond kSizeMask
  void set_kind(Kind kind);
  void set_origin(Origin origin);
  void release_data() noexcept;  // data_ and size forgotten (taken by another), kind kept
  void clear() noexcept;
  void copy_from(const Node& other);
  // push_back and insert_front: the array rebuilt with `added` (a Node or
  // an Entry) last or first.
  template <class T>
  void add_element(T& added, bool added_first);
  friend struct Entry;

  void* data_ = nullptr;  // Scalar: the text; List: Node[size]; Map: Entry[size]
  std::uint32_t bits_ = 0;

 public:
  Where where;
};

struct Entry {
  Entry() = default;
  Entry(std::string_view key, const Where& where, Node value);
  // Takes the text and location of the Scalar `key` (the tree builder's).
  Entry(Node&& key, Node value);
  Entry(const Entry& other);
  Entry(Entry&& other) noexcept;
  Entry& operator=(const Entry& other);
  Entry& operator=(Entry&& other) noexcept;
  ~Entry();

  // Owned by the entry. Where goes into the rest of its 16 bytes: an entry
  // is 48 bytes.
  [[no_unique_address]] Text key;
  Where where;  // of the key
  Node value;

 private:
  friend class Node;
  // The key's bytes are `data` (from tree memory of `origin`), now the entry's.
  void own_key(const char* data, std::size_t size, Origin origin) noexcept;
  void copy_key(std::string_view text);  // a copy of `text` as the key
  void take_key(Entry& other) noexcept;
  void free_key() noexcept;
};

template <class Pred>
void Node::erase_entries_if(Pred pred) {
  if (!is_map()) return;
  auto* entries = static_cast<Entry*>(data_);
  const std::size_t count = size();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (pred(static_cast<const Entry&>(entries[i]))) continue;
    if (kept != i) entries[kept] = std::move(entries[i]);
    ++kept;
  }
  for (std::size_t i = kept; i < count; ++i) entries[i].~Entry();
  set_size(kept);  // the array is not shrunk: freed with the node
}

// Limits of every configuration document (docs/limits.md): nodes after
// aliases are expanded (a 100,000-function scenario has about 1.6 million;
// a node takes 24 bytes, a map entry 48, plus its text) and nesting depth
// (a scenario needs 8).
inline constexpr std::size_t kMaxNodes = 5'000'000;
// Nodes that aliases may copy in one document: far more than any sharing of
// a distribution needs, far less than a "billion laughs" expands to.
inline constexpr std::size_t kMaxAliasNodes = 100'000;
inline constexpr std::size_t kMaxDepth = 64;

// Parses a YAML document; `file` names it in locations and errors. Malformed
// YAML, invalid UTF-8, a second document, duplicate keys, keys that are not
// plain scalars, an unclosed quote and documents beyond the limits above
// throw ls::Error. An empty document is a Null node.
Node parse_yaml(const std::string& text, const std::string& file);

// Parses a command-line value (a YAML scalar or flow collection); every node
// is located at `where`.
Node parse_value(const std::string& text, const SourceLocation& where);

// Compact JSON: keys in document order; unquoted scalars that are JSON
// numbers, true, false or null stay bare, everything else is a string.
std::string to_json(const Node& node);

// A short description for messages: the scalar text, "a mapping", "a list",
// "nothing".
std::string describe(const Node& node);

}  // namespace ls::models::doc
