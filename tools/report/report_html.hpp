// The self-contained HTML report: one file, no network (inline CSS and SVG,
// a few lines of inline script for legends), deterministic bytes.
//
// HtmlReport is the small API every command builds its page with: `run`
// fills it in report_html_run.cpp; tune, plan and collect add their own
// sections (cost and p99 against memory with the winner marked, a Pareto
// front) with the same calls:
//
//   html::HtmlReport page("lambdasim tune: api");
//   auto& s = page.add_section("Power tuning");
//   s.paragraph("Cost and p99 latency per memory size.");
//   s.chart(html::LineChart{...});   // series, limits, markers
//   s.table(html::Table{{"memory", "p99"}, rows});
//   write_file_atomically(path, page.render());
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tools/io/text_sink.hpp"
#include "tools/report/report_html_chart.hpp"

namespace ls::tools::html {

// A headline number: "p99 latency" / "412 ms" / "api 380 ms, reports 2.9 s".
struct Card {
  std::string label;
  std::string value;
  std::string detail;
};

// Cells are plain text (escaped on output). The first `text_columns` columns
// are left-aligned, the others (numbers) right-aligned.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t text_columns = 1;
  std::string caption;
};

class Section {
 public:
  Section(std::string title, std::string id) : title_(std::move(title)), id_(std::move(id)) {}
  Section& paragraph(std::string_view text);  // plain text
  Section& cards(const std::vector<Card>& cards);
  Section& table(const Table& table);
  Section& chart(LineChart chart);
  Section& chart(BarChart chart);
  Section& raw_html(std::string html);  // trusted markup, inserted as is
  const std::string& title() const { return title_; }
  const std::string& id() const { return id_; }

 private:
  friend class HtmlReport;
  using Block = std::variant<std::string, LineChart, BarChart>;
  std::string title_;
  std::string id_;
  std::vector<Block> blocks_;
};

class HtmlReport {
 public:
  explicit HtmlReport(std::string title, std::string subtitle = "");
  // The returned reference stays valid while the report lives.
  Section& add_section(std::string title);
  const std::deque<Section>& sections() const { return sections_; }
  // The whole page; charts are numbered chart-1, chart-2, ... in order.
  std::string render() const;
  // The same text streamed into `sink` in chunks (a fleet's page is
  // megabytes), never held whole.
  void render(TextSink& sink) const;

 private:
  std::string title_;
  std::string subtitle_;
  std::deque<Section> sections_;
};

// The table as HTML (also used inside raw_html blocks).
std::string render_table(const Table& table);

}  // namespace ls::tools::html
