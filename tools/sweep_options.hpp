// Command-line pieces shared by `sweep`, `collect` and `plan`: option
// parsing with one optional positional FILE, and the traffic forecast
// `--load 1.5x`.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "models/error.hpp"
#include "models/scenario.hpp"

namespace ls::tools {

// Parses `args` (positional "file"); prints `usage` and the options and
// returns false on --help. Bad options become ls::Error.
bool parse_command(const std::vector<std::string>& args,
                   const boost::program_options::options_description& options, const char* usage,
                   boost::program_options::variables_map& vm);

// "1.5x", "1.5" or "150%" → 1.5 (>= 0). Throws ls::Error at `where`.
double parse_load_factor(std::string_view text, const SourceLocation& where,
                         const std::string& key_path);

// "workloads[i].arrivals.scale=<scale × factor>" for every workload of the
// (already loaded) scenario; none when factor is 1.
std::vector<std::string> load_factor_sets(const models::Scenario& scenario, double factor);

// A fraction written as "0.1%" or "0.001" (0..1). Throws ls::Error.
double parse_fraction(std::string_view text, const SourceLocation& where,
                      const std::string& key_path);

}  // namespace ls::tools
