#include "tools/report/report_html.hpp"

#include <fmt/format.h>

#include <cctype>
#include <utility>

namespace ls::tools::html {
namespace {

constexpr std::string_view kStyle = R"(
:root{--fg:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--accent:#4e79a7}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#102a43;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px;font-weight:600}
header p{margin:4px 0 0;color:#bcccdc}
nav{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:8px 28px;display:flex;flex-wrap:wrap;gap:6px 18px}
nav a{color:var(--accent);text-decoration:none;font-weight:500}
main{max-width:1500px;margin:0 auto;padding:8px 28px 40px}
section{margin-top:26px}
h2{font-size:18px;margin:0 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
p{max-width:980px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px;margin:12px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:24px;font-weight:600;margin-top:2px}
.card .detail{color:var(--muted);font-size:12px;margin-top:2px}
.card.wide{grid-column:span 2}.card.wider{grid-column:span 3}
.card.wide .value,.card.wider .value{font-size:20px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:14px;margin:12px 0;align-items:start}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
figcaption{font-size:13px;margin-bottom:4px}
figcaption span{color:var(--muted)}
figure svg{width:100%;height:auto;display:block}
svg text{font-size:11px;fill:var(--muted)}
svg .axis-label{fill:var(--fg);font-size:12px}
svg .gridline{stroke:#eef2f6;stroke-width:1}
svg .frame{fill:none;stroke:#9fb3c8;stroke-width:1}
svg .limit{stroke:#c0392b;stroke-width:1.5;stroke-dasharray:8 4}
svg .limit-label{fill:#c0392b;font-weight:600}
svg .marker{fill:none;stroke:#102a43;stroke-width:2.5}
svg .marker-label{fill:#102a43;font-weight:700;font-size:12px}
.legend{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px}
.legend li{cursor:pointer;user-select:none}
.legend li.off{opacity:.35;text-decoration:line-through}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.chart-empty p{color:var(--muted)}
.table-wrap{overflow-x:auto;margin:10px 0}
table{border-collapse:collapse;background:var(--card);border:1px solid var(--line);font-size:13px}
caption{text-align:left;color:var(--muted);padding:4px 0;font-size:12px}
th,td{padding:5px 10px;border-bottom:1px solid var(--line);white-space:nowrap}
th{background:#f0f4f8;text-align:left;font-weight:600;white-space:normal;vertical-align:bottom;min-width:4em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
footer{color:var(--muted);font-size:12px;padding:20px 28px;border-top:1px solid var(--line)}
@media print{nav{display:none}.charts{grid-template-columns:1fr}}
)";

// Clicking a legend entry hides or shows that series.
constexpr std::string_view kScript = R"js(
document.querySelectorAll('.legend li[data-series]').forEach(function (li) {
  li.addEventListener('click', function () {
    var off = li.classList.toggle('off');
    var fig = li.closest('figure');
    fig.querySelectorAll('svg [data-series="' + li.dataset.series + '"]').forEach(function (e) {
      e.style.display = off ? 'none' : '';
    });
  });
});
// After layout, the page checks its own labels and writes what it finds to
// <html data-layout-check="{...}"> (tests/browser reads it): chart text
// that overlaps other chart text or is cut off (outside its chart, or the
// clip region of its group), and card values that wrap onto more than two
// lines.
window.addEventListener('load', function () {
  var shown = function (e) {
    for (; e && e.nodeType === 1; e = e.parentNode)
      if (getComputedStyle(e).display === 'none') return false;
    return true;
  };
  var name = function (e) { return JSON.stringify(e.textContent.trim()); };
  var overlaps = [], clipped = [], wrapped = [];
  document.querySelectorAll('figure svg').forEach(function (svg) {
    var fig = svg.closest('figure');
    var labels = [].filter.call(svg.querySelectorAll('text'), function (t) {
      return t.textContent.trim() !== '' && shown(t);
    });
    var bounds = function (t) {
      var g = t.closest('[clip-path]');
      var id = g ? g.getAttribute('clip-path').replace(/^url\(#/, '').replace(/\)$/, '') : '';
      var clip = id ? document.getElementById(id) : null;
      var shape = clip ? clip.firstElementChild : null;
      return (shape || svg).getBoundingClientRect();
    };
    var rects = labels.map(function (t) { return t.getBoundingClientRect(); });
    rects.forEach(function (r, i) {
      var box = bounds(labels[i]);
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
          r.bottom > box.bottom + 1)
        clipped.push(fig.id + ': ' + name(labels[i]));
      for (var j = i + 1; j < rects.length; j++) {
        var s = rects[j];
        var w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
        var h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
        if (w > 1 && h > 1) overlaps.push(fig.id + ': ' + name(labels[i]) + ' / ' + name(labels[j]));
      }
    });
  });
  document.querySelectorAll('.card .value').forEach(function (v) {
    var style = getComputedStyle(v);
    var line = parseFloat(style.lineHeight) || 1.25 * parseFloat(style.fontSize);
    if (v.getBoundingClientRect().height > 2.5 * line) wrapped.push(name(v));
  });
  document.documentElement.dataset.layoutCheck =
      JSON.stringify({overlaps: overlaps, clipped: clipped, wrapped: wrapped});
});
)js";

std::string slug(std::string_view title) {
  std::string out;
  for (char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "section" : out;
}

}  // namespace

Section& Section::paragraph(std::string_view text) {
  blocks_.emplace_back("<p>" + escape(text) + "</p>\n");
  return *this;
}

Section& Section::cards(const std::vector<Card>& cards) {
  std::string out = "<div class=\"cards\">\n";
  for (const auto& c : cards) {
    // A long value ("checkout: 1024 MB, arm64, reserved 50, PC 10") gets two
    // or three columns and a smaller font instead of wrapping word by word.
    const std::size_t length = c.value.size();
    const char* width = length <= 12 ? "" : length <= 24 ? " wide" : " wider";
    out += fmt::format(
        "<div class=\"card{}\"><div class=\"label\">{}</div><div "
        "class=\"value\">{}</div>{}</div>\n",
        width, escape(c.label), escape(c.value),
        c.detail.empty() ? "" : "<div class=\"detail\">" + escape(c.detail) + "</div>");
  }
  blocks_.emplace_back(out + "</div>\n");
  return *this;
}

Section& Section::table(const Table& table) {
  blocks_.emplace_back(render_table(table));
  return *this;
}

Section& Section::chart(LineChart chart) {
  blocks_.emplace_back(std::move(chart));
  return *this;
}

Section& Section::chart(BarChart chart) {
  blocks_.emplace_back(std::move(chart));
  return *this;
}

Section& Section::raw_html(std::string html) {
  blocks_.emplace_back(std::move(html));
  return *this;
}

std::string render_table(const Table& t) {
  std::string out = "<div class=\"table-wrap\"><table>\n";
  if (!t.caption.empty()) out += "<caption>" + escape(t.caption) + "</caption>\n";
  auto cell = [&](const char* tag, std::size_t i, const std::string& text) {
    const bool num = i >= t.text_columns;
    return fmt::format("<{0}{1}>{2}</{0}>", tag, num ? " class=\"num\"" : "", escape(text));
  };
  out += "<thead><tr>";
  for (std::size_t i = 0; i < t.header.size(); ++i) out += cell("th", i, t.header[i]);
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) out += cell("td", i, row[i]);
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

HtmlReport::HtmlReport(std::string title, std::string subtitle)
    : title_(std::move(title)), subtitle_(std::move(subtitle)) {}

Section& HtmlReport::add_section(std::string title) {
  std::string id = slug(title);
  int n = 1;
  auto taken = [&](const std::string& candidate) {
    for (const auto& s : sections_)
      if (s.id() == candidate) return true;
    return false;
  };
  const std::string base = id;
  while (taken(id)) id = base + "-" + std::to_string(++n);
  return sections_.emplace_back(std::move(title), std::move(id));
}

void HtmlReport::render(TextSink& sink) const {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"lambdasim\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n<header><h1>{}</h1>{}</header>\n<nav>",
      escape(title_), kStyle, escape(title_),
      subtitle_.empty() ? "" : "<p>" + escape(subtitle_) + "</p>");
  for (const auto& s : sections_)
    out += fmt::format("<a href=\"#{}\">{}</a>", s.id(), escape(s.title()));
  out += "</nav>\n<main>\n";
  int chart = 0;
  for (const auto& s : sections_) {
    out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", s.id(), escape(s.title()));
    bool in_grid = false;
    for (const auto& block : s.blocks_) {
      const bool is_chart = !std::holds_alternative<std::string>(block);
      if (is_chart && !in_grid) out += "<div class=\"charts\">\n";
      if (!is_chart && in_grid) out += "</div>\n";
      in_grid = is_chart;
      if (const auto* text = std::get_if<std::string>(&block)) {
        out += *text;
      } else {
        const std::string id = "chart-" + std::to_string(++chart);
        std::visit(
            [&](const auto& c) {
              if constexpr (!std::is_same_v<std::decay_t<decltype(c)>, std::string>)
                out += render_chart(c, id);
            },
            block);
      }
      pass_on_chunk(out, sink);
    }
    if (in_grid) out += "</div>\n";
    out += "</section>\n";
    pass_on_chunk(out, sink);
  }
  out += fmt::format(
      "</main>\n<footer>Generated by lambdasim. Self-contained: no scripts, fonts or styles are "
      "loaded from anywhere.</footer>\n<script>{}</script>\n</body>\n</html>\n",
      kScript);
  sink.write(out);
}

std::string HtmlReport::render() const {
  StringSink gather;
  render(gather);
  return std::move(gather).take();
}

}  // namespace ls::tools::html
