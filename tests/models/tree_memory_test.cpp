// Where doc trees live (models/config/tree_memory.hpp): inside a TreeArena
// scope, from its arena (small vectors) or mapped alone (large ones);
// outside, from malloc. Each test builds a tree whose contents are known
// from the text that made it, and reads it back after the scope is gone or
// on another thread, so that a block unmapped too early fails here (a
// fault in the Release run; under ASan the arena gives way to malloc, so
// that ASan sees each vector's bounds, and a tree used after its free is
// reported instead).
#include "models/config/tree_memory.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "models/config/scenario_doc.hpp"

namespace ls::models {
namespace {

// A mapping of `n` keys k0..k(n-1), each a flow mapping {v: i, w: [i, i]}.
std::string numbered_map(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    const std::string v = std::to_string(i);
    text += "k" + v + ": {v: " + v + ", w: [" + v + ", " + v + "]}\n";
  }
  return text;
}

void expect_numbered(const doc::Node& root, int n) {
  ASSERT_TRUE(root.is_map());
  ASSERT_EQ(root.entries().size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; i += n / 7 + 1) {
    const std::string v = std::to_string(i);
    const doc::Entry& e = root.entries()[static_cast<std::size_t>(i)];
    EXPECT_EQ(e.key, "k" + v);
    EXPECT_EQ(e.where.line, i + 1);
    EXPECT_EQ(e.value.find("v")->text(), v);
    ASSERT_EQ(e.value.find("w")->items().size(), 2u);
    EXPECT_EQ(e.value.find("w")->items()[1].text(), v);
  }
}

TEST(TreeMemory, TreesOutliveTheirArena) {
  // 30,000 entries: the top map's array (30,000 x 64 bytes) is mapped
  // alone; the values' small arrays and texts fill more than one 4 MB block.
  doc::Node kept;
  {
    const doc::TreeArena arena;
    doc::Node dropped = doc::parse_yaml(numbered_map(10), "a.yaml");
    kept = doc::parse_yaml(numbered_map(30'000), "b.yaml");
    expect_numbered(dropped, 10);
  }
  expect_numbered(kept, 30'000);
  // Copied and changed after the scope: from malloc, freed alongside.
  doc::Node copy = kept;
  copy.erase_entries_if([](const doc::Entry& e) { return e.key != "k0"; });
  copy.entries().front().value.find("w")->push_back(copy.entries().front().value);
  EXPECT_EQ(copy.entries().front().value.find("w")->items().size(), 3u);
  expect_numbered(kept, 30'000);
}

TEST(TreeMemory, NestedArenasAndAnotherThreadFreeing) {
  doc::Node outer_tree;
  doc::Node inner_tree;
  {
    const doc::TreeArena outer;
    {
      const doc::TreeArena inner;
      inner_tree = doc::parse_yaml(numbered_map(50), "i.yaml");
    }
    outer_tree = doc::parse_yaml(numbered_map(40), "o.yaml");
  }
  std::thread([tree = std::move(inner_tree)]() mutable {
    expect_numbered(tree, 50);
    tree = doc::Node{};  // freed here, allocated on the main thread
  }).join();
  expect_numbered(outer_tree, 40);
}

TEST(TreeMemory, WithoutAnArenaTreesUseMalloc) {
  expect_numbered(doc::parse_yaml(numbered_map(3'000), "m.yaml"), 3'000);
}

}  // namespace
}  // namespace ls::models
