// The regional price tables (scenarios/prices/aws-<region>-2025.yaml): each
// loads, names its own region, and carries the tier-1 rates AWS's pricing
// data lists for it (docs/platform-facts-2026.md, section 12, transcribed
// by hand into this test: a typo in a table or in the transcription fails).
#include <gtest/gtest.h>

#include <string>

#include "models/config/price_table_file.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

struct RegionRates {
  const char* region;
  double request_per_million;
  double x86_gb_s;
  double arm_gb_s;
  double pc_allocated_x86;
};

// From the table in docs/platform-facts-2026.md §12 (source "R": AWS's
// pricing JSON; me-central-1 from the Savings Plans page).
constexpr RegionRates kRates[] = {
    {"us-east-2", 0.20, 0.0000166667, 0.0000133334, 0.0000041667},
    {"us-west-1", 0.20, 0.0000166667, 0.0000133334, 0.0000049041},
    {"eu-central-2", 0.22, 0.0000183334, 0.0000146667, 0.0000055162},
    {"eu-south-1", 0.23, 0.0000195172, 0.0000156138, 0.0000048783},
    {"af-south-1", 0.27, 0.0000221000, 0.0000176800, 0.0000055300},
    {"me-central-1", 0.25, 0.0000206667, 0.0000165334, 0.0000051108},
    {"ap-east-1", 0.28, 0.0000229200, 0.0000183000, 0.0000057153},
    {"ap-southeast-5", 0.18, 0.0000150000, 0.0000120000, 0.0000046791},
    {"sa-east-1", 0.20, 0.0000166667, 0.0000133334, 0.0000066372},
};

TEST(RegionPrices, EachRegionalTableHasItsRegionsTierOneRates) {
  for (const RegionRates& r : kRates) {
    SCOPED_TRACE(r.region);
    const PriceTable t = load_price_table(std::string("aws-") + r.region + "-2025", kDataDir);
    EXPECT_EQ(t.region, r.region);
    EXPECT_DOUBLE_EQ(t.request_usd_per_million, r.request_per_million);
    ASSERT_FALSE(t.x86_64.duration_tiers.empty());
    ASSERT_FALSE(t.arm64.duration_tiers.empty());
    EXPECT_DOUBLE_EQ(t.x86_64.duration_tiers[0].usd_per_gb_s, r.x86_gb_s);
    EXPECT_DOUBLE_EQ(t.arm64.duration_tiers[0].usd_per_gb_s, r.arm_gb_s);
    EXPECT_DOUBLE_EQ(t.x86_64.pc_allocated_usd_per_gb_s, r.pc_allocated_x86);
  }
}

// Every regional table loads, and its region is the one in its name.
TEST(RegionPrices, EveryRegionalTableNamesItsOwnRegion) {
  int regional = 0;
  for (const std::string& name : list_price_tables(kDataDir)) {
    if (name.rfind("aws-", 0) != 0 || name.size() < 9 || name.substr(name.size() - 5) != "-2025")
      continue;
    const PriceTable t = load_price_table(name, kDataDir);
    EXPECT_EQ("aws-" + t.region + "-2025", name);
    ++regional;
  }
  EXPECT_GE(regional, 25);  // 24 regions + us-east-1
}

}  // namespace
}  // namespace ls::models
