#include "tools/study/grid_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "models/config/text.hpp"

namespace ls::tools {
using models::trim;

namespace {

constexpr std::size_t kMaxValues = 100'000;
constexpr std::string_view kForms =
    "write e.g. [512,1024,2048], [0..8], [0..200 step 10], [10/s..1000/s log 8] or "
    "[128..3008 lin 5]";

// A number followed by a unit suffix: "10/s" → {10, "/s"}, "512" → {512, ""}.
struct Quantity {
  double value = 0.0;
  std::string unit;
  bool integer = false;  // written without a fraction
};

class Parser {
 public:
  Parser(const SourceLocation& where, const std::string& key_path)
      : where_(where), key_path_(key_path) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw Error(where_, key_path_, message);
  }

  Quantity quantity(std::string_view text) const {
    text = trim(text);
    std::size_t n = 0;
    while (n < text.size() && (std::isdigit(static_cast<unsigned char>(text[n])) ||
                               text[n] == '.' || (n == 0 && text[n] == '-')))
      ++n;
    Quantity q;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + n, q.value);
    if (n == 0 || ec != std::errc() || ptr != text.data() + n || !std::isfinite(q.value))
      fail(fmt::format("'{}' is not a number with an optional unit ({})", text, kForms));
    q.unit = std::string(trim(text.substr(n)));
    q.integer = text.substr(0, n).find('.') == std::string_view::npos;
    return q;
  }

  std::size_t count(std::string_view text) const {
    std::size_t n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || n < 2 ||
        n > kMaxValues)
      fail("the number of values must be an integer from 2 to " + std::to_string(kMaxValues) +
           ", got '" + std::string(text) + "'");
    return n;
  }

  std::vector<std::string> range(std::string_view text) const;
  std::vector<std::string> list(std::string_view text) const;

 private:
  const SourceLocation& where_;
  const std::string& key_path_;
};

std::vector<std::string> Parser::list(std::string_view text) const {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item = trim(text.substr(start, comma - start));
    if (item.empty())
      fail("empty value in '" + std::string(text) + "' (" + std::string(kForms) + ")");
    out.emplace_back(item);
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

std::vector<std::string> Parser::range(std::string_view text) const {
  if (text.find(',') != std::string_view::npos)
    fail("a range cannot be mixed with a list: '" + std::string(text) + "' (" +
         std::string(kForms) + ")");
  const std::size_t dots = text.find("..");
  const Quantity lo = quantity(text.substr(0, dots));
  std::istringstream rest{std::string(text.substr(dots + 2))};
  std::string hi_text, mode, arg, extra;
  rest >> hi_text >> mode >> arg >> extra;
  const Quantity hi = quantity(hi_text);
  if (lo.unit != hi.unit)
    fail("the ends of a range need the same unit, got '" + std::string(trim(text.substr(0, dots))) +
         "' and '" + hi_text + "'");
  if (lo.value > hi.value) fail("a range lo..hi needs lo <= hi, got '" + std::string(text) + "'");
  if (!extra.empty() || (!mode.empty() && arg.empty()) ||
      (!mode.empty() && mode != "step" && mode != "log" && mode != "lin"))
    fail("after lo..hi write nothing, `step S`, `log N` or `lin N`; got '" + std::string(text) +
         "'");
  const bool integers = lo.integer && hi.integer;
  const bool round = integers && lo.unit.empty();
  std::vector<double> values;
  if (mode.empty() || mode == "step") {
    double step = 1.0;
    if (mode.empty() && !integers)
      fail("a range of non-integers needs `step S`, `log N` or `lin N`: '" + std::string(text) +
           "'");
    if (mode == "step") {
      const Quantity s = quantity(arg);
      if (!s.unit.empty() && s.unit != lo.unit)
        fail("the step needs the range's unit '" + lo.unit + "', got '" + arg + "'");
      if (!(s.value > 0)) fail("the step must be > 0, got '" + arg + "'");
      step = s.value;
    }
    const double n = std::floor((hi.value - lo.value) / step * (1 + 1e-12) + 1e-9);
    if (n + 1 > kMaxValues) fail(fmt::format("'{}' has too many values", text));
    for (double k = 0; k <= n; ++k) values.push_back(lo.value + k * step);
  } else {
    const std::size_t n = count(arg);
    if (mode == "log" && !(lo.value > 0))
      fail("a log range needs lo > 0, got '" + std::string(text) + "'");
    for (std::size_t k = 0; k < n; ++k) {
      const double f = static_cast<double>(k) / static_cast<double>(n - 1);
      values.push_back(mode == "log" ? lo.value * std::pow(hi.value / lo.value, f)
                                     : lo.value + (hi.value - lo.value) * f);
    }
    values.back() = hi.value;  // exact upper end
  }
  std::vector<std::string> out;
  for (double v : values) {
    const std::string s = (round ? format_number(std::round(v)) : format_number(v)) + lo.unit;
    if (out.empty() || out.back() != s) out.push_back(s);
  }
  return out;
}

}  // namespace

std::string format_number(double value) {
  if (value == std::round(value) && std::abs(value) < 1e15) return fmt::format("{:.0f}", value);
  const double magnitude = std::floor(std::log10(std::abs(value)));
  const int decimals = static_cast<int>(std::clamp(5.0 - magnitude, 0.0, 12.0));
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::vector<std::string> parse_values(std::string_view text, const SourceLocation& where,
                                      const std::string& key_path) {
  const Parser p(where, key_path);
  text = trim(text);
  const bool open = !text.empty() && text.front() == '[';
  const bool close = !text.empty() && text.back() == ']';
  if (open != close) p.fail("unbalanced brackets in '" + std::string(text) + "'");
  if (open) text = trim(text.substr(1, text.size() - 2));
  if (text.empty()) p.fail(std::string("no values (") + std::string(kForms) + ")");
  if (text.find_first_of("[]") != std::string_view::npos)
    p.fail("unexpected bracket in '" + std::string(text) + "'");
  return text.find("..") != std::string_view::npos ? p.range(text) : p.list(text);
}

std::vector<std::string> expand_items(const std::vector<std::string>& items,
                                      const SourceLocation& where, const std::string& key_path) {
  if (items.size() == 1) return parse_values(items.front(), where, key_path);
  std::vector<std::string> out;
  for (const auto& item : items) {
    if (item.find("..") != std::string::npos || item.find(',') != std::string::npos)
      throw Error(where, key_path,
                  "a range or a comma list must be the only item, got '" + item + "'");
    out.push_back(std::string(trim(item)));
  }
  return out;
}

GridAxis parse_grid_axis(std::string_view spec) {
  const SourceLocation where{"--grid", 0, 0};
  const std::size_t eq = spec.find('=');
  const std::string key(trim(spec.substr(0, eq)));
  if (eq == std::string_view::npos || key.empty() || key.find_first_of(" \t") != std::string::npos)
    throw Error(where, "",
                "expected key.path=[values] (e.g. functions.api.memory_mb=[512,1024]), got '" +
                    std::string(spec) + "'");
  return GridAxis{key, parse_values(spec.substr(eq + 1), where, key)};
}

std::vector<std::vector<std::string>> expand_grid(const std::vector<GridAxis>& axes,
                                                  std::size_t max_points) {
  std::size_t total = 1;
  for (const auto& a : axes) {
    if (a.values.empty() || total > max_points / a.values.size())
      throw Error(SourceLocation{"--grid", 0, 0}, a.key,
                  "the grid has more than " + std::to_string(max_points) + " points");
    total *= a.values.size();
  }
  std::vector<std::vector<std::string>> points;
  points.reserve(total);
  std::vector<std::size_t> index(axes.size(), 0);
  for (std::size_t p = 0; p < total; ++p) {
    std::vector<std::string> sets;
    for (std::size_t a = 0; a < axes.size(); ++a)
      sets.push_back(axes[a].key + "=" + axes[a].values[index[a]]);
    points.push_back(std::move(sets));
    for (std::size_t a = axes.size(); a-- > 0;) {  // odometer: last axis fastest
      if (++index[a] < axes[a].values.size()) break;
      index[a] = 0;
    }
  }
  return points;
}

}  // namespace ls::tools
