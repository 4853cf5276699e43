// Price tables: the bundled ones load with the documented rates, and every
// broken table fails with file:line:col, key path and what is allowed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/config/price_table_file.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

namespace fs = std::filesystem;

// A small valid table; the error tests break one line of it. Line numbers
// in the expected messages count from `region` = line 1.
const std::string kValid = R"(region: test-1
effective_date: 2025-01-01
currency: USD
granularity: 1ms
bill_init: true
request_usd_per_million: 0.20
pc_minimum_period: 5m
ephemeral_free_mb: 512
ephemeral_usd_per_gb_s: 0.0000000309
free_tier_requests: 1000000
free_tier_gb_s: 400000
x86_64:
  duration_tiers:
    - {up_to_gb_s: 6000000000, usd_per_gb_s: 0.0000166667}
    - {usd_per_gb_s: 0.000015}
  pc_allocated_usd_per_gb_s: 0.0000041667
  pc_duration_usd_per_gb_s: 0.0000097222
arm64: unavailable
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

// Each test writes its tables into its own scratch data dir.
class PriceTableFile : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("lambdasim-" + std::string(info->test_suite_name()) + "-" +
                                        info->name() + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "prices");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = data_dir() + "/prices/" + name + ".yaml";
    std::ofstream(path) << text;
    return path;
  }
  std::string data_dir() const { return dir_.string(); }

  // what() of the ls::Error that loading `text` as table "t" throws.
  std::string error_of(const std::string& text, const std::vector<PriceOverride>& overrides = {}) {
    write("t", text);
    try {
      load_price_table("t", data_dir(), overrides);
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "no error";
    return "";
  }
  std::string file() const { return data_dir() + "/prices/t.yaml"; }

  fs::path dir_;
};

TEST(PriceTable, BundledCurrentTableHasTheDocumentedRates) {
  const PriceTable t = load_price_table("aws-us-east-1-2025", kDataDir);
  EXPECT_EQ(t.name, "aws-us-east-1-2025");
  EXPECT_EQ(t.file, kDataDir + "/prices/aws-us-east-1-2025.yaml");
  EXPECT_EQ(t.region, "us-east-1");
  EXPECT_EQ(t.effective_date, "2025-08-01");
  EXPECT_EQ(t.currency, "USD");
  EXPECT_EQ(t.granularity, sim::kMillisecond);
  EXPECT_TRUE(t.bill_init);
  EXPECT_EQ(t.pc_minimum_period, 5 * sim::kMinute);
  EXPECT_DOUBLE_EQ(t.request_usd_per_million, 0.20);
  EXPECT_EQ(t.ephemeral_free_mb, 512);
  EXPECT_DOUBLE_EQ(t.ephemeral_usd_per_gb_s, 0.0000000309);
  EXPECT_DOUBLE_EQ(t.free_tier_requests, 1e6);
  EXPECT_DOUBLE_EQ(t.free_tier_gb_s, 400000);
  ASSERT_EQ(t.x86_64.duration_tiers.size(), 3u);
  EXPECT_DOUBLE_EQ(t.x86_64.duration_tiers[0].up_to_gb_s, 6e9);
  EXPECT_DOUBLE_EQ(t.x86_64.duration_tiers[0].usd_per_gb_s, 0.0000166667);
  EXPECT_DOUBLE_EQ(t.x86_64.duration_tiers[1].up_to_gb_s, 15e9);
  EXPECT_DOUBLE_EQ(t.x86_64.duration_tiers[1].usd_per_gb_s, 0.000015);
  EXPECT_TRUE(std::isinf(t.x86_64.duration_tiers[2].up_to_gb_s));
  EXPECT_DOUBLE_EQ(t.x86_64.duration_tiers[2].usd_per_gb_s, 0.0000133334);
  EXPECT_DOUBLE_EQ(t.x86_64.pc_allocated_usd_per_gb_s, 0.0000041667);
  EXPECT_DOUBLE_EQ(t.x86_64.pc_duration_usd_per_gb_s, 0.0000097222);
  ASSERT_TRUE(t.arm64.available);
  ASSERT_EQ(t.arm64.duration_tiers.size(), 3u);
  EXPECT_DOUBLE_EQ(t.arm64.duration_tiers[0].up_to_gb_s, 7.5e9);
  EXPECT_DOUBLE_EQ(t.arm64.duration_tiers[0].usd_per_gb_s, 0.0000133334);
  EXPECT_DOUBLE_EQ(t.arm64.duration_tiers[1].up_to_gb_s, 18.75e9);
  EXPECT_DOUBLE_EQ(t.arm64.duration_tiers[1].usd_per_gb_s, 0.0000120001);
  EXPECT_DOUBLE_EQ(t.arm64.duration_tiers[2].usd_per_gb_s, 0.0000106667);
  EXPECT_DOUBLE_EQ(t.arm64.pc_allocated_usd_per_gb_s, 0.0000033334);
  EXPECT_DOUBLE_EQ(t.arm64.pc_duration_usd_per_gb_s, 0.0000077778);
}

TEST(PriceTable, Bundled2020TableRoundsTo100MsAndHasNoArm64) {
  const PriceTable t = load_price_table("aws-us-east-1-2020-100ms", kDataDir);
  EXPECT_EQ(t.granularity, 100 * sim::kMillisecond);
  EXPECT_FALSE(t.bill_init);
  ASSERT_EQ(t.x86_64.duration_tiers.size(), 1u);  // tiers came in 2022-08
  EXPECT_DOUBLE_EQ(t.x86_64.duration_tiers[0].usd_per_gb_s, 0.0000166667);
  EXPECT_FALSE(t.arm64.available);
  EXPECT_TRUE(t.arm64.duration_tiers.empty());
  EXPECT_EQ(t.ephemeral_usd_per_gb_s, 0.0);  // /tmp fixed at 512 MB until 2022-03
}

TEST(PriceTable, Bundled2024TableDiffersFrom2025OnlyByInitBilling) {
  const PriceTable old = load_price_table("aws-us-east-1-2024", kDataDir);
  const PriceTable now = load_price_table("aws-us-east-1-2025", kDataDir);
  EXPECT_FALSE(old.bill_init);
  EXPECT_TRUE(now.bill_init);
  EXPECT_EQ(old.granularity, now.granularity);
  EXPECT_EQ(old.request_usd_per_million, now.request_usd_per_million);
  for (Architecture a : {Architecture::X86_64, Architecture::Arm64}) {
    const auto &o = old.for_architecture(a), &n = now.for_architecture(a);
    ASSERT_EQ(o.duration_tiers.size(), n.duration_tiers.size());
    for (std::size_t i = 0; i < o.duration_tiers.size(); ++i) {
      EXPECT_EQ(o.duration_tiers[i].up_to_gb_s, n.duration_tiers[i].up_to_gb_s);
      EXPECT_EQ(o.duration_tiers[i].usd_per_gb_s, n.duration_tiers[i].usd_per_gb_s);
    }
    EXPECT_EQ(o.pc_allocated_usd_per_gb_s, n.pc_allocated_usd_per_gb_s);
    EXPECT_EQ(o.pc_duration_usd_per_gb_s, n.pc_duration_usd_per_gb_s);
  }
}

TEST(PriceTable, ListsEveryBundledTable) {
  const std::vector<std::string> names = list_price_tables(kDataDir);
  for (const char* expected :
       {"aws-us-east-1-2020-100ms", "aws-us-east-1-2024", "aws-us-east-1-2025"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  for (const std::string& name : names) EXPECT_NO_THROW(load_price_table(name, kDataDir)) << name;
}

TEST_F(PriceTableFile, UnknownTableListsTheAvailableOnesWithASuggestion) {
  write("aws-us-east-1-2025", kValid);
  write("old-100ms", kValid);
  try {
    load_price_table("aws-us-east1-2025", data_dir(), {}, SourceLocation{"s.yaml", 12, 13});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "s.yaml:12:13: platform.billing.prices: unknown price table 'aws-us-east1-2025' "
                 "(did you mean 'aws-us-east-1-2025'?); available: aws-us-east-1-2025, old-100ms");
  }
}

TEST_F(PriceTableFile, NegativePriceNamesFileLineColumnAndKey) {
  // Line 17 is pc_duration_usd_per_gb_s; its value starts at column 29.
  EXPECT_EQ(error_of(replaced(kValid, "duration_usd_per_gb_s: 0.", "duration_usd_per_gb_s: -0.")),
            file() +
                ":17:29: x86_64.pc_duration_usd_per_gb_s: negative price -0.0000097222; "
                "expected a price in USD per GB-s, >= 0");
}

TEST_F(PriceTableFile, MissingFieldPointsAtItsSection) {
  // The x86_64 section's mapping starts at line 13, column 3.
  EXPECT_EQ(error_of(replaced(kValid, "  pc_duration_usd_per_gb_s: 0.0000097222\n", "")),
            file() +
                ":13:3: x86_64.pc_duration_usd_per_gb_s: missing field; "
                "expected a price in USD per GB-s, >= 0");
  EXPECT_EQ(error_of(replaced(kValid, "request_usd_per_million: 0.20\n", "")),
            file() +
                ":1:1: request_usd_per_million: missing field; "
                "expected a price in USD per million, >= 0");
}

TEST_F(PriceTableFile, UnknownKeySuggestsTheClosestOne) {
  // Line 15: "    - {usd_per_gbs: ...}", the key starts at column 8.
  EXPECT_EQ(error_of(replaced(kValid, "{usd_per_gb_s: 0.000015}", "{usd_per_gbs: 0.000015}")),
            file() +
                ":15:8: x86_64.duration_tiers[1].usd_per_gbs: unknown key "
                "(did you mean 'usd_per_gb_s'?); allowed: up_to_gb_s, usd_per_gb_s");
  EXPECT_EQ(error_of(kValid + "granularty: 1ms\n"),
            file() +
                ":19:1: granularty: unknown key (did you mean 'granularity'?); allowed: "
                "region, effective_date, currency, granularity, bill_init, "
                "request_usd_per_million, pc_minimum_period, ephemeral_free_mb, "
                "ephemeral_usd_per_gb_s, free_tier_requests, free_tier_gb_s, x86_64, arm64, "
                "snapstart_cache_usd_per_gb_s, snapstart_restore_usd_per_gb, "
                "savings_plan_discount, "
                "response_streaming_usd_per_gb, free_tier_streamed_gb, api_gateway, "
                "sqs_poller_usd_per_hour, kafka_poller_usd_per_hour, "
                "durable_operation_usd_per_million, "
                "durable_written_usd_per_gb, durable_retained_usd_per_gb_month");
}

TEST_F(PriceTableFile, TiersMustAscend) {
  const std::string three = replaced(
      kValid, "    - {usd_per_gb_s: 0.000015}",
      "    - {up_to_gb_s: 5000000000, usd_per_gb_s: 0.000015}\n    - {usd_per_gb_s: 0.00001}");
  EXPECT_EQ(error_of(three), file() +
                                 ":15:20: x86_64.duration_tiers[1].up_to_gb_s: 5000000000 is not "
                                 "above the previous tier's x86_64.duration_tiers[0].up_to_gb_s; "
                                 "tiers must ascend");
  EXPECT_EQ(error_of(replaced(kValid, "{usd_per_gb_s: 0.000015}",
                              "{up_to_gb_s: 9000000000, usd_per_gb_s: 0.000015}")),
            file() +
                ":15:20: x86_64.duration_tiers[1].up_to_gb_s: the last tier covers all "
                "remaining volume; remove up_to_gb_s");
}

TEST_F(PriceTableFile, DurationsNeedAUnit) {
  // The unit parser (models/units.hpp) words the rest of this message.
  const std::string no_unit = error_of(replaced(kValid, "granularity: 1ms", "granularity: 1"));
  EXPECT_EQ(no_unit.rfind(file() + ":4:14: granularity: 1 has no unit", 0), 0u) << no_unit;
  EXPECT_EQ(error_of(replaced(kValid, "granularity: 1ms", "granularity: 0ms")),
            file() + ":4:14: granularity: must be > 0, e.g. 1ms");
  write("t", replaced(kValid, "pc_minimum_period: 5m", "pc_minimum_period: 1.5h"));
  EXPECT_EQ(load_price_table("t", data_dir()).pc_minimum_period, 90 * sim::kMinute);
}

TEST_F(PriceTableFile, OtherBadValues) {
  EXPECT_EQ(error_of(replaced(kValid, "arm64: unavailable", "arm64: none")),
            file() +
                ":18:8: arm64: 'none' is not a mapping of duration_tiers, "
                "pc_allocated_usd_per_gb_s, pc_duration_usd_per_gb_s, "
                "tenant_isolation_usd_per_gb, or 'unavailable'");
  EXPECT_EQ(error_of(replaced(kValid, "0.20", "twenty cents")),
            file() +
                ":6:26: request_usd_per_million: 'twenty cents' is not a number; "
                "expected a price in USD per million, >= 0");
  EXPECT_EQ(error_of(replaced(kValid, "2025-01-01", "2025-13-01")),
            file() + ":2:17: effective_date: '2025-13-01' is not a date YYYY-MM-DD");
  EXPECT_EQ(error_of(replaced(kValid, "bill_init: true", "bill_init: sometimes")),
            file() + ":5:12: bill_init: 'sometimes' is not true or false");
}

TEST_F(PriceTableFile, YamlSyntaxErrorsCarryTheirPosition) {
  const std::string message = error_of(replaced(kValid, "currency: USD", "currency: [USD"));
  EXPECT_EQ(message.rfind(file() + ":", 0), 0u) << message;
}

PriceOverride file_override(std::string key_path, std::string value) {
  PriceOverride o;
  o.key_path = std::move(key_path);
  o.value = std::move(value);
  return o;
}

TEST_F(PriceTableFile, OverridesAreValidatedLikeTheFile) {
  write("t", kValid);
  const PriceTable t =
      load_price_table("t", data_dir(),
                       {file_override("x86_64.duration_tiers[0].usd_per_gb_s", "0.00002"),
                        file_override("granularity", "100ms")});
  EXPECT_DOUBLE_EQ(t.x86_64.duration_tiers[0].usd_per_gb_s, 0.00002);
  EXPECT_EQ(t.granularity, 100 * sim::kMillisecond);

  const SourceLocation cli{"--set", 0, 0};
  EXPECT_EQ(error_of(kValid, {{"x86_64.pc_allocated_usd_per_gb_s", "-1", cli, "prices."}}),
            "--set: prices.x86_64.pc_allocated_usd_per_gb_s: negative price -1; "
            "expected a price in USD per GB-s, >= 0");
  EXPECT_EQ(
      error_of(kValid, {{"x86.pc_allocated_usd_per_gb_s", "1", cli, "prices."}}),
      "--set: prices.x86: unknown key (did you mean 'x86_64'?); allowed: region, effective_date, "
      "currency, granularity, bill_init, request_usd_per_million, pc_minimum_period, "
      "ephemeral_free_mb, ephemeral_usd_per_gb_s, free_tier_requests, free_tier_gb_s, "
      "x86_64, arm64, snapstart_cache_usd_per_gb_s, snapstart_restore_usd_per_gb, "
      "savings_plan_discount, "
      "response_streaming_usd_per_gb, free_tier_streamed_gb, api_gateway, "
      "sqs_poller_usd_per_hour, kafka_poller_usd_per_hour, "
      "durable_operation_usd_per_million, "
      "durable_written_usd_per_gb, durable_retained_usd_per_gb_month");
  EXPECT_EQ(error_of(kValid, {{"x86_64.duration_tiers[7].usd_per_gb_s", "1", cli, "prices."}}),
            "--set: prices.x86_64.duration_tiers[7]: no such list element: "
            "x86_64.duration_tiers has 2 item(s), 0 to 1");
}

// An override's mistakes are told in the terms of the override: a
// misspelt list's name with a suggestion; a mapping that replaced a whole
// section (so its other keys went missing) with how to change one key; and
// a table value refused because an override moved its neighbour (a tier
// bound past the next tier's) names that override, not only the table's line.
TEST_F(PriceTableFile, OverrideMistakesAreToldInTheOverridesTerms) {
  const SourceLocation at{"s.yaml", 5, 7};
  const std::string prefix = "platform.billing.price_overrides.";
  EXPECT_EQ(error_of(kValid, {{"x86_64.duration_tier[0].usd_per_gb_s", "1", at, prefix}}),
            "s.yaml:5:7: platform.billing.price_overrides.x86_64.duration_tier[0]: the table has "
            "no list 'duration_tier' (did you mean 'duration_tiers'?)");
  EXPECT_EQ(error_of(kValid, {{"x86_64", "{\"pc_allocated_usd_per_gb_s\": 0.1}", at, prefix}}),
            "s.yaml:5:7: platform.billing.price_overrides.x86_64.duration_tiers: missing field; "
            "expected a list of tiers {up_to_gb_s, usd_per_gb_s}, the last without up_to_gb_s "
            "(an override replaces all of x86_64; to change one key in it, name that key's dotted "
            "path: \"x86_64.KEY\": VALUE)");
  const std::string three_tiers =
      replaced(kValid, "    - {usd_per_gb_s: 0.000015}",
               "    - {up_to_gb_s: 15000000000, usd_per_gb_s: 0.000015}\n"
               "    - {usd_per_gb_s: 0.0000133334}");
  const std::string message =
      error_of(three_tiers, {{"x86_64.duration_tiers[0].up_to_gb_s", "1e20", at, prefix}});
  EXPECT_EQ(message.rfind(file() + ":", 0), 0u) << message;
  EXPECT_NE(message.find("x86_64.duration_tiers[1].up_to_gb_s: 15000000000 is not above the "
                         "previous tier's"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("(after the override of "
                         "platform.billing.price_overrides.x86_64.duration_tiers[0].up_to_gb_s at "
                         "s.yaml:5:7)"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace ls::models
