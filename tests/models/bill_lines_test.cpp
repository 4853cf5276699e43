// The table of bill lines against the bill as billing.hpp and
// docs/reports.md describe it: every CostBreakdown line is in the table
// exactly once, the report columns come in the documented order (charges,
// the two provisioned lines as one column, then the credit), and each line
// prices the quantity in the unit AWS quotes it in.
#include "models/bill_lines.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace ls::models {
namespace {

TEST(BillLines, EveryCostBreakdownLineExactlyOnce) {
  // Line i gets 2^i through the table; the named fields, listed by hand,
  // must then add up to 2^n - 1 (a line missing or written twice cannot).
  CostBreakdown c;
  double expected = 0.0, bit = 1.0;
  for (const BillLine& line : bill_lines()) {
    c.*(line.usd) += bit;
    expected += bit;
    bit *= 2;
  }
  const double named = c.requests + c.duration + c.init + c.provisioned_allocated +
                       c.provisioned_duration + c.ephemeral + c.free_tier_credit + c.instances +
                       c.management_fee + c.web_cpu + c.web_memory + c.snapstart_cache +
                       c.snapstart_restore + c.savings_plan_fee + c.savings_plan_covered +
                       c.api_gateway_rest + c.api_gateway_http + c.response_streaming +
                       c.tenant_isolation + c.sqs_pollers + c.kafka_pollers +
                       c.streaming_free_tier_credit + c.api_gateway_free_tier_credit +
                       c.durable_operations + c.durable_data_written + c.durable_data_retained;
  EXPECT_EQ(named, expected);
  EXPECT_EQ(bill_lines().size(), 26u);
  EXPECT_EQ(c.total, 0.0);  // total is not a line
}

TEST(BillLines, ColumnsInTheReportsOrder) {
  std::vector<std::string> keys;
  for (const BillColumn& column : bill_columns()) keys.push_back(column.key);
  const std::vector<std::string> documented = {"requests",
                                               "duration",
                                               "init",
                                               "provisioned",
                                               "ephemeral",
                                               "instances",
                                               "management_fee",
                                               "web_cpu",
                                               "web_memory",
                                               "snapstart_cache",
                                               "snapstart_restore",
                                               "savings_plan_fee",
                                               "savings_plan_covered",
                                               "api_gateway",
                                               "response_streaming",
                                               "tenant_isolation",
                                               "sqs_pollers",
                                               "kafka_pollers",
                                               "durable_operations",
                                               "durable_data_written",
                                               "durable_data_retained",
                                               "free_tier_credit",
                                               "streaming_free_tier_credit",
                                               "api_gateway_free_tier_credit"};
  EXPECT_EQ(keys, documented);
  CostBreakdown c;
  c.provisioned_allocated = 1.5;
  c.provisioned_duration = 0.25;
  EXPECT_EQ(bill_columns()[3].usd(c), 1.75);
  EXPECT_EQ(bill_columns()[3].lines.size(), 2u);
  EXPECT_TRUE(bill_columns().back().credit);
  // Multi-concurrency compute's, SnapStart's, the savings plan's, the front
  // door's and streaming's columns only when used; the Lambda bill's always.
  const std::vector<std::string> when_used = {
      "instances",       "management_fee",     "web_cpu",          "web_memory",
      "snapstart_cache", "snapstart_restore",  "savings_plan_fee", "savings_plan_covered",
      "api_gateway",     "response_streaming", "tenant_isolation", "sqs_pollers",
      "kafka_pollers",   "durable_operations", "durable_data_written", "durable_data_retained",
      "streaming_free_tier_credit", "api_gateway_free_tier_credit"};
  for (const BillColumn& column : bill_columns())
    EXPECT_EQ(column.shown_when_zero,
              std::find(when_used.begin(), when_used.end(), column.key) == when_used.end())
        << column.key;
  const auto gateway = std::find_if(bill_columns().begin(), bill_columns().end(),
                                    [](const BillColumn& c) { return c.key == "api_gateway"; });
  ASSERT_NE(gateway, bill_columns().end());
  EXPECT_EQ(gateway->lines.size(), 2u);  // API Gateway: REST + HTTP APIs
}

// Lines of opt-in features are listed (in the JSON report too) only for
// scenarios that use them, so the reports of the others keep their bytes.
TEST(BillLines, OptInLinesListedOnlyWhenTheScenarioUsesThem) {
  Scenario plain;
  plain.functions.push_back(FunctionConfig{});
  Scenario isolated = plain;
  isolated.functions[0].tenant_isolation.edit().tenants = 5;
  Scenario sqs = plain;
  WorkloadConfig w;
  w.source.edit().type = SourceConfig::Type::Sqs;
  w.source.edit().provisioned.min_pollers = 2;
  sqs.workloads.push_back(w);
  Scenario kafka = sqs;
  kafka.workloads[0].source.edit().type = SourceConfig::Type::Kafka;
  const auto& lines = bill_lines();
  for (const BillLine& line : lines)
    EXPECT_EQ(line.listed_for(plain), line.used_by == nullptr) << line.key;
  EXPECT_TRUE(lines[bill_line::TenantIsolation].listed_for(isolated));
  EXPECT_FALSE(lines[bill_line::SqsPollers].listed_for(isolated));
  EXPECT_TRUE(lines[bill_line::SqsPollers].listed_for(sqs));
  EXPECT_FALSE(lines[bill_line::KafkaPollers].listed_for(sqs));
  EXPECT_TRUE(lines[bill_line::KafkaPollers].listed_for(kafka));
  Scenario durable = plain;
  durable.functions[0].durable.edit().enabled = true;
  for (auto id : {bill_line::DurableOperations, bill_line::DurableDataWritten,
                  bill_line::DurableDataRetained}) {
    EXPECT_TRUE(lines[id].listed_for(durable));
    EXPECT_FALSE(lines[id].listed_for(kafka));
  }
  // The 12-month API Gateway free tier: only behind API Gateway in a first
  // year; streaming's free tier: only for streamed responses with the free tier.
  Scenario gateway = plain;
  WorkloadConfig g;
  g.front_door.edit().type = FrontDoorConfig::Type::RestApi;
  gateway.workloads.push_back(g);
  EXPECT_FALSE(lines[bill_line::ApiGatewayFreeTierCredit].listed_for(gateway));
  gateway.platform.billing.first_12_months = true;
  EXPECT_TRUE(lines[bill_line::ApiGatewayFreeTierCredit].listed_for(gateway));
  EXPECT_FALSE(lines[bill_line::StreamingFreeTierCredit].listed_for(gateway));
  Scenario streamed = plain;
  WorkloadConfig st;
  st.payload.edit().stream = true;
  streamed.workloads.push_back(st);
  EXPECT_FALSE(lines[bill_line::StreamingFreeTierCredit].listed_for(streamed));
  streamed.platform.billing.free_tier = true;
  EXPECT_TRUE(lines[bill_line::StreamingFreeTierCredit].listed_for(streamed));
}

TEST(BillLines, UnitsAsAwsQuotesThem) {
  std::vector<std::string> units;
  for (const BillLine& line : bill_lines()) units.push_back(line.unit());
  // requests per million; duration, INIT, provisioned, ephemeral per GB-s;
  // instances and the fee per instance-hour; Web Functions per vCPU-s and GB-s;
  // SnapStart per GB-s cached and GB restored; the savings plan per
  // commitment-hour; API Gateway per request; response streaming per GB;
  // tenant isolation per GB created; provisioned pollers per unit-hour;
  // durable functions per operation, GB written and GB-month retained; the
  // free streamed GB and the free API Gateway requests.
  const std::vector<std::string> expected = {"requests",
                                             "GB-s",
                                             "GB-s",
                                             "GB-s",
                                             "GB-s",
                                             "GB-s",
                                             "GB-s",
                                             "instance-hours",
                                             "instance-hours",
                                             "vCPU-s",
                                             "GB-s",
                                             "GB-s",
                                             "GB",
                                             "commitment-hours",
                                             "USD on-demand",
                                             "requests",
                                             "requests",
                                             "GB",
                                             "GB",
                                             "event-poller-unit-hours",
                                             "event-poller-unit-hours",
                                             "operations",
                                             "GB",
                                             "GB-month",
                                             "GB",
                                             "requests"};
  EXPECT_EQ(units, expected);
}

}  // namespace
}  // namespace ls::models
