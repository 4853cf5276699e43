// `lambdasim azure2scenario`: a complete scenario from rows of the Azure
// Functions 2019 trace (tools/azure_trace.hpp).
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "models/config/data_dir.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/study/azure_trace.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace ls::tools {
namespace {

std::vector<AzurePick> picks_of(const po::variables_map& vm) {
  std::vector<AzurePick> picks;
  if (vm.count("row")) {
    for (const std::string& r : vm["row"].as<std::vector<std::string>>()) {
      std::size_t used = 0;
      unsigned long long n = 0;
      try {
        n = std::stoull(r, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != r.size() || r[0] == '-')
        throw Error(SourceLocation{}, "--row", "'" + r + "' is not a row number (0, 1, ...)");
      picks.push_back({static_cast<std::size_t>(n), ""});
    }
  }
  if (vm.count("function")) {
    for (const std::string& h : vm["function"].as<std::vector<std::string>>()) {
      if (h.empty()) throw Error(SourceLocation{}, "--function", "empty HashFunction prefix");
      picks.push_back({std::nullopt, h});
    }
  }
  if (picks.empty()) throw Error("pick at least one function with --row N or --function HASH");
  return picks;
}

// The invocations file as the scenario must name it: relative to the
// scenario's folder (or to the current one when printing to stdout).
std::string path_for_scenario(const std::string& invocations, const std::string& out) {
  const fs::path base = out.empty() ? fs::current_path() : fs::absolute(out).parent_path();
  const fs::path rel = fs::absolute(invocations).lexically_normal().lexically_relative(base);
  return rel.empty() ? fs::absolute(invocations).string() : rel.generic_string();
}

}  // namespace

int cmd_azure2scenario(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("azure2scenario"), vm)) return 0;
  for (const char* required : {"invocations", "durations"})
    if (!vm.count(required))
      throw Error(std::string("--") + required + " FILE is required (see --help)");
  const std::string invocations = vm["invocations"].as<std::string>();
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "";
  const auto functions = read_azure_functions(invocations, picks_of(vm));
  std::vector<AzureDurations> durations;
  std::vector<std::optional<AzureMemory>> memory;
  for (const auto& f : functions) {
    const auto d = read_azure_durations(vm["durations"].as<std::string>(), f.hash);
    if (!d) {
      throw Error(SourceLocation{}, "--durations",
                  "no row of " + vm["durations"].as<std::string>() + " has HashFunction " + f.hash);
    }
    durations.push_back(*d);
    memory.push_back(std::nullopt);
    if (vm.count("memory")) {
      memory.back() = read_azure_memory(vm["memory"].as<std::string>(), f.hash);
      if (!memory.back()) {
        throw Error(SourceLocation{}, "--memory",
                    "no row of " + vm["memory"].as<std::string>() + " has HashFunction " + f.hash);
      }
    }
  }
  AzureScenarioOptions opts{vm["name"].as<std::string>(), vm["seed"].as<std::uint64_t>(),
                            path_for_scenario(invocations, out), ""};
  const std::string yaml = azure_scenario_yaml(opts, functions, durations, memory);
  if (out.empty()) {
    std::cout << yaml;
    return 0;
  }
  write_file_atomically(out, yaml);
  models::LoadOptions load;
  load.data_dir = models::default_data_dir();
  const models::Scenario s = models::load_scenario(out, load);  // proves it loads
  fmt::print(stderr, "{}: {} function(s), horizon {:g} min\n", out, s.functions.size(),
             sim::to_seconds(s.horizon) / 60);
  return 0;
}

}  // namespace ls::tools
