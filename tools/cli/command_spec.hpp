// What a sub-command accepts, declared as data: its usage line, what it
// does, and its options (name, value, help, default). --help, option
// parsing (cli_parse.hpp) and the shell completion (which reads --help)
// are produced from it. Options every command means the same way (--seed,
// --threads, --set, ...) are declared once here; a command names them.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ls::tools {

// The value an option takes.
enum class Takes : std::uint8_t {
  Nothing,      // a flag
  Text,         // one string
  Texts,        // strings, the option repeated (--set a --set b)
  Words,        // strings after one option (--compare-to a.log b.log)
  Positionals,  // the positional FILE... of a command that takes several
  Int,
  Count,  // unsigned
  Size,   // std::size_t
  Seed,   // std::uint64_t
  Number  // double
};

struct OptionSpec {
  const char* name;  // "json", or "out,o" with its short form
  Takes takes = Takes::Nothing;
  // nullptr: the option shared by commands (shared_options(),
  // commands.cpp) of this name, with its value, help and default.
  const char* help = nullptr;
  const char* default_text = nullptr;  // the default as typed and shown, e.g. "0.5"
};

struct CommandSpec {
  const char* usage;                    // the options' caption, e.g. "lambdasim run FILE [options]"
  const char* about;                    // what the command does, printed first by --help
  std::span<const OptionSpec> options;  // in --help's order; --help itself comes first
  const char* positional = "file";      // the option positional arguments fill; nullptr: none
  int max_positional = 1;               // -1: any number
  // When set, the positional argument is required: what it is, for the
  // error ("a scenario FILE" → "a scenario FILE is required (see --help)").
  const char* required = nullptr;
};

// A command of `lambdasim`: what `lambdasim help` lists and how it runs.
struct Command {
  std::string_view name;
  std::string_view arguments;  // after the name in the help, e.g. "FILE"
  std::string_view summary;
  int (*run)(const std::vector<std::string>& args);  // the exit code
  const CommandSpec* spec;
};

// Every command, in help order (commands.cpp).
std::span<const Command> commands();
// The command `name`'s options; std::logic_error when there is none.
const CommandSpec& command_spec(std::string_view name);
// The options commands share, named by their rows ({"seed"}).
std::span<const OptionSpec> shared_options();

// The command's options as Boost.Program_options describes them.
boost::program_options::options_description describe(const CommandSpec& command);

}  // namespace ls::tools
