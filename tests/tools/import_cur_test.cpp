// The Cost and Usage Report beside lambdasim's bill: usage types classified
// by what follows any region prefix; the fixture CUR (made by
// scenarios/examples/import/make_cur.py from the metrics fixture, README
// there) read plain and gzipped, its Tax / SQS / data-transfer rows kept
// apart; the comparison's provisioned-concurrency allocation against the
// hand-computed 10 x 1 GB x 3600 s + 50 x 1 GB x 3600 s = 216,000 GB-s at
// $0.0000033334; `run --compare-bill`; a CUR without the needed columns ->
// exit 2 naming them.
#include "tools/study/import_cur.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;
using namespace ls::tools::import;

TEST(ImportCur, UsageTypesByWhatFollowsTheRegionPrefix) {
  struct Case {
    const char* type;
    BillItem item;
    bool arm;
    const char* region;
  };
  const Case cases[] = {
      {"USE1-Request", BillItem::Requests, false, "USE1"},
      {"EUW1-Request-ARM", BillItem::Requests, true, "EUW1"},
      {"Request", BillItem::Requests, false, ""},  // no prefix
      {"APN1-Lambda-GB-Second", BillItem::Duration, false, "APN1"},
      {"USW2-Lambda-GB-Second-ARM", BillItem::Duration, true, "USW2"},
      {"UGW1-Lambda-Provisioned-Concurrency", BillItem::ProvisionedAllocated, false, "UGW1"},
      {"EUC1-Lambda-Provisioned-Concurrency-ARM", BillItem::ProvisionedAllocated, true, "EUC1"},
      {"SAE1-Lambda-Provisioned-GB-Second", BillItem::ProvisionedDuration, false, "SAE1"},
      {"MES1-Lambda-Provisioned-GB-Second-ARM", BillItem::ProvisionedDuration, true, "MES1"},
      {"USE2-Lambda-Storage-GB-Second", BillItem::Ephemeral, false, "USE2"},
      {"EUW2-Lambda-Storage-GB-Second-ARM", BillItem::Ephemeral, true, "EUW2"},
      {"USE1-DataTransfer-Out-Bytes", BillItem::Other, false, "USE1"},
      {"USE1-Lambda-Edge-Request", BillItem::Other, false, "USE1"},
  };
  for (const Case& c : cases) {
    bool arm = !c.arm;
    std::string region = "x";
    EXPECT_EQ(classify_usage_type(c.type, &arm, &region), c.item) << c.type;
    EXPECT_EQ(arm, c.arm) << c.type;
    EXPECT_EQ(region, c.region) << c.type;
  }
}

TEST(ImportCur, FixtureReadPlainAndGzippedAlike) {
  const CurData plain = read_cur(source("scenarios/examples/import/sam-app-cur.csv"));
  const CurData gz = read_cur(source("scenarios/examples/import/sam-app-cur.csv.gz"));
  EXPECT_EQ(plain.rows, 15u);
  EXPECT_EQ(plain.lambda_rows, 13u);  // 12 usage rows and a data-transfer row
  EXPECT_EQ(plain.skipped_rows, 2u);  // the SQS row and the Tax row
  EXPECT_EQ(plain.end - plain.start, 2 * 3600);
  ASSERT_EQ(plain.lines.size(), gz.lines.size());
  for (std::size_t i = 0; i < plain.lines.size(); ++i) {
    EXPECT_EQ(plain.lines[i].usage_type, gz.lines[i].usage_type);
    EXPECT_EQ(plain.lines[i].usage, gz.lines[i].usage);
    EXPECT_EQ(plain.lines[i].cost, gz.lines[i].cost);
  }
  // The API's allocation, summed over the two hours: 36,000 + 180,000 GB-s.
  bool found = false;
  for (const auto& l : plain.lines) {
    if (l.usage_type != "USE1-Lambda-Provisioned-Concurrency-ARM") continue;
    found = true;
    EXPECT_EQ(l.function, "orders-api-prod");
    EXPECT_EQ(l.item, BillItem::ProvisionedAllocated);
    EXPECT_TRUE(l.arm);
    EXPECT_DOUBLE_EQ(l.usage, 216000.0);
    EXPECT_EQ(l.rows, 2u);
  }
  EXPECT_TRUE(found);
}

TEST(ImportCurCli, ImportComparesTheBillLineByLine) {
  const fs::path dir = scratch();
  const std::string json = (dir / "bill.json").string();
  const CliRun r = lambdasim("import " + source("scenarios/examples/import/sam-app.yml") + " " +
                             source("scenarios/examples/import/sam-app-metrics.json") + " --cur " +
                             source("scenarios/examples/import/sam-app-cur.csv.gz") +
                             " --parameter ReportTimeout=300 -o " + (dir / "s.yaml").string() +
                             " --bill-json " + json);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("bill vs Cost and Usage Report (USD; CUR window 2 h, simulated 2 h)"),
            std::string::npos)
      << r.out;
  const nlohmann::json b = nlohmann::json::parse(slurp(json));
  bool pc = false, requests = false;
  for (const auto& line : b["lines"]) {
    if (line["function"] == "ApiFunction" && line["item"] == "provisioned_allocated") {
      pc = true;
      EXPECT_EQ(line["cur_function"], "orders-api-prod");
      EXPECT_DOUBLE_EQ(line["cur"]["usage"].get<double>(), 216000.0);
      // The scheduled PC (10, then 50 from 08:00) simulated: the same GB-s,
      // priced at the table's arm64 rate.
      EXPECT_NEAR(line["simulated"]["usage"].get<double>(), 216000.0, 1e-6);
      EXPECT_NEAR(line["simulated"]["cost"].get<double>(), 216000.0 * 0.0000033334, 1e-9);
    }
    if (line["function"] == "ApiFunction" && line["item"] == "requests") {
      requests = true;
      // Every request of the metrics replayed and billed at $0.20 per million.
      EXPECT_EQ(line["simulated"]["usage"].get<double>(), 282000.0);
      EXPECT_NEAR(line["simulated"]["cost"].get<double>(), 0.0564, 1e-12);
      EXPECT_NEAR(line["cur"]["cost"].get<double>(), 0.0564, 1e-9);
    }
  }
  EXPECT_TRUE(pc);
  EXPECT_TRUE(requests);
  EXPECT_NEAR(b["other_cur_cost"].get<double>(), 0.0225, 1e-9);  // 0.25 GB out at $0.09
}

TEST(ImportCurCli, RunComparesBillAndBadCurExitsTwo) {
  const fs::path dir = scratch();
  const std::string scenario = (dir / "s.yaml").string();
  ASSERT_EQ(lambdasim("import " + source("scenarios/examples/import/sam-app.yml") + " " +
                      source("scenarios/examples/import/sam-app-metrics.json") +
                      " -p ReportTimeout=300 -o " + scenario)
                .exit_code,
            0);
  CliRun r = lambdasim("run -q " + scenario + " --compare-bill " +
                       source("scenarios/examples/import/sam-app-cur.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Without import's names, the generated worker name still matches by its
  // "-WorkerFunction-" part; the API's deployed name does not match any
  // scenario function and is listed as a CUR-only line.
  EXPECT_NE(r.out.find("WorkerFunction         requests"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(CUR) orders-api-prod"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CUR function orders-api-prod matched no scenario function: name it with "
                       "`lambdasim run --bill-function FUNCTION=orders-api-prod`"),
            std::string::npos)
      << r.out;
  // Named with --bill-function, the API's lines meet; JSON and HTML written.
  const std::string json = (dir / "bill.json").string(), html = (dir / "bill.html").string();
  r = lambdasim("run -q " + scenario + " --compare-bill " +
                source("scenarios/examples/import/sam-app-cur.csv") +
                " --bill-function ApiFunction=orders-api-prod --bill-json " + json +
                " --bill-html " + html);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("(CUR) orders-api-prod"), std::string::npos) << r.out;
  const nlohmann::json b = nlohmann::json::parse(slurp(json));
  bool api_pc = false;
  for (const auto& line : b["lines"]) {
    if (line["function"] == "ApiFunction" && line["item"] == "provisioned_allocated")
      api_pc = line["cur"]["usage"].get<double>() == 216000.0;
  }
  EXPECT_TRUE(api_pc) << b.dump();
  // The page: the totals as cards, one table row per JSON line and a total,
  // a bar pair (CUR, sim) per function.
  const std::string page = slurp(html);
  EXPECT_NE(page.find(fmt::format("{:.6f}", b["total"]["cur"].get<double>())), std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = page.find("<tr>"); at != std::string::npos; at = page.find("<tr>", at + 1))
    ++rows;
  EXPECT_EQ(rows, b["lines"].size() + 2) << page;  // + the header and the total
  EXPECT_NE(page.find("ApiFunction CUR"), std::string::npos);
  EXPECT_NE(page.find("WorkerFunction sim"), std::string::npos);
  r = lambdasim("run -q " + scenario + " --bill-html " + html);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--bill-html: needs --compare-bill"), std::string::npos) << r.out;
  r = lambdasim("run -q " + scenario + " --compare-bill " +
                source("scenarios/examples/import/sam-app-cur.csv") + " --bill-function Api=x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--bill-function Api=x: expected FUNCTION=DEPLOYED_NAME with FUNCTION one "
                       "of the scenario's: ApiFunction, WorkerFunction, ReportFunction"),
            std::string::npos)
      << r.out;
  const std::string bad =
      write_text(dir / "bad.csv",
                 "line_item_usage_type,line_item_usage_amount,line_item_resource_id\n"
                 "USE1-Request,10,arn:aws:lambda:us-east-1:1:function:f\n");
  r = lambdasim("run -q " + scenario + " --compare-bill " + bad);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("bad.csv:1:1: header: missing column(s) line_item_unblended_cost, "
                       "line_item_usage_start_date"),
            std::string::npos)
      << r.out;
  const std::string bad_number = write_text(
      dir / "num.csv",
      "line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,line_item_resource_id,"
      "line_item_usage_start_date\nUSE1-Request,ten,0.1,arn:aws:lambda:us-east-1:1:function:f,2025-"
      "01-06T07:00:00Z\n");
  r = lambdasim("run -q " + scenario + " --compare-bill " + bad_number);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("num.csv:2:14: line_item_usage_amount: expected line_item_usage_amount (a "
                       "number), got 'ten'"),
            std::string::npos)
      << r.out;
}

}  // namespace
