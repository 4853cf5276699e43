// The one YAML walker (models/config/scenario_doc.hpp): UTF-8 checked byte
// by byte against RFC 3629's table, aliases expanded within their bound,
// one document per file.
#include "models/config/scenario_doc.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/error_text.hpp"

namespace ls::models {
namespace {

std::string error_of(const std::string& text) {
  return ls::testing::error_text([&] { doc::parse_yaml(text, "t.yaml"); });
}

// The compact tree's edits (#20: a node owns one array and changing it
// copies the array): each result is compared with JSON written out by
// hand, in document order, and every tree is checked again after the
// others changed, so that a shared or freed array shows. Run inside an
// arena (as the loader does) and outside (malloc).
void check_edits() {
  doc::Node root = doc::parse_yaml("b: {x: 1, y: [2, 3]}\nc: \"\"\nd: ~\n", "e.yaml");
  const doc::Node original = root;  // a deep copy
  root.find("b")->erase_entries_if([](const doc::Entry& e) { return e.key == "x"; });
  root.find("b")->insert_front(doc::Entry{"w", root.where, doc::Node::scalar("0", root.where)});
  root.find("b")->find("y")->push_back(doc::Node::scalar("4", root.where));
  root.find("d")->make_map();
  root.find("d")->push_back(  // quoted: a string
      doc::Entry{"k", root.where, doc::Node::scalar(root.find("b")->find("w")->text(), {}, true)});
  doc::Node* c = root.find("c");
  EXPECT_EQ(c->text().front(), '\0');  // as std::string's front() of ""
  c->set_text("abc");
  c->set_text(c->text().view().substr(1));  // from its own text
  root.push_back(doc::Entry{"e", root.where, *root.find("b")});  // a copy of b
  root.find("e")->find("y")->items()[0].set_text("9");
  EXPECT_EQ(doc::to_json(root),
            R"({"b":{"w":0,"y":[2,3,4]},"c":"bc","d":{"k":"0"},"e":{"w":0,"y":[9,3,4]}})");
  EXPECT_EQ(doc::to_json(original), R"({"b":{"x":1,"y":[2,3]},"c":"","d":null})");
  // Moved from, a node keeps its kind, empty (as std::string and vectors did).
  doc::Node moved = std::move(*root.find("b"));
  EXPECT_TRUE(root.find("b")->is_map());
  EXPECT_TRUE(root.find("b")->entries().empty());
  EXPECT_EQ(doc::to_json(moved), R"({"w":0,"y":[2,3,4]})");
  // Assigned a part of itself, a node takes the part before letting go.
  moved = std::move(moved.entries()[1].value);
  EXPECT_EQ(doc::to_json(moved), "[2,3,4]");
  moved = moved.items()[2];
  EXPECT_EQ(doc::to_json(moved), "4");
}

TEST(ScenarioDoc, EditsChangeOnlyTheTreeEdited) {
  check_edits();
  const doc::TreeArena arena;
  check_edits();
}

TEST(ScenarioDoc, AcceptsUtf8OfEveryLength) {
  // é (2 bytes), € (3), U+1F600 (4), and U+10FFFF, the last code point.
  const doc::Node n =
      doc::parse_yaml("a: \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\"\n", "t.yaml");
  EXPECT_EQ(n.find("a")->text().size(), 13u);
}

TEST(ScenarioDoc, RejectsEveryKindOfInvalidUtf8AtItsOffset) {
  // RFC 3629 section 4: C0/C1 overlong, ED A0..BF surrogates, F4 90+ above
  // U+10FFFF, a sequence cut short, a lone continuation byte.
  for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xE2\x82", "\x80", "\xFF"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(error_of(std::string("ab: x") + bad + "\n"),
              "t.yaml:1:6: invalid UTF-8 at byte offset 5 of the file (text must be UTF-8)");
  }
}

TEST(ScenarioDoc, ExpandsAliasesWithinTheBound) {
  const doc::Node n =
      doc::parse_yaml("d: &d {dist: fixed, value: 1s}\ne: *d\nf: [*d, *d]\n", "t.yaml");
  EXPECT_EQ(n.find("e")->find("value")->text(), "1s");
  EXPECT_EQ(n.find("f")->items().size(), 2u);
  EXPECT_EQ(n.find("f")->items()[1].find("dist")->text(), "fixed");
  // *d copies 3 nodes: 33,333 copies are 99,999 nodes, within the bound of
  // 100,000; one more copy is refused before it is made.
  std::string many = "d: &d [1, 2]\nl: [";
  for (int i = 0; i < 33'332; ++i) many += "*d,";
  many += "*d]\n";
  EXPECT_EQ(doc::parse_yaml(many, "t.yaml").find("l")->items().size(), 33'333u);
  EXPECT_EQ(error_of(many + "m: [*d]\n"),
            "t.yaml:3:5: m[0]: YAML aliases expand to more than 100000 nodes in this document "
            "(docs/limits.md)");
}

TEST(ScenarioDoc, OneDocumentPerFileAndPerValue) {
  EXPECT_EQ(error_of("a: 1\n---\nb: 2\n"),
            "t.yaml:2:1: a second YAML document (after ---): a file holds one document");
  EXPECT_EQ(doc::parse_yaml("---\na: 1\n", "t.yaml").find("a")->text(),
            "1");  // a leading --- is fine
  try {
    doc::parse_value("1\n---\n2", SourceLocation{"--set", 0, 0});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--set: a second YAML document (after ---): a file holds one document");
  }
}

TEST(ScenarioDoc, DuplicateKeysInLargeMappings) {
  std::string big;
  for (int i = 0; i < 40; ++i) big += "k" + std::to_string(i) + ": 1\n";
  EXPECT_EQ(error_of(big + "k7: 2\n"), "t.yaml:41:1: k7: duplicate key (first set on line 8)");
  // Values that are mappings themselves (their entries are read between
  // the large map's keys), and the last key repeated.
  std::string nested;
  for (int i = 0; i < 40; ++i) nested += "k" + std::to_string(i) + ": {a: 1, b: {k0: 2}}\n";
  EXPECT_EQ(doc::parse_yaml(nested, "t.yaml").entries().size(), 40u);
  EXPECT_EQ(error_of(nested + "k39: 2\n"),
            "t.yaml:41:1: k39: duplicate key (first set on line 40)");
}

}  // namespace
}  // namespace ls::models
