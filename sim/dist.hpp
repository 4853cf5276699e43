// Distributions of durations (`Dist` in the scenario format).
//
// Parameters are held in seconds; samples are returned as Time (ns). The
// samplers are our own (see rng.hpp for why). Every form can report its mean,
// which analytic tests and Little's-law checks use, and can be scaled, which
// the memory → duration model uses.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/rng.hpp"
#include "sim/time.hpp"

namespace ls::sim {

enum class DistKind { Fixed, Exponential, Uniform, Lognormal, Gamma, Empirical };

class Dist {
 public:
  Dist() = default;  // fixed 0
  static Dist fixed(double seconds);
  static Dist exponential(double mean_s);
  static Dist uniform(double min_s, double max_s);
  // mu and sigma of log(seconds).
  static Dist lognormal(double mu, double sigma);
  // From a median and a 99th percentile (p99 > median > 0).
  static Dist lognormal_median_p99(double median_s, double p99_s);
  static Dist gamma_mean_cv(double mean_s, double cv);
  // Resampled uniformly from the given samples (in seconds, non-empty).
  static Dist empirical(std::vector<double> samples_s);

  Time sample(Rng& rng) const;
  double mean_seconds() const;
  // Every sample multiplied by `factor` (> 0).
  Dist scaled(double factor) const;
  DistKind kind() const { return kind_; }
  double param_a() const { return a_; }
  double param_b() const { return b_; }
  // A short human description, e.g. "lognormal(mu=-2.1, sigma=0.7)".
  std::string describe() const;

 private:
  DistKind kind_ = DistKind::Fixed;
  double a_ = 0.0;  // fixed: value; exponential: mean; uniform: min; lognormal: mu; gamma: shape
  double b_ = 0.0;  // uniform: max; lognormal: sigma; gamma: scale (s)
  std::shared_ptr<const std::vector<double>> samples_;  // empirical, seconds
};

// Standard normal and standard exponential (mean 1) samples: 256-layer
// ziggurats (ziggurat.hpp), one Rng draw and no logarithm in ~99 % of calls.
double sample_standard_normal(Rng& rng);
double sample_standard_exponential(Rng& rng);
// Gamma(shape, 1) sample (Marsaglia–Tsang).
double sample_gamma(Rng& rng, double shape);
// Inverse of the standard normal CDF (Acklam's rational approximation,
// refined by one Halley step: |error| < 1e-12).
double normal_quantile(double p);

}  // namespace ls::sim
