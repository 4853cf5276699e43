#include "tools/report/report_html_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "tools/io/number_text.hpp"

namespace ls::tools::html {
namespace {

constexpr double kWidth = 720;
constexpr double kHeight = 300;
constexpr double kLeft = 72;
constexpr double kRight = 24;
constexpr double kTop = 16;
constexpr double kBottom = 48;
constexpr double kBarRow = 30;
constexpr double kBarLeft = 140;
constexpr std::array<const char*, 10> kPalette = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                  "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                                  "#9c755f", "#bab0ac"};

const char* color(std::size_t i) { return kPalette[i % kPalette.size()]; }

bool usable(double v, bool log) { return std::isfinite(v) && (!log || v > 0); }

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(lo <= hi); }
};

struct Domain {
  double lo = 0.0;
  double hi = 1.0;
  std::vector<double> ticks;
};

// Maps a domain onto pixels [r0, r1].
struct Scale {
  Domain d;
  bool log = false;
  double r0 = 0.0;
  double r1 = 1.0;
  double operator()(double v) const {
    const double t =
        log ? (std::log10(v) - std::log10(d.lo)) / (std::log10(d.hi) - std::log10(d.lo))
            : (v - d.lo) / (d.hi - d.lo);
    return r0 + std::clamp(t, -0.05, 1.05) * (r1 - r0);
  }
};

Domain make_domain(const Axis& axis, Range r, bool is_y, bool pad) {
  Domain d;
  if (axis.min) r.lo = *axis.min;
  if (axis.max) r.hi = *axis.max;
  if (r.empty()) r = Range{0.0, 1.0};
  if (axis.log) {
    d.lo = axis.min ? *axis.min : std::pow(10.0, std::floor(std::log10(r.lo)));
    d.hi = axis.max ? *axis.max : std::pow(10.0, std::ceil(std::log10(r.hi)));
    if (d.hi <= d.lo) d.hi = d.lo * 10;
    d.ticks = log_ticks(d.lo, d.hi);
    return d;
  }
  if (is_y && !axis.min) r.lo = std::min(0.0, r.lo);
  if (pad && r.hi > r.lo) {
    const double margin = 0.05 * (r.hi - r.lo);
    if (!axis.min) r.lo -= margin;
    if (!axis.max) r.hi += margin;
  }
  if (r.hi <= r.lo && !is_y && !axis.min && !axis.max) {
    // One x value (a single point): centred in a range around it, not on
    // the left edge of a range one unit wide (ticks "$2276 $2276 $2276").
    const double half = std::max(std::abs(r.lo) * 0.1, 1.0);
    r = Range{r.lo - half, r.lo + half};
  }
  if (r.hi <= r.lo) r.hi = r.lo + 1.0;
  d.lo = r.lo;
  d.hi = r.hi;
  d.ticks = axis.format == Format::Seconds ? time_ticks(d.lo, d.hi, 7) : nice_ticks(d.lo, d.hi, 5);
  if (is_y && !axis.max && d.ticks.size() >= 2) {
    const double step = d.ticks[1] - d.ticks[0];
    d.hi = std::max(d.hi, std::ceil(d.hi / step - 1e-9) * step);
    d.ticks = nice_ticks(d.lo, d.hi, 5);
  }
  return d;
}

std::string time_label(double s) {
  const auto t = static_cast<long long>(std::llround(s));
  // Whole days read as days ("7 d", not "168h": an axis of weekly ticks
  // read 0s, 168h, 14.0 d), and past a million seconds, where {:g} turns
  // to 1.8e+06s, so does the rest.
  if (t != 0 && t % 86400 == 0 && std::abs(s - static_cast<double>(t)) <= 1e-6)
    return fmt::format("{} d", t / 86400);
  if (std::abs(s) >= 1e6) return duration_text(s);
  if (std::abs(s - static_cast<double>(t)) > 1e-6 || std::abs(s) < 60)
    return fmt::format("{:g}s", s);
  const long long h = t / 3600;
  const long long m = (t % 3600) / 60;
  const long long sec = t % 60;
  if (sec != 0) return fmt::format("{}m{:02}s", t / 60, sec);
  if (h == 0) return fmt::format("{}m", m);
  if (m == 0) return fmt::format("{}h", h);
  return fmt::format("{}h{:02}", h, m);
}

double x_end(const Series& s, std::size_t i) {
  if (i < s.x_end.size()) return s.x_end[i];
  if (i + 1 < s.x.size()) return s.x[i + 1];
  if (i > 0) return s.x[i] + (s.x[i] - s.x[i - 1]);
  return s.x[i] + 1.0;
}

std::string px(double v) { return fmt::format("{:.1f}", v); }

// Places chart labels (11-12 px bold text) so that they stay inside the
// plot and do not cover each other: a label that would overlap one placed
// before it moves down a line at a time (then up), within the plot. The
// width of a text is estimated (7 px per character, an upper bound for the
// page's sans-serif at 12 px bold); tests/browser checks the real layout.
class LabelPlacer {
 public:
  struct At {
    double x = 0, y = 0;
    bool end = false;  // anchored at its right end
  };
  static double width(const std::string& text) { return 7.0 * static_cast<double>(text.size()); }
  // `x`, `y`: the text's anchor and baseline; `end`: x is its right end;
  // `below`: the baseline to use when `y` is too near the top.
  At place(const std::string& text, double x, double y, bool end, double below) {
    const double w = width(text);
    double left = end ? x - w : x;
    left = std::clamp(left, kLeft + 2, std::max(kLeft + 2, kWidth - kRight - 2 - w));
    if (y - kLineHeight < kTop) y = below;
    y = std::clamp(y, kTop + kLineHeight, kHeight - kBottom - 2);
    const double start = y;
    for (int step = 1; collides(left, y, w) && step <= 24; ++step) {
      // Down one line, then up one, then two down, ...
      const double offset = kLineHeight * ((step + 1) / 2) * (step % 2 ? 1 : -1);
      y = std::clamp(start + offset, kTop + kLineHeight, kHeight - kBottom - 2);
    }
    placed_.push_back({left, y - kLineHeight + 2, left + w, y + 3});
    return {end ? left + w : left, y, end};
  }

 private:
  static constexpr double kLineHeight = 14;
  struct Box {
    double x0, y0, x1, y1;
  };
  bool collides(double left, double y, double w) const {
    for (const Box& b : placed_)
      if (left < b.x1 && left + w > b.x0 && y - kLineHeight + 2 < b.y1 && y + 3 > b.y0) return true;
    return false;
  }
  std::vector<Box> placed_;
};

struct Plot {
  Scale x;
  Scale y;
  const LineChart& chart;
};

std::string series_path(const Series& s, std::size_t index, const Plot& p) {
  std::string d;
  bool pen = false;
  for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
    if (!usable(s.x[i], p.chart.x.log) || !usable(s.y[i], p.chart.y.log)) {
      pen = false;
      continue;
    }
    d += (pen ? " L" : " M") + px(p.x(s.x[i])) + "," + px(p.y(s.y[i]));
    if (s.style == Style::Step) d += " H" + px(p.x(x_end(s, i)));
    pen = true;
  }
  if (d.empty()) return {};
  const bool dashed = s.style == Style::Dashed;
  return fmt::format(
      "<path class=\"series\" data-series=\"{}\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
      "stroke-width=\"2\"{}><title>{}</title></path>\n",
      index, d.substr(1), color(index), dashed ? " stroke-dasharray=\"6 4\"" : "", escape(s.name));
}

std::string series_marks(const Series& s, std::size_t index, const Plot& p) {
  std::string out;
  const double base = p.chart.y.log ? p.y.d.lo : std::max(0.0, p.y.d.lo);
  for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
    if (!usable(s.x[i], p.chart.x.log) || !usable(s.y[i], p.chart.y.log)) continue;
    const std::string tip = escape(s.name) + ": " + format_value(s.x[i], p.chart.x.format) + ", " +
                            format_value(s.y[i], p.chart.y.format);
    if (s.style == Style::Points) {
      out += fmt::format(
          "<circle class=\"point\" data-series=\"{}\" cx=\"{}\" cy=\"{}\" r=\"3.5\" "
          "fill=\"{}\"><title>{}</title></circle>\n",
          index, px(p.x(s.x[i])), px(p.y(s.y[i])), color(index), tip);
      continue;
    }
    const double x0 = p.x(s.x[i]);
    const double x1 = std::max(x0 + 0.5, p.x(x_end(s, i)) - 0.5);
    const double y0 = p.y(base);
    const double y1 = p.y(s.y[i]);
    out += fmt::format(
        "<rect class=\"bar\" data-series=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
        "fill=\"{}\" fill-opacity=\"0.75\"><title>{}</title></rect>\n",
        index, px(x0), px(std::min(y0, y1)), px(x1 - x0), px(std::max(0.5, std::abs(y0 - y1))),
        color(index), tip);
  }
  return out;
}

std::string axes(const Plot& p) {
  std::string out = "<g class=\"axes\">\n";
  for (double t : p.y.d.ticks) {
    const double y = p.y(t);
    out += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" class=\"gridline\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dy=\"0.32em\">{}</text>\n",
        px(kLeft), px(kWidth - kRight), px(y), px(y), px(kLeft - 6), px(y),
        escape(format_value(t, p.chart.y.format)));
  }
  for (double t : p.x.d.ticks) {
    const double x = p.x(t);
    out += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" class=\"gridline\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
        px(x), px(x), px(kTop), px(kHeight - kBottom), px(x), px(kHeight - kBottom + 16),
        escape(format_value(t, p.chart.x.format)));
  }
  out += fmt::format(
      "<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n"
      "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n"
      "<text class=\"axis-label\" transform=\"translate(16,{}) rotate(-90)\" "
      "text-anchor=\"middle\">{}</text>\n</g>\n",
      px(kLeft), px(kTop), px(kWidth - kLeft - kRight), px(kHeight - kTop - kBottom),
      px((kLeft + kWidth - kRight) / 2), px(kHeight - 10), escape(p.chart.x.label),
      px((kTop + kHeight - kBottom) / 2), escape(p.chart.y.label));
  return out;
}

// `always`: even for one series (one that stands for several identical ones).
std::string legend(const std::vector<std::string>& names, bool always = false) {
  if (names.size() < (always ? 1u : 2u)) return {};
  std::string out = "<ul class=\"legend\">";
  for (std::size_t i = 0; i < names.size(); ++i)
    out += fmt::format(
        "<li data-series=\"{}\" title=\"click to hide or show\"><i "
        "style=\"background:{}\"></i>{}</li>",
        i, color(i), escape(names[i]));
  return out + "</ul>\n";
}

std::string figure(std::string_view id, std::string_view kind, const std::string& title,
                   const std::string& caption, double height, const std::string& body,
                   const std::string& legend_html) {
  return fmt::format(
      "<figure class=\"chart\" id=\"{0}\" data-kind=\"{1}\">\n<figcaption><strong>{2}</strong>"
      "{3}</figcaption>\n<svg viewBox=\"0 0 {4} {5}\" xmlns=\"http://www.w3.org/2000/svg\" "
      "role=\"img\" aria-label=\"{2}\">\n{6}</svg>\n{7}</figure>\n",
      id, kind, escape(title), caption.empty() ? "" : " <span>" + escape(caption) + "</span>",
      kWidth, height, body, legend_html);
}

std::string empty_figure(const std::string& title, const std::string& caption) {
  return fmt::format(
      "<figure class=\"chart-empty\">\n<figcaption><strong>{}</strong>{}</figcaption>\n"
      "<p>Nothing to plot: no values in this run.</p>\n</figure>\n",
      escape(title), caption.empty() ? "" : " <span>" + escape(caption) + "</span>");
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_value(double v, Format format) {
  if (!std::isfinite(v)) return "-";
  if (v == 0) v = 0.0;  // no "-0"
  const double a = std::abs(v);
  switch (format) {
    case Format::Seconds: return time_label(v);
    // No scientific notation anywhere (1e+03 s, 1.24e+03): plain_number.
    case Format::Milliseconds:
      return a >= 1000 ? plain_number(v / 1000) + " s" : plain_number(v) + " ms";
    case Format::Percent: return plain_number(v) + "%";
    case Format::Usd:
      if (a == 0) return "$0";
      if (a >= 100) return (v < 0 ? "-$" : "$") + grouped_number(a);
      if (a >= 1) return fmt::format("${:.2f}", v);
      return "$" + plain_number(v);
    case Format::Number: break;
  }
  if (a >= 1e9) return plain_number(v / 1e9) + "G";
  if (a >= 1e6) return plain_number(v / 1e6) + "M";
  if (a >= 1e4) return plain_number(v / 1e3) + "k";
  return plain_number(v, 4);
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo) || target < 1) return {lo};
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  std::vector<double> ticks;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k += 1)
    ticks.push_back(std::abs(k) < 0.5 ? 0.0 : k * step);
  return ticks;
}

std::vector<double> time_ticks(double lo, double hi, int target) {
  constexpr std::array<double, 20> kSteps = {1,     2,     5,     10,    15,     30,    60,
                                             120,   300,   600,   900,   1800,   3600,  7200,
                                             10800, 21600, 43200, 86400, 172800, 604800};
  if (!(hi > lo)) return {lo};
  double step = kSteps.back();
  for (double s : kSteps) {
    if ((hi - lo) / s <= target) {
      step = s;
      break;
    }
  }
  if ((hi - lo) / step > target) return nice_ticks(lo, hi, target);
  std::vector<double> ticks;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k += 1)
    ticks.push_back(k * step);
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> ticks;
  if (!(lo > 0) || !(hi > lo)) return {lo};
  const int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  const bool fine = last - first <= 2;
  for (int e = first; e <= last; ++e) {
    const double p = std::pow(10.0, e);
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1.0 && !fine) continue;
      const double t = m * p;
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push_back(t);
    }
  }
  return ticks;
}

namespace {

// Series with the same points drawn once, named together ("x86_64 =
// arm64"): otherwise the last one hides the others exactly and the legend
// lists lines nobody can see.
LineChart merge_identical(const LineChart& chart) {
  LineChart out = chart;
  out.series.clear();
  for (const Series& s : chart.series) {
    auto same = std::find_if(out.series.begin(), out.series.end(), [&](const Series& t) {
      return t.style == s.style && t.x == s.x && t.y == s.y && t.x_end == s.x_end;
    });
    if (same != out.series.end() && !s.x.empty())
      same->name += " = " + s.name;
    else
      out.series.push_back(s);
  }
  return out;
}

}  // namespace

std::string render_chart(const LineChart& chart, std::string_view id) {
  const LineChart c = merge_identical(chart);
  Range xr;
  Range yr;
  bool points = false;
  for (const auto& s : c.series) {
    points |= s.style == Style::Points;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!usable(s.x[i], c.x.log) || !usable(s.y[i], c.y.log)) continue;
      xr.add(s.x[i]);
      yr.add(s.y[i]);
      if (s.style == Style::Step || s.style == Style::Bars) xr.add(x_end(s, i));
    }
  }
  if (xr.empty()) return empty_figure(c.title, c.caption);
  std::string caption = c.caption;
  std::vector<const RefLine*> drawn;
  for (const auto& limit : c.limits) {
    if (usable(limit.value, c.y.log) && (yr.hi <= 0 || limit.value <= 3 * yr.hi)) {
      yr.add(limit.value);
      drawn.push_back(&limit);
    } else {
      if (!caption.empty()) caption += ' ';
      caption += fmt::format("({} {} is above the plotted range.)", limit.label,
                             format_value(limit.value, c.y.format));
    }
  }
  for (const auto& m : c.markers) {
    if (usable(m.x, c.x.log) && usable(m.y, c.y.log)) {
      xr.add(m.x);
      yr.add(m.y);
    }
  }
  const Plot p{Scale{make_domain(c.x, xr, false, points), c.x.log, kLeft, kWidth - kRight},
               Scale{make_domain(c.y, yr, true, false), c.y.log, kHeight - kBottom, kTop}, c};
  std::string body = fmt::format(
      "<defs><clipPath id=\"{}-clip\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>"
      "</clipPath></defs>\n",
      id, px(kLeft), px(kTop - 4), px(kWidth - kLeft - kRight + 4),
      px(kHeight - kTop - kBottom + 8));
  body += axes(p);
  body += fmt::format("<g clip-path=\"url(#{}-clip)\">\n", id);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const Series& s = c.series[i];
    names.push_back(s.name);
    body += s.style == Style::Points || s.style == Style::Bars ? series_marks(s, i, p)
                                                               : series_path(s, i, p);
  }
  for (const RefLine* limit : drawn) {
    const double y = p.y(limit->value);
    body += fmt::format("<line class=\"limit\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>\n",
                        px(kLeft), px(kWidth - kRight), px(y), px(y));
  }
  for (const auto& m : c.markers) {
    if (!usable(m.x, c.x.log) || !usable(m.y, c.y.log)) continue;
    body += fmt::format("<circle class=\"marker\" cx=\"{}\" cy=\"{}\" r=\"7\"/>\n", px(p.x(m.x)),
                        px(p.y(m.y)));
  }
  body += "</g>\n";
  // Labels outside the clip, each placed where it neither leaves the plot
  // nor covers a label placed before it (limits first, then markers).
  LabelPlacer labels;
  for (const RefLine* limit : drawn) {
    const std::string text = limit->label + " " + format_value(limit->value, c.y.format);
    const double y = p.y(limit->value);
    const auto at = labels.place(text, kWidth - kRight - 4, y - 4, true, y + 14);
    body +=
        fmt::format("<text class=\"limit-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                    px(at.x), px(at.y), escape(text));
  }
  for (const auto& m : c.markers) {
    if (!usable(m.x, c.x.log) || !usable(m.y, c.y.log)) continue;
    const double x = p.x(m.x), y = p.y(m.y);
    // Right of the point, or left of it when that would leave the plot.
    const bool left = x + 10 + LabelPlacer::width(m.label) > kWidth - kRight;
    const auto at = labels.place(m.label, left ? x - 10 : x + 10, y - 8, left, y + 18);
    body += fmt::format("<text class=\"marker-label\" x=\"{}\" y=\"{}\"{}>{}</text>\n", px(at.x),
                        px(at.y), at.end ? " text-anchor=\"end\"" : "", escape(m.label));
  }
  return figure(id, "line", c.title, caption, kHeight, body,
                legend(names, c.series.size() < chart.series.size()));
}

std::string render_chart(const BarChart& c, std::string_view id) {
  const std::size_t n = c.categories.size();
  std::vector<double> sums(n, 0.0);
  for (const auto& s : c.stacks)
    for (std::size_t i = 0; i < n && i < s.values.size(); ++i)
      if (std::isfinite(s.values[i]) && s.values[i] > 0) sums[i] += s.values[i];
  const double top = n ? *std::max_element(sums.begin(), sums.end()) : 0.0;
  if (!(top > 0)) return empty_figure(c.title, c.caption);
  const double height = kTop + kBarRow * static_cast<double>(n) + kBottom;
  Axis axis = c.value;
  axis.log = false;
  const Scale x{make_domain(axis, Range{0.0, top}, true, false), false, kBarLeft, kWidth - kRight};
  std::string body;
  for (double t : x.d.ticks) {
    body += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"gridline\"/>"
        "<text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
        px(x(t)), px(kTop), px(height - kBottom), px(height - kBottom + 16),
        escape(format_value(t, c.value.format)));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double y = kTop + kBarRow * static_cast<double>(i);
    std::string label =
        c.categories[i].size() > 20 ? c.categories[i].substr(0, 19) + "…" : c.categories[i];
    body += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dy=\"0.32em\">{}</text>\n",
                        px(kBarLeft - 8), px(y + kBarRow / 2), escape(label));
    double at = 0.0;
    for (std::size_t k = 0; k < c.stacks.size(); ++k) {
      const double v = i < c.stacks[k].values.size() ? c.stacks[k].values[i] : 0.0;
      if (!std::isfinite(v) || v <= 0) continue;
      body += fmt::format(
          "<rect class=\"bar\" data-series=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
          "fill=\"{}\"><title>{} — {}: {}</title></rect>\n",
          k, px(x(at)), px(y + 5), px(std::max(0.5, x(at + v) - x(at))), px(kBarRow - 10), color(k),
          escape(c.categories[i]), escape(c.stacks[k].name),
          escape(format_value(v, c.value.format)));
      at += v;
    }
  }
  body +=
      fmt::format("<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                  px((kBarLeft + kWidth - kRight) / 2), px(height - 10), escape(c.value.label));
  std::vector<std::string> names;
  for (const auto& s : c.stacks) names.push_back(s.name);
  return figure(id, "bar", c.title, c.caption, height, body, legend(names));
}

}  // namespace ls::tools::html
