// The plain-subset YAML reader (models/config/yaml_events_plain.cpp) against
// libyaml on arbitrary text: whatever the subset reader accepts, libyaml
// must read too, to the same tree (every node's kind, text, quoting, and
// the line and column of every node and key). A difference aborts, and
// libFuzzer keeps the input.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.hpp"
#include "models/config/yaml_events.hpp"
#include "models/error.hpp"

namespace {

using ls::models::doc::Node;

bool same_place(const ls::models::doc::Where& a, const ls::models::doc::Where& b) {
  return a.line == b.line && a.column == b.column;
}

bool same_tree(const Node& a, const Node& b) {
  if (a.kind() != b.kind() || !same_place(a.where, b.where)) return false;
  switch (a.kind()) {
    case Node::Kind::Null: return true;
    case Node::Kind::Scalar:
      return a.quoted() == b.quoted() && std::string_view(a.text()) == std::string_view(b.text());
    case Node::Kind::List:
      if (a.items().size() != b.items().size()) return false;
      for (std::size_t i = 0; i < a.items().size(); ++i)
        if (!same_tree(a.items()[i], b.items()[i])) return false;
      return true;
    case Node::Kind::Map:
      if (a.entries().size() != b.entries().size()) return false;
      for (std::size_t i = 0; i < a.entries().size(); ++i) {
        const auto& x = a.entries()[i];
        const auto& y = b.entries()[i];
        if (std::string_view(x.key) != std::string_view(y.key) || !same_place(x.where, y.where) ||
            !same_tree(x.value, y.value))
          return false;
      }
      return true;
  }
  return false;
}

[[noreturn]] void differ(const char* what) {
  std::fprintf(stderr, "plain-subset reader and libyaml differ: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(ls::fuzz::as_text(data, size));
  namespace detail = ls::models::doc::detail;
  if (detail::invalid_utf8_at(text) != std::string_view::npos) return 0;  // parse_yaml refuses it
  const ls::SourceLocation root{"t.yaml", 1, 1};
  detail::Builder plain(text, "t.yaml", root);
  try {
    if (!detail::read_plain_yaml(text, plain)) return 0;
  } catch (const ls::Error&) {
    return 0;  // the builder's refusal: parse_yaml reads the text again with libyaml
  }
  detail::Builder reference(text, "t.yaml", root);
  if (detail::read_with_libyaml(text, "t.yaml", reference)) differ("libyaml refuses the text");
  if (plain.has_root() != reference.has_root()) differ("one has a document, the other not");
  if (plain.has_root() && !same_tree(plain.take_root(), reference.take_root())) differ("trees");
  return 0;
}
