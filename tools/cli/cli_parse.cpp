#include "tools/cli/cli_parse.hpp"

#include <iostream>

#include "models/config/data_dir.hpp"
#include "models/error.hpp"

namespace po = boost::program_options;

namespace ls::tools {

bool parse_command(const std::vector<std::string>& args, const po::options_description& options,
                   const std::string& usage, po::variables_map& vm, const char* positional,
                   int max_positional) {
  po::positional_options_description positionals;
  if (positional) positionals.add(positional, max_positional);
  try {
    po::store(po::command_line_parser(args).options(options).positional(positionals).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string(e.what()) + " (see --help)");
  }
  if (vm.count("help")) {
    std::cout << usage << "\n" << options;
    return false;
  }
  return true;
}

models::LoadOptions scenario_load_options(const po::variables_map& vm) {
  models::LoadOptions opts;
  opts.data_dir = models::default_data_dir();
  if (vm.count("set")) opts.sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) opts.seed = vm["seed"].as<std::uint64_t>();
  if (vm.count("horizon")) opts.horizon = vm["horizon"].as<std::string>();
  return opts;
}

models::LoadOptions scenario_load_options_with_replications(const po::variables_map& vm) {
  models::LoadOptions opts = scenario_load_options(vm);
  if (vm.count("replications"))
    opts.sets.push_back("replications=" + std::to_string(vm["replications"].as<int>()));
  return opts;
}

}  // namespace ls::tools
