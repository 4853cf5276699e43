// Charts for the HTML report, drawn as inline SVG on the C++ side: no
// scripts, fonts or stylesheets from anywhere, so a report works offline and
// the same run gives the same bytes. Line/step/point/bar series on linear or
// log axes, horizontal limit lines (e.g. the account concurrency limit) and
// labelled markers (e.g. tune's winner); horizontal stacked bars (a bill by
// line item). Every drawn series element has class `series`, `point` or
// `bar` (the browser test counts them) and `data-series` (the legend uses it
// to hide a series).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ls::tools::html {

// How axis ticks and tooltips print a value.
enum class Format { Number, Seconds, Milliseconds, Percent, Usd };

struct Axis {
  std::string label;
  bool log = false;
  Format format = Format::Number;
  std::optional<double> min;  // forced bounds (default: from the data)
  std::optional<double> max;
};

enum class Style { Line, Step, Dashed, Points, Bars };

struct Series {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
  Style style = Style::Line;
  // Step and Bars: where each value ends (default: at the next x; the last
  // one then as wide as the one before).
  std::vector<double> x_end;
};

// A horizontal line at y = value, e.g. a concurrency limit. Drawn when it is
// within 3× the data's maximum; otherwise named in the caption.
struct RefLine {
  std::string label;
  double value = 0.0;
};

struct Marker {
  std::string label;
  double x = 0.0;
  double y = 0.0;
};

struct LineChart {
  std::string title;
  std::string caption;
  Axis x;
  Axis y;
  std::vector<Series> series;
  std::vector<RefLine> limits;
  std::vector<Marker> markers;
};

// Horizontal bars, one per category, each split into stacks (values >= 0).
struct BarChart {
  struct Stack {
    std::string name;
    std::vector<double> values;  // one per category
  };
  std::string title;
  std::string caption;
  std::vector<std::string> categories;
  std::vector<Stack> stacks;
  Axis value;
};

// A <figure class="chart"> with the SVG and its legend; a chart without any
// drawable value becomes a <figure class="chart-empty"> saying so.
std::string render_chart(const LineChart& chart, std::string_view id);
std::string render_chart(const BarChart& chart, std::string_view id);

// Tick and tooltip text.
std::string format_value(double value, Format format);
// About `target` round ticks (1, 2, 5 × 10^k) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target);
// Ticks of a time axis in seconds (1 s ... 1 day steps).
std::vector<double> time_ticks(double lo, double hi, int target);
// Powers of ten in [lo, hi] (lo > 0), with 2× and 5× when few decades.
std::vector<double> log_ticks(double lo, double hi);
// &, <, >, " and ' escaped for HTML text and attributes.
std::string escape(std::string_view text);

}  // namespace ls::tools::html
