// What a sub-command accepts, declared as data: its usage line, what it
// does, and its options (name, value, help, default). --help, option
// parsing (cli_parse.hpp) and the shell completion (which reads --help)
// are produced from it. Options every command means the same way (--seed,
// --threads, --set, ...) are declared once here; a command names them.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <span>

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
  // nullptr: the option shared by commands (kSharedOptions in
  // command_spec.cpp) of this name, with its value, help and default.
  const char* help = nullptr;
  const char* default_text = nullptr;  // the default as typed and shown, e.g. "0.5"
};

struct CommandSpec {
  const char* usage;                    // the options' caption, e.g. "lambdasim run FILE [options]"
  const char* about;                    // what the command does, printed first by --help
  std::span<const OptionSpec> options;  // in --help's order; --help itself comes first
  const char* positional = "file";      // the option positional arguments fill; nullptr: none
  int max_positional = 1;               // -1: any number
};

// The command's options as Boost.Program_options describes them.
boost::program_options::options_description describe(const CommandSpec& command);

}  // namespace ls::tools
