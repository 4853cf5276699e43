// `lambdasim import` of SAM / CloudFormation templates: intrinsic functions
// resolved (or left unresolved with a reason) against values worked out by
// hand from the CloudFormation reference; schedule expressions against a
// calendar; every property of the two fixtures (tests/tools/data/import/,
// README there) mapped to its scenario key with a comment naming its source;
// the round trip import -> validate -> run; bad input -> exit 2 with
// file:line:col and what was expected.
#include "tools/study/import_cfn.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "models/error.hpp"
#include "tools/study/import_cfn_value.hpp"
#include "tools/study/import_schedule.hpp"
#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;
using namespace ls::tools::import;

CfnValue resolve_in(const std::string& tmpl, const std::string& expr, CfnInputs inputs = {}) {
  const YAML::Node root = YAML::Load(tmpl);
  const CfnResolver r(root, "t.yaml", inputs);
  return r.resolve(YAML::Load(expr));
}

constexpr const char* kTemplate = R"(
Parameters:
  Stage: {Type: String, Default: prod}
  Mem: {Type: Number, Default: 512}
  NoDefault: {Type: Number}
  Subnets: {Type: CommaDelimitedList, Default: "a,b,c"}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [x, x]]
  Unknown: !Equals [!Ref NoDefault, 3]
Mappings:
  M: {prod: {Size: 2048}, dev: {Size: 256}}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: !Sub "svc-${Stage}"}
  Anon:
    Type: AWS::Lambda::Function
  Q:
    Type: AWS::SQS::Queue
)";

TEST(ImportCfnValue, ShortFormIntrinsicsResolveAsCloudFormationWould) {
  EXPECT_EQ(resolve_in(kTemplate, "!Ref Mem").text, "512");
  EXPECT_EQ(resolve_in(kTemplate, "!Sub 'a-${Stage}-${!Literal}'").text, "a-prod-${Literal}");
  EXPECT_EQ(resolve_in(kTemplate, "!Sub ['${X}/${Stage}', {X: !Ref Mem}]").text, "512/prod");
  EXPECT_EQ(resolve_in(kTemplate, "!If [IsProd, 10, 20]").text, "10");
  EXPECT_EQ(resolve_in(kTemplate, "!If [NotProd, 10, 20]").text, "20");
  EXPECT_EQ(resolve_in(kTemplate, "!If [Both, yes, no]").text, "yes");
  EXPECT_EQ(resolve_in(kTemplate, "!FindInMap [M, !Ref Stage, Size]").text, "2048");
  EXPECT_EQ(resolve_in(kTemplate, "!Join ['-', [a, !Ref Stage, c]]").text, "a-prod-c");
  EXPECT_EQ(resolve_in(kTemplate, "!Select [1, !Ref Subnets]").text, "b");
  EXPECT_EQ(resolve_in(kTemplate, "!Select [2, !Split [',', 'x,y,z']]").text, "z");
  EXPECT_EQ(resolve_in(kTemplate, "!Equals [!Ref Stage, dev]").text, "false");
  // --parameter overrides the Default.
  CfnInputs in;
  in.parameters["Stage"] = "dev";
  EXPECT_EQ(resolve_in(kTemplate, "!FindInMap [M, !Ref Stage, Size]", in).text, "256");
  // A resource's Ref is its static FunctionName, else its logical ID; both
  // remember the resource.
  const CfnValue fn = resolve_in(kTemplate, "!Ref Fn");
  EXPECT_EQ(fn.text, "svc-prod");
  EXPECT_EQ(fn.refs, std::vector<std::string>{"Fn"});
  EXPECT_EQ(resolve_in(kTemplate, "!Ref Anon").text, "Anon");
  const CfnValue arn = resolve_in(kTemplate, "!GetAtt Q.Arn");
  EXPECT_EQ(arn.refs, std::vector<std::string>{"Q"});
  EXPECT_EQ(resolve_in(kTemplate, "!Sub 'function:${Anon}:live'").text, "function:Anon:live");
}

TEST(ImportCfnValue, JsonLongFormsResolveLikeShortForms) {
  EXPECT_EQ(resolve_in(kTemplate, R"({"Fn::If": ["IsProd", {"Ref": "Mem"}, 1]})").text, "512");
  EXPECT_EQ(resolve_in(kTemplate, R"({"Fn::Join": ["", ["x", {"Fn::Sub": "${Stage}"}]]})").text,
            "xprod");
  EXPECT_EQ(resolve_in(kTemplate, R"({"Fn::GetAtt": ["Q", "Arn"]})").refs,
            std::vector<std::string>{"Q"});
  // AWS::NoValue removes a property.
  const CfnValue m = resolve_in(
      kTemplate, R"({"A": {"Fn::If": ["NotProd", 1, {"Ref": "AWS::NoValue"}]}, "B": 2})");
  EXPECT_EQ(m.get("A"), nullptr);
  ASSERT_NE(m.get("B"), nullptr);
}

TEST(ImportCfnValue, WhatDependsOnDeploymentIsUnresolvedWithTheReason) {
  const CfnValue no_default = resolve_in(kTemplate, "!Ref NoDefault");
  ASSERT_TRUE(no_default.is_unresolved());
  EXPECT_NE(no_default.why.find("--parameter NoDefault=VALUE"), std::string::npos);
  const CfnValue account =
      resolve_in(kTemplate, "!Sub 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q'");
  ASSERT_TRUE(account.is_unresolved());
  EXPECT_NE(account.why.find("AWS::Region"), std::string::npos);
  EXPECT_EQ(account.text,
            "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q");  // still says it is SQS
  EXPECT_TRUE(resolve_in(kTemplate, "!ImportValue shared-memory").is_unresolved());
  EXPECT_TRUE(resolve_in(kTemplate, "!If [Unknown, 1, 2]").is_unresolved());
  EXPECT_TRUE(resolve_in(kTemplate, "!FindInMap [M, test, Size]").is_unresolved());
  CfnInputs in;
  in.pseudo["AWS::Region"] = "eu-west-1";
  EXPECT_EQ(resolve_in(kTemplate, "!Sub '${AWS::Region}'", in).text, "eu-west-1");
}

TEST(ImportCfnValue, AnOverrideOfAnUnknownParameterIsAnError) {
  CfnInputs in;
  in.parameters["Stagee"] = "dev";
  try {
    resolve_in(kTemplate, "1", in);
    FAIL() << "expected an error";
  } catch (const ls::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no parameter Stagee; its parameters: Stage, Mem"),
              std::string::npos)
        << e.what();
  }
}

// 2025-01-06 was a Monday (any calendar); cron day-of-week 2-6 = MON-FRI.
TEST(ImportSchedule, CronRateAndAtFireWhenTheCalendarSays) {
  std::string why;
  const auto monday = parse_utc("2025-01-06T00:00:00Z");
  ASSERT_TRUE(monday);
  EXPECT_EQ(format_utc(*monday), "2025-01-06T00:00:00Z");
  const auto weekdays = parse_schedule("cron(0 8 ? * MON-FRI *)", &why);
  ASSERT_TRUE(weekdays) << why;
  // One week from Monday: five 08:00s, Monday to Friday.
  const auto times = occurrences(*weekdays, *monday, *monday + 7 * 86400, *monday);
  ASSERT_EQ(times.size(), 5u);
  EXPECT_EQ(format_utc(times[0]), "2025-01-06T08:00:00Z");
  EXPECT_EQ(format_utc(times[4]), "2025-01-10T08:00:00Z");
  // Numeric day-of-week 1 is Sunday; steps and lists.
  const auto sunday = parse_schedule("cron(0/20 6,18 ? * 1 *)", &why);
  ASSERT_TRUE(sunday) << why;
  const auto s = occurrences(*sunday, *monday, *monday + 7 * 86400, *monday);
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(format_utc(s[0]), "2025-01-12T06:00:00Z");
  EXPECT_EQ(format_utc(s[5]), "2025-01-12T18:40:00Z");
  // Day of month 29 of February exists in 2028 only among 2025-2028.
  const auto leap = parse_schedule("cron(0 0 29 FEB ? *)", &why);
  ASSERT_TRUE(leap) << why;
  const auto l = occurrences(*leap, *monday, *parse_utc("2029-01-01T00:00:00Z"), *monday);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(format_utc(l[0]), "2028-02-29T00:00:00Z");
  const auto rate = parse_schedule("rate(15 minutes)", &why);
  ASSERT_TRUE(rate);
  EXPECT_EQ(occurrences(*rate, *monday, *monday + 3600, *monday).size(), 4u);
  const auto at = parse_schedule("at(2025-01-06T12:30:00)", &why);
  ASSERT_TRUE(at);
  EXPECT_EQ(occurrences(*at, *monday, *monday + 86400, *monday),
            std::vector<std::int64_t>{*monday + 12 * 3600 + 1800});
  // Malformed expressions are rejected with a reason, never guessed (L, W
  // and #: tests/tools/import_timezone_test.cpp).
  EXPECT_FALSE(parse_schedule("cron(0 0 ? * MON#9 *)", &why));
  EXPECT_NE(why.find("k in 1-5"), std::string::npos);
  EXPECT_FALSE(parse_schedule("cron(0 0 1 * MON *)", &why));  // both day fields
  EXPECT_FALSE(parse_schedule("every 5 minutes", &why));
}

// The imported scenario of a fixture, parsed back.
struct Imported {
  std::string text;
  YAML::Node doc;
};

Imported import_fixture(const std::string& name, ImportOptions options = {}) {
  const std::string file = source(name);
  const ImportResult r = import_cfn(file, slurp(file), options);
  Imported i{scenario_yaml(r), {}};
  i.doc = YAML::Load(i.text);
  return i;
}

TEST(ImportCfn, SamTemplateEveryPropertyMappedWithItsSource) {
  ImportOptions o;
  o.parameters["ReportTimeout"] = "300";
  const Imported s = import_fixture("scenarios/examples/import/sam-app.yml", o);
  const YAML::Node api = s.doc["functions"]["ApiFunction"];
  EXPECT_EQ(api["memory_mb"].as<int>(), 1024);                // !Ref ApiMemory's Default
  EXPECT_EQ(api["architecture"].as<std::string>(), "arm64");  // from Globals
  EXPECT_EQ(api["timeout"].as<std::string>(), "6s");          // own value over Globals' 10
  EXPECT_EQ(api["reserved_concurrency"].as<int>(), 200);      // !If [IsProd, 200, NoValue]
  EXPECT_NE(line_with(s.text, "architecture: arm64").find("Globals.Function.Architectures"),
            std::string::npos);
  EXPECT_NE(line_with(s.text, "memory_mb: 1024")
                .find("ApiFunction (AWS::Serverless::Function) Properties.MemorySize"),
            std::string::npos);
  // Scheduled PC: the scenario starts Monday 00:00 UTC; Friday's 20:00 action
  // left [10, 10]; Monday 08:00 raises the minimum to 50, 20:00 back to 10.
  EXPECT_NE(s.text.find("provisioned_concurrency: {schedule: [{at: 0s, value: 10}, {at: 8h, value: "
                        "50}, {at: 20h, value: 10}]}"),
            std::string::npos)
      << s.text;
  EXPECT_NE(s.text.find("SnapStart ApplyOn PublishedVersions"), std::string::npos);
  EXPECT_NE(s.text.find("no SnapStart key"), std::string::npos);
  const YAML::Node worker = s.doc["functions"]["WorkerFunction"];
  EXPECT_EQ(worker["memory_mb"].as<int>(), 512);
  EXPECT_EQ(worker["architecture"].as<std::string>(), "x86_64");
  EXPECT_EQ(worker["timeout"].as<std::string>(), "1m");
  EXPECT_EQ(worker["ephemeral_mb"].as<int>(), 1024);
  EXPECT_EQ(s.doc["functions"]["ReportFunction"]["timeout"].as<std::string>(), "5m");
  // Workloads: the API events as one sync placeholder, the SQS event with its
  // queue's settings, the schedule as its firing times.
  const YAML::Node w = s.doc["workloads"];
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0]["invocation"].as<std::string>(), "sync");
  EXPECT_NE(line_with(s.text, "function: ApiFunction").find("GetOrder (Api), PostOrder (Api)"),
            std::string::npos);
  EXPECT_NE(line_with(s.text, "rate: 1/s}").find("PLACEHOLDER"), std::string::npos);
  const YAML::Node sqs = w[1]["source"];
  EXPECT_EQ(sqs["type"].as<std::string>(), "sqs");
  EXPECT_EQ(sqs["batch_size"].as<int>(), 10);  // FindInMap prod
  EXPECT_EQ(sqs["window"].as<std::string>(), "2s");
  EXPECT_EQ(sqs["max_concurrency"].as<int>(), 50);
  EXPECT_TRUE(sqs["partial_batch_response"].as<bool>());
  EXPECT_EQ(sqs["visibility_timeout"].as<std::string>(), "2m");
  EXPECT_EQ(sqs["max_receive_count"].as<int>(), 3);
  EXPECT_EQ(sqs["on_failure"].as<std::string>(), "dlq");
  EXPECT_NE(line_with(s.text, "max_receive_count: 3")
                .find("OrderQueue (AWS::SQS::Queue) Properties.RedrivePolicy.maxReceiveCount"),
            std::string::npos);
  // cron(30 2 * * ? *) fires at 02:30 on the one simulated day.
  EXPECT_EQ(w[2]["invocation"].as<std::string>(), "async");
  EXPECT_EQ(w[2]["arrivals"]["bursts"][0]["at"].as<std::string>(), "150m");
  EXPECT_EQ(w[2]["async"]["max_retries"].as<int>(), 1);
  EXPECT_EQ(w[2]["async"]["max_event_age"].as<std::string>(), "1h");
  EXPECT_EQ(w[2]["async"]["on_failure"].as<std::string>(), "dlq");
  // The log group is listed, not dropped.
  EXPECT_NE(s.text.find("#   - ApiLogs (AWS::Logs::LogGroup): not part of the capacity model"),
            std::string::npos);
}

TEST(ImportCfn, UnresolvableValueIsACommentedPlaceholderAndAWarning) {
  const std::string file = source("scenarios/examples/import/sam-app.yml");
  const ImportResult r = import_cfn(file, slurp(file), {});  // no --parameter ReportTimeout
  const std::string text = scenario_yaml(r);
  EXPECT_NE(text.find("    # timeout: ?   # UNRESOLVED: ReportFunction (AWS::Serverless::Function) "
                      "Properties.Timeout; parameter ReportTimeout has no Default"),
            std::string::npos)
      << text;
  EXPECT_FALSE(YAML::Load(text)["functions"]["ReportFunction"]["timeout"]);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings.front().find("ReportTimeout"), std::string::npos);
}

TEST(ImportCfn, JsonTemplateAliasesTrackingStreamsAndInvokeConfig) {
  const Imported s = import_fixture("tests/tools/data/import/cfn-stream.json");
  const YAML::Node c = s.doc["functions"]["Consumer"];
  EXPECT_EQ(c["memory_mb"].as<int>(), 1769);  // Fn::If on an Fn::Or condition
  EXPECT_EQ(c["architecture"].as<std::string>(), "arm64");
  EXPECT_EQ(c["timeout"].as<std::string>(), "30s");
  EXPECT_EQ(c["ephemeral_mb"].as<int>(), 2048);
  EXPECT_EQ(c["reserved_concurrency"].as<int>(), 100);
  const YAML::Node pc = c["provisioned_concurrency"];
  EXPECT_DOUBLE_EQ(pc["target_utilization"].as<double>(), 0.7);
  EXPECT_EQ(pc["min"].as<int>(), 5);
  EXPECT_EQ(pc["max"].as<int>(), 40);
  EXPECT_NE(s.text.find("deployed as clicks-prod"), std::string::npos);
  const YAML::Node n = s.doc["functions"]["Notifier"];
  EXPECT_FALSE(n["memory_mb"]);  // Fn::ImportValue: unresolved
  EXPECT_NE(s.text.find("# memory_mb: ?   # UNRESOLVED"), std::string::npos);
  EXPECT_EQ(n["timeout"].as<std::string>(), "15s");  // Fn::Select [1, ...]
  const YAML::Node k = s.doc["workloads"][0]["source"];
  EXPECT_EQ(k["type"].as<std::string>(), "kinesis");  // GetAtt of an AWS::Kinesis::Stream
  EXPECT_EQ(k["batch_size"].as<int>(), 500);
  EXPECT_EQ(k["window"].as<std::string>(), "5s");
  EXPECT_EQ(k["parallelization"].as<int>(), 2);
  EXPECT_TRUE(k["bisect"].as<bool>());
  EXPECT_EQ(k["max_retry_attempts"].as<int>(), 3);
  EXPECT_EQ(k["on_failure"].as<std::string>(), "dlq");
  EXPECT_EQ(k["shards"].as<int>(), 4);                     // !Ref Shards' Default on the stream
  EXPECT_EQ(k["retention"].as<std::string>(), "2d");       // the stream's RetentionPeriodHours 48
  EXPECT_EQ(k["max_record_age"].as<std::string>(), "2h");  // the mapping's 7200 s
  const YAML::Node a = s.doc["workloads"][1];
  EXPECT_EQ(a["invocation"].as<std::string>(), "async");
  EXPECT_EQ(a["async"]["max_retries"].as<int>(), 0);
  EXPECT_EQ(a["async"]["max_event_age"].as<std::string>(), "10m");
  EXPECT_NE(s.text.find("#   - Role (AWS::IAM::Role)"), std::string::npos);
}

TEST(ImportCfnCli, RoundTripImportValidateRun) {
  const fs::path dir = scratch();
  const std::string out = (dir / "sam.yaml").string();
  const CliRun imp = lambdasim("import " + source("scenarios/examples/import/sam-app.yml") +
                               " --parameter ReportTimeout=300 --horizon 1h --out " + out);
  ASSERT_EQ(imp.exit_code, 0) << imp.out;
  EXPECT_NE(imp.out.find("not simulated: ApiLogs (AWS::Logs::LogGroup)"), std::string::npos);
  const CliRun val = lambdasim("validate " + out);
  EXPECT_EQ(val.exit_code, 0) << val.out;
  EXPECT_NE(val.out.find("3 function(s), 3 workload(s)"), std::string::npos) << val.out;
  const CliRun run = lambdasim("run " + out + " -q --json " + (dir / "r.json").string());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  const CliRun json = lambdasim("import " + source("tests/tools/data/import/cfn-stream.json") +
                                " --out " + (dir / "cfn.yaml").string());
  ASSERT_EQ(json.exit_code, 0) << json.out;
  EXPECT_EQ(lambdasim("run " + (dir / "cfn.yaml").string() + " -q --horizon 10m").exit_code, 0);
}

// A queue that is not in the template: AWS mapped it, so its visibility
// timeout is at least the function's (120 s, written 2m, over SQS's 30 s),
// and that is what the scenario assumes, marked as an assumption; with 30 s
// the scenario would be refused, as AWS refuses such a mapping.
TEST(ImportCfnCli, QueueOutsideTheTemplateGetsTheFunctionsTimeoutAsVisibility) {
  const fs::path dir = scratch();
  const std::string tmpl = write_text(dir / "t.yaml", R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: w.handler
      Runtime: python3.12
      Timeout: 120
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: arn:aws:sqs:us-east-1:123456789012:jobs
)");
  const std::string out = (dir / "s.yaml").string();
  const CliRun imp = lambdasim("import " + tmpl + " --out " + out);
  ASSERT_EQ(imp.exit_code, 0) << imp.out;
  const std::string text = slurp(out);
  EXPECT_NE(text.find("visibility_timeout: 2m"), std::string::npos) << text;  // 120 s
  EXPECT_NE(text.find("the function's timeout assumed"), std::string::npos) << text;
  const CliRun val = lambdasim("validate " + out);
  EXPECT_EQ(val.exit_code, 0) << val.out;
}

TEST(ImportCfnCli, BadInputExitsTwoWithFileLineAndWhatWasExpected) {
  const fs::path dir = scratch();
  const std::string not_template = write_text(dir / "not.yaml", "name: x\nitems: [1, 2]\n");
  CliRun r = lambdasim("import " + not_template);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("not.yaml:1:1: Resources: not a CloudFormation or SAM template"),
            std::string::npos)
      << r.out;
  const std::string broken =
      write_text(dir / "broken.json", "{\n  \"Resources\": {\n    \"A\": [1,\n}\n");
  r = lambdasim("import " + broken);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("broken.json:4:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not JSON: syntax error"), std::string::npos) << r.out;
  const std::string bad_yaml = write_text(dir / "bad.yaml", "Resources:\n  A: [1,\n  B: 2\n");
  r = lambdasim("import " + bad_yaml);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("bad.yaml:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not a YAML or JSON document"), std::string::npos) << r.out;
  const std::string no_fn =
      write_text(dir / "nofn.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
  r = lambdasim("import " + no_fn);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.out.find("nofn.yaml:2:3: Resources: no AWS::Serverless::Function or AWS::Lambda::Function "
                 "to import (found: AWS::SQS::Queue)"),
      std::string::npos)
      << r.out;
  const std::string no_type =
      write_text(dir / "notype.yaml", "Resources:\n  F:\n    Properties: {}\n");
  r = lambdasim("import " + no_type);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("notype.yaml:3:5: Resources.F: expected a resource: a mapping with a Type"),
            std::string::npos)
      << r.out;
  r = lambdasim("import " + source("scenarios/examples/import/sam-app.yml") +
                " --parameter Nope=1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--parameter Nope: the template has no parameter Nope"), std::string::npos)
      << r.out;
  EXPECT_EQ(lambdasim("import " + (dir / "missing.yaml").string()).exit_code, 2);
}

}  // namespace

namespace {

// Event kinds, disabled and unsupported sources, and values outside the
// scenario's ranges, in one inline SAM template.
constexpr const char* kEvents = R"(Transform: AWS::Serverless-2016-10-31
Conditions:
  Never: !Equals [a, b]
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Legacy:
    Type: AWS::Serverless::Function
    Condition: Never
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      MemorySize: 20000
      Timeout: abc
      Events:
        Changes:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table.StreamArn
            StartingPosition: LATEST
            MaximumRecordAgeInSeconds: 120
            MaximumRetryAttempts: -1
        Uploads:
          Type: S3
          Properties: {Bucket: !Ref Bucket, Events: s3:ObjectCreated:*}
        Kafka:
          Type: MSK
          Properties: {Stream: arn:aws:kafka:us-east-1:1:cluster/x, Topics: [t]}
        Every5:
          Type: Schedule
          Properties: {Schedule: rate(5 minutes)}
  Off:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !Sub arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:jobs
      Enabled: false
  Bucket:
    Type: AWS::S3::Bucket
)";

TEST(ImportCfn, EventKindsDisabledUnsupportedAndOutOfRangeValues) {
  const ImportResult r = import_cfn("events.yaml", kEvents, {});
  const std::string text = scenario_yaml(r);
  const YAML::Node s = YAML::Load(text);
  const YAML::Node fn = s["functions"]["Fn"];
  EXPECT_FALSE(s["functions"]["Legacy"]);  // its condition is false
  EXPECT_NE(text.find("Legacy (AWS::Serverless::Function): condition Never is false"),
            std::string::npos);
  EXPECT_FALSE(fn["memory_mb"]);  // 20000 is outside 128..10240: unresolved, not clamped
  EXPECT_NE(
      text.find(
          "# memory_mb: ?   # UNRESOLVED: Fn (AWS::Serverless::Function) Properties.MemorySize; "
          "20000 is outside 128..10240"),
      std::string::npos)
      << text;
  EXPECT_FALSE(fn["timeout"]);
  const YAML::Node w = s["workloads"];
  ASSERT_EQ(w.size(), 4u);
  // DynamoDB stream: shards unknown (placeholder), the stream's fixed 24 h
  // retention and the mapping's 120 s maximum record age, -1 retries = until
  // expiry (no key).
  EXPECT_EQ(w[0]["source"]["type"].as<std::string>(), "dynamodb");
  EXPECT_EQ(w[0]["source"]["batch_size"].as<int>(), 100);  // Lambda's default for streams
  EXPECT_EQ(w[0]["source"]["retention"].as<std::string>(), "1d");
  EXPECT_EQ(w[0]["source"]["max_record_age"].as<std::string>(), "2m");
  EXPECT_FALSE(w[0]["source"]["max_retry_attempts"]);
  EXPECT_NE(line_with(text, "shards: 1").find("PLACEHOLDER"), std::string::npos);
  // rate(5 minutes): one every 5 minutes, exactly.
  EXPECT_EQ(w[1]["invocation"].as<std::string>(), "async");
  EXPECT_EQ(w[1]["arrivals"]["process"].as<std::string>(), "constant");
  EXPECT_EQ(w[1]["arrivals"]["rate"].as<std::string>(), "0.2/min");
  // The S3 event: an async placeholder.
  EXPECT_EQ(w[2]["invocation"].as<std::string>(), "async");
  EXPECT_NE(line_with(text, "function: Fn   # Fn Events Uploads (S3)").size(), 0u);
  // The disabled mapping: an SQS source (read from the ARN's text though the
  // account is unknown) with no traffic.
  EXPECT_EQ(w[3]["source"]["type"].as<std::string>(), "sqs");
  EXPECT_EQ(w[3]["arrivals"]["rate"].as<std::string>(), "0/s");
  EXPECT_NE(text.find("Fn Events.Kafka (MSK): this event type is not simulated"),
            std::string::npos);
  EXPECT_NE(text.find("Bucket (AWS::S3::Bucket): not part of the capacity model"),
            std::string::npos);
  for (const auto& x : r.warnings) EXPECT_EQ(x.find("MaximumRecordAge"), std::string::npos) << x;
}

}  // namespace

namespace {

// Provisioned concurrency of an alias alone, and a schedule on the clocks of
// New York (EST, UTC-5, in January).
constexpr const char* kZoned = R"(Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: fn, MemorySize: 512}
  Live:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Fn
      Name: live
      FunctionVersion: "1"
      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 7}
  Target:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: lambda
      ScalableDimension: lambda:function:ProvisionedConcurrency
      ResourceId: function:fn:live
      MinCapacity: 1
      MaxCapacity: 100
      ScheduledActions:
        - ScheduledActionName: morning
          Schedule: cron(0 8 ? * MON-FRI *)
          Timezone: America/New_York
          ScalableTargetAction: {MinCapacity: 40}
        - ScheduledActionName: evening
          Schedule: cron(0 18 ? * MON-FRI *)
          Timezone: ZONE
          ScalableTargetAction: {MinCapacity: 5, MaxCapacity: 5}
)";

std::string zoned(const std::string& zone, bool with_target = true) {
  std::string text = kZoned;
  text.replace(text.find("ZONE"), 4, zone);
  if (!with_target) text.resize(text.find("  Target:"));
  return text;
}

TEST(ImportCfn, AliasProvisionedConcurrencyAlone) {
  const std::string text = scenario_yaml(import_cfn("alias.yaml", zoned("UTC", false), {}));
  EXPECT_EQ(YAML::Load(text)["functions"]["Fn"]["provisioned_concurrency"].as<int>(), 7);
  EXPECT_NE(line_with(text, "provisioned_concurrency: 7")
                .find("Live (AWS::Lambda::Alias) "
                      "Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions"),
            std::string::npos)
      << text;
}

TEST(ImportCfn, ScheduledActionsOnTheClocksOfTheirTimezone) {
  // From Monday 2025-01-06 00:00 UTC: Friday's 18:00 EST (23:00 UTC) left
  // [5, 5]; 08:00 EST is 13:00 UTC (40), 18:00 EST 23:00 UTC (5 again).
  const std::string text = scenario_yaml(import_cfn("zoned.yaml", zoned("America/New_York"), {}));
  EXPECT_NE(text.find("provisioned_concurrency: {schedule: [{at: 0s, value: 5}, {at: 13h, value: "
                      "40}, {at: 23h, value: 5}]}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("cron(0 8 ? * MON-FRI *) (America/New_York)"), std::string::npos) << text;
  // A zone that does not exist is bad input: exit 2 at its line, never UTC.
  const fs::path dir = scratch();
  const std::string bad = write_text(dir / "mars.yaml", zoned("Mars/Olympus_Mons"));
  const CliRun r = lambdasim("import " + bad + " -o " + (dir / "s.yaml").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("mars.yaml:27:21: Resources.Target.Properties.ScheduledActions[1].Timezone: "
                       "time zone Mars/Olympus_Mons: no such zone in the tz database"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir / "s.yaml"));
}

}  // namespace

namespace {

// SAM's Kinesis event (a stream of the template) and a ScheduleV2 event in
// Tokyo's time (UTC+9, no daylight saving): 02:00 there is 17:00 UTC the day
// before, so in the day from Monday 00:00 UTC it fires once, at 17:00.
constexpr const char* kSamStream = R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties: {ShardCount: 3}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Stream:
          Type: Kinesis
          Properties: {Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, BatchSize: 50,
                       ParallelizationFactor: 2}
        Nightly:
          Type: ScheduleV2
          Properties: {ScheduleExpression: 'cron(0 2 * * ? *)', ScheduleExpressionTimezone: Asia/Tokyo}
)";

TEST(ImportCfn, SamKinesisEventAndScheduleV2InItsTimezone) {
  const std::string text = scenario_yaml(import_cfn("stream.yaml", kSamStream, {}));
  const YAML::Node w = YAML::Load(text)["workloads"];
  ASSERT_EQ(w.size(), 2u) << text;
  EXPECT_EQ(w[0]["source"]["type"].as<std::string>(), "kinesis");
  EXPECT_EQ(w[0]["source"]["shards"].as<int>(), 3);
  EXPECT_EQ(w[0]["source"]["batch_size"].as<int>(), 50);
  EXPECT_EQ(w[0]["source"]["parallelization"].as<int>(), 2);
  ASSERT_EQ(w[1]["arrivals"]["bursts"].size(), 1u) << text;
  EXPECT_EQ(w[1]["arrivals"]["bursts"][0]["at"].as<std::string>(), "17h");
  EXPECT_NE(text.find("cron(0 2 * * ? *) (Asia/Tokyo) from 2025-01-06T00:00:00Z"),
            std::string::npos)
      << text;
}

}  // namespace
