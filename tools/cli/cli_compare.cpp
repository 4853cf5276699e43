// `lambdasim compare SCENARIO --function NAME`: which compute is cheaper for
// this traffic — on-demand, provisioned concurrency, Managed Instances, Web
// Functions — and where the answer flips (docs/compute.md).

#include <boost/program_options.hpp>
#include <iostream>

#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/cli/progress.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/report/compare_report.hpp"
#include "tools/study/compare_run.hpp"

namespace po = boost::program_options;

namespace ls::tools {
int cmd_compare(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("compare"), vm)) return 0;
  CompareRequest req;
  req.scenario_path = vm["file"].as<std::string>();
  req.load = scenario_load_options_with_replications(vm);
  if (vm.count("function")) req.function = vm["function"].as<std::string>();
  if (vm.count("compute")) req.kinds = parse_compute_list(vm["compute"].as<std::string>());
  if (vm.count("scales")) req.scales = parse_scale_list(vm["scales"].as<std::string>());
  // >= 0: checked with the other integer options in cli_parse.cpp.
  if (vm.count("provisioned")) req.provisioned = vm["provisioned"].as<int>();
  RunnerOptions runner = runner_options(vm);
  CompareResult result;
  {
    Progress progress("compare", !vm.count("quiet"));
    progress.attach(runner);
    result = run_compare(req, runner);
  }
  const bool json_stdout = vm.count("json") && vm["json"].as<std::string>() == "-";
  if (vm.count("json")) write_output(vm["json"].as<std::string>(), compare_json(result));
  if (vm.count("html")) write_file_atomically(vm["html"].as<std::string>(), compare_html(result));
  if (!vm.count("quiet") && !json_stdout) std::cout << compare_table(result);
  return 0;
}

}  // namespace ls::tools
