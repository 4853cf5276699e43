// The two YAML parsers behind doc::parse_yaml (models/config/yaml_events.hpp)
// against each other: libyaml builds the tree of every well-formed file, so
// it must build the tree yaml-cpp built before it (the same kinds, text,
// quoting and file:line:col of every node and key), for every YAML file the
// project ships or tests, and for the corner cases of YAML written here. A
// file libyaml refuses is read again by yaml-cpp, so errors keep their
// messages (tests/scenarios/errors checks those).
#include "models/config/yaml_events.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/exceptions.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ls::models::doc {
namespace {

namespace fs = std::filesystem;

// The tree as text: every node's kind, location, quoting and text.
void dump(const Node& n, std::string& out, int depth) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += std::to_string(n.where.line) + ":" + std::to_string(n.where.column) + " ";
  switch (n.kind()) {
    case Node::Kind::Null: out += "null\n"; break;
    case Node::Kind::Scalar: out += (n.quoted() ? "\"" : "=") + n.text() + "\n"; break;
    case Node::Kind::List:
      out += "list\n";
      for (const auto& item : n.items()) dump(item, out, depth + 1);
      break;
    case Node::Kind::Map:
      out += "map\n";
      for (const auto& e : n.entries()) {
        out.append(static_cast<std::size_t>(depth + 1) * 2, ' ');
        out += "key " + std::to_string(e.where.line) + ":" + std::to_string(e.where.column) + " " +
               e.key + "\n";
        dump(e.value, out, depth + 2);
      }
      break;
  }
}

struct Read {
  bool ok = false;
  std::string tree;  // or the error
};

Read with_libyaml(const std::string& text) {
  detail::Builder b(text, "t.yaml", SourceLocation{"t.yaml", 1, 1});
  if (auto problem = detail::read_with_libyaml(text, "t.yaml", b)) return {false, problem->what()};
  Read r{true, ""};
  if (b.has_root()) dump(b.take_root(), r.tree, 0);
  return r;
}

Read with_yaml_cpp(const std::string& text) {
  detail::Builder b(text, "t.yaml", SourceLocation{"t.yaml", 1, 1});
  try {
    detail::read_with_yaml_cpp(text, b);
  } catch (const YAML::Exception& e) {
    return {false, e.what()};
  } catch (const Error& e) {
    return {false, e.what()};
  }
  Read r{true, ""};
  if (b.has_root()) dump(b.take_root(), r.tree, 0);
  return r;
}

bool is_utf8(const std::string& text) {
  try {
    parse_yaml(text, "t.yaml");
  } catch (const Error& e) {
    return std::string(e.what()).find("invalid UTF-8") == std::string::npos;
  }
  return true;
}

void expect_same_tree(const std::string& text, const std::string& name) {
  SCOPED_TRACE(name);
  // parse_yaml refuses invalid UTF-8 before either parser sees it
  // (tests/scenarios/errors/invalid_utf8*.yaml).
  if (!is_utf8(text)) return;
  const Read fast = with_libyaml(text);
  const Read reference = with_yaml_cpp(text);
  // A file yaml-cpp refuses must not be read silently now, and vice versa
  // (it would be reported by yaml-cpp after libyaml's refusal anyway).
  EXPECT_EQ(fast.ok, reference.ok) << "libyaml: " << fast.tree << "\nyaml-cpp: " << reference.tree;
  if (fast.ok && reference.ok) {
    EXPECT_EQ(fast.tree, reference.tree);
  }
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(YamlEvents, EveryShippedAndTestedYamlFileBuildsTheSameTree) {
  const fs::path root = LS_SOURCE_DIR;
  std::size_t files = 0;
  for (const char* dir : {"scenarios", "tests/scenarios", "tests/fuzz/corpus", "docs"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
      expect_same_tree(slurp(e.path()), e.path().string());
      ++files;
    }
  }
  EXPECT_GT(files, 150u);  // the presets, price tables, examples and error files
}

TEST(YamlEvents, CornerCasesBuildTheSameTree) {
  const std::vector<std::string> cases = {
      // nulls in every spelling, quoted and tagged ones stay strings
      "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ''\ng: \"null\"\nh: !!str null\ni: nul\n",
      // block scalars, folded and literal, with chomping
      "a: |\n  one\n  two\nb: >-\n  three\n  four\nc: |+\n  five\n\n",
      // flow collections, nested, with empty values
      "a: {b: [1, 2, {c: d}], e: {}}\nf: []\ng: {h, i: }\n",
      // anchors on maps, lists and scalars; aliases; a redefined anchor
      "d: &d {x: 1}\ne: *d\nl: &l [1, 2]\nm: *l\ns: &s 5\nt: *s\nd2: &d {y: 2}\nu: *d\n",
      "x: &a\n  k: v\ny: *a\n",
      // multi-byte characters before values on the same line (columns in bytes)
      "\xC3\xA9t\xC3\xA9: \"\xE2\x82\xAC\" # caf\xC3\xA9\nname: \xF0\x9F\x98\x80 x\nz: [\xC3\xA9, "
      "b]\n",
      // comments, document start, explicit end
      "# top\n---\na: 1 # one\n...\n",
      "",
      "# only a comment\n",
      "---\n",
      "just a scalar\n",
      "- 1\n- - 2\n  - 3\n- k: v\n  k2: v2\n",
      // quoted keys, keys with spaces and colons
      "\"a b\": 1\n'c:d': 2\ne f: 3\n",
      // numbers and strings that look alike
      "a: 1e3\nb: 0x10\nc: .5\nd: -0\ne: 1_000\nf: 50/s\ng: 250ms\n",
      // windows line endings and tabs inside values
      "a: 1\r\nb: x\ty\r\n",
      // a map's value on the next line, deeper
      "a:\n    b:\n        c: 1\n",
  };
  for (std::size_t i = 0; i < cases.size(); ++i)
    expect_same_tree(cases[i], "case " + std::to_string(i));
}

// A malformed file is reported as yaml-cpp reported it, whoever found it.
TEST(YamlEvents, MalformedFilesKeepYamlCppsMessages) {
  auto error_of = [](const std::string& text) {
    try {
      parse_yaml(text, "t.yaml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("a: [1, 2\nb: 3\n"),
            "t.yaml:2:2: malformed YAML: end of sequence flow not found");
  EXPECT_EQ(error_of("a: \"open\nb: 2\n"),
            "t.yaml:1:4: a: unclosed quote: the string that starts here with \" runs to the end "
            "of the file");
  EXPECT_EQ(error_of("a: *nope\n"),
            "t.yaml:1:4: malformed YAML: the referenced anchor is not defined");
}

}  // namespace
}  // namespace ls::models::doc
