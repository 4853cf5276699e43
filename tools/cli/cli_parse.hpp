// Option parsing shared by every sub-command: boost::program_options with
// positional arguments, --help, and bad options turned into ls::Error.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "tools/cli/command_spec.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {

// Parses `args` against the command's options; positional arguments fill
// its `positional` option. On --help it prints what the command does, a
// blank line and the options, and returns false. Bad options, and a
// required positional argument missing, throw ls::Error "... (see --help)".
bool parse_command(const std::vector<std::string>& args, const CommandSpec& command,
                   boost::program_options::variables_map& vm);

// How to load the scenario, from the options every scenario command shares:
// the data directory, --set (repeatable), --seed and --horizon.
models::LoadOptions scenario_load_options(const boost::program_options::variables_map& vm);
// The same, plus --replications N as the override "replications=N" (run,
// tune and compare; plan and sweep give --replications their own meaning).
models::LoadOptions scenario_load_options_with_replications(
    const boost::program_options::variables_map& vm);

// The runner's options from --threads and --max-requests, with the stop
// flag of the interrupt handlers (tools/io/interrupt.hpp).
RunnerOptions runner_options(const boost::program_options::variables_map& vm);

}  // namespace ls::tools
