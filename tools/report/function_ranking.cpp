#include "tools/report/function_ranking.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "tools/io/number_text.hpp"

namespace ls::tools {

std::vector<std::size_t> top_functions(std::size_t functions, std::size_t most,
                                       const std::function<double(std::size_t)>& rank) {
  std::vector<std::size_t> all(functions);
  for (std::size_t f = 0; f < functions; ++f) all[f] = f;
  if (functions <= most) return all;
  std::vector<double> key(functions);
  for (std::size_t f = 0; f < functions; ++f) key[f] = rank(f);
  const auto most_end = all.begin() + static_cast<std::ptrdiff_t>(most);
  std::partial_sort(all.begin(), most_end, all.end(), [&](std::size_t a, std::size_t b) {
    return key[a] != key[b] ? key[a] > key[b] : a < b;
  });
  all.resize(most);
  std::sort(all.begin(), all.end());
  return all;
}

std::vector<std::size_t> costliest_functions(const models::Scenario& scenario,
                                             const MetricLookup& get, std::size_t most) {
  return top_functions(scenario.functions.size(), most, [&](std::size_t f) {
    return get.under("functions." + scenario.functions[f].name)("cost_usd.total");
  });
}

std::vector<bool> among(std::size_t functions, const std::vector<std::size_t>& which) {
  std::vector<bool> in(functions, false);
  for (std::size_t f : which) in[f] = true;
  return in;
}

std::string other_functions(std::size_t n) {
  return fmt::format("the other {} functions", grouped_number(static_cast<double>(n)));
}

}  // namespace ls::tools
