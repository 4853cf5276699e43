// Value lists, grid expansion, point ids and shard selection: every form of
// the syntax against hand-written expansions, every malformed form against
// its message.
#include "tools/study/grid_spec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "sim/rng.hpp"
#include "tests/error_text.hpp"
#include "tools/study/sweep_manifest.hpp"

namespace ls::tools {
namespace {

using Strings = std::vector<std::string>;

Strings values(const std::string& text) { return parse_values(text, {"--grid", 0, 0}, "k"); }

std::string error_of(const std::string& text) {
  return ls::testing::error_text([&] { values(text); });
}

TEST(GridSpec, ListsKeepTheirValuesAsWritten) {
  EXPECT_EQ(values("[512,1024,2048]"), (Strings{"512", "1024", "2048"}));
  EXPECT_EQ(values(" 10/s , 1.5/s "), (Strings{"10/s", "1.5/s"}));
  EXPECT_EQ(values("[arm64]"), (Strings{"arm64"}));
}

TEST(GridSpec, IntegerRangesListEveryIntegerOrEveryStep) {
  EXPECT_EQ(values("[0..4]"), (Strings{"0", "1", "2", "3", "4"}));
  EXPECT_EQ(values("0..200 step 50"), (Strings{"0", "50", "100", "150", "200"}));
  EXPECT_EQ(values("[0..10 step 4]"), (Strings{"0", "4", "8"}));  // hi not on a step
  EXPECT_EQ(values("[100ms..300ms step 100ms]"), (Strings{"100ms", "200ms", "300ms"}));
  EXPECT_EQ(values("[0.1..0.3 step 0.1]"), (Strings{"0.1", "0.2", "0.3"}));
}

// Log spacing: 10·100^(k/7) for k = 0..7; the ratio between neighbours is
// 100^(1/7) = 1.9307.
TEST(GridSpec, LogRangesAreGeometric) {
  EXPECT_EQ(values("[10/s..1000/s log 3]"), (Strings{"10/s", "100/s", "1000/s"}));
  const Strings v = values("[10/s..1000/s log 8]");
  ASSERT_EQ(v.size(), 8u);
  EXPECT_EQ(v.front(), "10/s");
  EXPECT_EQ(v.back(), "1000/s");
  for (std::size_t k = 0; k < v.size(); ++k)
    EXPECT_NEAR(std::stod(v[k]), 10 * std::pow(100.0, k / 7.0), 1e-4 * std::stod(v[k])) << v[k];
  // Plain integers (memory sizes) are rounded.
  EXPECT_EQ(values("[128..1024 log 4]"), (Strings{"128", "256", "512", "1024"}));
}

TEST(GridSpec, LinRangesAreEvenlySpaced) {
  EXPECT_EQ(values("[128..3008 lin 5]"), (Strings{"128", "848", "1568", "2288", "3008"}));
  EXPECT_EQ(values("[1s..2s lin 3]"), (Strings{"1s", "1.5s", "2s"}));
}

TEST(GridSpec, MalformedListsSayWhatIsAllowed) {
  const std::map<std::string, std::string> cases{
      {"[512,1024", "--grid: k: unbalanced brackets in '[512,1024'"},
      {"[]", "--grid: k: no values"},
      {"[512,,1024]", "--grid: k: empty value in '512,,1024'"},
      {"[10/s..1000/min log 3]",
       "the ends of a range need the same unit, got '10/s' and '1000/min'"},
      {"[9..3]", "a range lo..hi needs lo <= hi"},
      {"[1..9 sttep 2]", "after lo..hi write nothing, `step S`, `log N` or `lin N`"},
      {"[1.5..3]", "a range of non-integers needs `step S`, `log N` or `lin N`"},
      {"[0..10 log 3]", "a log range needs lo > 0"},
      {"[1..10 lin 1]", "the number of values must be an integer from 2"},
      {"[1..10 step 0]", "the step must be > 0"},
      {"[1..10 step 1s]", "the step needs the range's unit"},
      {"[a..b]", "'a' is not a number with an optional unit"},
      {"[1,2..5]", "a range cannot be mixed with a list"},
  };
  for (const auto& [text, message] : cases)
    EXPECT_NE(error_of(text).find(message), std::string::npos) << text << " → " << error_of(text);
}

TEST(GridSpec, AxisNeedsKeyAndValues) {
  const GridAxis a = parse_grid_axis("functions.api.memory_mb=[512,1024]");
  EXPECT_EQ(a.key, "functions.api.memory_mb");
  EXPECT_EQ(a.values, (Strings{"512", "1024"}));
  EXPECT_THROW(parse_grid_axis("functions.api.memory_mb"), Error);
  EXPECT_THROW(parse_grid_axis("=[1,2]"), Error);
}

TEST(GridSpec, GridExpandsFirstAxisSlowest) {
  const auto points = expand_grid({{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}});
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0], (Strings{"a=1", "b=x"}));
  EXPECT_EQ(points[2], (Strings{"a=1", "b=z"}));
  EXPECT_EQ(points[3], (Strings{"a=2", "b=x"}));
  EXPECT_THROW(expand_grid({{"a", Strings(1000, "1")}, {"b", Strings(1000, "1")}}, 100'000), Error);
}

// Ids are FNV-1a of the overrides, so they do not depend on a point's index:
// the same overrides in another grid keep their id (and, with common seeds,
// their seed).
TEST(SweepManifest, PointIdsAndSeedsDependOnlyOnOverridesAndBaseSeed) {
  SweepManifest a, b;
  a.seed = b.seed = 42;
  a.axes = {{"k", {"1", "2", "3"}}};
  b.axes = {{"k", {"3", "1"}}};
  build_points(a);
  build_points(b);
  EXPECT_EQ(a.points[0].id, b.points[1].id);
  EXPECT_EQ(a.points[2].id, b.points[0].id);
  EXPECT_EQ(a.points[0].id, fnv1a_hex("k=1\n"));
  EXPECT_EQ(a.points[0].seed, 42u);
  a.seeds = "independent";
  build_points(a);
  std::uint64_t state = 42 ^ sim::hash_name("k=1\n");
  EXPECT_EQ(a.points[0].seed, sim::splitmix64(state));
  EXPECT_NE(a.points[0].seed, a.points[1].seed);
  SweepManifest dup;
  dup.axes = {{"k", {"1", "1"}}};
  EXPECT_THROW(build_points(dup), Error);
}

TEST(SweepManifest, ShardFromFlag) {
  const Shard s = parse_shard("2/7");
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 7u);
  for (const char* bad : {"7/7", "a/b", "3", "1/0", "-1/3"})
    EXPECT_THROW(parse_shard(bad), Error) << bad;
}

TEST(SweepManifest, ShardFromSchedulerEnvironment) {
  std::map<std::string, std::string> env;
  const EnvLookup lookup = [&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  EXPECT_FALSE(shard_from_environment(lookup, std::nullopt));
  env = {
      {"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "7"}};
  auto s = shard_from_environment(lookup, std::nullopt);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 4u);
  EXPECT_EQ(s->count, 7u);
  EXPECT_EQ(s->source, "SLURM_ARRAY_TASK_ID");
  env = {{"AWS_BATCH_JOB_ARRAY_INDEX", "3"}, {"AWS_BATCH_JOB_ARRAY_SIZE", "4"}};
  s = shard_from_environment(lookup, std::nullopt);
  EXPECT_EQ(s->index, 3u);
  EXPECT_EQ(s->count, 4u);
  env = {{"JOB_COMPLETION_INDEX", "2"}};
  EXPECT_THROW(shard_from_environment(lookup, std::nullopt), Error);  // Kubernetes sets no count
  s = shard_from_environment(lookup, 3);
  EXPECT_EQ(s->index, 2u);
  EXPECT_EQ(s->count, 3u);
  env["LAMBDASIM_SHARDS"] = "5";
  EXPECT_EQ(shard_from_environment(lookup, std::nullopt)->count, 5u);
  env = {{"AWS_BATCH_JOB_ARRAY_INDEX", "4"}, {"AWS_BATCH_JOB_ARRAY_SIZE", "4"}};
  EXPECT_THROW(shard_from_environment(lookup, std::nullopt), Error);
  env = {{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_COUNT", "4"}};
  EXPECT_THROW(shard_from_environment(lookup, std::nullopt), Error);
}

TEST(SweepManifest, ShardsPartitionThePoints) {
  SweepManifest m;
  m.axes = {{"k", {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}}};
  build_points(m);
  for (std::size_t n : {1u, 2u, 7u}) {
    std::vector<int> owners(m.points.size(), 0);
    for (std::size_t k = 0; k < n; ++k)
      for (const auto& p : m.points) owners[p.index] += in_shard(p, Shard{k, n, ""}) ? 1 : 0;
    for (int o : owners) EXPECT_EQ(o, 1);
  }
}

}  // namespace
}  // namespace ls::tools
