#include "tools/cli_parse.hpp"

#include <iostream>

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

}  // namespace ls::tools
