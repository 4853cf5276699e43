// `lambdasim import` of `terraform show -json` (state and plan): every
// attribute of the fixtures (tests/tools/data/import/tf-*.json, hand-written
// from Terraform's JSON output format and the AWS provider's attribute
// names) lands in its scenario key with a comment naming the Terraform
// address and attribute; bad input exits 2 with the key path.
#include "tools/study/import_terraform.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;
using namespace ls::tools::import;

struct TerraformImported {
  std::string text;
  YAML::Node doc;
};

TerraformImported import_tf_fixture(const std::string& name) {
  const std::string file = source("tests/tools/data/import/" + name);
  TerraformImported i{scenario_yaml(import_terraform(file, slurp(file), {})), {}};
  i.doc = YAML::Load(i.text);
  return i;
}

TEST(ImportTerraform, StateEveryAttributeMappedWithItsAddress) {
  const TerraformImported s = import_tf_fixture("tf-state.json");
  // The region of the functions' ARNs, and its price table.
  EXPECT_EQ(s.doc["platform"]["region"].as<std::string>(), "eu-west-1");
  EXPECT_EQ(s.doc["platform"]["billing"]["prices"].as<std::string>(), "aws-eu-west-1-2025");
  const YAML::Node api = s.doc["functions"]["orders-api"];  // named by function_name
  EXPECT_EQ(api["memory_mb"].as<int>(), 1024);
  EXPECT_EQ(api["architecture"].as<std::string>(), "arm64");
  EXPECT_EQ(api["timeout"].as<std::string>(), "6s");
  EXPECT_EQ(api["ephemeral_mb"].as<int>(), 512);
  EXPECT_FALSE(api["reserved_concurrency"]);  // -1: no reservation
  EXPECT_NE(line_with(s.text, "memory_mb: 1024")
                .find("aws_lambda_function.api (aws_lambda_function) memory_size"),
            std::string::npos);
  // Scheduled actions (separate resources in Terraform) on the target with
  // the same resource_id: the day before the Monday start ended at 19:00 with
  // [5, 5]; 07:00 raises the minimum to 40, 19:00 back to 5.
  EXPECT_NE(s.text.find("provisioned_concurrency: {schedule: [{at: 0s, value: 5}, {at: 7h, value: "
                        "40}, {at: 19h, value: 5}]}"),
            std::string::npos)
      << s.text;
  const YAML::Node worker = s.doc["functions"]["orders-worker"];
  EXPECT_EQ(worker["memory_mb"].as<int>(), 512);
  EXPECT_EQ(worker["architecture"].as<std::string>(), "x86_64");
  EXPECT_EQ(worker["timeout"].as<std::string>(), "1m");
  EXPECT_EQ(worker["ephemeral_mb"].as<int>(), 1024);
  EXPECT_EQ(worker["reserved_concurrency"].as<int>(), 20);
  // A module's function with target tracking.
  const YAML::Node clicks = s.doc["functions"]["clicks"];
  EXPECT_DOUBLE_EQ(clicks["provisioned_concurrency"]["target_utilization"].as<double>(), 0.6);
  EXPECT_EQ(clicks["provisioned_concurrency"]["min"].as<int>(), 2);
  EXPECT_EQ(clicks["provisioned_concurrency"]["max"].as<int>(), 30);
  // The SQS mapping finds its function by ARN and its queue by ARN.
  const YAML::Node sqs = s.doc["workloads"][0];
  EXPECT_EQ(sqs["function"].as<std::string>(), "orders-worker");
  EXPECT_EQ(sqs["source"]["type"].as<std::string>(), "sqs");
  EXPECT_EQ(sqs["source"]["batch_size"].as<int>(), 10);
  EXPECT_EQ(sqs["source"]["window"].as<std::string>(), "1s");
  EXPECT_EQ(sqs["source"]["max_concurrency"].as<int>(), 20);
  EXPECT_TRUE(sqs["source"]["partial_batch_response"].as<bool>());
  EXPECT_EQ(sqs["source"]["visibility_timeout"].as<std::string>(), "6m");
  EXPECT_EQ(sqs["source"]["max_receive_count"].as<int>(),
            4);  // from the redrive_policy JSON string
  EXPECT_EQ(sqs["source"]["on_failure"].as<std::string>(), "dlq");
  EXPECT_NE(line_with(s.text, "max_receive_count: 4")
                .find("aws_sqs_queue.orders (aws_sqs_queue) redrive_policy.maxReceiveCount"),
            std::string::npos);
  const YAML::Node async = s.doc["workloads"][1];
  EXPECT_EQ(async["invocation"].as<std::string>(), "async");
  EXPECT_EQ(async["async"]["max_retries"].as<int>(), 2);
  EXPECT_EQ(async["async"]["max_event_age"].as<std::string>(), "15m");
  EXPECT_EQ(async["async"]["on_failure"].as<std::string>(), "dlq");
  EXPECT_NE(line_with(s.text, "max_event_age: 15m").find("maximum_event_age_in_seconds"),
            std::string::npos);
  EXPECT_NE(s.text.find("#   - aws_iam_role.lambda (aws_iam_role)"), std::string::npos);
  EXPECT_EQ(s.text.find("aws_caller_identity"),
            std::string::npos);  // data sources are not resources
}

TEST(ImportTerraform, PlanFindsUnknownArnsThroughConfigurationReferences) {
  const TerraformImported s = import_tf_fixture("tf-plan.json");
  const YAML::Node k = s.doc["workloads"][0]["source"];
  EXPECT_EQ(k["type"].as<std::string>(), "kinesis");  // event_source_arn unknown until apply
  EXPECT_EQ(k["shards"].as<int>(), 2);
  EXPECT_EQ(k["retention"].as<std::string>(), "1d");
  EXPECT_EQ(k["batch_size"].as<int>(), 200);
  EXPECT_EQ(k["window"].as<std::string>(), "10s");
  EXPECT_EQ(k["parallelization"].as<int>(), 4);
  EXPECT_TRUE(k["bisect"].as<bool>());
  EXPECT_EQ(k["max_retry_attempts"].as<int>(), 5);
  EXPECT_EQ(s.doc["functions"]["clicks-consumer"]["memory_mb"].as<int>(), 2048);
}

TEST(ImportTerraformCli, RoundTripAndBadInput) {
  const fs::path dir = scratch();
  const std::string out = (dir / "tf.yaml").string();
  CliRun r = lambdasim("import " + source("tests/tools/data/import/tf-state.json") +
                       " --horizon 1h -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(lambdasim("validate " + out).exit_code, 0);
  EXPECT_EQ(lambdasim("run -q " + out).exit_code, 0);

  const std::string empty =
      write_text(dir / "empty.json", R"({"format_version": "1.0", "values": {"root_module": {}}})");
  r = lambdasim("import " + empty);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("empty.json: values.root_module.resources: no managed resources"),
            std::string::npos)
      << r.out;
  const std::string nofn = write_text(
      dir / "nofn.json",
      R"({"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "values": {}}]}}})");
  r = lambdasim("import " + nofn);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("no aws_lambda_function to import (found: aws_sqs_queue)"),
            std::string::npos)
      << r.out;
  const std::string bad =
      write_text(dir / "bad.json", "{\"format_version\": \"1.0\",\n \"values\": {,}}\n");
  r = lambdasim("import --format terraform " + bad);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("bad.json:2:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not JSON"), std::string::npos) << r.out;
  const std::string shape = write_text(
      dir / "shape.json",
      R"({"format_version": "1.0", "values": {"root_module": {"resources": [{"mode": "managed", "type": "aws_lambda_function", "values": {"memory_size": 128}, "address": 7}]}}})");
  r = lambdasim("import " + shape);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("not the shape of `terraform show -json`"), std::string::npos) << r.out;
  const std::string other = write_text(dir / "other.json", R"({"hello": 1})");
  r = lambdasim("import --format terraform " + other);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("not the JSON of `terraform show -json`"), std::string::npos) << r.out;
}

}  // namespace

namespace {

// The state's two scheduled actions with `timezone` Europe/Berlin (CET,
// UTC+1, in January): 07:00 and 19:00 there are 06:00 and 18:00 UTC.
std::string berlin(const std::string& zone) {
  std::string text = slurp(source("tests/tools/data/import/tf-state.json"));
  for (auto at = text.find("\"timezone\": \"UTC\""); at != std::string::npos;
       at = text.find("\"timezone\": \"UTC\"", at + 1))
    text.replace(at, 17, "\"timezone\": \"" + zone + "\"");
  return text;
}

TEST(ImportTerraform, ScheduledActionTimezone) {
  const std::string text = scenario_yaml(import_terraform("tz.json", berlin("Europe/Berlin"), {}));
  EXPECT_NE(text.find("provisioned_concurrency: {schedule: [{at: 0s, value: 5}, {at: 6h, value: "
                      "40}, {at: 18h, value: 5}]}"),
            std::string::npos)
      << text;
  const fs::path dir = scratch();
  const CliRun r = lambdasim("import " + write_text(dir / "tz.json", berlin("Nowhere/Land")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("tz.json: aws_appautoscaling_scheduled_action.morning.timezone: time zone "
                       "Nowhere/Land: no such zone in the tz database"),
            std::string::npos)
      << r.out;
}

}  // namespace
