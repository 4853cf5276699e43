// The grid of `lambdasim tune`: memory sizes × architectures × provisioned
// concurrency levels, parsed from the command line, and the scenario variant
// of each point as `--set` overrides (re-loading the scenario with them is
// how a variant is built, so every point is validated like a scenario file).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace ls::tools {

// Power Tuning's deploy-time default (power-tuning.md §6).
inline const std::vector<int> kPowerTuningDefaultMemory = {128, 256, 512, 1024, 1536, 3008};

struct TuneGrid {
  std::vector<int> memory;
  std::vector<models::Architecture> architectures;
  std::vector<int> provisioned;  // empty: the scenario's own provisioned concurrency
};

// "128,256,512" or "all" (128 to 10240 MB in 64 MB steps); each size a whole
// number of MB in 128..10240; duplicates dropped. Throws ls::Error naming
// --memory (empty list, not a number, out of range).
std::vector<int> parse_memory_list(const std::string& text);
// "x86_64,arm64". Throws ls::Error naming --arch.
std::vector<models::Architecture> parse_architecture_list(const std::string& text);
// "0,10,50": constant provisioned concurrency levels. Throws naming --provisioned.
std::vector<int> parse_provisioned_list(const std::string& text);

std::string architecture_name(models::Architecture architecture);

struct TuneVariant {
  int memory_mb = 0;
  models::Architecture architecture = models::Architecture::X86_64;
  std::optional<int> provisioned;
  std::vector<std::string> sets;  // functions.<name>.memory_mb=..., ...
};

// Points in the order architecture → provisioned level → memory (each
// architecture/PC group lists the memory sizes in the order given).
std::vector<TuneVariant> build_variants(const std::string& function, const TuneGrid& grid);

}  // namespace ls::tools
