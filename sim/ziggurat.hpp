// Ziggurat tables (Marsaglia & Tsang 2000, "The Ziggurat Method for
// Generating Random Variables") for the standard normal and the standard
// exponential, 256 layers each. The samplers themselves are declared in
// dist.hpp (sample_standard_normal, sample_standard_exponential) and defined
// in ziggurat.cpp; the tables are exposed so that tests can check them
// against their defining recurrence.
//
// Layout, for the unnormalised density f (e^{-x²/2} or e^{-x}), which is
// decreasing on [0, ∞): x[1] = r > x[2] > … > x[256] = 0, and every layer
// has the same area v. Layer i ≥ 1 is the box [0, x[i]] × [f(x[i]), f(x[i+1])];
// layer 0 is [0, r] × [0, f(r)] plus the tail beyond r, drawn as a box of
// width x[0] = v / f(r). f[i] = f(x[i]) (f[0] is unused).
#pragma once

#include <array>

namespace ls::sim {

inline constexpr int kZigguratLayers = 256;

struct ZigguratTable {
  double r;  // start of the tail
  double v;  // area of each layer
  std::array<double, kZigguratLayers + 1> x;
  std::array<double, kZigguratLayers + 1> f;
};

const ZigguratTable& normal_ziggurat();
const ZigguratTable& exponential_ziggurat();

}  // namespace ls::sim
