// Every command of `lambdasim`, as data: its name, arguments and summary
// (`lambdasim help`, dispatch, the unknown-command message and, through the
// help, the shell completion), and what --help and option parsing read:
// usage, what it does, its options. The options several commands mean the
// same way are declared once, first.
#include <array>

#include "tools/cli/cli.hpp"
#include "tools/cli/command_spec.hpp"

namespace ls::tools {
namespace {

// What run, validate, tune, plan and compare require.
constexpr const char* kScenarioFile = "a scenario FILE";

// The options several commands share, in one place.
constexpr OptionSpec kSharedOptions[] = {
    {"help,h", Takes::Nothing, "show this help"},
    {"file", Takes::Text, "scenario YAML file"},
    {"seed", Takes::Seed, "override the scenario's seed"},
    {"horizon", Takes::Text, "override the simulated time, e.g. 1h"},
    {"set", Takes::Texts,
     "override a scenario key (repeatable), e.g. --set functions.api.memory_mb=2048"},
    {"replications", Takes::Int, "override the number of replications"},
    {"threads", Takes::Count,
     "worker threads (0: all cores): replications run in parallel, and with fewer replications "
     "than threads each run is split into parts of independent functions, one thread each, "
     "with the same report (docs/architecture.md: split runs)",
     "0"},
    {"quiet,q", Takes::Nothing, "no table and no progress line"},
    {"whole", Takes::Nothing,
     "simulate each run in one piece: not split into parts for threads, and a fleet of over "
     "128 functions not cut into blocks (the report is the same; for checking and timing: "
     "docs/architecture.md)"},
    {"savings-plan", Takes::Text,
     "a Compute Savings Plan commitment in USD per hour, e.g. 0.5, applied hour by hour to "
     "Lambda duration and provisioned concurrency (docs/savings-plans.md)"},
    {"max-requests", Takes::Number,
     "most requests (first attempts, all replications) one scenario may simulate; checked "
     "before the run (docs/limits.md)",
     "2e10"},
};

// --- run ---------------------------------------------------------------------

constexpr OptionSpec kRunOptions[] = {
    {"file"},
    {"seed"},
    {"horizon"},
    {"set"},
    {"json", Takes::Text, "write the JSON report to FILE (- for stdout)"},
    {"csv", Takes::Text, "write the time series CSV into DIR"},
    {"html", Takes::Text, "write the self-contained HTML report to FILE"},
    {"interval", Takes::Text, "interval of the time series (--html alone: about 240 points)", "1m"},
    {"replications"},
    {"threads"},
    {"whole"},
    {"quiet,q"},
    {"top", Takes::Count,
     "the table lists the N functions that cost the most, in the scenario's order, then the "
     "others in one row (0: every function; the JSON, CSV and HTML reports are not affected)",
     "50"},
    {"compare-to", Takes::Words,
     "backtest: compare the run with these logs of the first function (lambdasim calibrate's "
     "inputs; docs/calibrate.md)"},
    {"compare-bill", Takes::Text,
     "put the bill beside a Cost and Usage Report CSV, line by line (docs/import.md)"},
    {"bill-function", Takes::Texts,
     "with --compare-bill: FUNCTION=DEPLOYED_NAME, the name a scenario function has in the CUR "
     "(repeatable; default: the same name, or <stack>-FUNCTION-<suffix>)"},
    {"bill-json", Takes::Text,
     "with --compare-bill: write the comparison as JSON to FILE (- for stdout)"},
    {"bill-html", Takes::Text, "with --compare-bill: write the comparison as an HTML page to FILE"},
    {"max-requests"},
};
constexpr CommandSpec kRun{"lambdasim run FILE [options]",
                           "Simulate a scenario and report latency, throttles and cost.",
                           kRunOptions,
                           "file",
                           1,
                           kScenarioFile};

// --- validate ----------------------------------------------------------------

constexpr OptionSpec kValidateOptions[] = {
    {"file"},
    {"seed"},
    {"horizon"},
    {"set"},
};
constexpr CommandSpec kValidate{"lambdasim validate FILE [options]",
                                "Check a scenario without running it.",
                                kValidateOptions,
                                "file",
                                1,
                                kScenarioFile};

// --- keys --------------------------------------------------------------------

constexpr OptionSpec kKeysOptions[] = {
    {"section", Takes::Text,
     "only the sections at or under this key path, e.g. platform, functions.api.durable, "
     "workloads[0].source"},
    {"json-schema", Takes::Nothing,
     "print a JSON Schema (draft-07) of the scenario format instead, for editors: "
     "docs/scenario.schema.json is this output"},
    {"paths", Takes::Nothing,
     "print every key path --set accepts, one per line (shell completion)"},
};
constexpr CommandSpec kKeys{"lambdasim keys [SECTION] [options]",
                            "List every scenario key with its type, default and range, or only "
                            "those of one section (and its subsections).",
                            kKeysOptions, "section"};

// --- tune --------------------------------------------------------------------

constexpr const char* kTuneAbout =
    R"(Simulate the scenario at every memory size (x architecture x provisioned level) of the
grid and pick the best point as AWS Lambda Power Tuning would (cost, speed, balanced),
or the cheapest one that meets --slo and --max-throttle. Points that throttle are flagged
in the table. Exit codes: 0 ok, 2 bad input, 3 no point meets --slo/--max-throttle (the
outputs are still written).)";

constexpr OptionSpec kTuneOptions[] = {
    {"file", Takes::Text, "scenario YAML"},
    {"function,f", Takes::Text, "function to tune (default: the only one)"},
    {"memory", Takes::Text,
     "memory sizes in MB (128..10240), e.g. 512,1024,2048, or all (every 64 MB); default: "
     "Power Tuning's 128,256,512,1024,1536,3008"},
    {"arch", Takes::Text, "x86_64, arm64 or x86_64,arm64 (default: the function's)"},
    {"provisioned", Takes::Text,
     "constant provisioned concurrency levels, e.g. 0,10,50 (default: the scenario's)"},
    {"strategy", Takes::Text, "cost, speed or balanced", "cost"},
    {"weight", Takes::Number, "balanced: weight of cost (1 = cost only, 0 = speed only)", "0.5"},
    {"slo", Takes::Text,
     "latency objective, e.g. p99<=800ms (mean, p50, p90, p95, p99, p999, max): the strategy "
     "picks among the points that meet it"},
    {"max-throttle", Takes::Text,
     "largest final throttle rate (after retries) a point may have to win, e.g. 0.1% or 0; "
     "the upper end of its 95% CI must be within it (default: none, throttling points are "
     "flagged)"},
    {"json", Takes::Text, "write the results as JSON (lambdasim.tune/1) to FILE (- for stdout)"},
    {"html", Takes::Text,
     "write a self-contained HTML page (charts against memory, Pareto front) to FILE"},
    {"power-tuning-json", Takes::Text,
     "write the result in AWS Lambda Power Tuning's output format to FILE (- for stdout)"},
    {"replications", Takes::Int, "override the number of replications (CIs when > 1)"},
    {"threads"},
    {"seed"},
    {"horizon"},
    {"set"},
    {"quiet,q"},
    {"max-requests"},
};

constexpr CommandSpec kTune{"lambdasim tune SCENARIO [--function NAME] [options]",
                            kTuneAbout,
                            kTuneOptions,
                            "file",
                            1,
                            kScenarioFile};

// --- fit ---------------------------------------------------------------------

constexpr const char* kFitAbout =
    R"(Fit duration(m) = cpu * v(at)/v(m) + io, v(m) = min(m/mb_per_vcpu, threads, max_vcpu)
vCPU (1769 MB and 6 vCPU in the aws-2025 preset), to
measurements of one function at several memory sizes: AWS Lambda Power Tuning output
JSON (with stats), `lambdasim tune --json` output, or CSV with memory,duration_ms
columns. Prints the parameters, R2 and residuals; --out writes the scenario's
`duration:` block.)";

constexpr OptionSpec kFitOptions[] = {
    {"files", Takes::Positionals, "result files (x86_64 unless the file says)"},
    {"arm64", Takes::Texts, "a result file measured on arm64 (repeatable): fits arm64_factor too"},
    {"out,o", Takes::Text, "write the duration: block (YAML) to FILE"},
    {"at-memory", Takes::Int, "memory size the fitted cpu part is expressed at (MB)", "1024"},
    {"function-threads", Takes::Int,
     "fix the function's thread count instead of choosing the best fit (1..64)"},
    {"weights", Takes::Text,
     "relative: minimise relative errors (each size counts alike); none: absolute errors",
     "relative"},
    {"preset", Takes::Text,
     "platform preset whose vCPU share (mb_per_vcpu, max_vcpu) the model uses", "aws-2025"},
    {"quiet,q", Takes::Nothing, "print nothing (with --out)"},
};

constexpr CommandSpec kFit{"lambdasim fit RESULTS... [options]", kFitAbout, kFitOptions, "files",
                           -1};

// --- azure2scenario ----------------------------------------------------------

constexpr const char* kAzureAbout =
    R"(Turn rows of the Azure Functions 2019 trace into a complete scenario: each function
replays its per-minute invocation counts, with a lognormal duration fitted to its
percentiles (durations.csv) and memory from its app's allocated memory (memory.csv).
Pick functions with --row (0-based data row of the invocations file) and/or
--function (a HashFunction prefix); both repeat.)";

constexpr OptionSpec kAzureOptions[] = {
    {"invocations", Takes::Text, "invocations CSV (per-function per-minute counts)"},
    {"durations", Takes::Text, "durations CSV (execution-time percentiles)"},
    {"memory", Takes::Text, "memory CSV (allocated memory percentiles); optional"},
    {"row", Takes::Texts, "0-based data row of the invocations file (repeatable)"},
    {"function", Takes::Texts, "HashFunction or a unique prefix of it (repeatable)"},
    {"out,o", Takes::Text, "write the scenario to FILE (default: stdout)"},
    {"name", Takes::Text, "scenario name", "azure-replay"},
    {"seed", Takes::Seed, "scenario seed", "1"},
};

constexpr CommandSpec kAzure{"lambdasim azure2scenario [options]", kAzureAbout, kAzureOptions,
                             nullptr};

// --- plan --------------------------------------------------------------------

constexpr const char* kPlanAbout =
    R"(Find the cheapest configuration that meets latency, throttle and DLQ constraints.

  lambdasim plan FILE --slo 'api.p99<=500ms' --max-throttle 0.1% \
      --memory api=512,1024,2048 --reserved api=1..200 --provisioned api=0..50

Settings left out come from the scenario's plan: block. A configuration meets a constraint
only if the upper end of its 95% confidence interval does (3 replications by default).
Exit 3 when nothing meets the constraints (the closest configurations are shown).
See docs/plan.md.)";

constexpr OptionSpec kPlanOptions[] = {
    {"file"},
    {"slo", Takes::Texts,
     "an objective FUNCTION.STAT<=VALUE, e.g. checkout.p99<=500ms (repeatable)"},
    {"max-throttle", Takes::Text, "largest final throttle rate per function, e.g. 0.1%"},
    {"max-dlq", Takes::Text, "most dead-letter events (async)"},
    {"objective", Takes::Text, "total-cost (default) or cost-per-million"},
    {"memory", Takes::Texts, "FUNCTION=VALUES memory sizes, e.g. api=512,1024"},
    {"architecture", Takes::Texts, "FUNCTION=x86_64,arm64"},
    {"reserved", Takes::Texts, "FUNCTION=VALUES reserved concurrency, e.g. api=1..200"},
    {"provisioned", Takes::Texts,
     "FUNCTION=VALUES provisioned concurrency, e.g. api=0..50; FUNCTION.schedule[K]=VALUES "
     "for step K of its PC schedule"},
    {"load", Takes::Text, "traffic forecast: scale every workload, e.g. 1.5x"},
    {"replications", Takes::Int, "replications per configuration (>= 2)"},
    {"max-combinations", Takes::Size,
     "memory x architecture grid size above which the search starts coarse", "32"},
    {"set"},
    {"savings-plan"},
    {"seed"},
    {"horizon"},
    {"json", Takes::Text, "write the plan as JSON to FILE (- for stdout)"},
    {"html", Takes::Text, "write the plan as a self-contained HTML page to FILE"},
    {"threads"},
    {"quiet,q"},
    {"max-requests"},
};

constexpr CommandSpec kPlan{
    "lambdasim plan FILE [options]", kPlanAbout, kPlanOptions, "file", 1, kScenarioFile};

// --- sweep -------------------------------------------------------------------

constexpr const char* kSweepAbout =
    R"(Run a scenario over a grid of overrides, locally or as shards of a batch job.

  lambdasim sweep FILE --grid KEY=VALUES... --out DIR [--plan-only]
  lambdasim sweep --manifest DIR/manifest.json [--shard K/N | --shards N]

VALUES: [512,1024,2048], [0..8], [0..200 step 10], [10/s..1000/s log 8], [128..3008 lin 5].
Without --shard, K and N come from SLURM_ARRAY_TASK_ID/_COUNT,
AWS_BATCH_JOB_ARRAY_INDEX/_SIZE
or JOB_COMPLETION_INDEX (with --shards N); with none of them, every point runs.
Finished points are skipped, so re-running a shard resumes it. See docs/plan.md.)";

constexpr OptionSpec kSweepOptions[] = {
    {"file"},
    {"grid", Takes::Texts,
     "an axis: KEY=VALUES, e.g. functions.api.memory_mb=[512,1024] (repeatable)"},
    {"out", Takes::Text, "folder for manifest.json and points/"},
    {"plan-only", Takes::Nothing, "write the manifest without running it"},
    {"manifest", Takes::Text, "run the points of an existing manifest"},
    {"shard", Takes::Text, "run shard K of N (K from 0): K/N"},
    {"shards", Takes::Size, "N when the scheduler gives only K (Kubernetes)"},
    {"set"},
    {"seed", Takes::Seed, "override the base seed"},
    {"horizon"},
    {"replications", Takes::Int, "replications per point"},
    {"load", Takes::Text, "scale every workload's arrivals, e.g. 1.5x"},
    {"seeds", Takes::Text, "common: every point uses the base seed; independent: a seed per point",
     "common"},
    {"threads"},
    {"quiet,q", Takes::Nothing, "print nothing but errors"},
    {"max-requests"},
};

constexpr CommandSpec kSweep{"lambdasim sweep [options]", kSweepAbout, kSweepOptions};

// --- collect -----------------------------------------------------------------

constexpr OptionSpec kCollectOptions[] = {
    {"file", Takes::Text, "the sweep folder (holding manifest.json and points/)"},
    {"json", Takes::Text, "write the merged results as JSON to FILE (- for stdout)"},
    {"csv", Takes::Text, "write one CSV row per point to FILE (- for stdout)"},
    {"html", Takes::Text, "write a self-contained HTML page to FILE"},
    {"metric", Takes::Texts,
     "a column of the table, e.g. functions.api.latency_ms.p95 (repeatable)"},
    {"quiet,q"},
};

constexpr CommandSpec kCollect{
    "lambdasim collect DIR [options]",
    "Merge a sweep's results. Exit 0 when every point is done, 3 when some are missing or "
    "corrupt (the outputs then hold the others).",
    kCollectOptions,
    "file",
    1,
    "the sweep folder DIR"};

// --- compare -----------------------------------------------------------------

constexpr const char* kCompareAbout =
    R"(Run the scenario's traffic for one function on each compute kind, at several traffic
levels (--scales multiplies every workload of the function), and print side by side the
cost per month and per 1M requests, p50/p99 latency, cold starts and throttles, and the
request rates where the cheapest kind flips (break-even, interpolated within the grid
step). Exit codes: 0 ok, 2 bad input.)";

constexpr OptionSpec kCompareOptions[] = {
    {"file", Takes::Text, "scenario YAML"},
    {"function,f", Takes::Text, "function to compare (default: the only one)"},
    {"compute", Takes::Text,
     "kinds to compare, e.g. on-demand,provisioned,managed-instances,web (default: the first "
     "three, and web when the function has a web: block)"},
    {"scales", Takes::Text,
     "traffic multipliers to scan, e.g. 0.5,1,2,4 (default: 0.1,0.2,0.5,1,2,5,10)"},
    {"provisioned", Takes::Int,
     "constant provisioned concurrency of the provisioned kind (default: the scenario's, else "
     "the on-demand run's mean concurrency rounded up, per level)"},
    {"json", Takes::Text, "write lambdasim.compare/1 JSON to FILE (- for stdout)"},
    {"html", Takes::Text,
     "write a self-contained HTML page (cost and p99 against traffic) to FILE"},
    {"replications"},
    {"threads"},
    {"seed"},
    {"horizon"},
    {"set"},
    {"savings-plan"},
    {"quiet,q"},
    {"max-requests"},
};

constexpr CommandSpec kCompare{"lambdasim compare SCENARIO [--function NAME] [options]",
                               kCompareAbout,
                               kCompareOptions,
                               "file",
                               1,
                               kScenarioFile};

// --- calibrate ---------------------------------------------------------------

constexpr const char* kCalibrateAbout =
    R"(Estimate a scenario from a function's logs: CloudWatch Logs JSON (aws logs
filter-log-events, REPORT lines or platform.report records), a Logs Insights CSV export,
or a per-request CSV; gzip accepted. Writes the scenario (arrivals, fitted duration and
INIT, memory, the observed idle reclaim, lifetime and reuse rule), with --backtest
simulates the observed window and compares (docs/calibrate.md).)";

constexpr OptionSpec kCalibrateOptions[] = {
    {"files", Takes::Texts, "log files (any number)"},
    {"out,o", Takes::Text, "write the calibrated scenario to FILE (required)"},
    {"json", Takes::Text, "write every estimate with its CI to FILE (- for stdout)"},
    {"backtest", Takes::Nothing, "simulate the observed window and compare it with the logs"},
    {"html", Takes::Text, "write the backtest page to FILE (implies --backtest)"},
    {"replications", Takes::Int, "backtest replications", "5"},
    {"threads"},
    {"memory-mb", Takes::Number, "memory size of logs that do not give it (per-request CSV)"},
    {"empirical", Takes::Nothing,
     "duration and INIT as the observed samples (files beside the scenario)"},
    {"per-minute", Takes::Nothing,
     "arrivals as per-minute counts (default above 1,000,000 requests)"},
    {"preset", Takes::Text, "platform preset to start from", "aws-2025"},
    {"function", Takes::Text, "function name in the scenario", "fn"},
    {"no-lifecycle", Takes::Nothing, "keep the preset's keep_alive, reuse and lifetime"},
    {"max-disorder", Takes::Number,
     "seconds an arrival may precede an earlier line's (REPORT lines come at request end)", "900"},
    {"seed", Takes::Seed, "seed of the bootstrap and the backtest", "1"},
};

constexpr CommandSpec kCalibrate{"lambdasim calibrate FILE... --out SCENARIO.yaml [options]",
                                 kCalibrateAbout, kCalibrateOptions, "files", -1};

// --- import ------------------------------------------------------------------

constexpr const char* kImportAbout =
    R"(Write a scenario from what a system already records: an AWS SAM or CloudFormation
template (YAML with !Ref, !Sub, !GetAtt, !If, !FindInMap... or JSON), the JSON of
`terraform show -json` (state or plan), and CloudWatch metrics (the JSON of
`aws cloudwatch get-metric-data` with its queries, or `get-metric-statistics`).
Every value in the scenario names the resource, property or metric it came from; what
no input holds is a marked PLACEHOLDER, a value that cannot be resolved statically is
UNRESOLVED (commented out, with a warning). Resources that are not simulated are listed
on stderr and in the scenario's header. Metrics replay each function's per-minute
invocations (a CSV written beside the scenario), fit its duration and error rate, and
set the horizon to their window. Scheduled provisioned concurrency and schedules are laid
out from --start, cron and at() on the clocks of their Timezone (the system's tz database).
A Cost and Usage Report CSV (--cur, or a .csv / .csv.gz FILE) is compared line by line
with the simulated bill (--bill-json, --bill-html). docs/import.md has every mapping.

usage: lambdasim import [TEMPLATE] [METRICS.json...] [CUR.csv[.gz]] [--out scenario.yaml] [options])";

constexpr OptionSpec kImportOptions[] = {
    {"file", Takes::Positionals,
     "a SAM / CloudFormation template, a Terraform JSON, or CloudWatch metrics JSON (detected)"},
    {"out,o", Takes::Text, "write the scenario to FILE (default: stdout)"},
    {"parameter,p", Takes::Texts, "template parameter Name=Value, over its Default (repeatable)"},
    {"region", Takes::Text,
     "AWS::Region for !Ref / !Sub, platform.region and the region's price table (default: from "
     "Terraform's or the CUR's ARNs, else unresolved)"},
    {"stack-name", Takes::Text, "AWS::StackName for !Ref / !Sub"},
    {"start", Takes::Text,
     "UTC time of the scenario's time 0, for schedules (default: the metrics' first period, else "
     "2025-01-06T00:00:00Z, a Monday)"},
    {"horizon", Takes::Text,
     "simulated time (default: the metrics' window, else 1d marked as a placeholder)"},
    {"name", Takes::Text, "scenario name (default: the input file's stem)"},
    {"format", Takes::Text,
     "cfn (SAM / CloudFormation) or terraform (terraform show -json); default: detected"},
    {"metrics", Takes::Texts,
     "CloudWatch metrics JSON (repeatable; files given as FILE are detected too)"},
    {"metric-queries", Takes::Text,
     "the MetricDataQueries of a get-metric-data output that does not hold them"},
    {"function", Takes::Text, "FunctionName of get-metric-statistics outputs"},
    {"backtest", Takes::Nothing,
     "simulate the metrics' window and compare with them per function and period (a table)"},
    {"backtest-json", Takes::Text, "write the backtest as JSON to FILE (- for stdout)"},
    {"backtest-html", Takes::Text, "write the backtest as an HTML page to FILE"},
    {"threads", Takes::Count, "worker threads of the backtest and bill runs (0: all cores)", "0"},
    {"cur", Takes::Text,
     "a Cost and Usage Report CSV (CUR 2.0 / Data Exports, .gz accepted): simulate the scenario "
     "and put its bill beside the CUR's Lambda lines"},
    {"bill-json", Takes::Text, "write that comparison as JSON to FILE (- for stdout)"},
    {"bill-html", Takes::Text, "write that comparison as an HTML page to FILE"},
};

constexpr CommandSpec kImport{"lambdasim import [FILE...] [options]", kImportAbout, kImportOptions,
                              "file", -1};

// In the order `lambdasim help` lists them.
constexpr Command kCommands[] = {
    {"run", "FILE", "simulate a scenario: summary table, --json, --csv, --html", cmd_run, &kRun},
    {"validate", "FILE", "check a scenario and list problems without running it", cmd_validate,
     &kValidate},
    {"keys", "[SECTION]", "list every scenario key with its type, default and range", cmd_keys,
     &kKeys},
    {"tune", "FILE", "best memory/architecture for a function, Power Tuning offline", cmd_tune,
     &kTune},
    {"fit", "RESULTS...", "the memory-aware duration model from measured results", cmd_fit, &kFit},
    {"azure2scenario", "", "a scenario replaying rows of the Azure Functions 2019 trace",
     cmd_azure2scenario, &kAzure},
    {"plan", "FILE", "cheapest configuration meeting SLOs", cmd_plan, &kPlan},
    {"sweep", "FILE", "a scenario over a grid of overrides (--grid), locally or in shards",
     cmd_sweep, &kSweep},
    {"collect", "DIR", "merge a sweep's results", cmd_collect, &kCollect},
    {"compare", "FILE",
     "on-demand vs provisioned vs Managed Instances vs Web Functions, break-even", cmd_compare,
     &kCompare},
    {"calibrate", "LOGS", "a scenario from a function's logs (CloudWatch, Logs Insights, CSV)",
     cmd_calibrate, &kCalibrate},
    {"import", "FILE...",
     "a scenario from SAM / CloudFormation / Terraform, CloudWatch metrics; bill vs CUR",
     cmd_import, &kImport},
};

}  // namespace

std::span<const OptionSpec> shared_options() { return kSharedOptions; }
std::span<const Command> commands() { return kCommands; }

}  // namespace ls::tools
