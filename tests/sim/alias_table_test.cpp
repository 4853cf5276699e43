// The alias table (sim/alias_table.hpp) against independent answers: the
// probabilities it holds, read back column by column, equal weight / total
// exactly for hand-made weights whose scaled values are dyadic (so no
// rounding is involved and the answer is exact), and its draws follow
// weight / total (Pearson's chi-square at a fixed seed; the threshold is
// the 0.999 quantile, so a correct table fails with probability 1e-3 on a
// given seed: a failure is a bug, not bad luck).
#include "sim/alias_table.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <stdexcept>
#include <vector>

namespace ls::sim {
namespace {

TEST(AliasTable, HandMadeWeightsGiveExactlyWeightOverTotal) {
  // n = 4, total 16: scaled weights 0.25, 0.75, 1, 2 (all exact in binary).
  // By hand, Vose pairs 1 with 3 (3 keeps 1.75), then 0 with 3 (3 keeps 1):
  // P(3) = (1 + 0.75 + 0.25) / 4 = 1/2.
  const std::vector<double> w{1, 3, 4, 8};
  const AliasTable table(w);
  ASSERT_EQ(table.size(), 4u);
  for (std::uint32_t i = 0; i < 4; ++i) EXPECT_EQ(table.probability(i), w[i] / 16.0) << i;
}

TEST(AliasTable, RelabeledProbabilitiesAddUp) {
  // Two labels for the four weights of the case above: 4/16 and 12/16.
  const std::vector<double> w{1, 3, 4, 8};
  const std::vector<std::uint32_t> label{7, 7, 9, 9};
  const AliasTable table = AliasTable(w).relabeled(label);
  EXPECT_EQ(table.probability(7), 0.25);
  EXPECT_EQ(table.probability(9), 0.75);
  EXPECT_EQ(table.probability(0), 0.0);
  Rng rng(11);
  for (int i = 0; i < 10'000; ++i) {
    const std::uint32_t x = table.pick(rng);
    ASSERT_TRUE(x == 7 || x == 9) << x;
  }
}

TEST(AliasTable, ZeroWeightIsNeverPicked) {
  const std::vector<double> w{0, 1, 1, 2};
  const AliasTable table(w);
  EXPECT_EQ(table.probability(0), 0.0);
  EXPECT_EQ(table.probability(1), 0.25);
  EXPECT_EQ(table.probability(2), 0.25);
  EXPECT_EQ(table.probability(3), 0.5);
  Rng rng(7);
  for (int i = 0; i < 100'000; ++i) ASSERT_NE(table.pick(rng), 0u);
}

TEST(AliasTable, UnevenWeightsSumToOne) {
  // Rounding may move mass by an ulp, never more.
  std::vector<double> w;
  for (int i = 1; i <= 1000; ++i) w.push_back(1.0 / i);
  const AliasTable table(w);
  double total = 0, sum = 0;
  for (double x : w) total += x;
  for (std::uint32_t i = 0; i < w.size(); ++i) {
    EXPECT_NEAR(table.probability(i), w[i] / total, 1e-15) << i;
    sum += table.probability(i);
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(AliasTable, DrawsFollowTheWeights) {
  const std::vector<double> w{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const AliasTable table(w);
  constexpr int kDraws = 1'000'000;
  std::vector<double> count(w.size(), 0);
  Rng rng(2026);
  for (int i = 0; i < kDraws; ++i) count[table.pick(rng)]++;
  double chi2 = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double expected = kDraws * w[i] / 55.0;
    chi2 += (count[i] - expected) * (count[i] - expected) / expected;
  }
  const boost::math::chi_squared dist(static_cast<double>(w.size() - 1));
  EXPECT_LT(chi2, boost::math::quantile(dist, 0.999));
}

TEST(AliasTable, RejectsNegativeOrAllZeroWeights) {
  EXPECT_THROW(AliasTable(std::vector<double>{1, -1}), std::invalid_argument);
  EXPECT_THROW(AliasTable(std::vector<double>{0, 0}), std::invalid_argument);
  EXPECT_THROW(AliasTable(std::vector<double>{}), std::invalid_argument);
}

}  // namespace
}  // namespace ls::sim
