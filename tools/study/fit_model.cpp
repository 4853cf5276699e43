#include "tools/study/fit_model.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "models/duration_model.hpp"
#include "models/error.hpp"

namespace ls::tools {
namespace {

using models::Architecture;

double vcpu(const FitOptions& o, int memory_mb, int threads) {
  return models::vcpu_share(memory_mb, o.mb_per_vcpu, o.max_vcpu, threads);
}

struct Design {
  Eigen::MatrixXd x;  // columns: cpu per architecture present, then io
  std::vector<Architecture> cpu_columns;
};

Design design(const std::vector<FitSample>& samples, const FitOptions& o, int threads) {
  Design d;
  for (const auto a : {Architecture::X86_64, Architecture::Arm64}) {
    if (std::any_of(samples.begin(), samples.end(),
                    [a](const FitSample& s) { return s.architecture == a; }))
      d.cpu_columns.push_back(a);
  }
  const auto k = static_cast<Eigen::Index>(d.cpu_columns.size());
  d.x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(samples.size()), k + 1);
  const double at = vcpu(o, o.at_memory_mb, threads);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    for (Eigen::Index c = 0; c < k; ++c) {
      if (samples[i].architecture == d.cpu_columns[static_cast<std::size_t>(c)])
        d.x(row, c) = at / vcpu(o, samples[i].memory_mb, threads);
    }
    d.x(row, k) = 1.0;
  }
  return d;
}

struct Solution {
  Eigen::VectorXd beta;
  double wsse = std::numeric_limits<double>::infinity();
};

// Weighted least squares with beta >= 0: the best non-negative unconstrained
// solution over every subset of free columns (exact for a handful of
// columns). Empty when the full design is rank-deficient.
std::optional<Solution> solve_nonnegative(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                          const Eigen::VectorXd& w) {
  const Eigen::MatrixXd xw = w.asDiagonal() * x;
  const Eigen::VectorXd yw = w.asDiagonal() * y;
  const auto k = static_cast<int>(x.cols());
  if (Eigen::ColPivHouseholderQR<Eigen::MatrixXd>(xw).rank() < k) return std::nullopt;
  Solution best;
  for (int mask = 1; mask < (1 << k); ++mask) {
    std::vector<Eigen::Index> cols;
    for (int c = 0; c < k; ++c)
      if (mask & (1 << c)) cols.push_back(c);
    Eigen::MatrixXd sub(xw.rows(), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t j = 0; j < cols.size(); ++j)
      sub.col(static_cast<Eigen::Index>(j)) = xw.col(cols[j]);
    const Eigen::VectorXd b = sub.colPivHouseholderQr().solve(yw);
    if ((b.array() < 0).any()) continue;
    const double wsse = (sub * b - yw).squaredNorm();
    if (wsse < best.wsse) {
      best.wsse = wsse;
      best.beta = Eigen::VectorXd::Zero(k);
      for (std::size_t j = 0; j < cols.size(); ++j)
        best.beta(cols[j]) = b(static_cast<Eigen::Index>(j));
    }
  }
  if (!std::isfinite(best.wsse)) return std::nullopt;
  return best;
}

std::string sizes_text(const std::set<int>& sizes) {
  std::string s;
  for (int m : sizes) s += (s.empty() ? "" : ", ") + std::to_string(m);
  return s + " MB";
}

void check_identifiable(const std::vector<FitSample>& samples) {
  if (samples.empty()) throw Error("fit: no measurements");
  std::set<int> sizes;
  for (const auto& s : samples) sizes.insert(s.memory_mb);
  if (sizes.size() < 2) {
    throw Error(fmt::format(
        "fit: all {} measurement(s) are at one memory size ({}): the CPU part (which scales "
        "with memory) and the I/O part (which does not) cannot be told apart; measure at least "
        "two sizes, e.g. Power Tuning with powerValues [256, 512, 1024, 2048]",
        samples.size(), sizes_text(sizes)));
  }
}

void add_notes(FitResult& r, const std::vector<FitSample>& samples, const FitOptions& o,
               int max_threads) {
  const int top =
      std::max_element(samples.begin(), samples.end(), [](const auto& a, const auto& b) {
        return a.memory_mb < b.memory_mb;
      })->memory_mb;
  if (!o.threads && max_threads == 1) {
    r.notes.push_back(fmt::format(
        "every size is at most {:g} MB (1 vCPU), so the thread count cannot be told: threads 1 "
        "assumed; measure above {:g} MB to tell",
        o.mb_per_vcpu, o.mb_per_vcpu));
  } else if (!o.threads && r.threads == max_threads && r.cpu_ms > 0 &&
             max_threads < static_cast<int>(std::ceil(o.max_vcpu))) {
    r.notes.push_back(fmt::format(
        "the duration still falls at the largest size measured ({} MB): threads may be more than "
        "{}; measure larger sizes to tell",
        top, r.threads));
  }
  if (r.cpu_ms == 0) r.notes.push_back("no CPU part: the duration does not fall with memory");
  if (r.io_ms == 0)
    r.notes.push_back(
        "the I/O part is 0 (constrained: the data fall at least as fast as the "
        "vCPU share)");
}

}  // namespace

FitResult fit_duration_model(const std::vector<FitSample>& samples, const FitOptions& o) {
  check_identifiable(samples);
  if (!(o.mb_per_vcpu > 0 && o.max_vcpu > 0))
    throw Error("fit: the platform's vCPU share (mb_per_vcpu, max_vcpu) is not set");
  const auto n = static_cast<Eigen::Index>(samples.size());
  Eigen::VectorXd y(n), w(n);
  int top = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& s = samples[static_cast<std::size_t>(i)];
    y(i) = s.duration_ms;
    w(i) = o.weights == FitWeights::Relative ? 1.0 / s.duration_ms : 1.0;
    top = std::max(top, s.memory_mb);
  }
  // Beyond ceil(top / mb_per_vcpu) threads every size gets its full share:
  // larger counts give the same model.
  const int max_threads =
      std::max(1, static_cast<int>(std::ceil(std::min(o.max_vcpu, top / o.mb_per_vcpu) - 1e-12)));
  std::optional<Solution> best;
  Design best_design;
  int best_threads = 0;
  const int lo = o.threads.value_or(1), hi = o.threads.value_or(max_threads);
  for (int t = lo; t <= hi; ++t) {
    Design d = design(samples, o, t);
    const auto sol = solve_nonnegative(d.x, y, w);
    if (!sol) continue;
    if (!best || sol->wsse < best->wsse * (1 - 1e-9)) {
      best = sol;
      best_design = std::move(d);
      best_threads = t;
    }
  }
  if (!best) {
    throw Error(
        "fit: the sizes measured cannot separate the CPU and I/O parts with " +
        (o.threads ? "threads " + std::to_string(*o.threads) : std::string("any thread count")) +
        " (every size gets the same vCPU share); measure sizes below " +
        std::to_string(static_cast<int>(o.mb_per_vcpu)) + " MB");
  }
  FitResult r;
  r.at_memory_mb = o.at_memory_mb;
  r.threads = best_threads;
  const auto k = static_cast<Eigen::Index>(best_design.cpu_columns.size());
  r.at_architecture = best_design.cpu_columns.front();
  r.cpu_ms = best->beta(0);
  r.io_ms = best->beta(k);
  if (k == 2) {
    if (r.cpu_ms > 0 && best->beta(1) > 0 && best->beta(1) / r.cpu_ms <= 10)
      r.arm64_factor = best->beta(1) / r.cpu_ms;
    else
      r.notes.push_back(fmt::format(
          "arm64_factor not fitted: CPU parts {:.3f} ms (x86_64) and {:.3f} ms (arm64) give no "
          "ratio in (0, 10]",
          r.cpu_ms, best->beta(1)));
  }
  const Eigen::VectorXd fitted = best_design.x * best->beta;
  const double mean = y.mean();
  const double sse = (y - fitted).squaredNorm();
  const double sst = (y.array() - mean).square().sum();
  r.r2 = sst > 0 ? 1 - sse / sst : std::numeric_limits<double>::quiet_NaN();
  r.rms_ms = std::sqrt(sse / static_cast<double>(n));
  r.rms_relative = std::sqrt(((y - fitted).array() / y.array()).square().mean());
  r.fitted_ms.assign(fitted.data(), fitted.data() + n);
  add_notes(r, samples, o, max_threads);
  return r;
}

double predict_ms(const FitResult& fit, const FitOptions& options, int memory_mb,
                  Architecture architecture) {
  double cpu = fit.cpu_ms;
  if (architecture != fit.at_architecture) {
    const double f = fit.arm64_factor.value_or(1.0);
    cpu *= architecture == Architecture::Arm64 ? f : 1.0 / f;
  }
  return cpu * vcpu(options, fit.at_memory_mb, fit.threads) /
             vcpu(options, memory_mb, fit.threads) +
         fit.io_ms;
}

std::string duration_block_yaml(const FitResult& fit, const std::vector<std::string>& inputs,
                                std::size_t samples) {
  auto ms = [](double v) {
    std::string s = fmt::format("{:.3f}", v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s + "ms";
  };
  std::string files;
  for (const auto& f : inputs) files += (files.empty() ? "" : ", ") + f;
  // Indented as a key of a function in the usual two-space layout
  // (functions: / NAME: / duration:), so the block pastes under
  // `functions.NAME:` as it is.
  std::string out = fmt::format(
      "    # Fitted by `lambdasim fit` from {} ({} points): R² {}, rms "
      "residual {:.2f} ms ({:.2f} %).\n",
      files, samples, std::isnan(fit.r2) ? std::string("n/a") : fmt::format("{:.5f}", fit.r2),
      fit.rms_ms, 100 * fit.rms_relative);
  out +=
      "    # Means only: cpu and io are fixed values; replace them with distributions (e.g.\n"
      "    # {dist: lognormal, median: ..., p99: ...}) to model the spread. Paste as it is\n"
      "    # under a function (functions: / NAME:) in place of its duration (docs/tune.md).\n";
  out += "    duration:\n";
  out += fmt::format("      at_memory_mb: {}\n", fit.at_memory_mb);
  if (fit.at_architecture == Architecture::Arm64) out += "      at_architecture: arm64\n";
  out += fmt::format("      cpu: {}\n      io: {}\n      threads: {}\n", ms(fit.cpu_ms),
                     ms(fit.io_ms), fit.threads);
  if (fit.arm64_factor) out += fmt::format("      arm64_factor: {:.4f}\n", *fit.arm64_factor);
  return out;
}

}  // namespace ls::tools
