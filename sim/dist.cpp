// Samplers for Dist. Everything here is hand-written on top of Rng (no
// std::*_distribution) so that a seed replays identically with libstdc++ and
// libc++; only <cmath> functions are used.
#include "sim/dist.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <numeric>
#include <utility>

namespace ls::sim {

namespace {

// Clamps at zero: a duration is never negative, whatever the parameters.
Time to_time(double seconds) { return from_seconds(std::max(0.0, seconds)); }

// Φ(x) for x ≤ 0, accurate in the tail because erfc does not cancel there.
double normal_cdf_lower(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Acklam's rational approximation for p in (0, 0.5]; relative error < 1.15e-9.
double acklam_lower(double p) {
  constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                          1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                          6.680131188771972e+01, -1.328068155288572e+01};
  constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                          -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                          3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  if (p < p_low) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

}  // namespace

Dist Dist::fixed(double seconds) {
  Dist d;
  d.a_ = seconds;
  return d;
}

Dist Dist::exponential(double mean_s) {
  Dist d;
  d.kind_ = DistKind::Exponential;
  d.a_ = mean_s;
  return d;
}

Dist Dist::uniform(double min_s, double max_s) {
  Dist d;
  d.kind_ = DistKind::Uniform;
  d.a_ = min_s;
  d.b_ = max_s;
  return d;
}

Dist Dist::lognormal(double mu, double sigma) {
  Dist d;
  d.kind_ = DistKind::Lognormal;
  d.a_ = mu;
  d.b_ = sigma;
  return d;
}

Dist Dist::lognormal_median_p99(double median_s, double p99_s) {
  // log(X) ~ N(mu, sigma): the median is e^mu and the p99 is e^(mu + z99·sigma).
  const double mu = std::log(median_s);
  return lognormal(mu, (std::log(p99_s) - mu) / normal_quantile(0.99));
}

Dist Dist::gamma_mean_cv(double mean_s, double cv) {
  // cv = 0 has no gamma shape (shape → ∞); its limit is the fixed mean.
  if (!(cv > 0.0)) return fixed(mean_s);
  Dist d;
  d.kind_ = DistKind::Gamma;
  d.a_ = 1.0 / (cv * cv);
  d.b_ = mean_s * cv * cv;
  return d;
}

Dist Dist::empirical(std::vector<double> samples_s) {
  Dist d;
  d.kind_ = DistKind::Empirical;
  // a_ caches the mean so that mean_seconds() stays O(1).
  if (!samples_s.empty())
    d.a_ = std::accumulate(samples_s.begin(), samples_s.end(), 0.0) /
           static_cast<double>(samples_s.size());
  d.samples_ = std::make_shared<const std::vector<double>>(std::move(samples_s));
  return d;
}

Time Dist::sample(Rng& rng) const {
  switch (kind_) {
    case DistKind::Fixed: return to_time(a_);
    case DistKind::Exponential: return to_time(a_ * sample_standard_exponential(rng));
    case DistKind::Uniform: return to_time(a_ + (b_ - a_) * rng.uniform());
    case DistKind::Lognormal: return to_time(std::exp(a_ + b_ * sample_standard_normal(rng)));
    case DistKind::Gamma: return to_time(b_ * sample_gamma(rng, a_));
    case DistKind::Empirical:
      if (!samples_ || samples_->empty()) return 0;
      return to_time((*samples_)[rng.below(samples_->size())]);
  }
  return 0;
}

double Dist::mean_seconds() const {
  switch (kind_) {
    case DistKind::Fixed:
    case DistKind::Exponential:
    case DistKind::Empirical: return a_;
    case DistKind::Uniform: return 0.5 * (a_ + b_);
    case DistKind::Lognormal: return std::exp(a_ + 0.5 * b_ * b_);
    case DistKind::Gamma: return a_ * b_;
  }
  return 0.0;
}

Dist Dist::scaled(double factor) const {
  Dist d = *this;
  switch (kind_) {
    case DistKind::Fixed:
    case DistKind::Exponential: d.a_ *= factor; break;
    case DistKind::Uniform:
      d.a_ *= factor;
      d.b_ *= factor;
      break;
    case DistKind::Lognormal:
      d.a_ += std::log(factor);  // log(f·X) = log f + log X
      break;
    case DistKind::Gamma: d.b_ *= factor; break;
    case DistKind::Empirical: {
      std::vector<double> s = samples_ ? *samples_ : std::vector<double>{};
      for (double& v : s) v *= factor;
      d = empirical(std::move(s));
      break;
    }
  }
  return d;
}

std::string Dist::describe() const {
  char buf[96];
  switch (kind_) {
    case DistKind::Fixed: std::snprintf(buf, sizeof buf, "fixed(%gs)", a_); break;
    case DistKind::Exponential: std::snprintf(buf, sizeof buf, "exponential(mean=%gs)", a_); break;
    case DistKind::Uniform: std::snprintf(buf, sizeof buf, "uniform(%gs, %gs)", a_, b_); break;
    case DistKind::Lognormal:
      std::snprintf(buf, sizeof buf, "lognormal(mu=%.3g, sigma=%.3g)", a_, b_);
      break;
    case DistKind::Gamma:
      std::snprintf(buf, sizeof buf, "gamma(shape=%.3g, scale=%gs)", a_, b_);
      break;
    case DistKind::Empirical:
      std::snprintf(buf, sizeof buf, "empirical(n=%zu, mean=%gs)",
                    samples_ ? samples_->size() : std::size_t{0}, a_);
      break;
  }
  return buf;
}

double sample_gamma(Rng& rng, double shape) {
  if (!(shape > 0.0)) return 0.0;
  if (shape < 1.0) {
    // Boost: if Y ~ Gamma(shape + 1) and U ~ U(0,1], Y·U^(1/shape) ~ Gamma(shape).
    // Drawn in log space so that tiny shapes underflow to 0, not to NaN.
    const double y = sample_gamma(rng, shape + 1.0);
    return y * std::exp(std::log(rng.uniform_pos()) / shape);
  }
  // Marsaglia & Tsang (2000), "A simple method for generating gamma variables".
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = sample_standard_normal(rng);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = rng.uniform_pos();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;  // squeeze: skips the logs
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double normal_quantile(double p) {
  if (!(p > 0.0)) return p == 0.0 ? -std::numeric_limits<double>::infinity() : p;
  if (!(p < 1.0)) return p == 1.0 ? std::numeric_limits<double>::infinity() : p;
  // Work in the lower half (1 - p is exact for p ≥ 0.5) so that the Halley
  // step's residual Φ(x) - p never suffers cancellation near 1.
  const bool upper = p > 0.5;
  const double lower = upper ? 1.0 - p : p;
  double x = acklam_lower(lower);
  const double e = normal_cdf_lower(x) - lower;
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
  x -= u / (1.0 + 0.5 * x * u);
  return upper ? -x : x;
}

}  // namespace ls::sim
