// The scenario `lambdasim calibrate` writes: the observed traffic replayed
// (the arrival timestamps, or per-minute counts for long logs), the fitted
// duration and INIT, the memory size, and the observed lifecycle as platform
// overrides where the logs identify it; every number commented with where it
// came from.
#pragma once

#include <string>
#include <vector>

#include "tools/study/calibrate_estimate.hpp"

namespace ls::tools::calibrate {

struct ScenarioOptions {
  std::string name = "calibrated";
  std::string function = "fn";
  std::string preset = "aws-2025";
  // The arrivals file, written next to the scenario; the scenario names it
  // by its file name (relative to the scenario).
  std::string arrivals_file;
  bool per_minute = false;  // arrivals as per-minute counts (CloudWatch format)
  // Empirical duration/INIT samples (--empirical): CSV files next to the
  // scenario, or "" for the lognormal fits.
  std::string duration_samples_file;
  std::string init_samples_file;
  // The idle reclaim's percentiles (ReclaimEstimate::percentiles_s) as a CSV
  // next to the scenario, its keep_alive an empirical Dist of them; "" for
  // the uniform q10..q90 (a library caller that writes no file).
  std::string keep_alive_file;
  std::vector<std::string> inputs;  // log files, for the header comment
  std::string formats;
  // Lifecycle keys are written only when identified (and not disabled).
  bool lifecycle = true;
};

std::string scenario_yaml(const Estimates& estimates, const ScenarioOptions& options);

// The per-minute counts as a CloudWatch-style CSV (timestamp,count), Unix
// seconds of each minute from the first arrival's.
std::string per_minute_csv(const Observed& observed);

// The idle reclaim's percentiles as a one-column CSV (keep_alive_s).
std::string keep_alive_csv(const ReclaimEstimate& reclaim);

}  // namespace ls::tools::calibrate
