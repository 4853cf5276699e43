// Sub-commands of the `lambdasim` program. Each returns the process exit
// code: 0 success, 2 bad input (ls::Error), 1 an internal failure.
#pragma once

#include <string>
#include <vector>

namespace ls::tools {

int cmd_run(const std::vector<std::string>& args);
int cmd_validate(const std::vector<std::string>& args);
int cmd_keys(const std::vector<std::string>& args);
// Power tuning offline (docs/tune.md); tune exits 3 when no point meets --slo.
int cmd_tune(const std::vector<std::string>& args);
int cmd_fit(const std::vector<std::string>& args);
int cmd_azure2scenario(const std::vector<std::string>& args);  // cli_azure.cpp
// Capacity planning and sweeps (docs/plan.md); plan exits 3 when nothing
// meets the constraints, collect when points are missing or corrupt.
int cmd_plan(const std::vector<std::string>& args);
int cmd_sweep(const std::vector<std::string>& args);
int cmd_collect(const std::vector<std::string>& args);
// Which compute is cheaper for the traffic (docs/compute.md): cli_compare.cpp.
int cmd_compare(const std::vector<std::string>& args);
// A scenario from a function's logs, and its backtest (docs/calibrate.md): cli_calibrate.cpp.
int cmd_calibrate(const std::vector<std::string>& args);
// A scenario from a SAM / CloudFormation template (docs/import.md): cli_import.cpp.
int cmd_import(const std::vector<std::string>& args);

}  // namespace ls::tools
