// The instance price table of multi-concurrency compute
// (scenarios/prices/instances/<name>.yaml): EC2 instance types for Lambda
// Managed Instances (vCPU, memory, on-demand and discounted $/h), the
// management fee, and the Web Functions rates (marked unpublished).
#pragma once

#include <map>
#include <string>

#include "models/error.hpp"
#include "models/scenario.hpp"

namespace ls::models {

struct WebRates {
  bool published = false;            // false: AWS has not published them; placeholders
  double usd_per_vcpu_second = 0.0;  // active CPU
  double usd_per_gb_second = 0.0;    // memory of live environments
  double request_usd_per_million = 0.0;
};

struct InstanceTable {
  std::string name;
  std::string file;
  std::string effective_date;
  double management_fee = 0.0;  // fraction of the on-demand price
  std::map<std::string, InstanceType> types;
  WebRates web;
};

}  // namespace ls::models
