// Streamed output (issue #20: a fleet's report is not held whole): the JSON
// report streamed in chunks into a sink, or through an AtomicFile onto
// disk, is the very text the string-mode writer builds; and a stream that
// fails midway leaves nothing behind, which the test checks by listing the
// folder (the file system, not the writer, is the witness).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/io/json_writer.hpp"
#include "tools/report/report_csv.hpp"
#include "tools/report/report_html_run.hpp"
#include "tools/report/report_json.hpp"
#include "tools/study/runner.hpp"
#include "trace_cli.hpp"

namespace {

namespace fs = std::filesystem;
using ls::report_testing::scratch;
using ls::report_testing::slurp;
using ls::report_testing::source;

// Gathers what is streamed into it, and how.
struct Collect final : ls::tools::TextSink {
  std::string text;
  std::size_t writes = 0, largest = 0;
  void write(std::string_view piece) override {
    text += piece;
    ++writes;
    largest = std::max(largest, piece.size());
  }
};

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

// Two reports with every kind of member, both with two replications, so
// that values are averages with "_ci95" siblings, the run block, and the
// resolved scenario as raw JSON: api-gateway (three functions, a front
// door, API Gateway's bill lines; 29 KB) and a fleet of 40 functions as
// bench/fleet_scenario.py makes them (~300 KB: several chunks).
struct Report {
  ls::models::Scenario scenario;
  ls::tools::RunSet set;
};

Report run(ls::models::Scenario scenario) {
  ls::tools::RunnerOptions runner;
  runner.threads = 1;
  runner.series_interval = ls::sim::kMinute;
  Report out{std::move(scenario), {}};
  out.set = ls::tools::run_replications(out.scenario, runner);
  return out;
}

ls::models::LoadOptions options() {
  ls::models::LoadOptions opts;
  opts.data_dir = source("scenarios");
  opts.horizon = "10m";
  opts.sets = {"replications=2"};
  return opts;
}

const Report& api_gateway() {
  static const Report r =
      run(ls::models::load_scenario(source("scenarios/examples/api-gateway.yaml"), options()));
  return r;
}

const Report& fleet() {
  static const Report r = [] {
    std::string y = "scenario: fleet\nseed: 1\nhorizon: 10m\nplatform: {preset: aws-2025}\n";
    y += "functions:\n";
    for (int i = 0; i < 40; ++i)
      y += "  f" + std::to_string(i) + ": {memory_mb: " + std::to_string(128 + 64 * i) +
           ", init: 250ms, duration: {dist: gamma, mean: " + std::to_string(20 + i) +
           "ms, cv: 0.5}}\n";
    y += "workloads:\n";
    for (int i = 0; i < 40; ++i)
      y += "  - {function: f" + std::to_string(i) + ", arrivals: {process: poisson, rate: 1/s}}\n";
    return run(ls::models::load_scenario_text(y, "fleet.yaml", source("scenarios"), options()));
  }();
  return r;
}

TEST(StreamedReport, JsonInChunksEqualsTheStringModeText) {
  for (const Report* r : {&api_gateway(), &fleet()}) {
    SCOPED_TRACE(r->scenario.name);
    const std::string whole = ls::tools::report_json(r->scenario, r->set);
    ASSERT_NE(whole.find("_ci95"), std::string::npos);
    Collect sink;
    ls::tools::write_report_json(sink, r->scenario, r->set);
    EXPECT_EQ(sink.text, whole);
    // A chunk is about kChunkBytes (the resolved scenario, passed through
    // as it is, may be larger), never the whole of a larger document.
    EXPECT_LE(sink.largest, std::max(ls::tools::JsonWriter::kChunkBytes + 4096,
                                     r->scenario.resolved_json.size()));
    if (whole.size() > 2 * ls::tools::JsonWriter::kChunkBytes) {
      EXPECT_GE(sink.writes, whole.size() / ls::tools::JsonWriter::kChunkBytes);
    }
  }
  EXPECT_GT(ls::tools::report_json(fleet().scenario, fleet().set).size(),
            3 * ls::tools::JsonWriter::kChunkBytes);
}

TEST(StreamedReport, EveryChunkSizeGivesTheSameText) {
  // Chunk sizes that put the boundaries everywhere: after each token (1), at
  // odd places (7, 1000), and raw() both buffered and passed through.
  using ls::tools::JsonWriter;
  const auto document = [](JsonWriter& w) {
    w.begin_object();
    w.field("name", "a \"quoted\"\nname");
    w.field("n", 42);
    w.field("x", -0.0);
    w.field("big", std::uint64_t{18446744073709551615u});
    w.field("pi", 3.141592653589793);
    w.field("inf", 1.0 / 0.0);
    w.field("none", std::optional<double>{});
    w.key("raw");
    w.raw(R"({"a":[1,2,3],"b":"c"})");
    w.array("list", std::vector<double>{1.5, 2, 1e300});
    w.objects("objects", std::vector<int>{1, 2, 3}, [&](int i) {
      w.field("i", i);
      w.key("empty");
      w.begin_array();
      w.end_array();
    });
    w.key("long_raw");
    w.raw("\"" + std::string(3000, 'x') + "\"");
    w.end_object();
  };
  JsonWriter string_mode;
  document(string_mode);
  for (std::size_t chunk : {1, 7, 1000, 1 << 20}) {
    SCOPED_TRACE(chunk);
    Collect sink;
    JsonWriter w(sink, chunk);
    document(w);
    w.flush();
    EXPECT_EQ(sink.text, string_mode.str());
  }
}

TEST(StreamedReport, FileOnDiskEqualsTheStringModeText) {
  const Report& r = fleet();
  const fs::path dir = scratch();
  const std::string path = (dir / "report.json").string();
  ls::tools::stream_output(path, [&](ls::tools::TextSink& sink) {
    ls::tools::write_report_json(sink, r.scenario, r.set);
  });
  EXPECT_EQ(slurp(path), ls::tools::report_json(r.scenario, r.set));
  EXPECT_EQ(entries(dir), std::vector<std::string>{"report.json"});  // no temporary file left
  // The series CSV, streamed the same way.
  const std::string csv = (dir / "series.csv").string();
  ls::tools::stream_output(csv, [&](ls::tools::TextSink& sink) {
    ls::tools::write_series_csv(sink, r.scenario, r.set.runs.front(), r.set.bills.front());
  });
  EXPECT_EQ(slurp(csv), ls::tools::series_csv(r.scenario, r.set.runs.front(), r.set.bills.front()));
}

TEST(StreamedReport, HtmlPageInChunksEqualsTheStringModeText) {
  // The fleet's page (its charts over time, a row per function in the
  // tables) is several chunks.
  const Report& r = fleet();
  const std::string whole = ls::tools::report_html(r.scenario, r.set);
  ASSERT_GT(whole.size(), 2 * ls::tools::kSinkChunkBytes);
  Collect sink;
  ls::tools::write_report_html(sink, r.scenario, r.set);
  EXPECT_EQ(sink.text, whole);
  EXPECT_GE(sink.writes, 2u);
  EXPECT_LT(sink.largest, whole.size());
}

TEST(StreamedReport, AnErrorMidwayLeavesNoFile) {
  const Report& r = fleet();
  const fs::path dir = scratch();
  const std::string path = (dir / "report.json").string();
  // The report is streamed until its third chunk, then the writer fails
  // (as a full disk or a bug would): by then two chunks are in the
  // temporary file.
  std::vector<std::string> at_failure;  // the folder when the writer failed
  struct FailOnThird final : ls::tools::TextSink {
    ls::tools::TextSink& to;
    std::function<void()> failing;
    int writes = 0;
    FailOnThird(ls::tools::TextSink& t, std::function<void()> f) : to(t), failing(std::move(f)) {}
    void write(std::string_view text) override {
      if (++writes == 3) {
        failing();
        throw std::runtime_error("fails midway");
      }
      to.write(text);
    }
  };
  const auto failing = [&](ls::tools::TextSink& sink) {
    FailOnThird fail(sink, [&] { at_failure = entries(dir); });
    ls::tools::write_report_json(fail, r.scenario, r.set);
  };
  EXPECT_THROW(ls::tools::stream_output(path, failing), std::runtime_error);
  ASSERT_EQ(at_failure.size(), 1u);
  EXPECT_EQ(at_failure[0].rfind("report.json.tmp.", 0), 0u) << at_failure[0];
  EXPECT_EQ(entries(dir), std::vector<std::string>{});
  // An older report at the target stays as it was.
  ls::report_testing::write_text(path, "old report\n");
  EXPECT_THROW(ls::tools::stream_output(path, failing), std::runtime_error);
  EXPECT_EQ(entries(dir), std::vector<std::string>{"report.json"});
  EXPECT_EQ(slurp(path), "old report\n");
}

TEST(StreamedReport, AnUnwritableTargetIsAnErrorNamingIt) {
  const fs::path dir = scratch();
  const std::string path = (dir / "missing-folder" / "report.json").string();
  try {
    ls::tools::stream_output(path, [](ls::tools::TextSink& sink) { sink.write("{}\n"); });
    FAIL() << "no error";
  } catch (const ls::Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot write"), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(dir), std::vector<std::string>{});
}

}  // namespace
