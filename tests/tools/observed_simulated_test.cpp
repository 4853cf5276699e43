// The observed-vs-simulated helpers (tools/report/observed_simulated.cpp)
// that calibrate's and import's backtests and the bill comparison share,
// against values worked out by hand.
#include "tools/report/observed_simulated.hpp"

#include <gtest/gtest.h>

namespace {

using ls::tools::ObservedSimulated;

TEST(ObservedSimulated, RelativeErrorText) {
  using ls::tools::relative_error_text;
  EXPECT_EQ(relative_error_text({200.0, 230.0}), "+15.0%");  // (230 - 200) / 200
  EXPECT_EQ(relative_error_text({200.0, 199.8}), "-0.1%");
  EXPECT_EQ(relative_error_text({0.0, 0.0}), "0.0%");
  EXPECT_EQ(relative_error_text({0.0, 8.6}), "-");  // no relative error from 0
  EXPECT_EQ(relative_error_text({std::nullopt, 5.0}), "-");
  EXPECT_EQ(ls::tools::signed_percent(std::nullopt), "-");
  EXPECT_EQ(ls::tools::signed_percent(-0.0512), "-5.1%");
}

TEST(ObservedSimulated, NumbersByUnit) {
  using ls::tools::observed_number;
  EXPECT_EQ(observed_number(0.0000654321, "USD"), "0.000065");
  EXPECT_EQ(observed_number(1.5, "USD", "$"), "$1.500000");
  EXPECT_EQ(observed_number(246, "requests"), "246");
  EXPECT_EQ(observed_number(123.456, "ms"), "123");   // whole from 100 on
  EXPECT_EQ(observed_number(3.14159, "ms"), "3.14");  // three significant digits
  EXPECT_EQ(observed_number(-1e-12, "ms"), "0");      // rounding noise reads 0
}

TEST(ObservedSimulated, JsonSidesAndPairs) {
  ls::tools::JsonWriter w;
  w.begin_object();
  ls::tools::write_sides(w, {{"usage", {10.0, 12.5}}, {"peak", {std::nullopt, 3.0}}}, "cur", true);
  ls::tools::write_pair(w, "pair", {std::nullopt, 2.0});
  w.end_object();
  const std::string compact = [&] {
    std::string s;
    for (char c : w.str())
      if (c != ' ' && c != '\n') s += c;
    return s;
  }();
  EXPECT_EQ(compact, R"({"cur":{"usage":10,"peak":null},"simulated":{"usage":12.5,"peak":3},)"
                     R"("difference":{"usage":2.5,"peak":null},"pair":[null,2]})");
}

}  // namespace
