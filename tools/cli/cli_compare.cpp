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
    "Run the scenario's traffic for one function on each compute kind, at several traffic\n"
    "levels (--scales multiplies every workload of the function), and print side by side the\n"
    "cost per month and per 1M requests, p50/p99 latency, cold starts and throttles, and the\n"
    "request rates where the cheapest kind flips (break-even, interpolated within the grid\n"
    "step). Exit codes: 0 ok, 2 bad input.";

po::options_description compare_options() {
  po::options_description o("lambdasim compare SCENARIO [--function NAME] [options]");
  o.add_options()("help,h", "show this help")("file", po::value<std::string>(), "scenario YAML")(
      "function,f", po::value<std::string>(), "function to compare (default: the only one)")(
      "compute", po::value<std::string>(),
      "kinds to compare, e.g. on-demand,provisioned,managed-instances,web (default: the first "
      "three, and web when the function has a web: block)")(
      "scales", po::value<std::string>(),
      "traffic multipliers to scan, e.g. 0.5,1,2,4 (default: 0.1,0.2,0.5,1,2,5,10)")(
      "provisioned", po::value<int>(),
      "constant provisioned concurrency of the provisioned kind (default: the scenario's, else "
      "the on-demand run's mean concurrency rounded up, per level)")(
      "json", po::value<std::string>(), "write lambdasim.compare/1 JSON to FILE (- for stdout)")(
      "html", po::value<std::string>(),
      "write a self-contained HTML page (cost and p99 against traffic) to FILE")(
      "replications", po::value<int>(), "override the number of replications")(
      "threads", po::value<unsigned>()->default_value(0), "worker threads (0: all cores)")(
      "seed", po::value<std::uint64_t>(), "override the scenario's seed")(
      "horizon", po::value<std::string>(), "override the simulated time, e.g. 1h")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario key (repeatable)")(
      "savings-plan", po::value<std::string>(),
      "a Compute Savings Plan commitment in USD per hour, e.g. 0.5, applied hour by hour to "
      "every kind's Lambda duration and provisioned concurrency (docs/savings-plans.md)")(
      "quiet,q", "no table and no progress line");
  add_run_limit_options(o);
  return o;
}

}  // namespace

int cmd_compare(const std::vector<std::string>& args) {
  const po::options_description options = compare_options();
  po::variables_map vm;
  if (!parse_command(args, options, std::string(kAbout) + "\n", vm)) return 0;
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
