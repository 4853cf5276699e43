// Scenarios built in code for model tests: one function, one workload, no
// platform effects unless a test turns them on (no scaling limit, no
// keep-alive expiry, zero INIT), so each test states exactly what it models.
#pragma once

#include "models/scenario.hpp"

namespace ls::models::testing {

inline Scenario one_function(double rate_per_s, Dist duration, sim::Time horizon) {
  Scenario s;
  s.name = "test";
  s.seed = 12345;
  s.horizon = horizon;
  s.platform.account_concurrency = 100000;
  s.platform.unreserved_minimum = 0;
  s.platform.scaling.model = ScalingModel::None;
  s.platform.keep_alive.never = true;
  s.platform.rps_per_concurrency = 1e9;
  s.platform.billing.granularity = sim::kMillisecond;
  FunctionConfig f;
  f.name = "fn";
  f.memory_mb = 1024;
  f.timeout = 900 * sim::kSecond;
  f.init = Dist::fixed(0.0);
  f.duration = duration;
  s.functions.push_back(f);
  WorkloadConfig w;
  w.function = 0;
  w.arrivals.process = ArrivalConfig::Process::Poisson;
  w.arrivals.rate = rate_per_s;
  s.workloads.push_back(w);
  return s;
}

// Erlang B, the loss probability of an M/M/c/c system with offered load a,
// by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
inline double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

}  // namespace ls::models::testing
