// The decision rules of `lambdasim tune` on numbers computed by hand: Power
// Tuning's strategies (against the worked example of
// ../shared/reference/power-tuning.md §3, whose answers were derived there
// independently), the Pareto front, SLO parsing, the grid parser and the
// visualization URL encoding (against the example's URL).
#include "tools/study/tune_select.hpp"

#include <gtest/gtest.h>

#include "models/error.hpp"
#include "tools/report/tune_report.hpp"
#include "tools/study/tune_grid.hpp"

namespace ls::tools {
namespace {

// power-tuning-example.json: 128, 256, 512, 1024, 2048 MB.
const std::vector<int> kExampleMemory = {128, 256, 512, 1024, 2048};
const std::vector<double> kExamplePrice = {0.0000023184, 0.0000023184, 0.0000023604000000000003,
                                           0.0000025536000000000004, 0.0000037632000000000002};
const std::vector<double> kExampleDuration = {1103.4399999999998, 551.6083333333335,
                                              280.5366666666667, 150.85333333333332, 110.635};

std::vector<Candidate> example() {
  std::vector<Candidate> c;
  for (std::size_t i = 0; i < kExampleMemory.size(); ++i)
    c.push_back({kExamplePrice[i], kExampleDuration[i], true});
  return c;
}

TEST(TuneSelect, PowerTuningExampleWinners) {
  // Reference §3: cost → 256 MB (tie with 128 MB at $0.0000023184, broken by
  // the shorter duration); speed → 2048 MB; balanced w=0.5 → 1024 MB (score
  // 0.4076 against 0.4407 for 512 MB); w=0.3 → 1024 MB; w=0.8 → 512 MB.
  const auto c = example();
  EXPECT_EQ(pick_winner(c, TuneStrategy::Cost, 0.5), 1u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Speed, 0.5), 4u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Balanced, 0.5), 3u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Balanced, 0.3), 3u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Balanced, 0.8), 2u);
}

TEST(TuneSelect, HandComputedCase) {
  // cost (per 1M):  A 2.0  B 3.0  C 6.0 ; duration (ms): A 300  B 120  C 100
  // cost → A; speed → C.
  // balanced, maxima 6.0 and 300:
  //   w=0.5: A .5·2/6+.5·300/300 = .6667  B .5·3/6+.5·120/300 = .45  C .5+.5/3 = .6667 → B
  //   w=0.9: A .9/3+.1 = .4  B .45+.04 = .49  C .9+.0333 = .9333 → A
  //   w=0.1: A .0333+.9 = .9333  B .05+.36 = .41  C .1+.3 = .4 → C
  const std::vector<Candidate> c = {{2.0, 300, true}, {3.0, 120, true}, {6.0, 100, true}};
  EXPECT_EQ(pick_winner(c, TuneStrategy::Cost, 0.5), 0u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Speed, 0.5), 2u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Balanced, 0.5), 1u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Balanced, 0.9), 0u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Balanced, 0.1), 2u);
  // Weights are clamped to [0, 1] as Power Tuning does: 7 behaves as 1.
  EXPECT_EQ(pick_winner(c, TuneStrategy::Balanced, 7.0), 0u);
}

TEST(TuneSelect, TieBreaks) {
  // speed: equal durations → lower cost; balanced: no tie-break, the earlier wins.
  const std::vector<Candidate> c = {{5.0, 100, true}, {4.0, 100, true}};
  EXPECT_EQ(pick_winner(c, TuneStrategy::Speed, 0.5), 1u);
  const std::vector<Candidate> same = {{4.0, 100, true}, {4.0, 100, true}};
  EXPECT_EQ(pick_winner(same, TuneStrategy::Balanced, 0.5), 0u);
  EXPECT_EQ(pick_winner(same, TuneStrategy::Cost, 0.5), 0u);
}

TEST(TuneSelect, IneligiblePointsTakeNoPart) {
  // C is ineligible: it neither wins nor enters the balanced maxima.
  // Maxima without C: 3.0 and 300. w=0.7: A .7·2/3+.3·1 = .7667, B .7·1+.3·.4 = .82 → A.
  // (Were C counted, maxima 12 and 600: A .7/6+.3·.5 = .2667, B .7·.25+.3·.2 = .235 → B.)
  std::vector<Candidate> c = {{2.0, 300, true}, {3.0, 120, true}, {12.0, 600, false}};
  EXPECT_EQ(pick_winner(c, TuneStrategy::Cost, 0.5), 0u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Speed, 0.5), 1u);
  EXPECT_EQ(pick_winner(c, TuneStrategy::Balanced, 0.7), 0u);
  c.push_back({0.5, 10, false});  // better in both, but ineligible
  EXPECT_EQ(pick_winner(c, TuneStrategy::Cost, 0.5), 0u);
  for (auto& x : c) x.eligible = false;
  EXPECT_FALSE(pick_winner(c, TuneStrategy::Cost, 0.5).has_value());
}

TEST(TuneSelect, ParetoFront) {
  // D is dominated by B (cheaper and faster); E ties B on cost but is slower;
  // F is ineligible (never on the front, dominates nothing).
  const std::vector<Candidate> c = {{2.0, 300, true}, {3.0, 120, true}, {6.0, 100, true},
                                    {4.0, 150, true}, {3.0, 130, true}, {0.5, 10, false}};
  const std::vector<bool> expected = {true, true, true, false, false, false};
  EXPECT_EQ(pareto_front(c), expected);
}

TEST(TuneSelect, ParsesSlo) {
  const Slo a = parse_slo("p99<=800ms");
  EXPECT_EQ(a.metric, "p99");
  EXPECT_DOUBLE_EQ(a.limit_ms, 800.0);
  EXPECT_FALSE(a.strict);
  EXPECT_TRUE(slo_met(a, 800.0));
  const Slo b = parse_slo("mean<1.5s");
  EXPECT_TRUE(b.strict);
  EXPECT_DOUBLE_EQ(b.limit_ms, 1500.0);
  EXPECT_FALSE(slo_met(b, 1500.0));
  EXPECT_TRUE(slo_met(b, 1499.0));
  try {
    parse_slo("p98<=1s");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "--slo: 'p98<=1s': unknown metric 'p98'; write METRIC<=LIMIT or METRIC<LIMIT, "
                 "e.g. p99<=800ms (metrics: mean, p50, p90, p95, p99, p999, max)");
  }
  EXPECT_THROW(parse_slo("p99>=1s"), Error);
  EXPECT_THROW(parse_slo("p99<=800"), Error);  // no unit
  EXPECT_THROW(parse_slo("p99<=0ms"), Error);
  EXPECT_THROW(parse_strategy("Cost"), Error);  // case-sensitive, as Power Tuning
}

TEST(TuneGrid, ParsesMemoryLists) {
  EXPECT_EQ(parse_memory_list("128, 256,512,256"), (std::vector<int>{128, 256, 512}));
  const auto all = parse_memory_list("all");
  EXPECT_EQ(all.size(), 159u);  // (10240 − 128) / 64 + 1
  EXPECT_EQ(all.front(), 128);
  EXPECT_EQ(all.back(), 10240);
  auto message = [](const std::string& text) {
    try {
      parse_memory_list(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("64"), "--memory: 64 is out of range (allowed: 128 to 10240)");
  EXPECT_EQ(message("10241"), "--memory: 10241 is out of range (allowed: 128 to 10240)");
  EXPECT_EQ(message(""), "--memory: empty list; give sizes in MB, e.g. 128,256,512,1024, or all");
  EXPECT_EQ(message(" , "),
            "--memory: empty list; give sizes in MB, e.g. 128,256,512,1024, or all");
  EXPECT_EQ(message("1GB"), "--memory: '1GB' is not a whole number of MB");
  EXPECT_THROW(parse_architecture_list("arm"), Error);
  EXPECT_THROW(parse_provisioned_list(""), Error);
}

TEST(TuneGrid, VariantsAreSetOverrides) {
  TuneGrid g;
  g.memory = {512, 1024};
  g.architectures = {models::Architecture::X86_64, models::Architecture::Arm64};
  g.provisioned = {0, 5};
  const auto v = build_variants("api", g);
  ASSERT_EQ(v.size(), 8u);
  // architecture → provisioned → memory
  EXPECT_EQ(v[1].memory_mb, 1024);
  EXPECT_EQ(v[2].provisioned, 5);
  EXPECT_EQ(v[4].architecture, models::Architecture::Arm64);
  EXPECT_EQ(v[7].sets, (std::vector<std::string>{"functions.api.memory_mb=1024",
                                                 "functions.api.architecture=arm64",
                                                 "functions.api.provisioned_concurrency=5"}));
}

TEST(TuneReport, VisualizationUrlMatchesPowerTuning) {
  // Reference §4.6 unit-test vectors, then the example file's URL.
  EXPECT_EQ(visualization_url("", {1, 2, 3}, {2, 2, 1}, {3, 2, 2}),
            "#AQACAAMA;AAAAQAAAAEAAAIA/;AABAQAAAAEAAAABA");
  EXPECT_EQ(visualization_url("https://lambda-power-tuning.show/", kExampleMemory, kExampleDuration,
                              kExamplePrice),
            "https://lambda-power-tuning.show/#gAAAAQACAAQACA==;FO6JRO/mCUSxRIxDdNoWQx9F3UI=;"
            "z5UbNs+VGzZdZx42hF4rNkmLfDY=");
  // Sorted by memory first.
  EXPECT_EQ(visualization_url("", {3, 1, 2}, {1, 2, 2}, {2, 3, 2}),
            "#AQACAAMA;AAAAQAAAAEAAAIA/;AABAQAAAAEAAAABA");
  EXPECT_EQ(base64({'M', 'a'}), "TWE=");
  EXPECT_EQ(base64({'M'}), "TQ==");
  EXPECT_EQ(base64({}), "");
}

}  // namespace
}  // namespace ls::tools
