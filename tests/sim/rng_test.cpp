// Rng: pinned outputs (a changed sequence changes every run's results, so it
// must be a deliberate, visible edit here), an independent transcription of
// the published xoshiro256** / SplitMix64 reference code, and statistical
// sanity checks with fixed seeds.
//
// Flake budget: the seeds are fixed, so these tests are deterministic; the
// thresholds are 5 sigma (two-sided p ≈ 6e-7) or chi-square tails of 1e-6, the
// chance that a correct generator would have failed on the chosen seed.
#include "sim/rng.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ls::sim {
namespace {

// Blackman & Vigna's reference xoshiro256starstar.c and splitmix64.c,
// transcribed without looking at sim/rng.hpp.
struct ReferenceXoshiro {
  std::uint64_t s[4];
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};

std::uint64_t reference_splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

TEST(Rng, ReferenceTranscriptionMatchesPublishedVector) {
  // The outputs for state {1, 2, 3, 4} used by rand_xoshiro and others to
  // validate ports of the reference code.
  ReferenceXoshiro ref{{1, 2, 3, 4}};
  const std::uint64_t expected[] = {11520ULL,
                                    0ULL,
                                    1509978240ULL,
                                    1215971899390074240ULL,
                                    1216172134540287360ULL,
                                    607988272756665600ULL,
                                    16172922978634559625ULL,
                                    8476171486693032832ULL,
                                    10595114339597558777ULL,
                                    2904607092377533576ULL};
  for (std::uint64_t e : expected) EXPECT_EQ(ref.next(), e);
}

TEST(Rng, SplitMix64MatchesPublishedVector) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(splitmix64(state), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(splitmix64(state), 0x06C45D188009454FULL);
  state = 1234567;  // the vector in rand_xoshiro's SplitMix64 test
  const std::uint64_t expected[] = {6457827717110365317ULL, 3203168211198807973ULL,
                                    9817491932198370423ULL, 4593380528125082431ULL,
                                    16408922859458223821ULL};
  for (std::uint64_t e : expected) EXPECT_EQ(splitmix64(state), e);
}

TEST(Rng, SeededGeneratorMatchesReferenceAlgorithm) {
  // State filled by four consecutive SplitMix64 outputs, as Vigna recommends.
  std::uint64_t x = 42;
  ReferenceXoshiro ref{{}};
  for (auto& word : ref.s) word = reference_splitmix(x);
  Rng rng(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(rng.next(), ref.next()) << "output " << i;
}

TEST(Rng, GoldenOutputsAreStable) {
  // Rng(42) also matches other independent ports (e.g. rand_xoshiro's
  // seed_from_u64(42)); the stream values were computed once and pinned.
  Rng seeded(42);
  EXPECT_EQ(seeded.next(), 1546998764402558742ULL);
  EXPECT_EQ(seeded.next(), 6990951692964543102ULL);
  EXPECT_EQ(seeded.next(), 12544586762248559009ULL);
  EXPECT_EQ(seeded.next(), 17057574109182124193ULL);
  Rng stream = Rng::stream(1, 0, "x");
  EXPECT_EQ(stream.next(), 5535821745841914204ULL);
  EXPECT_EQ(stream.next(), 11263253210276955402ULL);
  EXPECT_EQ(stream.next(), 8974375174910757944ULL);
  EXPECT_EQ(stream.next(), 12477231730595757103ULL);
}

// A name given in parts is the joined name: FNV-1a's published offset and
// prime over "init/api" byte by byte, computed here apart.
TEST(Rng, AStreamNameInPartsIsTheJoinedName) {
  std::uint64_t fnv = 0xCBF29CE484222325ULL;
  for (const char c : std::string_view("init/api"))
    fnv = (fnv ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  EXPECT_EQ(ls::sim::hash_name("init/api"), fnv);
  EXPECT_EQ(ls::sim::hash_name({"init/", "api"}), fnv);
  EXPECT_EQ(ls::sim::hash_name({"init", "/", "", "api"}), fnv);
  EXPECT_EQ(Rng::stream(7, 3, {"init", "/", "api"}).next(), Rng::stream(7, 3, "init/api").next());
  EXPECT_NE(ls::sim::hash_name({"init/", "apx"}), fnv);
}

TEST(Rng, StreamsDependOnSeedReplicationAndName) {
  auto first = [](Rng r) { return r.next(); };
  const std::uint64_t base = first(Rng::stream(1, 0, "arrivals/a"));
  EXPECT_EQ(first(Rng::stream(1, 0, "arrivals/a")), base);  // replayable
  EXPECT_NE(first(Rng::stream(2, 0, "arrivals/a")), base);
  EXPECT_NE(first(Rng::stream(1, 1, "arrivals/a")), base);
  EXPECT_NE(first(Rng::stream(1, 0, "arrivals/b")), base);
  // Streams of neighbouring replications must not be shifted copies of each
  // other: no output of replication 1 appears among replication 0's first 1000.
  Rng r0 = Rng::stream(1, 0, "x");
  Rng r1 = Rng::stream(1, 1, "x");
  std::vector<std::uint64_t> a(1000);
  for (auto& v : a) v = r0.next();
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t v = r1.next();
    for (std::uint64_t w : a) ASSERT_NE(v, w);
  }
}

TEST(Rng, UniformHasUnitIntervalMeanAndVariance) {
  constexpr int kDraws = 1'000'000;
  Rng rng(11);
  double sum = 0.0, sum_sq = 0.0, lo = 1.0, hi = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng.uniform();
    sum += u;
    sum_sq += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  const double n = kDraws;
  const double mean = sum / n;
  const double var = sum_sq / n - mean * mean;
  // U(0,1): mean 1/2 with sd sqrt(1/12/n); variance 1/12, and the variance of
  // the sample variance is (mu4 - sigma^4)/n = (1/80 - 1/144)/n.
  EXPECT_NEAR(mean, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_NEAR(var, 1.0 / 12.0, 5.0 * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n));
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
}

TEST(Rng, UniformPosNeverReturnsZero) {
  // uniform_pos() maps the same 53 bits to (0, 1] so that log() is finite.
  Rng rng(5);
  for (int i = 0; i < 100'000; ++i) {
    const double u = rng.uniform_pos();
    ASSERT_GT(u, 0.0);
    ASSERT_LE(u, 1.0);
  }
}

TEST(Rng, BelowIsUniformByChiSquare) {
  constexpr std::uint64_t kBins = 10;  // a non-power of two exercises the mapping
  constexpr int kDraws = 1'000'000;
  Rng rng(3);
  std::vector<double> counts(kBins, 0.0);
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t v = rng.below(kBins);
    ASSERT_LT(v, kBins);
    counts[v] += 1.0;
  }
  const double expected = static_cast<double>(kDraws) / kBins;
  double chi2 = 0.0;
  for (double c : counts) chi2 += (c - expected) * (c - expected) / expected;
  // Chi-square with 9 degrees of freedom: P(X > 44.81) = 1e-6 under H0.
  EXPECT_LT(chi2, 44.81);
  // Too good a fit is suspicious too (e.g. a counter instead of a PRNG):
  // P(X < 0.2284) = 1e-6.
  EXPECT_GT(chi2, 0.2284);
}

}  // namespace
}  // namespace ls::sim
