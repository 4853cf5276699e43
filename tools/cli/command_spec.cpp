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

const OptionSpec& resolved(const OptionSpec& o) {
  if (o.help != nullptr) return o;
  for (const OptionSpec& shared : shared_options())
    if (std::string_view(shared.name) == o.name) return shared;
  throw std::logic_error(std::string("commands.cpp: no shared option '") + o.name + "'");
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

const CommandSpec& command_spec(std::string_view name) {
  for (const Command& c : commands())
    if (c.name == name) return *c.spec;
  throw std::logic_error("commands.cpp: no command '" + std::string(name) + "'");
}

}  // namespace ls::tools
