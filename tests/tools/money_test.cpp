// Dollar amounts of the run report against hand-written text: thousands
// separators, the carry when cents round up into the dollars, sub-cent
// amounts with six decimals, and negative credits.
#include "tools/report/money.hpp"

#include <gtest/gtest.h>

namespace ls::tools {
namespace {

TEST(Money, GroupsThousandsAndRoundsToCents) {
  EXPECT_EQ(money(0.0), "$0.00");
  EXPECT_EQ(money(12.345), "$12.35");  // 12.345 is stored as 12.3450000000000006
  EXPECT_EQ(money(1234567.891), "$1,234,567.89");
  EXPECT_EQ(money(999.999), "$1,000.00");  // the carry reaches the separator
  EXPECT_EQ(money(-1500.0), "-$1,500.00");
}

TEST(Money, SubCentAmountsKeepSixDecimals) {
  EXPECT_EQ(money(0.0042), "$0.004200");
  // A credit under a cent has its sign where a larger one has it.
  EXPECT_EQ(money(-0.009406), "-$0.009406");
  EXPECT_EQ(money(-0.0000021), "-$0.000002");
  EXPECT_EQ(money(-6.87), "-$6.87");
}

}  // namespace
}  // namespace ls::tools
