// AccountSeconds (models/account_seconds.hpp) against a timeline worked by
// hand: per whole second, the most unreserved concurrency in use at any
// moment (the level carried in from the second before included) and the
// account-RPS tokens taken.
#include "models/account_seconds.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ls::models {
namespace {

using sim::kMillisecond;
using sim::kSecond;

TEST(AccountSeconds, PeaksAndCountsByWholeSecond) {
  AccountSeconds seconds(5 * kSecond + 500 * kMillisecond);  // 6 seconds, the last partial
  ASSERT_TRUE(seconds.on());
  // Second 0: 1, 2, then back to 1; two tokens.
  seconds.level(100 * kMillisecond, 1);
  seconds.count(100 * kMillisecond);
  seconds.level(200 * kMillisecond, 2);
  seconds.count(200 * kMillisecond);
  seconds.level(900 * kMillisecond, 1);
  // Second 1: nothing happens, 1 carried in. Second 2: up to 4 at 2.5 s,
  // down to 0 at 2.7 s; one token.
  seconds.level(2500 * kMillisecond, 4);
  seconds.count(2500 * kMillisecond);
  seconds.level(2700 * kMillisecond, 0);
  // Second 4 (exactly on its start): 3, three tokens; then nothing.
  seconds.level(4 * kSecond, 3);
  for (int i = 0; i < 3; ++i) seconds.count(4 * kSecond);
  seconds.finish();
  EXPECT_EQ(seconds.take_levels(), (std::vector<std::uint32_t>{2, 1, 4, 0, 3, 3}));
  EXPECT_EQ(seconds.take_counts(), (std::vector<std::uint32_t>{2, 0, 1, 0, 3, 0}));
}

TEST(AccountSeconds, HorizonsBeyondTheCapAreNotRecorded) {
  AccountSeconds seconds((AccountSeconds::kMaxSeconds + 1) * kSecond);
  EXPECT_FALSE(seconds.on());
  seconds.level(kSecond, 5);  // does nothing
  seconds.finish();
  EXPECT_TRUE(seconds.take_levels().empty());
  EXPECT_TRUE(AccountSeconds(AccountSeconds::kMaxSeconds * kSecond).on());
}

}  // namespace
}  // namespace ls::models
