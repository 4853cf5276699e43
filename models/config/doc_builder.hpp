// Building a doc::Node tree from a YAML parser's events, with the limits of
// every configuration document (alias expansion, node count, depth, one
// document, unique plain keys) checked as the events arrive. Two parsers
// feed it (yaml_events.hpp): libyaml for speed, yaml-cpp for the messages
// of malformed files. Internal to models/config.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/config/scenario_doc.hpp"

namespace ls::models::doc::detail {

// Where an event starts, 0-based as both parsers count (line < 0: unknown);
// column in bytes. `pos`: the byte offset in the text, or -1 when the
// parser does not give one (then no unclosed-quote check is made).
struct Mark {
  long line = -1;
  long column = -1;
  long pos = -1;
};

class Builder {
 public:
  Builder(std::string_view text, std::string file, const SourceLocation& root_where);

  bool has_root() const { return has_root_; }
  // The key path of the node that was (or, at depth(), is) about to be
  // added when the builder was `depth` deep ("functions.api").
  std::string open_path(std::size_t depth) const { return path_of(depth); }
  std::size_t depth() const { return stack_.size(); }
  Node take_root() { return std::move(root_); }

  // `anchor`: the node's anchor name, "" for none.
  void document_start(const Mark& mark);
  void null(const Mark& mark, const std::string& anchor);
  void alias(const Mark& mark, const std::string& anchor);
  // `quoted`: written in quotes, as a block scalar or with a tag: a string.
  void scalar(const Mark& mark, const std::string& anchor, bool quoted, std::string_view value);
  void start(Node::Kind kind, const Mark& mark, const std::string& anchor);  // List or Map
  void finish();                                                             // its end

 private:
  // A collection being read. Its finished children wait on items_ or
  // entries_ (from `first` on: collections nest, so the innermost one's
  // children are always last) and move into it, exactly sized, when it
  // ends: no vector grows child by child, and the tree holds no spare
  // capacity (a 100,000-function document has 1.5 million nodes).
  struct Frame {
    Node::Kind kind = Node::Kind::Map;  // List or Map
    Where where;
    std::string anchor;
    std::size_t first = 0;     // its first child in items_ or entries_
    std::size_t children = 0;  // read so far
    std::size_t count = 1;     // nodes in the subtree, this one included
    bool have_key = false;     // a map's key read, its value not yet
    Node key;                  // that key, a Scalar
    // A large map's keys, for the duplicate check: open addressing over
    // the indices (+1) of its entries in entries_; empty while small.
    std::vector<std::uint32_t> key_slots;
  };
  struct Anchored {
    Node node;
    std::size_t count = 0;
  };

  Where location(const Mark& mark) const;
  // Key paths for messages, made only when one is thrown: of the node
  // stack_[depth] ("functions.api"), and of the node about to be added.
  std::string path_of(std::size_t depth) const;
  std::string child_path() const;
  void check_depth(const Where& where) const;
  void check_closed_quote(const Mark& mark, const Where& where) const;
  void count_node(const Where& where);
  // The entry of the top map named `key` (nullptr: none yet). Records `key`
  // as the next entry's in its key table.
  const Entry* find_or_reserve_key(Frame& f, std::string_view key);
  void add(Node n, std::size_t count, const std::string& anchor);

  std::string_view text_;
  std::uint32_t file_;  // intern_file_name
  Where root_where_;
  std::vector<Frame> stack_;
  std::vector<Node, TreeAllocator<Node>> items_;      // finished items of the open lists
  std::vector<Entry, TreeAllocator<Entry>> entries_;  // finished entries of the open maps
  std::unordered_map<std::string, Anchored> anchors_;
  std::size_t nodes_ = 0;        // in the tree, copies of aliased nodes included
  std::size_t alias_nodes_ = 0;  // copied for aliases
  int documents_ = 0;
  Node root_;
  bool has_root_ = false;
};

}  // namespace ls::models::doc::detail
