// Options every `lambdasim import` reader shares.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace ls::tools::import {

struct ImportOptions {
  std::map<std::string, std::string> parameters;  // --parameter Name=Value
  std::string region;                             // --region ("" unknown)
  std::string stack_name;                         // --stack-name ("" unknown)
  // The wall-clock instant (UTC seconds) that becomes the scenario's time 0:
  // scheduled actions and schedules are laid out from it. Metrics set it
  // to their first period.
  std::int64_t start = 1736121600;  // 2025-01-06T00:00:00Z, a Monday
  bool start_given = false;
  std::int64_t horizon_seconds = 86400;
  bool horizon_given = false;
  std::string scenario_name;  // "" = from the input file's stem
};

}  // namespace ls::tools::import
