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
#include "tools/cli/command_spec.hpp"
#include "tools/cli/heap_pages.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/io/interrupt.hpp"
#include "tools/io/number_text.hpp"

namespace {

using ls::tools::Command;
using ls::tools::commands;

std::string usage() {
  std::string out =
      "lambdasim — capacity and cost simulator for serverless platforms\n\n"
      "usage: lambdasim <command> [options]\n\ncommands:\n";
  for (const Command& c : commands())
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
  for (const Command& c : commands()) names.push_back(c.name);
  std::string message = fmt::format("lambdasim: unknown command '{}'", command);
  if (auto guess = ls::models::keys::closest(command, names); !guess.empty())
    message += fmt::format(" (did you mean '{}'?)", guess);
  fmt::print(stderr, "{}; commands: {}, help\n", message, ls::models::keys::join(names));
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  ls::tools::restart_with_huge_page_heap(argv);  // returns unless it starts again
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
    // Where the heap's memory is (tools/cli/heap_pages.hpp).
    std::printf("heap: %s\n", ls::tools::heap_pages_status().c_str());
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  ls::tools::install_interrupt_handlers();
  try {
    for (const Command& c : commands()) {
      if (c.name == command) return c.run(args);
    }
    return unknown_command(command);
  } catch (const ls::tools::Interrupted& e) {
    return ls::tools::report_interrupted(e);
  } catch (const ls::Error& e) {
    ls::tools::remove_empty_output_directories();  // e.g. --csv DIR made before a limit's error
    // A mistake repeated in every function of a fleet is reported once per
    // function: the first ones say what to fix, thousands more would only
    // scroll them away.
    constexpr std::size_t kErrorsShown = 20;
    fmt::print(stderr, "error: {}\n", e.what());
    const std::vector<ls::Error>& also = e.also();
    for (std::size_t i = 0; i < also.size() && i + 1 < kErrorsShown; ++i)
      fmt::print(stderr, "error: {}\n", also[i].what());
    if (also.size() + 1 > kErrorsShown)
      fmt::print(stderr, "error: ... and {} more (the first {} are shown)\n",
                 ls::tools::grouped_number(static_cast<double>(also.size() + 1 - kErrorsShown)),
                 kErrorsShown);
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "lambdasim: internal error: {}\n", e.what());
    return 1;
  }
}
