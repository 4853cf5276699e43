// from_seconds against its specification, std::llround(s · 1e9) with
// saturation: the inlined rounding must agree bit for bit.
#include "sim/time.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/rng.hpp"

namespace ls::sim {
namespace {

TEST(FromSeconds, MatchesLlroundEverywhereInRange) {
  Rng rng(11);
  for (int i = 0; i < 1'000'000; ++i) {
    // Magnitudes from 1e-12 s to 9e9 s, both signs, and values within an ulp
    // of a half nanosecond, where rounding decides.
    double s = std::pow(10.0, -12.0 + 21.9 * rng.uniform());
    if (i % 4 == 1) s = (static_cast<double>(rng.below(1'000'000'000'000)) + 0.5) * 1e-9;
    if (i % 4 == 2) s = (static_cast<double>(rng.below(100)) + 0.5) * 1e-9;
    if (rng.uniform() < 0.5) s = -s;
    ASSERT_EQ(from_seconds(s), std::llround(s * 1e9)) << "s = " << s;
  }
}

TEST(FromSeconds, SaturatesAndMapsNanToZero) {
  EXPECT_EQ(from_seconds(1e10), kNever);
  EXPECT_EQ(from_seconds(INFINITY), kNever);
  EXPECT_EQ(from_seconds(-1e10), -kNever);
  EXPECT_EQ(from_seconds(NAN), 0);
  EXPECT_EQ(from_seconds(2.5e-9), 3);  // half away from zero
  EXPECT_EQ(from_seconds(-2.5e-9), -3);
  EXPECT_EQ(from_seconds(0.0), 0);
}

}  // namespace
}  // namespace ls::sim
