// The scenario key table: every key documented, every default valid for its
// own type and range, suggestions only for plausible typos.
#include "models/config/scenario_keys.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "models/config/units.hpp"
#include "models/error.hpp"

namespace ls::models {
namespace {

TEST(ScenarioKeys, EveryKeyIsDocumentedAndEveryDefaultIsValid) {
  const std::string doc = describe_keys();
  for (const auto& k : keys::table()) {
    SCOPED_TRACE(std::string(k.section) + " " + std::string(k.key));
    EXPECT_FALSE(k.doc.empty());
    EXPECT_NE(doc.find("| `" + std::string(k.key) + "` |"), std::string::npos);
    if (k.need != keys::Need::Default) continue;
    const std::string v(k.value);
    switch (k.type) {
      case keys::Type::Duration:
      case keys::Type::Dist: EXPECT_NO_THROW(parse_duration(v)); break;
      case keys::Type::Choice: EXPECT_TRUE(keys::contains_choice(k.range, v)); break;
      case keys::Type::Int: EXPECT_EQ(std::to_string(std::stoll(v)), v); break;
      case keys::Type::Number: EXPECT_NO_THROW(std::stod(v)); break;
      case keys::Type::Bool: EXPECT_TRUE(v == "true" || v == "false"); break;
      default: EXPECT_TRUE(k.type == keys::Type::String) << "default of an unexpected type";
    }
  }
}

TEST(ScenarioKeys, SuggestsOnlyPlausibleTypos) {
  const std::vector<std::string_view> keys{"memory_mb", "timeout", "init", "duration"};
  EXPECT_EQ(keys::closest("memroy_mb", keys), "memory_mb");  // transposition
  EXPECT_EQ(keys::closest("timout", keys), "timeout");
  EXPECT_EQ(keys::closest("Duration", keys), "duration");
  EXPECT_EQ(keys::closest("foo", keys), "");
  // A truncation is suggested whatever its distance: "memory" meant
  // memory_mb, "x86" meant x86_64 (the price tables' test, one rule for all).
  EXPECT_EQ(keys::closest("memory", keys), "memory_mb");
  EXPECT_EQ(keys::closest("x86", {"x86_64", "arm64"}), "x86_64");
  EXPECT_EQ(keys::closest("me", keys), "");  // too short to be a truncation
}

TEST(ScenarioKeys, PriceAndInstanceTablesAreInTheSameTable) {
  EXPECT_EQ(keys::join(keys::keys_of(keys::kPriceTable)),
            "region, effective_date, currency, granularity, bill_init, request_usd_per_million, "
            "pc_minimum_period, ephemeral_free_mb, ephemeral_usd_per_gb_s, free_tier_requests, "
            "free_tier_gb_s, x86_64, arm64, snapstart_cache_usd_per_gb_s, "
            "snapstart_restore_usd_per_gb, savings_plan_discount, "
            "response_streaming_usd_per_gb, free_tier_streamed_gb, api_gateway, "
            "sqs_poller_usd_per_hour, kafka_poller_usd_per_hour, "
            "durable_operation_usd_per_million, "
            "durable_written_usd_per_gb, durable_retained_usd_per_gb_month");
  EXPECT_EQ(keys::join(keys::keys_of(keys::kInstanceTable)),
            "effective_date, management_fee, instance_types, web_functions");
  const std::string doc = describe_keys();
  EXPECT_NE(doc.find("| `usd_per_gb_s` | number (USD per GB-s) | required | >= 0 |"),
            std::string::npos);
}

TEST(ScenarioKeys, AllowedTextReadsLikeARange) {
  EXPECT_EQ(keys::allowed_text(*keys::find("functions.<name>", "memory_mb")), "128 to 10240");
  EXPECT_EQ(keys::allowed_text(*keys::find("", "horizon")), "> 0s and <= 3650d");
  EXPECT_EQ(keys::allowed_text(*keys::find("", "warmup")), ">= 0s");
  EXPECT_EQ(keys::allowed_text(*keys::find("platform", "rps_per_concurrency")), "> 0");
  EXPECT_EQ(keys::allowed_text(*keys::find("platform", "reuse")), "");
}

// The section titles of a filtered listing, in order.
std::vector<std::string> titles(const std::string& doc) {
  std::vector<std::string> out;
  for (std::size_t at = doc.find("## "); at != std::string::npos; at = doc.find("\n## ", at + 1)) {
    const std::size_t start = doc[at] == '\n' ? at + 4 : at + 3;
    out.push_back(doc.substr(start, doc.find('\n', start) - start));
  }
  return out;
}

TEST(ScenarioKeys, OneSectionAsAScenarioWritesItsPath) {
  // A function's name and a list index stand for the table's <name> and [].
  EXPECT_EQ(
      titles(describe_keys("functions.api.durable")),
      (std::vector<std::string>{"`functions.<name>.durable`", "`functions.<name>.durable.retry`",
                                "`functions.<name>.durable.callback`"}));
  EXPECT_EQ(titles(describe_keys("workloads[0].source")),
            (std::vector<std::string>{"`workloads[].source`", "`workloads[].source.provisioned`"}));
  // The documentation's own spelling works too (docs/snapstart.md uses it).
  EXPECT_EQ(titles(describe_keys("functions.<name>.snapstart")),
            (std::vector<std::string>{"`functions.<name>.snapstart`",
                                      "`functions.<name>.snapstart.versions[]`"}));
  // A key: the section it is in, without that section's subsections.
  EXPECT_EQ(titles(describe_keys("platform.scaling.step")),
            (std::vector<std::string>{"`platform.scaling`"}));
  // A type section by its name; a placeholder never matches a first part.
  EXPECT_EQ(titles(describe_keys("Dist")).size(), 1u);
  EXPECT_EQ(titles(describe_keys("platform.async")),
            (std::vector<std::string>{"`platform.async`"}));
  // The listing has no preamble: it starts at its first title.
  EXPECT_EQ(describe_keys("plan").rfind("## `plan`", 0), 0u);
}

TEST(ScenarioKeys, AnUnknownSectionNamesTheSections) {
  try {
    describe_keys("nope");
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'nope'"), std::string::npos) << what;
    EXPECT_NE(what.find("\n  functions.<name>.durable\n"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace ls::models
