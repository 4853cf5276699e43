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
#include <functional>
#include <random>
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

// The plain-subset reader: ok false when it gave up (or the builder threw,
// after which parse_yaml reads the text again with libyaml too).
Read with_plain_reader(const std::string& text) {
  detail::Builder b(text, "t.yaml", SourceLocation{"t.yaml", 1, 1});
  try {
    if (!detail::read_plain_yaml(text, b)) return {false, "outside the subset"};
  } catch (const Error& e) {
    return {false, e.what()};
  }
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

// What the plain-subset reader accepts, libyaml reads to the same tree.
// Returns whether the reader accepted it.
bool expect_plain_reads_as_libyaml(const std::string& text, const std::string& name) {
  SCOPED_TRACE(name);
  if (!is_utf8(text)) return false;
  const Read plain = with_plain_reader(text);
  if (!plain.ok) return false;
  const Read reference = with_libyaml(text);
  EXPECT_TRUE(reference.ok) << "accepted what libyaml refuses: " << reference.tree << "\n" << text;
  EXPECT_EQ(plain.tree, reference.tree) << text;
  return true;
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
  std::size_t plain = 0;  // read by the plain-subset reader
  for (const char* dir : {"scenarios", "tests/scenarios", "tests/fuzz/corpus", "docs"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
      const std::string text = slurp(e.path());
      expect_same_tree(text, e.path().string());
      if (expect_plain_reads_as_libyaml(text, e.path().string())) ++plain;
      ++files;
    }
  }
  EXPECT_GT(files, 150u);  // the presets, price tables, examples and error files
  // Most scenarios are written in the subset, so that it is what reads them.
  EXPECT_GT(plain, files / 2) << plain << " of " << files;
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
  for (std::size_t i = 0; i < cases.size(); ++i) {
    expect_same_tree(cases[i], "case " + std::to_string(i));
    expect_plain_reads_as_libyaml(cases[i], "case " + std::to_string(i));
  }
}

// The subset's edges: each text either is read as libyaml reads it, or is
// left to libyaml. The first ones must be read (the subset is what fleets
// and imported scenarios are written in).
TEST(YamlEvents, ThePlainSubsetReadsAsLibyamlOrGivesUp) {
  const std::vector<std::string> in_subset = {
      "a: 1\nb:\n  c: x y  # comment\n  d: [1, -2, {e: f}]\n",
      "f0:\n    memory_mb: 128\n    init: {dist: lognormal, median: 250ms, p99: 900ms}\n",
      "w:\n- name: a\n  rate: 5\n-   name: b\n    x: \"q #r\"\n- 'single'\n- -5\n-\n  k: v\n",
      "a:\n  - 1\n  -\n  - [ ]\n  - {}\nb: ~\nc:\n# c\nd: null\n",
      "\n\n# lead\n\nroot:\n  url: http://x:80/y?q=1#frag\n  cron: cron(0 9 * * ? *)\n",
      "a : 1\n\"b c\": 2\n'd': {\"e\": 'f', g: h i}\n",
      "caf\xC3\xA9: \xE2\x82\xAC"
      "5 # \xE2\x80\x94 dash\nz: [\xC3\xA9, b]\n",
      "- a\n- b: 1\n  c:\n    - d\n",
      "a: 1",  // no final newline
  };
  for (std::size_t i = 0; i < in_subset.size(); ++i)
    EXPECT_TRUE(expect_plain_reads_as_libyaml(in_subset[i], "in " + std::to_string(i)))
        << in_subset[i];

  const std::vector<std::string> given_up = {
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  b\n",
      "a: >\n  b\n",
      "a: \"x\\ty\"\n",
      "a: 'it''s'\n",
      "a: b\n  c\n",
      "a: [1,\n  2]\n",
      "---\na: 1\n",
      "a: 1\n...\n",
      "%YAML 1.1\n---\na: 1\n",
      "a:\tb\n",
      "a: 1\r\n",
      "\xEF\xBB\xBF"
      "a: 1\n",
      "a: x\xC2\x85y\n",
      "? a\n: b\n",
      "a: b: c\n",
      "- - 1\n",
      "a: 1\n b: 2\n",
      "a:\n  b: 1\n c: 2\n",
      "a: {b}\n",
      "a: {b: }\n",
      "a: [b, ]\n",
      "a: x,y\n",
      "[a]: 1\n",
      "a: \"b\"c\n",
      "a: 1\n- b\n",
      "",
      "# only\n",
      "scalar\n",
      "a: -\n",
      "a: @x\n",
      "a: `x\n",
      "a: {b: c}}\n",
      "a: {b: c}#d\n",
  };
  for (const std::string& text : given_up) EXPECT_FALSE(with_plain_reader(text).ok) << text;

  // libyaml's simple keys end 1024 characters before their ':' (found by
  // review: a flow key past it was accepted here, refused by libyaml).
  for (const std::size_t length : {1020u, 1023u, 1024u, 1025u, 1030u}) {
    const std::string k(length, 'k');
    for (const std::string& text :
         {k + ": 1\n", "a: {" + k + ": b}\n", "a: {x: 1, " + k + ": b}\n",
          "- {\"" + k.substr(2) + "\": b}\n", "a: {x" + std::string(length, ' ') + ": b}\n"})
      expect_plain_reads_as_libyaml(text, "key of " + std::to_string(length));
  }
}

// Generated documents, then mutated byte by byte (fixed seed): whatever
// the plain-subset reader accepts must be what libyaml reads. The grammar
// draws the subset's constructs and their neighbours outside it.
TEST(YamlEvents, GeneratedAndMutatedDocumentsReadAsLibyaml) {
  std::mt19937_64 rng(20261207);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> scalars = {
      "1",   "-2.5",      "250ms",   "x y", "~",    "null", "\"q\"", "'s'", "a#b",    "http://h:1",
      "",    "-",         "&a x",    "*a",  "!t x", "|",    "a: b",  "[1]", "{k: v}", "[a, {b: c}]",
      "x,y", "\"a\\\"\"", "'it''s'", "-x",  ".5",   "?x",   "%",     "@",   "é",      "{}",
  };
  const std::vector<std::string> keys = {"a", "b c", "\"q\"", "'s'", "k-1", "~", "é", "a"};
  std::function<void(std::string&, int, int)> node = [&](std::string& out, int indent, int depth) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    const std::size_t entries = 1 + pick(3);
    const bool list = pick(3) == 0;
    for (std::size_t i = 0; i < entries; ++i) {
      out += pad + (list ? "- " : keys[pick(keys.size())] + ":");
      if (depth < 3 && pick(3) == 0) {
        out += pick(4) == 0 ? " # c\n" : "\n";
        node(out, indent + 1 + static_cast<int>(pick(3)), depth + 1);
      } else {
        out += (list ? "" : " ") + scalars[pick(scalars.size())];
        out += pick(5) == 0 ? "  # note\n" : "\n";
      }
      if (pick(6) == 0) out += "\n";
    }
  };
  const std::string noise = " :-#{}[],'\"\n\ta&*!|>?";
  std::size_t accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    node(text, 0, 0);
    const std::size_t mutations = pick(3);
    for (std::size_t m = 0; m < mutations && !text.empty(); ++m) {
      const std::size_t at = pick(text.size());
      switch (pick(3)) {
        case 0: text.insert(at, 1, noise[pick(noise.size())]); break;
        case 1: text.erase(at, 1); break;
        default: text[at] = noise[pick(noise.size())]; break;
      }
    }
    if (expect_plain_reads_as_libyaml(text, "round " + std::to_string(round))) ++accepted;
    if (HasFailure()) break;  // one document is enough to read
  }
  // Enough of them inside the subset for the comparison to mean something.
  EXPECT_GT(accepted, 2000u);
}

// A malformed file is reported as yaml-cpp reported it, whoever found it,
// after the slip the plain-subset reader found there, if any.
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
            "t.yaml:1:4: a: malformed YAML: the '[' opened here is not closed by a ']' (the "
            "parser stopped at 2:2: end of sequence flow not found)");
  // Without a slip the subset reader can name, yaml-cpp's message as it was.
  EXPECT_EQ(error_of("a: [1, &x 2\nb: 3\n"),
            "t.yaml:2:2: malformed YAML: end of sequence flow not found");
  EXPECT_EQ(error_of("a: \"open\nb: 2\n"),
            "t.yaml:1:4: a: unclosed quote: the string that starts here with \" runs to the end "
            "of the file");
  EXPECT_EQ(error_of("a: *nope\n"),
            "t.yaml:1:4: malformed YAML: the referenced anchor is not defined");
}

}  // namespace
}  // namespace ls::models::doc
