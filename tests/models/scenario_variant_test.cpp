// models::with_variant: a variant of a loaded scenario read without parsing
// its file again, with the values, checks and messages of --set.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "models/price_table.hpp"
#include "tests/error_text.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

const std::string kQuickstart = kSourceDir + "/scenarios/quickstart.yaml";

LoadOptions options(std::vector<std::string> sets = {}) {
  LoadOptions opts;
  opts.data_dir = kSourceDir + "/scenarios";
  opts.sets = std::move(sets);
  return opts;
}

std::string error_of(const Scenario& base, const std::vector<std::string>& sets) {
  return ls::testing::error_text([&] { with_variant(base, sets); });
}

TEST(ScenarioVariant, AppliesTypedValuesOverTheFile) {
  const Scenario base = load_scenario(kQuickstart, options());
  const Scenario v = with_variant(
      base, {"functions.api.memory_mb=2048", "functions.api.architecture=arm64", "seed=7"});
  // quickstart.yaml gives api 1024 MB on the default x86_64 and seed 42.
  EXPECT_EQ(base.functions[0].memory_mb, 1024);
  EXPECT_EQ(v.functions[0].memory_mb, 2048);
  EXPECT_EQ(v.functions[0].architecture, Architecture::Arm64);
  EXPECT_EQ(v.seed, 7u);
  EXPECT_EQ(v.functions[1].memory_mb, 2048);  // reports: as in the file
  EXPECT_NE(v.resolved_json.find("\"memory_mb\":2048,\"timeout\":\"10s\""), std::string::npos)
      << v.resolved_json;
}

TEST(ScenarioVariant, ReadsTheSameScenarioAsTheSetOption) {
  // The contract tune, plan, sweep and compare rely on for byte-identical
  // reports: a variant is what --set with the same assignments loads.
  const std::vector<std::string> sets{"functions.api.memory_mb=512",
                                      "workloads[0].arrivals.scale=1.5"};
  const Scenario base = load_scenario(kQuickstart, options({"horizon=10m"}));
  const Scenario v = with_variant(base, sets);
  const Scenario direct = load_scenario(kQuickstart, options({"horizon=10m", sets[0], sets[1]}));
  EXPECT_EQ(v.resolved_json, direct.resolved_json);
  EXPECT_EQ(v.horizon, 10 * sim::kMinute);
  EXPECT_DOUBLE_EQ(v.workloads[0].arrivals.rate_scale, 1.5);
}

TEST(ScenarioVariant, RejectsWhatSetRejectsWithTheSameMessage) {
  const Scenario base = load_scenario(kQuickstart, options());
  EXPECT_EQ(error_of(base, {"functions.api.memroy_mb=2048"}),
            "--set: functions.api.memroy_mb: unknown key 'memroy_mb'; did you mean 'memory_mb'?");
  EXPECT_EQ(error_of(base, {"functions.api.memory_mb=64"}),
            "--set: functions.api.memory_mb: 64 is out of range (allowed: 128 to 10240)");
  EXPECT_EQ(error_of(base, {"functions.apii.memory_mb=256"}),
            "--set: functions.apii: no function named 'apii'; did you mean 'api'? (functions: "
            "api, reports)");
}

TEST(ScenarioVariant, ReusesThePriceTableUnlessTheVariantChangesIt) {
  const Scenario base = load_scenario(kQuickstart, options());
  EXPECT_EQ(with_variant(base, {"functions.api.memory_mb=512"}).prices, base.prices);
  const Scenario cheaper = with_variant(base, {"prices.request_usd_per_million=0.1"});
  EXPECT_NE(cheaper.prices, base.prices);
  EXPECT_DOUBLE_EQ(cheaper.prices->request_usd_per_million, 0.1);
  EXPECT_DOUBLE_EQ(base.prices->request_usd_per_million, 0.20);  // AWS list price, us-east-1
}

TEST(ScenarioVariant, OnlyForLoadedScenarios) {
  EXPECT_THROW(with_variant(Scenario{}, {"seed=1"}), std::logic_error);
}

}  // namespace
}  // namespace ls::models
