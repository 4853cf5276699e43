#include "tools/study/calibrate_fit.hpp"

#include <algorithm>
#include <cmath>

namespace ls::tools::calibrate {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

void LognormalFitter::add(double seconds) {
  if (!(seconds > 0.0)) {
    ++zeros_;
    return;
  }
  const double x = std::log(seconds);
  if (n_ == 0) shift_ = x;
  ++n_;
  sum_ += x - shift_;
  sum_sq_ += (x - shift_) * (x - shift_);
  histogram_.add(seconds);
}

LognormalFit LognormalFitter::fit() const {
  LognormalFit f;
  f.n = n_;
  if (n_ < 2) return f;
  const double n = static_cast<double>(n_);
  const double mean = sum_ / n;
  f.mu = shift_ + mean;
  f.sigma = std::sqrt(std::max(0.0, sum_sq_ / n - mean * mean));
  // mu: normal theory (exact t for large n); sigma: the MLE's asymptotic
  // variance sigma^2 / (2n).
  const double se_mu = f.sigma / std::sqrt(n);
  const double se_sigma = f.sigma / std::sqrt(2.0 * n);
  f.mu_ci95 = {f.mu - 1.96 * se_mu, f.mu + 1.96 * se_mu};
  f.sigma_ci95 = {std::max(0.0, f.sigma - 1.96 * se_sigma), f.sigma + 1.96 * se_sigma};
  f.median_s = std::exp(f.mu);
  f.p99_s = std::exp(f.mu + 2.3263478740408408 * f.sigma);
  if (f.sigma > 0.0) {
    std::uint64_t below = 0;
    double ks = 0.0;
    for (std::size_t i = 0; i < histogram_.bucket_count(); ++i) {
      const std::uint64_t count = histogram_.bucket(i);
      if (count == 0) continue;
      const double lower = histogram_.bucket_lower(i);
      const double upper =
          i + 1 < histogram_.bucket_count() ? histogram_.bucket_lower(i + 1) : histogram_.max();
      const double before = static_cast<double>(below) / n;
      below += count;
      const double after = static_cast<double>(below) / n;
      if (lower > 0.0)
        ks = std::max(ks, std::abs(before - normal_cdf((std::log(lower) - f.mu) / f.sigma)));
      if (upper > 0.0)
        ks = std::max(ks, std::abs(after - normal_cdf((std::log(upper) - f.mu) / f.sigma)));
    }
    f.ks = ks;
  }
  f.ks_critical_5 = 1.358 / std::sqrt(n);
  return f;
}

}  // namespace ls::tools::calibrate
