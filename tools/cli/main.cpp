// lambdasim: a discrete-event capacity and cost simulator for serverless
// platforms. This file only dispatches to the sub-commands and turns errors
// into exit codes: bad input → 2 with one clear message, anything else → 1.
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "models/config/data_dir.hpp"
#include "models/config/scenario_keys.hpp"
#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/io/interrupt.hpp"

namespace {

// Every command, in the order `lambdasim help` lists them: the help text,
// dispatch, the unknown-command message and the shell completion (which
// reads the help) come from this one list.
struct Command {
  std::string_view name;
  std::string_view arguments;  // what follows the name in the help, e.g. "FILE"
  std::string_view summary;
  int (*run)(const std::vector<std::string>&);
};
using ls::tools::cmd_run, ls::tools::cmd_validate, ls::tools::cmd_keys, ls::tools::cmd_tune,
    ls::tools::cmd_fit, ls::tools::cmd_azure2scenario, ls::tools::cmd_plan, ls::tools::cmd_sweep,
    ls::tools::cmd_collect, ls::tools::cmd_compare, ls::tools::cmd_calibrate, ls::tools::cmd_import;
constexpr Command kCommands[] = {
    {"run", "FILE", "simulate a scenario: summary table, --json, --csv, --html", cmd_run},
    {"validate", "FILE", "check a scenario and list problems without running it", cmd_validate},
    {"keys", "", "list every scenario key with its type, default and range", cmd_keys},
    {"tune", "FILE", "best memory/architecture for a function, Power Tuning offline", cmd_tune},
    {"fit", "RESULTS...", "the memory-aware duration model from measured results", cmd_fit},
    {"azure2scenario", "", "a scenario replaying rows of the Azure Functions 2019 trace",
     cmd_azure2scenario},
    {"plan", "FILE", "cheapest configuration meeting SLOs", cmd_plan},
    {"sweep", "FILE", "a scenario over a grid of overrides (--grid), locally or in shards",
     cmd_sweep},
    {"collect", "DIR", "merge a sweep's results", cmd_collect},
    {"compare", "FILE",
     "on-demand vs provisioned vs Managed Instances vs Web Functions, break-even", cmd_compare},
    {"calibrate", "LOGS", "a scenario from a function's logs (CloudWatch, Logs Insights, CSV)",
     cmd_calibrate},
    {"import", "FILE...",
     "a scenario from SAM / CloudFormation / Terraform, CloudWatch metrics; bill vs CUR",
     cmd_import},
};

std::string usage() {
  std::string out =
      "lambdasim — capacity and cost simulator for serverless platforms\n\n"
      "usage: lambdasim <command> [options]\n\ncommands:\n";
  for (const Command& c : kCommands)
    out += fmt::format("  {:<18}{}\n", fmt::format("{} {}", c.name, c.arguments), c.summary);
  out += fmt::format("  {:<18}{}\n", "help",
                     "this text; `lambdasim <command> --help` for a command's options");
  out +=
      "\nexit codes: 0 ok, 1 internal error, 2 bad input (file:line:col: key.path: message),\n"
      "            3 tune/plan: nothing meets the SLO / collect: points missing\n";
  return out;
}

int unknown_command(const std::string& command) {
  std::vector<std::string_view> names;
  for (const Command& c : kCommands) names.push_back(c.name);
  std::string message = fmt::format("lambdasim: unknown command '{}'", command);
  if (auto guess = ls::models::keys::closest(command, names); !guess.empty())
    message += fmt::format(" (did you mean '{}'?)", guess);
  fmt::print(stderr, "{}; commands: {}, help\n", message, ls::models::keys::join(names));
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() > 1 && args[0] == "help") {
    fmt::print(stderr,
               "lambdasim: help takes no arguments; `lambdasim <command> --help` "
               "describes a command\n");
    return 2;
  }
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(usage().c_str(), stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::puts("lambdasim 0.1.0");
    // Where presets and price tables are read from (an installed binary:
    // share/lambdasim/scenarios beside it; LAMBDASIM_DATA_DIR overrides).
    std::printf("data: %s\n", ls::models::default_data_dir().c_str());
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  ls::tools::install_interrupt_handlers();
  try {
    for (const Command& c : kCommands) {
      if (c.name == command) return c.run(args);
    }
    return unknown_command(command);
  } catch (const ls::tools::Interrupted& e) {
    return ls::tools::report_interrupted(e);
  } catch (const ls::Error& e) {
    ls::tools::remove_empty_output_directories();  // e.g. --csv DIR made before a limit's error
    fmt::print(stderr, "error: {}\n", e.what());
    for (const ls::Error& more : e.also()) fmt::print(stderr, "error: {}\n", more.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "lambdasim: internal error: {}\n", e.what());
    return 1;
  }
}
