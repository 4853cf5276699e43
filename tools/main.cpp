// lambdasim: a discrete-event capacity and cost simulator for serverless
// platforms. This file only dispatches to the sub-commands and turns errors
// into exit codes: bad input → 2 with one clear message, anything else → 1.
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "models/error.hpp"
#include "tools/cli.hpp"

namespace {

constexpr const char* kUsage = R"(lambdasim — capacity and cost simulator for serverless platforms

usage: lambdasim <command> [options]

commands:
  run FILE        simulate a scenario: summary table, --json, --csv
  validate FILE   check a scenario and list problems without running it
  keys            list every scenario key with its type, default and range
  tune FILE       best memory/architecture for a function, Power Tuning offline; fit RESULTS...
  azure2scenario  a scenario replaying rows of the Azure Functions 2019 trace
  plan FILE       cheapest configuration meeting SLOs; sweep FILE --grid ...; collect DIR
  help            this text; `lambdasim <command> --help` for a command's options

exit codes: 0 ok, 1 internal error, 2 bad input (file:line:col: key.path: message),
            3 plan: nothing feasible / collect: points missing
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::puts("lambdasim 0.1.0");
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "run") return ls::tools::cmd_run(args);
    if (command == "validate") return ls::tools::cmd_validate(args);
    if (command == "keys") return ls::tools::cmd_keys(args);
    if (command == "tune") return ls::tools::cmd_tune(args);
    if (command == "fit") return ls::tools::cmd_fit(args);
    if (command == "azure2scenario") return ls::tools::cmd_azure2scenario(args);
    if (command == "plan") return ls::tools::cmd_plan(args);
    if (command == "sweep") return ls::tools::cmd_sweep(args);
    if (command == "collect") return ls::tools::cmd_collect(args);
    fmt::print(stderr, "lambdasim: unknown command '{}' (commands: run, validate, keys, help)\n",
               command);
    return 2;
  } catch (const ls::Error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "lambdasim: internal error: {}\n", e.what());
    return 1;
  }
}
