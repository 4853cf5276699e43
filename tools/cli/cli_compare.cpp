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
namespace {

constexpr const char* kAbout =
    R"(Run the scenario's traffic for one function on each compute kind, at several traffic
levels (--scales multiplies every workload of the function), and print side by side the
cost per month and per 1M requests, p50/p99 latency, cold starts and throttles, and the
request rates where the cheapest kind flips (break-even, interpolated within the grid
step). Exit codes: 0 ok, 2 bad input.)";

constexpr OptionSpec kOptions[] = {
    {"file", Takes::Text, "scenario YAML"},
    {"function,f", Takes::Text, "function to compare (default: the only one)"},
    {"compute", Takes::Text,
     "kinds to compare, e.g. on-demand,provisioned,managed-instances,web (default: the first "
     "three, and web when the function has a web: block)"},
    {"scales", Takes::Text,
     "traffic multipliers to scan, e.g. 0.5,1,2,4 (default: 0.1,0.2,0.5,1,2,5,10)"},
    {"provisioned", Takes::Int,
     "constant provisioned concurrency of the provisioned kind (default: the scenario's, else "
     "the on-demand run's mean concurrency rounded up, per level)"},
    {"json", Takes::Text, "write lambdasim.compare/1 JSON to FILE (- for stdout)"},
    {"html", Takes::Text,
     "write a self-contained HTML page (cost and p99 against traffic) to FILE"},
    {"replications"},
    {"threads"},
    {"seed"},
    {"horizon"},
    {"set"},
    {"savings-plan"},
    {"quiet,q"},
    {"max-requests"},
};
constexpr CommandSpec kCommand{"lambdasim compare SCENARIO [--function NAME] [options]", kAbout,
                               kOptions};

}  // namespace

int cmd_compare(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, kCommand, vm)) return 0;
  if (!vm.count("file")) throw Error("a scenario FILE is required (see --help)");
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
