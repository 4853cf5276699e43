// The fleet the fleet-scale report tests share (report_table_test.cpp,
// report_html_fleet_test.cpp): 60 functions, each at 2 requests/s for
// 10 min, whose memory, and so cost, steps by 64 MB from 128 MB in a
// scrambled order (37·i mod 60), so that the costliest functions are not
// simply the last ones listed.
#pragma once

#include <string>

namespace ls::report_testing {

inline std::string fleet_of_60_yaml() {
  std::string y = "scenario: fleet\nseed: 3\nhorizon: 10m\nplatform: {preset: aws-2025}\n";
  y += "functions:\n";
  for (int i = 0; i < 60; ++i)
    y += "  f" + std::to_string(i) + ": {memory_mb: " + std::to_string(128 + 64 * (i * 37 % 60)) +
         ", init: 250ms, duration: {dist: fixed, value: 50ms}}\n";
  y += "workloads:\n";
  for (int i = 0; i < 60; ++i)
    y += "  - {function: f" + std::to_string(i) + ", arrivals: {process: poisson, rate: 2/s}}\n";
  return y;
}

}  // namespace ls::report_testing
