// The scenario loader: presets, precedence, every value form, the resolved
// JSON, traces. Error messages: scenario_errors_test.cpp; the key table:
// scenario_keys_test.cpp.
#include "models/config/scenario_loader.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "models/config/units.hpp"
#include "models/error.hpp"
#include "models/price_table.hpp"
#include "tests/error_text.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

namespace fs = std::filesystem;
using sim::kHour;
using sim::kMillisecond;
using sim::kMinute;
using sim::kSecond;

// A fresh directory per test (DuckDB's per-test scratch).
class ScenarioLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("lambdasim-loader-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  Scenario load(const std::string& yaml, std::vector<std::string> sets = {}) const {
    LoadOptions opts;
    opts.data_dir = kDataDir;
    opts.sets = std::move(sets);
    return load_scenario(write("scenario.yaml", yaml), opts);
  }
  std::string error_of(const std::string& yaml, std::vector<std::string> sets = {}) const {
    return ls::testing::error_text([&] { load(yaml, std::move(sets)); }, "(no error)");
  }

  fs::path dir_;
};

constexpr const char* kMinimal = R"(
functions:
  api: {init: 250ms, duration: 100ms}
)";

TEST_F(ScenarioLoader, PresetDefaultsLand) {
  const Scenario s = load(kMinimal);
  const PlatformConfig& p = s.platform;
  EXPECT_EQ(p.preset, "aws-2025");
  EXPECT_EQ(p.region, "us-east-1");
  EXPECT_EQ(p.account_concurrency, 1000);
  EXPECT_EQ(p.unreserved_minimum, 100);
  EXPECT_EQ(p.scaling.model, ScalingModel::PerFunction);
  EXPECT_EQ(p.scaling.step, 1000);
  EXPECT_EQ(p.scaling.every, 10 * kSecond);
  EXPECT_FALSE(p.keep_alive.never);
  EXPECT_EQ(p.keep_alive.dist.kind(), sim::DistKind::Uniform);
  EXPECT_DOUBLE_EQ(p.keep_alive.dist.param_a(), 300.0);
  EXPECT_DOUBLE_EQ(p.keep_alive.dist.param_b(), 420.0);
  EXPECT_EQ(p.reuse, ReusePolicy::MostRecent);
  EXPECT_FALSE(p.max_environment_lifetime.never);
  EXPECT_EQ(p.max_environment_lifetime.dist.kind(), sim::DistKind::Fixed);
  EXPECT_DOUBLE_EQ(p.max_environment_lifetime.dist.param_a(), 7200.0);
  EXPECT_TRUE(p.function_keep_alive.never);  // aws-2025 has none
  EXPECT_EQ(p.init_timeout, 10 * kSecond);
  EXPECT_DOUBLE_EQ(p.rps_per_concurrency, 10.0);
  EXPECT_DOUBLE_EQ(p.mb_per_vcpu, 1769.0);
  EXPECT_DOUBLE_EQ(p.max_vcpu, 6.0);
  // Billing: granularity and bill_init come from the price table.
  EXPECT_EQ(p.billing.prices, "aws-us-east-1-2025");
  ASSERT_NE(s.prices, nullptr);
  EXPECT_FALSE(p.billing.granularity_set);
  EXPECT_EQ(p.billing.granularity, kMillisecond);
  ASSERT_TRUE(p.billing.bill_init.has_value());
  EXPECT_TRUE(*p.billing.bill_init);
  EXPECT_FALSE(p.billing.free_tier);
  EXPECT_FALSE(p.billing.project_to_month);
  // Key-table defaults for everything else.
  EXPECT_EQ(s.name, "scenario");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.horizon, kHour);
  EXPECT_EQ(s.warmup, 0);
  EXPECT_EQ(s.replications, 1);
  ASSERT_EQ(s.functions.size(), 1u);
  const FunctionConfig& f = s.functions[0];
  EXPECT_EQ(f.name, "api");
  EXPECT_EQ(f.memory_mb, 128);
  EXPECT_EQ(f.architecture, Architecture::X86_64);
  EXPECT_EQ(f.timeout, 3 * kSecond);
  EXPECT_EQ(f.ephemeral_mb, 512);
  EXPECT_FALSE(f.reserved_concurrency.has_value());
  EXPECT_FALSE(f.provisioned->enabled());
  EXPECT_DOUBLE_EQ(f.init.mean_seconds(), 0.25);
  EXPECT_DOUBLE_EQ(f.duration.mean_seconds(), 0.1);
  EXPECT_DOUBLE_EQ(f.error_rate, 0.0);
  EXPECT_TRUE(s.workloads.empty());
}

TEST_F(ScenarioLoader, LegacyPresetPicksTheBurstByRegion) {
  const std::string yaml = std::string("platform: {preset: aws-legacy-burst}\n") + kMinimal;
  EXPECT_EQ(load(yaml).platform.scaling.model, ScalingModel::LegacyBurst);
  EXPECT_EQ(load(yaml).platform.scaling.burst, 3000);
  EXPECT_EQ(load(yaml).platform.scaling.per_minute, 500);
  EXPECT_EQ(load(yaml, {"platform.region=eu-central-1"}).platform.scaling.burst, 1000);
  EXPECT_EQ(load(yaml, {"platform.region=sa-east-1"}).platform.scaling.burst, 500);
  EXPECT_EQ(load(yaml, {"platform.region=sa-east-1", "platform.scaling.burst=700"})
                .platform.scaling.burst,
            700);
}

// platform.region picks the price table and a named table sets the region
// (#17): a user who writes only one of them is billed at that region's
// published prices. Cape Town's first x86 duration tier is $0.0000221 per
// GB-s on AWS's pricing page (us-east-1: $0.0000166667).
TEST_F(ScenarioLoader, RegionAndPriceTableNameEachOther) {
  const Scenario by_region = load(kMinimal, {"platform.region=af-south-1"});
  EXPECT_EQ(by_region.platform.billing.prices, "aws-af-south-1-2025");
  EXPECT_DOUBLE_EQ(by_region.prices->x86_64.duration_tiers.at(0).usd_per_gb_s, 0.0000221);
  const Scenario by_table = load(kMinimal, {"platform.billing.prices=aws-eu-south-1-2025"});
  EXPECT_EQ(by_table.platform.region, "eu-south-1");
  EXPECT_EQ(by_table.prices->region, "eu-south-1");
  // Neither named: the preset's pair.
  const Scenario neither = load(kMinimal);
  EXPECT_EQ(neither.platform.billing.prices, "aws-us-east-1-2025");
  EXPECT_EQ(neither.platform.region, "us-east-1");
  EXPECT_DOUBLE_EQ(neither.prices->x86_64.duration_tiers.at(0).usd_per_gb_s, 0.0000166667);
}

TEST_F(ScenarioLoader, EmptyPlatformSectionKeepsThePresetAndDataDirDefaults) {
  LoadOptions opts;  // no data_dir: the source tree's scenarios/ (LS_DEFAULT_DATA_DIR)
  const Scenario s = load_scenario(write("s.yaml", std::string("platform:\n") + kMinimal), opts);
  EXPECT_EQ(s.platform.account_concurrency, 1000);
  EXPECT_NE(s.prices, nullptr);
}

TEST_F(ScenarioLoader, SetChoosesThePreset) {
  const Scenario s = load(kMinimal, {"platform.preset=aws-legacy-burst"});
  EXPECT_EQ(s.platform.preset, "aws-legacy-burst");
  EXPECT_EQ(s.platform.scaling.model, ScalingModel::LegacyBurst);
}

TEST_F(ScenarioLoader, PrecedenceIsPresetThenFileThenSet) {
  const std::string yaml = R"(
platform:
  account_concurrency: 3000
  scaling: {step: 500}                   # merged key by key into the preset's
  keep_alive: {dist: fixed, value: 10m}  # a Dist is replaced whole
functions:
  api: {memory_mb: 1024, init: 250ms, duration: 100ms}
)";
  const Scenario file = load(yaml);
  EXPECT_EQ(file.platform.account_concurrency, 3000);
  EXPECT_EQ(file.platform.scaling.step, 500);
  EXPECT_EQ(file.platform.scaling.every, 10 * kSecond);  // still the preset's
  EXPECT_EQ(file.platform.keep_alive.dist.kind(), sim::DistKind::Fixed);
  EXPECT_DOUBLE_EQ(file.platform.keep_alive.dist.param_a(), 600.0);
  EXPECT_EQ(file.functions[0].memory_mb, 1024);

  const Scenario set = load(yaml, {"functions.api.memory_mb=2048", "platform.keep_alive=never",
                                   "platform.scaling.every=1s"});
  EXPECT_EQ(set.functions[0].memory_mb, 2048);
  EXPECT_TRUE(set.platform.keep_alive.never);
  EXPECT_EQ(set.platform.scaling.step, 500);
  EXPECT_EQ(set.platform.scaling.every, kSecond);
  // Later --set wins.
  EXPECT_EQ(load(yaml, {"functions.api.memory_mb=2048", "functions.api.memory_mb=512"})
                .functions[0]
                .memory_mb,
            512);
}

TEST_F(ScenarioLoader, SetReachesListsFlowValuesAndBilling) {
  const std::string yaml = std::string(kMinimal) + R"(
workloads:
  - function: api
    arrivals: {process: poisson, rate: 20/s}
)";
  const Scenario s = load(yaml, {"workloads[0].arrivals.rate=10/s",
                                 "functions.api.duration={dist: exponential, mean: 2s}",
                                 "platform.billing.prices=aws-us-east-1-2020-100ms",
                                 "functions.api.reserved_concurrency=50"});
  EXPECT_DOUBLE_EQ(s.workloads[0].arrivals.rate, 10.0);
  EXPECT_EQ(s.functions[0].duration.kind(), sim::DistKind::Exponential);
  EXPECT_DOUBLE_EQ(s.functions[0].duration.mean_seconds(), 2.0);
  EXPECT_EQ(s.platform.billing.prices, "aws-us-east-1-2020-100ms");
  EXPECT_EQ(s.platform.billing.granularity, s.prices->granularity);
  EXPECT_EQ(s.functions[0].reserved_concurrency, 50);
  // An empty value unsets an optional key.
  EXPECT_FALSE(
      load(yaml, {"functions.api.reserved_concurrency=50", "functions.api.reserved_concurrency="})
          .functions[0]
          .reserved_concurrency.has_value());
}

// Any price can be changed without copying a table: the scenario's
// platform.billing.price_overrides, then --set prices.<path>, in that order.
TEST_F(ScenarioLoader, PriceOverridesFromTheFileThenSet) {
  const std::string yaml = std::string(kMinimal) + R"(
platform:
  billing:
    price_overrides:
      request_usd_per_million: 0.25
      "x86_64.duration_tiers[0].usd_per_gb_s": 0.00002
)";
  const Scenario s =
      load(yaml, {"prices.request_usd_per_million=0.40", "prices.pc_minimum_period=0s",
                  "prices.arm64.duration_tiers[2]="
                  "{usd_per_gb_s: 0.00001}"});
  EXPECT_DOUBLE_EQ(s.prices->request_usd_per_million, 0.40);  // --set wins over the file
  EXPECT_DOUBLE_EQ(s.prices->x86_64.duration_tiers[0].usd_per_gb_s, 0.00002);
  EXPECT_EQ(s.prices->pc_minimum_period, 0);
  EXPECT_DOUBLE_EQ(s.prices->arm64.duration_tiers[2].usd_per_gb_s, 0.00001);
  // Everything not overridden is the bundled 2025 table's.
  EXPECT_DOUBLE_EQ(s.prices->x86_64.duration_tiers[1].usd_per_gb_s, 0.000015);
  EXPECT_DOUBLE_EQ(s.prices->arm64.duration_tiers[0].usd_per_gb_s, 0.0000133334);
  // The resolved scenario records them, so re-running it bills the same.
  EXPECT_NE(s.resolved_json.find(R"("request_usd_per_million":0.40)"), std::string::npos)
      << s.resolved_json;
  EXPECT_NE(s.resolved_json.find(R"("pc_minimum_period":"0s")"), std::string::npos)
      << s.resolved_json;
}

TEST_F(ScenarioLoader, ScenarioGranularityWinsOverTheTable) {
  const Scenario s =
      load(kMinimal, {"platform.billing.granularity=100ms", "platform.billing.bill_init=false"});
  EXPECT_TRUE(s.platform.billing.granularity_set);
  EXPECT_EQ(s.platform.billing.granularity, 100 * kMillisecond);
  EXPECT_FALSE(*s.platform.billing.bill_init);
}

TEST_F(ScenarioLoader, SeedAndHorizonOptionsOverrideEverything) {
  LoadOptions opts;
  opts.data_dir = kDataDir;
  opts.sets = {"seed=5", "horizon=3h"};
  opts.seed = 99;
  opts.horizon = "90m";
  const Scenario s = load_scenario(write("s.yaml", std::string("seed: 1\n") + kMinimal), opts);
  EXPECT_EQ(s.seed, 99u);
  EXPECT_EQ(s.horizon, 90 * kMinute);
  EXPECT_NE(s.resolved_json.find("\"seed\":99"), std::string::npos);
  EXPECT_NE(s.resolved_json.find("\"horizon\":\"90m\""), std::string::npos);
}

// A small JSON checker: enough to know the resolved document parses.
bool skip_json(const std::string& s, std::size_t& i);
bool skip_string(const std::string& s, std::size_t& i) {
  if (s[i] != '"') return false;
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\')
      ++i;
    else if (s[i] == '"')
      return ++i, true;
    else if (static_cast<unsigned char>(s[i]) < 0x20)
      return false;
  }
  return false;
}
bool skip_json(const std::string& s, std::size_t& i) {
  if (i >= s.size()) return false;
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    const char close = s[i] == '{' ? '}' : ']';
    if (s[++i] == close) return ++i, true;
    while (true) {
      if (close == '}' && !(skip_string(s, i) && s[i++] == ':')) return false;
      if (!skip_json(s, i)) return false;
      if (s[i] == close) return ++i, true;
      if (s[i++] != ',') return false;
    }
  }
  const std::size_t start = i;
  while (i < s.size() && std::string_view(",]}").find(s[i]) == std::string_view::npos) ++i;
  const std::string word = s.substr(start, i - start);
  if (word == "true" || word == "false" || word == "null") return true;
  char* end = nullptr;
  std::strtod(word.c_str(), &end);
  return !word.empty() && end == word.c_str() + word.size();
}

// `run` without --json loads with echo off: no resolved JSON is built, and
// nothing else changes.
TEST_F(ScenarioLoader, WithoutEchoTheResolvedJsonIsLeftOut) {
  const std::string yaml = R"(
functions:
  api: {memory_mb: 1024, init: 250ms, duration: {dist: fixed, value: 120ms}}
workloads:
  - {function: api, arrivals: {process: poisson, rate: 20/s}}
)";
  LoadOptions opts;
  opts.data_dir = kDataDir;
  opts.echo = false;
  const Scenario quiet = load_scenario(write("scenario.yaml", yaml), opts);
  const Scenario echoed = load(yaml);
  EXPECT_EQ(quiet.resolved_json, "{}");
  EXPECT_GT(echoed.resolved_json.size(), 100u);
  ASSERT_EQ(quiet.functions.size(), 1u);
  EXPECT_EQ(quiet.functions[0].memory_mb, echoed.functions[0].memory_mb);
  EXPECT_EQ(quiet.horizon, echoed.horizon);
  EXPECT_EQ(quiet.workloads.size(), echoed.workloads.size());
}

TEST_F(ScenarioLoader, ResolvedJsonIsTheMergedDocumentDeterministically) {
  const std::string yaml = R"(
functions:
  api:
    memory_mb: 1024
    init: 250ms
    duration: {dist: lognormal, median: 120ms, p99: 600ms}
scenario: "a \"quoted\"\nname\\"
workloads:
  - function: api
    arrivals: {process: poisson, rate: 20/s}
    client_retry: {max: 2}
)";
  const Scenario a = load(yaml);
  const Scenario b = load(yaml);
  EXPECT_EQ(a.resolved_json, b.resolved_json);
  std::size_t i = 0;
  ASSERT_TRUE(skip_json(a.resolved_json, i)) << a.resolved_json;
  EXPECT_EQ(i, a.resolved_json.size());
  // Top-level keys in the key table's order; the preset merged in and named.
  EXPECT_EQ(
      a.resolved_json.rfind("{\"scenario\":\"a \\\"quoted\\\"\\nname\\\\\",\"platform\":{", 0), 0u)
      << a.resolved_json;
  EXPECT_NE(a.resolved_json.find("\"preset\":\"aws-2025\""), std::string::npos);
  EXPECT_NE(a.resolved_json.find("\"account_concurrency\":1000"), std::string::npos);
  EXPECT_NE(a.resolved_json.find(
                "\"functions\":{\"api\":{\"memory_mb\":1024,\"init\":\"250ms\",\"duration\":{"
                "\"dist\":\"lognormal\",\"median\":\"120ms\",\"p99\":\"600ms\"}}}"),
            std::string::npos);
  EXPECT_NE(a.resolved_json.find("\"workloads\":[{\"function\":\"api\",\"arrivals\":{\"process\":"
                                 "\"poisson\",\"rate\":\"20/s\"},\"client_retry\":{\"max\":2}}]"),
            std::string::npos);
  EXPECT_EQ(a.name, "a \"quoted\"\nname\\");
}

TEST_F(ScenarioLoader, TimestampTraceIsSortedAndShiftedToZero) {
  write("requests.csv",
        "id,client_start_time\n"
        "c,1700000002.000000001\n"
        "a,1700000000.5\n"
        "\n"
        "b,1700000000.25\r\n"
        "d,1700000000.25\n");
  const Scenario s = load(std::string(kMinimal) + R"(
workloads:
  - function: api
    arrivals: {process: trace, format: timestamps, file: requests.csv, column: client_start_time}
)");
  const ArrivalConfig& a = s.workloads[0].arrivals;
  EXPECT_EQ(a.process, ArrivalConfig::Process::Trace);
  ASSERT_NE(a.shape->trace, nullptr);
  const std::vector<sim::Time> expected{0, 0, 250 * kMillisecond, 1'750'000'001};
  EXPECT_EQ(*a.shape->trace, expected);
}

TEST_F(ScenarioLoader, TimestampTraceDefaultsToTheFirstColumn) {
  write("t.csv", "seconds\n3\n1.5\n");
  const Scenario s = load(std::string(kMinimal) + R"(
workloads:
  - function: api
    arrivals: {process: trace, file: t.csv}
)");
  EXPECT_EQ(*s.workloads[0].arrivals.shape->trace,
            (std::vector<sim::Time>{0, 1500 * kMillisecond}));
}

// Issue #19: a quoted field with a comma ("r,2") was split at the comma,
// shifting the timestamp column; RFC 4180 reads it as one field.
TEST_F(ScenarioLoader, TraceFieldsAreReadAsRfc4180) {
  write("q.csv", "\"id\",ts\n\"r,2\",4.5\n\"multi\nline\",1\n");
  const Scenario s = load(std::string(kMinimal) + R"(
workloads:
  - function: api
    arrivals: {process: trace, file: q.csv, column: ts}
)");
  EXPECT_EQ(*s.workloads[0].arrivals.shape->trace,
            (std::vector<sim::Time>{0, 3500 * kMillisecond}));
}

TEST_F(ScenarioLoader, AzureTraceRowByIndexOrHashPrefix) {
  write("inv.csv",
        "HashOwner,HashApp,HashFunction,Trigger,480,481,482\n"
        "o1,a1,f00d1,http,1,0,2\n"
        "o2,a2,beef2,timer,0,3.0,0\n");
  const std::string head = std::string(kMinimal) + "workloads:\n  - function: api\n";
  const Scenario by_row = load(head +
                               "    arrivals: {process: trace, format: azure-2019, "
                               "file: inv.csv, row: 1}\n");
  const ArrivalConfig& a = by_row.workloads[0].arrivals;
  EXPECT_EQ(a.process, ArrivalConfig::Process::TraceCounts);
  EXPECT_EQ(*a.per_minute_counts, (std::vector<std::uint32_t>{0, 3, 0}));
  const Scenario by_hash = load(head +
                                "    arrivals: {process: trace, format: azure-2019, "
                                "file: inv.csv, row: f00}\n");
  EXPECT_EQ(*by_hash.workloads[0].arrivals.per_minute_counts,
            (std::vector<std::uint32_t>{1, 0, 2}));
  EXPECT_EQ(error_of(head + "    arrivals: {process: trace, format: azure-2019, "
                            "file: inv.csv, row: 2}\n"),
            dir_.string() +
                "/scenario.yaml:6:72: workloads[0].arrivals.row: row 2 is out of "
                "range: " +
                dir_.string() + "/inv.csv has 2 data rows (0 to 1)");
}

// A bad Azure file is named for what is wrong with it: a row shorter than
// the header, a count beyond 32 bits (with the range allowed), a file with
// a header and no rows.
TEST_F(ScenarioLoader, AzureFileMistakesAreNamed) {
  const std::string head = std::string(kMinimal) + "workloads:\n  - function: api\n";
  const auto replay = [&](const std::string& file) {
    return head + "    arrivals: {process: trace, format: azure-2019, file: " + file +
           ", row: 0}\n";
  };
  write("short.csv", "HashOwner,HashApp,HashFunction,Trigger,1,2,3\no1,a1,f1,http,1,2\n");
  EXPECT_EQ(error_of(replay("short.csv")),
            dir_.string() +
                "/short.csv:2:18: workloads[0].arrivals.file: row has 6 field(s), the header 7: "
                "every minute column needs an invocation count");
  write("huge.csv", "HashOwner,HashApp,HashFunction,Trigger,1\no1,a1,f1,http,99999999999\n");
  EXPECT_EQ(error_of(replay("huge.csv")),
            dir_.string() +
                "/huge.csv:2:15: workloads[0].arrivals.file: expected an invocation count (an "
                "integer from 0 to 4294967295), got '99999999999'");
  write("header-only.csv", "HashOwner,HashApp,HashFunction,Trigger,1,2\n");
  EXPECT_EQ(error_of(replay("header-only.csv")),
            dir_.string() + "/scenario.yaml:6:80: workloads[0].arrivals.row: " + dir_.string() +
                "/header-only.csv has no data rows");
}

// Issue #20: one load reads an Azure file whole once and then each named
// row alone (AzureCountsCache). The counts are the file's, written here by
// hand; rows are named out of order and the file is larger than the
// reader's 64 KB read-ahead, so that a row is found again both inside the
// bytes read ahead and by seeking the file.
TEST_F(ScenarioLoader, AzureRowsOfOneFileInOneLoad) {
  constexpr int kRows = 3000;                                            // about 90 KB
  std::string csv = "HashOwner,HashApp,HashFunction,Trigger,1,2,3\n\n";  // a blank line too
  for (int r = 0; r < kRows; ++r) {
    csv += "o,a,h" + std::to_string(100000 + r) + ",http," + std::to_string(r) + ",0," +
           std::to_string(3 * r + 1) + "\n";
  }
  write("inv.csv", csv);
  const std::vector<std::string> rows{"2999", "0", "h101500", "1500", "7"};
  std::string text = std::string(kMinimal) + "workloads:\n";
  for (const auto& r : rows) {
    text +=
        "  - function: api\n    arrivals: {process: trace, format: azure-2019, file: inv.csv, "
        "row: " +
        r + "}\n";
  }
  const Scenario s = load(text);
  const std::vector<int> expected_rows{2999, 0, 1500, 1500, 7};
  ASSERT_EQ(s.workloads.size(), expected_rows.size());
  for (std::size_t i = 0; i < expected_rows.size(); ++i) {
    const auto r = static_cast<std::uint32_t>(expected_rows[i]);
    EXPECT_EQ(*s.workloads[i].arrivals.per_minute_counts,
              (std::vector<std::uint32_t>{r, 0, 3 * r + 1}))
        << "workload " << i;
  }
}

// A load names more Azure files than the process may hold open (an Azure
// day has one per function, 46,000; the default limit is often 1,024): the
// files are read one at a time. Here the limit is lowered to 64 and 200
// files are named, each workload between two that name rows of one shared
// file, which is opened again to read them.
TEST_F(ScenarioLoader, AzureFilesBeyondTheDescriptorLimit) {
  constexpr int kFiles = 200;
  std::string shared = "HashOwner,HashApp,HashFunction,Trigger,1,2\n";
  for (int r = 0; r < kFiles; ++r)
    shared += "o,a,s" + std::to_string(r) + ",http,7," + std::to_string(r) + "\n";
  write("shared.csv", shared);
  std::string text = std::string(kMinimal) + "workloads:\n";
  const std::string w =
      "  - function: api\n    arrivals: {process: trace, format: azure-2019, file: ";
  for (int f = 0; f < kFiles; ++f) {
    write("f" + std::to_string(f) + ".csv",
          "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,h,http," + std::to_string(f) + ",1\n");
    text += w + "f" + std::to_string(f) + ".csv, row: 0}\n";
    text += w + "shared.csv, row: " + std::to_string(f) + "}\n";
  }
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &before), 0);
  rlimit lowered = before;
  lowered.rlim_cur = 64;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
  std::optional<Scenario> s;
  try {
    s = load(text);
  } catch (...) {
    setrlimit(RLIMIT_NOFILE, &before);
    throw;
  }
  setrlimit(RLIMIT_NOFILE, &before);
  ASSERT_EQ(s->workloads.size(), 2u * kFiles);
  for (std::uint32_t f = 0; f < kFiles; ++f) {
    EXPECT_EQ(*s->workloads[2 * f].arrivals.per_minute_counts, (std::vector<std::uint32_t>{f, 1}));
    EXPECT_EQ(*s->workloads[2 * f + 1].arrivals.per_minute_counts,
              (std::vector<std::uint32_t>{7, f}));
  }
}

// Errors stay those of reading the file for the one workload: a bad count
// in the named row is reported even though a later line is malformed CSV
// (reading stops at the named row's problem), and a bad count in the row of
// a second workload names that row's line and column.
TEST_F(ScenarioLoader, AzureRowErrorsInOneLoad) {
  write("inv.csv",
        "HashOwner,HashApp,HashFunction,Trigger,1,2\n"
        "o,a,h1,http,1,x\n"
        "o,a,h2,http,1,2\n"
        "o,a,h3,http,1\"\n");
  const std::string head = std::string(kMinimal) + "workloads:\n";
  const std::string w =
      "  - function: api\n    arrivals: {process: trace, format: azure-2019, "
      "file: inv.csv, row: ";
  const std::string file = dir_.string() + "/inv.csv";
  EXPECT_EQ(error_of(head + w + "0}\n"),
            file +
                ":2:15: workloads[0].arrivals.file: expected an invocation count (an integer "
                "from 0 to 4294967295), got 'x'");
  EXPECT_EQ(error_of(head + w + "1}\n"),
            file +
                ":4:14: workloads[0].arrivals.file: a quote inside an unquoted field; put the "
                "whole field in quotes and write this quote twice (\"\")");
  write("inv.csv",
        "HashOwner,HashApp,HashFunction,Trigger,1,2\n"
        "o,a,h1,http,1,2\n"
        "o,a,h2,http,1,-3\n");
  EXPECT_EQ(error_of(head + w + "0}\n" + w + "1}\n"),
            file +
                ":3:15: workloads[1].arrivals.file: expected an invocation count (an integer "
                "from 0 to 4294967295), got '-3'");
}

TEST_F(ScenarioLoader, ReadsEveryDistForm) {
  write("samples.csv", "latency_ms,seconds\n100,1\n300,3\n");
  const Scenario s = load(R"(
functions:
  f:
    init: 250ms
    duration: {dist: fixed, value: 300ms}
    errors: {rate: 0.25}
  g: {init: {dist: exponential, mean: 2s}, duration: {dist: uniform, min: 1s, max: 3s}}
  h: {init: {dist: lognormal, median: 120ms, p99: 600ms}, duration: {dist: lognormal, mu: -1, sigma: 0.5}}
  i: {init: {dist: gamma, mean: 200ms, cv: 0.5}, duration: {dist: empirical, file: samples.csv}}
  j: {init: {dist: empirical, file: samples.csv, column: seconds}, duration: 1.5s}
)");
  const auto& fs = s.functions;
  EXPECT_EQ(fs[0].init.kind(), sim::DistKind::Fixed);
  EXPECT_DOUBLE_EQ(fs[0].duration.param_a(), 0.3);
  EXPECT_DOUBLE_EQ(fs[0].error_rate, 0.25);
  EXPECT_EQ(fs[1].init.kind(), sim::DistKind::Exponential);
  EXPECT_DOUBLE_EQ(fs[1].init.mean_seconds(), 2.0);
  EXPECT_EQ(fs[1].duration.kind(), sim::DistKind::Uniform);
  EXPECT_DOUBLE_EQ(fs[1].duration.mean_seconds(), 2.0);
  EXPECT_EQ(fs[2].init.kind(), sim::DistKind::Lognormal);
  EXPECT_NEAR(fs[2].init.param_a(), std::log(0.12), 1e-12);
  EXPECT_NEAR(fs[2].init.param_a() + 2.3263478740 * fs[2].init.param_b(), std::log(0.6), 1e-8);
  EXPECT_DOUBLE_EQ(fs[2].duration.param_a(), -1.0);
  EXPECT_DOUBLE_EQ(fs[2].duration.param_b(), 0.5);
  EXPECT_EQ(fs[3].init.kind(), sim::DistKind::Gamma);
  EXPECT_NEAR(fs[3].init.mean_seconds(), 0.2, 1e-12);
  EXPECT_EQ(fs[3].duration.kind(), sim::DistKind::Empirical);
  EXPECT_DOUBLE_EQ(fs[3].duration.mean_seconds(), 0.2);  // _ms column: milliseconds
  EXPECT_DOUBLE_EQ(fs[4].init.mean_seconds(), 2.0);      // other columns: seconds
  EXPECT_DOUBLE_EQ(fs[4].duration.param_a(), 1.5);
}

TEST_F(ScenarioLoader, ReadsMemoryAwareDurationAndProvisionedForms) {
  const Scenario s = load(R"(
functions:
  a:
    reserved_concurrency: 100
    provisioned_concurrency: 20
    init: 250ms
    duration: {at_memory_mb: 1024, cpu: 400ms, io: {dist: exponential, mean: 50ms}, threads: 2}
  b:
    provisioned_concurrency: {schedule: [{at: 0s, value: 5}, {at: 8h, value: 100}]}
    init: 250ms
    duration: 100ms
  c:
    provisioned_concurrency: {target_utilization: 0.7, min: 10, max: 200, allocation_delay: 3m}
    init: 250ms
    duration: 100ms
)");
  const auto& a = s.functions[0];
  ASSERT_TRUE(a.memory_aware.has_value());
  EXPECT_EQ(a.memory_aware->at_memory_mb, 1024);
  EXPECT_DOUBLE_EQ(a.memory_aware->cpu.param_a(), 0.4);
  EXPECT_EQ(a.memory_aware->io.kind(), sim::DistKind::Exponential);
  EXPECT_EQ(a.memory_aware->threads, 2);
  ASSERT_EQ(a.provisioned->schedule.size(), 1u);
  EXPECT_EQ(a.provisioned->schedule[0].value, 20);
  const auto& b = *s.functions[1].provisioned;
  ASSERT_EQ(b.schedule.size(), 2u);
  EXPECT_EQ(b.schedule[1].at, 8 * kHour);
  EXPECT_EQ(b.schedule[1].value, 100);
  EXPECT_FALSE(b.tracking);
  const auto& c = *s.functions[2].provisioned;
  EXPECT_TRUE(c.tracking);
  EXPECT_DOUBLE_EQ(c.target_utilization, 0.7);
  EXPECT_EQ(c.min, 10);
  EXPECT_EQ(c.max, 200);
  // AWS provisioned-concurrency.html: 3 one-minute datapoints above target
  // to scale out; 15 below to scale in.
  EXPECT_EQ(c.scale_out_delay, 3 * kMinute);
  EXPECT_EQ(c.scale_in_delay, 15 * kMinute);
  EXPECT_EQ(c.allocation_delay, 3 * kMinute);
}

TEST_F(ScenarioLoader, ReadsEveryArrivalProcessAndRetry) {
  const Scenario s = load(std::string(kMinimal) + R"(
workloads:
  - function: api
    arrivals: {process: poisson, rate: 50/s, bursts: [{at: 1m, count: 100, over: 10s}]}
    client_retry: {max: 3, backoff: 50ms, jitter: none}
  - function: api
    arrivals: {process: constant, rate: 3000/min}
  - function: api
    arrivals: {process: steps, rates: [{at: 0s, rate: 5/s}, {at: 30m, rate: 400/s}]}
  - function: api
    arrivals: {process: diurnal, mean: 20/s, amplitude: 0.6, period: 12h, phase: 1h}
  - function: api
    arrivals: {process: burst, at: 2m, count: 10000}
)");
  using P = ArrivalConfig::Process;
  const auto& w = s.workloads;
  EXPECT_EQ(w[0].arrivals.process, P::Poisson);
  EXPECT_DOUBLE_EQ(w[0].arrivals.rate, 50.0);
  ASSERT_EQ(w[0].arrivals.shape->bursts.size(), 1u);
  EXPECT_EQ(w[0].arrivals.shape->bursts[0].at, kMinute);
  EXPECT_EQ(w[0].arrivals.shape->bursts[0].count, 100);
  EXPECT_EQ(w[0].arrivals.shape->bursts[0].over, 10 * kSecond);
  EXPECT_EQ(w[0].client_retry.max, 3);
  EXPECT_EQ(w[0].client_retry.backoff, 50 * kMillisecond);
  EXPECT_EQ(w[0].client_retry.jitter, ClientRetry::Jitter::None);
  EXPECT_EQ(w[1].arrivals.process, P::Constant);
  EXPECT_DOUBLE_EQ(w[1].arrivals.rate, 50.0);
  EXPECT_EQ(w[1].client_retry.max, 0);  // default: no retry
  EXPECT_EQ(w[2].arrivals.process, P::Steps);
  ASSERT_EQ(w[2].arrivals.shape->steps.size(), 2u);
  EXPECT_EQ(w[2].arrivals.shape->steps[1].at, 30 * kMinute);
  EXPECT_DOUBLE_EQ(w[2].arrivals.shape->steps[1].rate, 400.0);
  EXPECT_EQ(w[3].arrivals.process, P::Diurnal);
  EXPECT_DOUBLE_EQ(w[3].arrivals.shape->mean, 20.0);
  EXPECT_DOUBLE_EQ(w[3].arrivals.shape->amplitude, 0.6);
  EXPECT_EQ(w[3].arrivals.shape->period, 12 * kHour);
  EXPECT_EQ(w[3].arrivals.shape->phase, kHour);
  EXPECT_EQ(w[4].arrivals.process, P::None);
  ASSERT_EQ(w[4].arrivals.shape->bursts.size(), 1u);
  EXPECT_EQ(w[4].arrivals.shape->bursts[0].count, 10000);
  EXPECT_EQ(w[4].arrivals.shape->bursts[0].over, 0);
}

// Three mistakes in one function are three errors, in file order (the
// first is what(), the others also()), and the workload's after them.
TEST_F(ScenarioLoader, EveryMistakeOfAFunctionIsReported) {
  LoadOptions opts;
  opts.data_dir = kDataDir;
  try {
    load_scenario_text(
        "functions:\n  api:\n    memory_mb: 100\n    timeout: 9000s\n    ephemeral_mb: 1\n"
        "    init: 0s\n    duration: 1s\n"
        "workloads: [{function: api, arrivals: {process: poisson, rate: -1/s}}]\n",
        "f.yaml", dir_.string(), opts);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "f.yaml:3:16: functions.api.memory_mb: 100 is out of range (allowed: 128 to "
                 "10240)");
    ASSERT_EQ(e.also().size(), 3u);
    EXPECT_STREQ(e.also()[0].what(),
                 "f.yaml:4:14: functions.api.timeout: 9000s is out of range (allowed: 1s to "
                 "900s; up to 5400s with compute: managed-instances)");
    EXPECT_STREQ(e.also()[1].what(),
                 "f.yaml:5:19: functions.api.ephemeral_mb: 1 is out of range (allowed: 512 to "
                 "10240)");
    EXPECT_EQ(e.also()[2].key_path(), "workloads[0].arrivals.rate");
  }
}

TEST_F(ScenarioLoader, TextEntryPointNamesTheSourceAndResolvesFilesInBaseDir) {
  write("t.csv", "ts\n5\n");
  LoadOptions opts;
  opts.data_dir = kDataDir;
  const std::string yaml =
      std::string(kMinimal) +
      "workloads: [{function: api, arrivals: {process: trace, file: t.csv}}]\n";
  EXPECT_EQ(load_scenario_text(yaml, "<stdin>", dir_.string(), opts)
                .workloads[0]
                .arrivals.shape->trace->size(),
            1u);
  try {
    load_scenario_text("functions: {api: {memory_mb: 1, init: 0s, duration: 1s}}", "<stdin>",
                       dir_.string(), opts);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(
        e.what(),
        "<stdin>:1:30: functions.api.memory_mb: 1 is out of range (allowed: 128 to 10240)");
  }
}

}  // namespace
}  // namespace ls::models
