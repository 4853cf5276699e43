// `lambdasim import`: a scenario from a system's own records — a SAM /
// CloudFormation template (docs/import.md).
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "models/config/data_dir.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/config/units.hpp"
#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/study/import_cfn.hpp"
#include "tools/study/import_schedule.hpp"
#include "tools/study/import_terraform.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace ls::tools {
namespace {

constexpr const char* kAbout =
    "Write a scenario from what a system already records: an AWS SAM or CloudFormation\n"
    "template (YAML with !Ref, !Sub, !GetAtt, !If, !FindInMap... or JSON). Every value in the\n"
    "scenario names the resource and property it came from; what the template does not hold\n"
    "(traffic, durations) is a marked PLACEHOLDER, a value that cannot be resolved statically\n"
    "is UNRESOLVED (commented out, with a warning). Resources that are not simulated are\n"
    "listed on stderr and in the scenario's header. docs/import.md has every mapping.\n"
    "\nusage: lambdasim import TEMPLATE [--out scenario.yaml] [options]";

std::string read_input(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(SourceLocation{file, 0, 0}, "", "cannot read the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

import::ImportOptions options_of(const po::variables_map& vm){import::ImportOptions o;
if (vm.count("parameter")) {
  for (const std::string& p : vm["parameter"].as<std::vector<std::string>>()) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(SourceLocation{}, "--parameter", "'" + p + "': expected Name=Value");
    o.parameters[p.substr(0, eq)] = p.substr(eq + 1);
  }
}
if (vm.count("region")) o.region = vm["region"].as<std::string>();
if (vm.count("stack-name")) o.stack_name = vm["stack-name"].as<std::string>();
if (vm.count("name")) o.scenario_name = vm["name"].as<std::string>();
if (vm.count("start")) {
  const auto t = import::parse_utc(vm["start"].as<std::string>());
  if (!t)
    throw Error(SourceLocation{}, "--start", "expected a UTC time such as 2025-01-06T00:00:00Z");
  o.start = *t;
  o.start_given = true;
}
if (vm.count("horizon")) {
  sim::Time h = 0;
  try {
    h = models::parse_duration(vm["horizon"].as<std::string>());
  } catch (const std::exception& e) {
    throw Error(SourceLocation{}, "--horizon", e.what());
  }
  if (h < sim::kSecond) throw Error(SourceLocation{}, "--horizon", "must be at least 1s");
  o.horizon_seconds = h / sim::kSecond;
  o.horizon_given = true;
}
return o;
}  // namespace

}  // namespace ls::tools

int cmd_import(const std::vector<std::string>& args) {
  po::options_description options("lambdasim import TEMPLATE [options]");
  options.add_options()("help,h", "show this help")("file", po::value<std::string>(),
                                                    "SAM / CloudFormation template (YAML or JSON)")(
      "out,o", po::value<std::string>(), "write the scenario to FILE (default: stdout)")(
      "parameter,p", po::value<std::vector<std::string>>()->composing(),
      "template parameter Name=Value, over its Default (repeatable)")(
      "region", po::value<std::string>(), "AWS::Region for !Ref / !Sub (default: unresolved)")(
      "stack-name", po::value<std::string>(), "AWS::StackName for !Ref / !Sub")(
      "start", po::value<std::string>(),
      "UTC time of the scenario's time 0, for schedules (default 2025-01-06T00:00:00Z, a Monday)")(
      "horizon", po::value<std::string>(), "simulated time (default 1d, marked as a placeholder)")(
      "name", po::value<std::string>(), "scenario name (default: the input file's stem)")(
      "format", po::value<std::string>(),
      "cfn (SAM / CloudFormation) or terraform (terraform show -json); default: detected");
  po::variables_map vm;
  if (!parse_command(args, options, std::string(kAbout) + "\n", vm)) return 0;
  if (!vm.count("file")) throw Error("a TEMPLATE file is required (see --help)");
  const std::string file = vm["file"].as<std::string>();
  const import::ImportOptions opts = options_of(vm);
  const std::string text = read_input(file);
  std::string format = vm.count("format") ? vm["format"].as<std::string>() : "";
  if (format.empty()) format = import::looks_like_terraform(text) ? "terraform" : "cfn";
  import::ImportResult result;
  if (format == "cfn") {
    result = import::import_cfn(file, text, opts);
  } else if (format == "terraform") {
    result = import::import_terraform(file, text, opts);
  } else {
    throw Error(SourceLocation{}, "--format", "'" + format + "': expected cfn or terraform");
  }
  const std::string yaml = import::scenario_yaml(result);
  for (const auto& w : result.warnings) fmt::print(stderr, "warning: {}\n", w);
  for (const auto& u : result.unsupported) fmt::print(stderr, "not simulated: {}\n", u);
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "";
  if (out.empty()) {
    std::cout << yaml;
    return 0;
  }
  const fs::path dir = fs::absolute(out).parent_path();
  for (const auto& side : result.side_files)
    write_file_atomically((dir / side.name).string(), side.text);
  write_file_atomically(out, yaml);
  models::LoadOptions load;
  load.data_dir = models::default_data_dir();
  const models::Scenario s = models::load_scenario(out, load);  // proves it validates
  fmt::print(stderr,
             "{}: {} function(s), {} workload(s); {} warning(s), {} resource(s) not simulated\n",
             out, s.functions.size(), s.workloads.size(), result.warnings.size(),
             result.unsupported.size());
  return 0;
}

}  // namespace ls::tools
