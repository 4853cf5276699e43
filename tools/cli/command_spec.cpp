#include "tools/cli/command_spec.hpp"

#include <boost/lexical_cast.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace po = boost::program_options;

namespace ls::tools {
namespace {

// The options several commands share, in one place.
constexpr OptionSpec kSharedOptions[] = {
    {"help,h", Takes::Nothing, "show this help"},
    {"file", Takes::Text, "scenario YAML file"},
    {"seed", Takes::Seed, "override the scenario's seed"},
    {"horizon", Takes::Text, "override the simulated time, e.g. 1h"},
    {"set", Takes::Texts,
     "override a scenario key (repeatable), e.g. --set functions.api.memory_mb=2048"},
    {"replications", Takes::Int, "override the number of replications"},
    {"threads", Takes::Count, "worker threads (0: all cores)", "0"},
    {"quiet,q", Takes::Nothing, "no table and no progress line"},
    {"savings-plan", Takes::Text,
     "a Compute Savings Plan commitment in USD per hour, e.g. 0.5, applied hour by hour to "
     "Lambda duration and provisioned concurrency (docs/savings-plans.md)"},
    {"max-requests", Takes::Number,
     "most requests (first attempts, all replications) one scenario may simulate; checked "
     "before the run (docs/limits.md)",
     "2e10"},
};

const OptionSpec& resolved(const OptionSpec& o) {
  if (o.help != nullptr) return o;
  for (const OptionSpec& shared : kSharedOptions)
    if (std::string_view(shared.name) == o.name) return shared;
  throw std::logic_error(std::string("command_spec.cpp: no shared option '") + o.name + "'");
}

template <class T>
po::typed_value<T>* typed(const OptionSpec& o) {
  po::typed_value<T>* v = po::value<T>();
  if constexpr (!std::is_same_v<T, std::vector<std::string>>) {  // lists have no default
    if (o.default_text != nullptr)
      v->default_value(boost::lexical_cast<T>(o.default_text), o.default_text);
  }
  return v;
}

const po::value_semantic* semantic(const OptionSpec& o) {
  using Strings = std::vector<std::string>;
  switch (o.takes) {
    case Takes::Nothing: return new po::untyped_value(true);  // as add_options()(name, help)
    case Takes::Text: return typed<std::string>(o);
    case Takes::Texts: return typed<Strings>(o)->composing();
    case Takes::Words: return typed<Strings>(o)->multitoken();
    case Takes::Positionals: return typed<Strings>(o);
    case Takes::Int: return typed<int>(o);
    case Takes::Count: return typed<unsigned>(o);
    case Takes::Size: return typed<std::size_t>(o);
    case Takes::Seed: return typed<std::uint64_t>(o);
    case Takes::Number: return typed<double>(o);
  }
  throw std::logic_error("command_spec.cpp: unknown Takes");
}

void add(po::options_description& out, const OptionSpec& spec) {
  const OptionSpec& o = resolved(spec);
  out.add_options()(o.name, semantic(o), o.help);
}

}  // namespace

po::options_description describe(const CommandSpec& command) {
  po::options_description out(command.usage);
  add(out, {"help,h"});
  for (const OptionSpec& o : command.options) add(out, o);
  return out;
}

}  // namespace ls::tools
