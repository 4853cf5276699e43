// Distribution fits of `lambdasim calibrate`: a lognormal by maximum
// likelihood from streamed values, with its goodness of fit.
#pragma once

#include <cstdint>

#include "sim/stats.hpp"

namespace ls::tools::calibrate {

struct Interval {
  double low = 0.0;
  double high = 0.0;
};

struct LognormalFit {
  std::uint64_t n = 0;
  double mu = 0.0;     // mean of ln(seconds)
  double sigma = 0.0;  // standard deviation of ln(seconds), the MLE (divides by n)
  Interval mu_ci95;
  Interval sigma_ci95;
  double median_s = 0.0;  // exp(mu)
  double p99_s = 0.0;     // exp(mu + 2.326 sigma)
  // Kolmogorov-Smirnov distance between the data and the fit (evaluated at
  // the histogram's bucket edges: within 1 % of the values), and the
  // asymptotic 5 % critical value 1.358 / sqrt(n) (the fit's parameters come
  // from the data, so the test is conservative: Lilliefors's value is lower).
  double ks = 0.0;
  double ks_critical_5 = 0.0;
  bool ok() const { return n >= 2 && sigma > 0.0; }
};

// Streams positive values (seconds) and fits them.
class LognormalFitter {
 public:
  void add(double seconds);
  LognormalFit fit() const;
  const sim::LogHistogram& histogram() const { return histogram_; }
  std::uint64_t zeros() const { return zeros_; }

 private:
  std::uint64_t n_ = 0;
  std::uint64_t zeros_ = 0;  // values <= 0 (a log cannot take them)
  double sum_ = 0.0;         // of ln x, shifted by the first value for accuracy
  double sum_sq_ = 0.0;
  double shift_ = 0.0;
  sim::LogHistogram histogram_{1e-6, 1e6};
};

// Standard normal CDF.
double normal_cdf(double z);

}  // namespace ls::tools::calibrate
