#include "models/config/scenario_keys.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <utility>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"

namespace ls::models::keys {
namespace {

using enum Type;
using enum Need;

// Sections in the order the reference lists them, with what they are.
struct SectionDoc {
  std::string_view id;
  std::string_view title;
  std::string_view doc;
};

constexpr SectionDoc kSections[] = {
    {"", "Top level", "Run control and the three sections."},
    {"platform", "platform",
     "The platform being simulated. Every key defaults from the preset "
     "(`scenarios/platforms/<preset>.yaml`); the scenario overrides any of them."},
    {"platform.scaling", "platform.scaling",
     "How fast new execution environments may be added. `per-function` uses step/every, "
     "`legacy-burst` uses burst/per_minute; keys of the other model are ignored."},
    {"platform.billing", "platform.billing", "How the bill is computed."},
    {"platform.async", "platform.async",
     "Asynchronous invocation as the platform does it: the defaults of every async workload "
     "(which may override max_retries and max_event_age)."},
    {"functions.<name>", "functions.<name>",
     "One Lambda function; names use letters, digits, `-` and `_` (1-64 characters)."},
    {"functions.<name>.errors", "functions.<name>.errors", "Function errors."},
    {"functions.<name>.provisioned_concurrency", "functions.<name>.provisioned_concurrency",
     "Provisioned concurrency: a number (constant), `{schedule: [...]}`, or target tracking "
     "`{target_utilization: 0.7, min: 10, max: 200}`."},
    {"functions.<name>.provisioned_concurrency.schedule[]",
     "functions.<name>.provisioned_concurrency.schedule[]", "One step of a PC schedule."},
    {"functions.<name>.duration", "functions.<name>.duration (memory-aware form)",
     "Work measured at one memory size, split into a CPU part that scales with the vCPU share "
     "(memory_mb / platform.mb_per_vcpu, capped at `threads` and platform.max_vcpu) and an I/O "
     "part that does not. `init` is taken as measured at the same memory size and scales the "
     "same way (see init_cpu_fraction); docs/tune.md has the formulas."},
    {"<Dist>", "Dist (any distribution of durations)",
     "A bare duration (`300ms`) is fixed; otherwise a mapping with `dist:`. Empirical samples "
     "are read from a CSV file with a header row (relative paths: relative to the scenario "
     "file); values are milliseconds if the column name ends in `_ms`, else seconds."},
    {"workloads[]", "workloads[]", "One traffic source aimed at one function."},
    {"workloads[].arrivals", "workloads[].arrivals",
     "The arrival process. `burst` alone is a burst on top of no other traffic. A `trace` in "
     "`format: timestamps` is a CSV with a header row whose column holds arrival times in "
     "seconds (any order; sorted, and the earliest becomes time 0); `format: azure-2019` reads "
     "one row of the Azure Functions 2019 per-minute invocation counts; `format: cloudwatch` "
     "reads per-minute counts as `timestamp,count` rows (a CloudWatch metric export)."},
    {"workloads[].arrivals.rates[]", "workloads[].arrivals.rates[]",
     "One step of a `steps` process, in time order."},
    {"workloads[].arrivals.bursts[]", "workloads[].arrivals.bursts[]",
     "`count` extra requests spread evenly over [at, at + over)."},
    {"workloads[].client_retry", "workloads[].client_retry",
     "What the caller does when a synchronous request is throttled."},
    {"platform.sqs", "platform.sqs", "How an SQS event source mapping scales its pollers."},
    {"workloads[].source", "workloads[].source",
     "A poll-based event source (event source mapping): arrivals are messages or records; the "
     "function is invoked once per batch. Keys marked for one type are errors with the other."},
    {"workloads[].source.provisioned", "workloads[].source.provisioned",
     "Provisioned mode of an SQS or Kafka event source mapping: dedicated event pollers "
     "between min_pollers and max_pollers, billed per event poller unit-hour "
     "(prices.sqs_poller_usd_per_hour, prices.kafka_poller_usd_per_hour). SQS: each poller runs "
     "up to platform.sqs.invokes_per_poller batches, pollers scale at "
     "platform.sqs.provisioned_ramp_per_minute, one unit per poller, not with max_concurrency. "
     "docs/event-sources.md."},
    {"workloads[].async", "workloads[].async",
     "Settings of an `invocation: async` workload; unset keys come from `platform.async`."},
    {"platform.managed_instances", "platform.managed_instances",
     "Defaults of Lambda Managed Instances (functions with `compute: managed-instances`); a "
     "preset without this section predates them. docs/compute.md has the model."},
    {"platform.web", "platform.web",
     "Defaults of Web Functions (functions with `compute: web`); a preset without this section "
     "predates them."},
    {"functions.<name>.managed_instances", "functions.<name>.managed_instances",
     "Lambda Managed Instances settings of one function (with `compute: managed-instances`); "
     "unset keys come from `platform.managed_instances`."},
    {"functions.<name>.web", "functions.<name>.web",
     "Web Functions settings of one function (with `compute: web`); unset keys come from "
     "`platform.web`."},
    {"functions.<name>.snapstart", "functions.<name>.snapstart",
     "Lambda SnapStart (Java 11+, Python 3.12+, .NET 8+; published versions of on-demand "
     "functions; not with provisioned concurrency or ephemeral_mb above 512). A cold start "
     "restores the version's snapshot instead of running INIT; Python and .NET pay the cache "
     "and restore charges of the price table, Java pays none. docs/snapstart.md has the model "
     "and the sources of the defaults."},
    {"functions.<name>.snapstart.versions[]", "functions.<name>.snapstart.versions[]",
     "A version published during the run, in time order."},
    {"platform.billing.savings_plan", "platform.billing.savings_plan",
     "A Compute Savings Plan: an hourly commitment that pays for Lambda duration, billed INIT "
     "and provisioned concurrency (not requests, ephemeral storage or SnapStart) at the "
     "discounted rate, hour by hour; the rest is on-demand and unused commitment is still paid "
     "(docs/savings-plans.md)."},
    {"platform.payload", "platform.payload",
     "Invocation payload limits and the asynchronous billing rule (sizes in KB of 1,024 bytes); "
     "they apply to workloads that give payload sizes (`workloads[].payload`). A preset without "
     "this section predates them."},
    {"workloads[].payload", "workloads[].payload",
     "Request and response sizes of a workload (default: small, under every limit). Each is a "
     "number of KB (fixed) or a `{dist: ...}` of KB (see `<SizeDist>`). A synchronous request "
     "over platform.payload.sync_request_kb or an asynchronous event over async_event_kb is "
     "rejected before Lambda runs (counted as payload rejected); an async event over "
     "async_billed_free_kb bills one more request per started async_billed_chunk_kb; a "
     "buffered response over sync_response_kb fails the request after the invocation ran "
     "(billed)."},
    {"platform.api_gateway", "platform.api_gateway",
     "Amazon API Gateway as the platform sets it: the account's throttle (a token bucket shared "
     "by every API Gateway front door of the scenario: one account, one region) and the "
     "integration timeouts. A preset without this section predates them."},
    {"workloads[].front_door", "workloads[].front_door",
     "What stands between the clients of a synchronous workload and its (on-demand) function "
     "(docs/front-door.md): an API Gateway REST or HTTP API, or a function URL. API Gateway "
     "answers 429 when its account or stage throttle is out of tokens (not billed, counted "
     "apart from Lambda's throttles; the client retries as client_retry says) and 504 when the "
     "function is still running at the integration timeout (the invocation runs on, billed); "
     "a function URL adds neither. Clients see the front door's overhead on every response. "
     "API Gateway's requests are billed from the price table's api_gateway tiers."},
    {"<SizeDist>", "SizeDist (a distribution of sizes in KB)",
     "A bare number of KB is fixed; otherwise a mapping with `dist:` whose values are KB."},
    {"functions.<name>.emits[]", "functions.<name>.emits[]",
     "One event target of a function (an SQS queue, SNS topic, S3 bucket or a direct invoke, "
     "all modelled as an asynchronous invocation of `to` with the platform's async settings). "
     "Each event carries the number of invocations in its chain; an event that would be "
     "invocation platform.recursion_limit + 1 is stopped (docs/recursion.md)."},
    {"functions.<name>.durable", "functions.<name>.durable",
     "Lambda durable functions: each asynchronous event of the function starts a durable "
     "execution of `steps` steps separated by waits. A wait ends the invocation (no compute "
     "billed, no environment held); the invocation that resumes the execution is cold unless "
     "an environment is still alive. Failed steps are retried (`retry`); the waits may be "
     "callbacks (`callback`). Durable operations, the data they write and its "
     "retention are billed from the price table's durable_* rates. Asynchronous workloads and "
     "on-demand compute only. docs/durable.md."},
    {"functions.<name>.durable.retry", "functions.<name>.durable.retry",
     "The steps' retry strategy: a failed step (an invocation that errors, at the function's "
     "errors.rate, or times out) is checkpointed and retried after an exponential backoff, each "
     "attempt an invocation and a durable operation; the execution fails after the last attempt. "
     "Absent: AWS's SDK default (6 attempts, 5 s, 60 s, x2, full jitter). docs/durable.md."},
    {"functions.<name>.durable.callback", "functions.<name>.durable.callback",
     "Callbacks: every wait between two steps waits for an external system's answer (its delay "
     "a Dist), no compute billed and no environment held, with an optional timeout after which "
     "the execution fails or goes on. docs/durable.md."},
    {"functions.<name>.tenant_isolation", "functions.<name>.tenant_isolation",
     "Tenant isolation mode: each request carries a tenant id drawn from `distribution` over "
     "`tenants` tenants, and an execution environment serves one tenant only, so cold starts "
     "and environments grow with the active tenants; each environment created is charged "
     "(prices.<arch>.tenant_isolation_usd_per_gb). Sync and async invocation only; not with "
     "provisioned concurrency, event sources or other compute kinds. docs/tenants.md."},
    {"plan", "plan",
     "What `lambdasim plan` searches and must meet (docs/plan.md); other commands ignore it. "
     "Command-line flags override these keys."},
    {"plan.functions.<name>", "plan.functions.<name>",
     "Decision variables of one function: each a list of values (`[512, 1024, 2048]`) or an "
     "integer range (`0..200`, `[0..200 step 10]`); a key left out keeps the scenario's value."},
    {"prices", "Price table (scenarios/prices/<name>.yaml)",
     "The published prices a bill is computed with; a scenario names one with "
     "platform.billing.prices and may override any key with platform.billing.price_overrides "
     "or `--set prices.<key path>=<value>`. Every key is required unless marked optional "
     "(rates only the features that use them need)."},
    {"prices.<arch>", "Price table: x86_64 and arm64",
     "The prices of one architecture: a mapping of these keys, or `unavailable` (the "
     "architecture was not offered then)."},
    {"prices.<arch>.duration_tiers[]", "Price table: x86_64.duration_tiers[]",
     "One tier of the monthly duration volume, in ascending order; the last tier has no "
     "`up_to_gb_s` and covers the rest."},
    {"prices.api_gateway", "Price table: api_gateway",
     "Amazon API Gateway's request prices (optional: a table without them cannot bill a "
     "workload's API Gateway front door): monthly tiers per account and region."},
    {"prices.api_gateway.<api>_tiers[]",
     "Price table: api_gateway.rest_api_tiers[], http_api_tiers[]",
     "One tier of the monthly request volume, in ascending order; the last tier has no "
     "`up_to_requests` and covers the rest."},
    {"instances", "Instance price table (scenarios/prices/instances/<name>.yaml)",
     "EC2 instance types of Lambda Managed Instances and the rates of Web Functions; a scenario "
     "names one with platform.managed_instances.instance_prices."},
    {"instances.instance_types.<name>", "Instance price table: instance_types.<name>",
     "One EC2 instance type."},
    {"instances.web_functions", "Instance price table: web_functions", "Web Functions rates."},
};

constexpr KeySpec kKeys[] = {
    // --- top level
    {"", "scenario", String, Optional, "", "", "", "Name in reports (default: the file's stem)."},
    {"", "seed", Int, Default, "1", "0..", "",
     "Master seed; every random stream derives from (seed, replication, name)."},
    {"", "horizon", Duration, Default, "1h", ">0s..3650d", "",
     "Simulated time (at most 10 years)."},
    {"", "warmup", Duration, Default, "0s", "0s..", "",
     "Excluded from statistics, not from billing; shorter than horizon."},
    {"", "replications", Int, Default, "1", "1..1000", "",
     "Independent runs; reports give the mean and a 95% confidence interval."},
    {"", "platform", Section, Optional, "", "", "", "See `platform`."},
    {"", "functions", Table, Required, "", "", "", "Functions by name; see `functions.<name>`."},
    {"", "workloads", List, Optional, "", "", "", "Traffic; see `workloads[]`."},
    // --- platform
    {"platform", "preset", String, Default, "aws-2025", "", "",
     "Platform table under scenarios/platforms/ that supplies every platform key not set here."},
    {"platform", "region", String, Preset, "", "", "",
     "AWS region: picks the price table (the preset's table for this region, e.g. "
     "aws-eu-west-1-2025, when platform.billing.prices is not named) and the legacy burst size."},
    {"platform", "account_concurrency", Int, Preset, "", "1..10000000", "",
     "Regional concurrency limit shared by all functions."},
    {"platform", "unreserved_minimum", Int, Preset, "", "0..10000000", "",
     "Concurrency that reservations must leave to the unreserved pool."},
    {"platform", "scaling", Section, Preset, "", "", "", "See `platform.scaling`."},
    {"platform", "keep_alive", DistOrNever, Preset, "", "", "",
     "Idle time after which an environment is reclaimed, or `never`."},
    {"platform", "reuse", Choice, Preset, "", "most-recent|least-recent|random", "",
     "Which idle environment takes a request."},
    {"platform", "function_keep_alive", DistOrNever, Optional, "", "", "",
     "Every idle environment of a function is reclaimed once none of its requests has been in "
     "flight for this long (drawn each time the function falls idle); absent or `never`: only "
     "keep_alive reclaims (aws-2020 measures both, docs/calibrate.md)."},
    {"platform", "max_environment_lifetime", DistOrNever, Preset, "", "", "",
     "An environment retires at this age (a duration, or a Dist drawn per environment) once its "
     "request ends, or `never`."},
    {"platform", "init_timeout", Duration, Preset, "", ">0s..900s", "",
     "An on-demand INIT longer than this is stopped and re-run inside the first invocation, under "
     "the function's timeout and billed with it (a suppressed init); provisioned environments "
     "are not subject to it."},
    {"platform", "rps_per_concurrency", Number, Preset, "", ">0..", "",
     "Requests-per-second cap = this x the concurrency limit (reservation and account), "
     "refilled continuously; only invocations that start spend it."},
    {"platform", "mb_per_vcpu", Number, Preset, "", ">0..", "",
     "Memory per vCPU: the CPU share is memory_mb / mb_per_vcpu."},
    {"platform", "max_vcpu", Number, Preset, "", ">0..", "", "Largest CPU share of a function."},
    {"platform", "billing", Section, Preset, "", "", "", "See `platform.billing`."},
    {"platform", "async", Section, Preset, "", "", "", "See `platform.async`."},
    {"platform", "sqs", Section, Preset, "", "", "", "See `platform.sqs`."},
    {"platform", "max_batch_payload_kb", Int, Preset, "", "1..", "",
     "Payload limit of one invocation; event-source batches are cut at it."},
    {"platform", "stream_retry_delay", Duration, Preset, "", "0s..", "",
     "Wait before a failed stream batch is retried."},
    {"platform", "poller_backoff", Duration, Preset, "", ">0s..", "",
     "Wait of an event-source poller whose invocation was throttled."},
    {"platform", "recursion_limit", Int, Default, "16", "1..1000", "",
     "Recursive loop detection: invocations in one chain of events (through SQS, SNS, S3 and "
     "Lambda) before Lambda stops the next one (AWS: \"approximately 16 times\", "
     "invocation-recursion.html)."},
    {"platform", "kafka_invokes_per_poller", Int, Default, "5", "1..", "",
     "Kafka provisioned mode: concurrent batches one event poller runs (AWS: up to 5)."},
    {"platform", "kafka_pollers_per_unit", Int, Default, "10", "1..", "",
     "Kafka provisioned mode: event pollers one billed event poller unit supports (AWS: 10)."},
    {"platform.sqs", "initial_concurrency", Int, Preset, "", "1..", "",
     "Concurrent batches an SQS mapping starts with."},
    {"platform.sqs", "ramp_per_minute", Number, Preset, "", "0..", "",
     "Concurrent batches added per minute while messages wait."},
    {"platform.sqs", "max_concurrency", Int, Preset, "", "1..", "",
     "Ceiling of an SQS mapping's concurrent batches."},
    {"platform.sqs", "invokes_per_poller", Int, Default, "10", "1..", "",
     "Provisioned mode: concurrent batches one event poller runs (AWS: up to 10)."},
    {"platform.sqs", "provisioned_ramp_per_minute", Number, Default, "1000", "0..", "",
     "Provisioned mode: concurrency added per minute while messages wait (AWS: up to 1,000)."},
    {"platform.async", "max_retries", Int, Preset, "", "0..2", "",
     "Retries of an event whose invocation failed (function error or timeout)."},
    {"platform.async", "max_event_age", Duration, Preset, "", "60s..6h", "",
     "An event still not processed at this age goes to the DLQ / destination or is dropped."},
    {"platform.async", "first_retry_delay", Dist, Preset, "", "", "",
     "Wait before the second attempt after a failure."},
    {"platform.async", "second_retry_delay", Dist, Preset, "", "", "",
     "Wait before the third attempt after a failure."},
    {"platform.async", "backoff_initial", Duration, Preset, "", ">0s..", "",
     "First wait after a throttle; it doubles on each further throttle ..."},
    {"platform.async", "backoff_max", Duration, Preset, "", ">0s..", "", "... up to this."},
    {"platform", "managed_instances", Section, Optional, "", "", "",
     "See `platform.managed_instances` (set by the preset)."},
    {"platform", "web", Section, Optional, "", "", "", "See `platform.web` (set by the preset)."},
    {"platform", "payload", Section, Optional, "", "", "",
     "See `platform.payload` (set by the preset)."},
    {"platform", "api_gateway", Section, Optional, "", "", "",
     "See `platform.api_gateway` (set by the preset)."},
    // --- platform.api_gateway
    {"platform.api_gateway", "account_rate", Rate, Preset, "", ">0/s..", "",
     "Steady requests per second of the account's throttle (its token bucket's refill)."},
    {"platform.api_gateway", "account_burst", Int, Preset, "", "1..", "",
     "Capacity of the account's token bucket: the burst above the steady rate."},
    {"platform.api_gateway", "rest_timeout", Duration, Preset, "", "50ms..", "",
     "Default (and, for edge-optimized APIs, highest) integration timeout of a REST API."},
    {"platform.api_gateway", "rest_max_timeout", Duration, Preset, "", "50ms..", "",
     "Highest integration timeout of a Regional or private REST API (raised on request, at the "
     "cost of a lower account throttle, which account_rate must then say)."},
    {"platform.api_gateway", "http_timeout", Duration, Preset, "", "50ms..", "",
     "Highest (and default) integration timeout of an HTTP API; not raisable."},
    {"platform.api_gateway", "http_metering_kb", Int, Preset, "", "1..", "",
     "An HTTP API request is billed once per started increment of this size of its request "
     "(workloads[].payload.request_kb)."},
    // --- platform.payload
    {"platform.payload", "sync_request_kb", Int, Preset, "", "1..", "",
     "Largest synchronous request; a larger one is rejected before Lambda runs (not billed)."},
    {"platform.payload", "sync_response_kb", Int, Preset, "", "1..", "",
     "Largest buffered (not streamed) response; a larger one fails the request, whose "
     "invocation ran and is billed."},
    {"platform.payload", "async_event_kb", Int, Preset, "", "1..", "",
     "Largest asynchronous event; a larger one is rejected (not queued, not billed)."},
    {"platform.payload", "async_billed_free_kb", Int, Preset, "", "1..", "",
     "An asynchronous event up to this size bills as one request ..."},
    {"platform.payload", "async_billed_chunk_kb", Int, Preset, "", "1..", "",
     "... and each started chunk of this size above it as one more request."},
    {"platform.payload", "streamed_response_kb", Int, Preset, "", "1..", "",
     "Largest streamed response (response_mode: stream); a larger one fails the request."},
    {"platform.payload", "stream_uncapped_kb", Int, Preset, "", "0..", "",
     "The first part of a streamed response, written at full speed and not charged per GB."},
    {"platform.payload", "stream_kb_per_s", Number, Preset, "", ">0..", "",
     "Rate (KB per second) the rest of a streamed response is capped at; the function runs, "
     "billed, until it is written."},
    // --- platform.managed_instances
    {"platform.managed_instances", "instance_prices", String, Preset, "", "", "",
     "Instance price table under scenarios/prices/instances/."},
    {"platform.managed_instances", "instance_type", String, Preset, "", "", "",
     "Default EC2 instance type of a capacity provider."},
    {"platform.managed_instances", "vcpus", Int, Preset, "", "1..192", "",
     "vCPUs of one execution environment."},
    {"platform.managed_instances", "memory_mb", Int, Preset, "", "2048..", "",
     "Memory of one execution environment (2-8 GB per vCPU)."},
    {"platform.managed_instances", "concurrency_per_vcpu", Int, Preset, "", "1..1600", "",
     "Default concurrent requests per environment = this x vcpus (AWS: Node.js 64, Java and "
     ".NET 32, Python 16)."},
    {"platform.managed_instances", "min_environments", Int, Preset, "", "0..15000", "",
     "Fewest environments (a published version starts 3, one per availability zone)."},
    {"platform.managed_instances", "max_environments", Int, Preset, "", "1..15000", "",
     "Most environments (AWS: no default maximum; the API allows up to 15,000)."},
    {"platform.managed_instances", "availability_zones", Int, Preset, "", "1..", "",
     "Environments are spread evenly over these zones; each zone in use needs its own instances."},
    {"platform.managed_instances", "os_reserved_vcpus", Number, Preset, "", "0..", "",
     "vCPUs of each instance kept by its OS and agents (not for environments)."},
    {"platform.managed_instances", "os_reserved_memory_mb", Int, Preset, "", "0..", "",
     "Memory of each instance kept by its OS and agents."},
    {"platform.managed_instances", "target_utilization", Number, Preset, "", ">0..1", "",
     "CPU utilisation target tracking aims at."},
    {"platform.managed_instances", "metric_period", Duration, Preset, "", ">0s..", "",
     "Scaling looks at CPU utilisation once per this period."},
    {"platform.managed_instances", "scale_out_delay", Duration, Preset, "", "0s..", "",
     "Utilisation must stay above target this long before environments are added."},
    {"platform.managed_instances", "scale_in_delay", Duration, Preset, "", "0s..", "",
     "Utilisation must stay below target this long before environments are removed."},
    {"platform.managed_instances", "launch_delay", Duration, Preset, "", "0s..", "",
     "A new environment (and its instance) serves after this."},
    {"platform.managed_instances", "scale_out_rate", Int, Preset, "", "1..", "",
     "Most environments added per metric period."},
    {"platform.managed_instances", "scale_in_rate", Int, Preset, "", "1..", "",
     "Most environments removed per metric period."},
    {"platform.managed_instances", "doubling_window", Duration, Preset, "", "0s..", "",
     "Requests are throttled when concurrency would exceed twice its peak over this window "
     "(0s: no such throttle)."},
    // --- platform.web
    {"platform.web", "vcpus", Int, Preset, "", "1..64", "", "vCPUs of one environment."},
    {"platform.web", "memory_mb", Int, Preset, "", "128..", "", "Memory of one environment."},
    {"platform.web", "max_concurrency", Int, Preset, "", "1..128", "",
     "Concurrent requests per environment."},
    {"platform.web", "max_environments", Int, Preset, "", "1..", "", "Most environments."},
    {"platform.web", "rate_limit", Rate, Preset, "", "0/s..", "",
     "Requests per second accepted per function (0/s: no limit)."},
    // --- platform.scaling
    {"platform.scaling", "model", Choice, Preset, "", "per-function|legacy-burst|none", "",
     "Scaling governor; `none` = unlimited."},
    {"platform.scaling", "step", Int, Preset, "", "1..10000000", "per-function",
     "Environments each function may add per `every`."},
    {"platform.scaling", "every", Duration, Preset, "", ">0s..", "per-function",
     "Period of the per-function step."},
    {"platform.scaling", "burst", Int, Optional, "", "1..10000000", "legacy-burst",
     "Regional burst (default: burst_by_region for the region)."},
    {"platform.scaling", "per_minute", Int, Preset, "", "0..10000000", "legacy-burst",
     "Environments added per minute after the burst."},
    {"platform.scaling", "burst_by_region", Table, Optional, "", "1..10000000", "legacy-burst",
     "Region name to burst size; the entry `default` covers other regions."},
    // --- platform.billing
    {"platform.billing", "prices", String, Preset, "", "", "",
     "Price table under scenarios/prices/ (named alone, it sets platform.region to the table's "
     "region; named with a region, the two must agree)."},
    {"platform.billing", "granularity", Duration, Optional, "", ">0s..1h", "",
     "Billed durations round up to this (default: the price table's)."},
    {"platform.billing", "bill_init", Bool, Optional, "", "", "",
     "Bill on-demand INIT phases (default: the price table's)."},
    {"platform.billing", "price_overrides", Table, Optional, "", "", "",
     "Price table key path to value, applied to the table before it is checked, e.g. "
     "`{request_usd_per_million: 0.25, \"x86_64.duration_tiers[0].usd_per_gb_s\": 0.00002}`; "
     "`--set prices.<key path>=<value>` adds an entry."},
    {"platform.billing", "free_tier", Bool, Default, "false", "", "",
     "Credit Lambda's monthly free tier: requests, GB-s (not for functions with provisioned "
     "concurrency) and streamed response GB (the table's free_tier_streamed_gb)."},
    {"platform.billing", "first_12_months", Bool, Default, "false", "", "",
     "The account is within 12 months of its sign-up (and was created before 2025-07-15, when "
     "AWS replaced these offers with credits): credit API Gateway's 12-month free tier (the "
     "table's api_gateway.free_tier_requests, for REST and HTTP APIs each)."},
    {"platform.billing", "savings_plan", Section, Optional, "", "", "",
     "See `platform.billing.savings_plan`."},
    {"platform.billing", "project_to", Choice, Default, "none", "month|none", "",
     "month: report the bill for a 730-hour month at this traffic; none: for the horizon (monthly "
     "tiers and free tier pro-rated)."},
    // --- functions
    {"functions.<name>", "memory_mb", Int, Default, "128", "128..10240", "", "Memory size in MB."},
    {"functions.<name>", "architecture", Choice, Default, "x86_64", "x86_64|arm64", "",
     "Instruction set (sets the price)."},
    {"functions.<name>", "timeout", Duration, Default, "3s", "1s..5400s", "",
     "A request running this long is stopped (and billed for the full timeout). At most 900s, "
     "except with compute: managed-instances (up to 5400s, for its asynchronous and event-source "
     "invocations; its synchronous requests stop at 900s)."},
    {"functions.<name>", "ephemeral_mb", Int, Default, "512", "512..10240", "",
     "/tmp size in MB (above 512 is billed)."},
    {"functions.<name>", "reserved_concurrency", Int, Optional, "", "0..10000000", "",
     "Caps the function and carves it out of the account pool; 0 disables it; omitted: the "
     "function draws on the unreserved pool."},
    {"functions.<name>", "provisioned_concurrency", Provisioned, Optional, "", "0..10000000", "",
     "Pre-initialised environments; see `functions.<name>.provisioned_concurrency`."},
    {"functions.<name>", "init", Dist, Required, "", "", "", "INIT (cold start) duration."},
    {"functions.<name>", "duration", FunctionDuration, Required, "", "", "",
     "Execution time: a Dist, or the memory-aware form."},
    {"functions.<name>", "errors", Section, Optional, "", "", "", "See `functions.<name>.errors`."},
    {"functions.<name>", "compute", Choice, Default, "on-demand", "on-demand|managed-instances|web",
     "",
     "Where the function runs: one request per environment (on-demand Lambda), Lambda Managed "
     "Instances or Web Functions (many requests per environment, docs/compute.md)."},
    {"functions.<name>", "managed_instances", Section, Optional, "", "", "",
     "See `functions.<name>.managed_instances`."},
    {"functions.<name>", "web", Section, Optional, "", "", "", "See `functions.<name>.web`."},
    {"functions.<name>", "snapstart", Section, Optional, "", "", "",
     "See `functions.<name>.snapstart`."},
    {"functions.<name>", "tenant_isolation", Section, Optional, "", "", "",
     "See `functions.<name>.tenant_isolation` (off when absent or `false`)."},
    {"functions.<name>", "emits", List, Optional, "", "", "",
     "Events each successful asynchronous invocation of the function sends on; see "
     "`functions.<name>.emits[]` (docs/recursion.md)."},
    {"functions.<name>", "recursive_loop", Choice, Default, "terminate", "terminate|allow", "",
     "AWS's recursive loop detection for events to this function: terminate stops an event "
     "whose chain already ran platform.recursion_limit invocations; allow never stops it."},
    {"functions.<name>.emits[]", "to", String, Required, "", "", "",
     "The function the events go to (the same function makes a loop)."},
    {"functions.<name>.emits[]", "probability", Number, Default, "1", "0..1", "",
     "Fraction of successful invocations that emit."},
    {"functions.<name>.emits[]", "count", Int, Default, "1", "1..100", "",
     "Events an emitting invocation sends."},
    {"functions.<name>.emits[]", "channel", Choice, Default, "lambda", "lambda|sqs|sns|s3", "",
     "The service the events travel through: a direct asynchronous invoke (lambda), an SQS "
     "queue, an SNS topic or an S3 bucket's event notification. It sets the default `delay`."},
    {"functions.<name>.emits[]", "delay", Dist, Optional, "", "", "",
     "Delivery delay of each event before it reaches the target's asynchronous queue (absent: "
     "the channel's: lambda none, sqs lognormal median 16.2 ms p99 105 ms, sns median 73 ms "
     "p99 225 ms (measured, bitesizedserverless.com 2022), s3 median 1 s p99 60 s (an "
     "assumption from AWS's \"typically ... in seconds but can sometimes take a minute\"); "
     "docs/recursion.md)."},
    {"functions.<name>.emits[]", "on_failure", Choice, Default, "drop", "dlq|drop", "",
     "Where an event goes that is stopped by loop detection or runs out of retries: a DLQ / "
     "on-failure destination (counted as dlq) or nowhere (dropped)."},
    {"functions.<name>", "durable", Section, Optional, "", "", "",
     "See `functions.<name>.durable` (off when absent or `false`)."},
    {"functions.<name>.durable", "steps", Count, Required, "", "1..1000", "",
     "Steps per execution, each one handler invocation (its duration is the function's "
     "`duration`): a number, or a list of numbers each equally likely ([2, 3, 3]: 3 twice in "
     "three)."},
    {"functions.<name>.durable", "wait", Dist, Optional, "", "", "",
     "How long each wait between two steps suspends the execution (no compute billed, no "
     "environment held). Required unless `callback` is given (then the waits are callbacks)."},
    {"functions.<name>.durable", "execution_timeout", Duration, Default, "31622400s",
     "1s..31622400s", "",
     "AWS's ExecutionTimeout: the execution is stopped (counted as timed out) when it would run "
     "past this (AWS: at most 366 days)."},
    {"functions.<name>.durable", "retention", Duration, Default, "14d", "1d..90d", "",
     "AWS's RetentionPeriodInDays: how long the execution's data is kept (and billed) after it "
     "ends."},
    {"functions.<name>.durable", "start_kb", SizeDist, Optional, "", "0..", "",
     "KB written by starting an execution (its input payload; absent: 0)."},
    {"functions.<name>.durable", "checkpoint_kb", SizeDist, Optional, "", "0..", "",
     "KB written by each completed step and each wait (their checkpointed results; absent: 0)."},
    {"functions.<name>.durable", "retry", Section, Optional, "", "", "",
     "See `functions.<name>.durable.retry` (absent: AWS's SDK default strategy)."},
    {"functions.<name>.durable", "callback", Section, Optional, "", "", "",
     "See `functions.<name>.durable.callback` (absent: the waits are timers, `wait`)."},
    {"functions.<name>.durable.retry", "max_attempts", Int, Default, "6", "1..1000", "",
     "Attempts per step, the first included (1: no retry). A failed attempt that has attempts "
     "left is one durable operation and writes checkpoint_kb (AWS: \"1 operation + error "
     "payload size\"); so does the last one, which fails the execution."},
    {"functions.<name>.durable.retry", "initial_delay", Duration, Default, "5s", "1s..", "",
     "Backoff before the first retry; retry n waits min(initial_delay x backoff_rate^(n-1), "
     "max_delay), jittered, at least 1 s."},
    {"functions.<name>.durable.retry", "max_delay", Duration, Default, "60s", "1s..", "",
     "Longest backoff between two attempts."},
    {"functions.<name>.durable.retry", "backoff_rate", Number, Default, "2", "1..", "",
     "Multiplier of the backoff per retry."},
    {"functions.<name>.durable.retry", "jitter", Choice, Default, "full", "full|half|none", "",
     "The SDK's JitterStrategy: full draws the backoff uniformly from 0 to the computed delay, "
     "half from half of it to all of it, none uses it as computed."},
    {"functions.<name>.durable.callback", "delay", Dist, Required, "", "", "",
     "How long the external system takes to send the callback result "
     "(SendDurableExecutionCallbackSuccess) after the callback is created."},
    {"functions.<name>.durable.callback", "timeout", Duration, Optional, "", "1s..", "",
     "AWS's CallbackConfig timeout: an answer later than this times the callback out at the "
     "timeout (absent: none; the execution timeout still applies)."},
    {"functions.<name>.durable.callback", "on_timeout", Choice, Default, "fail", "fail|continue",
     "",
     "A timed-out callback throws CallbackTimeoutException in the handler: fail (uncaught: the "
     "execution fails at the timeout) or continue (caught: the resumption runs the next step)."},
    {"functions.<name>.tenant_isolation", "tenants", Int, Required, "", "1..1000000", "",
     "Number of tenants requests are drawn from."},
    {"functions.<name>.tenant_isolation", "distribution", Choice, Default, "uniform",
     "uniform|zipf", "",
     "Which tenant a request carries: equally likely, or Zipf (tenant i with probability "
     "proportional to i^-exponent)."},
    {"functions.<name>.tenant_isolation", "exponent", Number, Default, "1", "0..10", "zipf",
     "Zipf exponent s (0: uniform)."},
    {"functions.<name>.managed_instances", "instance_type", String, Optional, "", "", "",
     "EC2 instance type (default: platform.managed_instances.instance_type)."},
    {"functions.<name>.managed_instances", "price", Choice, Default, "on-demand",
     "on-demand|savings-plan", "",
     "Instance price: on-demand, or the table's discounted (savings-plan) price; the 15 % "
     "management fee is on the on-demand price either way."},
    {"functions.<name>.managed_instances", "max_concurrency", Int, Optional, "", "1..1600", "",
     "Concurrent requests per environment (default: concurrency_per_vcpu x vcpus)."},
    {"functions.<name>.managed_instances", "vcpus", Int, Optional, "", "1..192", "",
     "vCPUs per environment."},
    {"functions.<name>.managed_instances", "memory_mb", Int, Optional, "", "2048..", "",
     "Memory per environment; 2 to 8 GB per vCPU."},
    {"functions.<name>.managed_instances", "min_environments", Int, Optional, "", "0..15000", "",
     "Fewest environments (auto mode)."},
    {"functions.<name>.managed_instances", "max_environments", Int, Optional, "", "1..15000", "",
     "Most environments (auto mode)."},
    {"functions.<name>.managed_instances", "mode", Choice, Default, "auto", "auto|manual", "",
     "auto: target tracking on CPU; manual: a fixed `environments` or `instances` count."},
    {"functions.<name>.managed_instances", "environments", Int, Optional, "", "1..", "",
     "Manual mode: fixed environment count (instances follow from packing)."},
    {"functions.<name>.managed_instances", "instances", Int, Optional, "", "1..", "",
     "Manual mode: fixed instance count, each filled with environments."},
    {"functions.<name>.managed_instances", "target_utilization", Number, Optional, "", ">0..1", "",
     "CPU utilisation target (default: the platform's)."},
    {"functions.<name>.managed_instances", "scale_out_delay", Duration, Optional, "", "0s..", "",
     "Overrides platform.managed_instances.scale_out_delay."},
    {"functions.<name>.managed_instances", "scale_in_delay", Duration, Optional, "", "0s..", "",
     "Overrides platform.managed_instances.scale_in_delay."},
    {"functions.<name>.managed_instances", "scale_out_rate", Int, Optional, "", "1..", "",
     "Overrides platform.managed_instances.scale_out_rate."},
    {"functions.<name>.managed_instances", "scale_in_rate", Int, Optional, "", "1..", "",
     "Overrides platform.managed_instances.scale_in_rate."},
    {"functions.<name>.web", "max_concurrency", Int, Optional, "", "1..128", "",
     "Concurrent requests per environment (default: platform.web.max_concurrency)."},
    {"functions.<name>.web", "max_environments", Int, Optional, "", "1..", "",
     "Most environments (default: platform.web.max_environments)."},
    {"functions.<name>.web", "rate_limit", Rate, Optional, "", "0/s..", "",
     "Requests per second accepted (default: platform.web.rate_limit; 0/s: none)."},
    {"functions.<name>.snapstart", "runtime", Choice, Required, "", "java|python|dotnet", "",
     "The function's runtime family (java: no SnapStart charges)."},
    {"functions.<name>.snapstart", "apply_on", Choice, Default, "published-versions",
     "published-versions|none", "",
     "AWS's ApplyOn: none turns SnapStart off and leaves the other keys unread (`--set "
     "functions.<name>.snapstart.apply_on=none` compares a run without it)."},
    {"functions.<name>.snapstart", "restore", Dist, Default, "1663ms", "", "",
     "Restore latency once the version's snapshot cache is warm (default: median cold start "
     "measured by V. Kazulkin, Java 21, 1,024 MB, after ~50 cold starts)."},
    {"functions.<name>.snapstart", "restore_cold_cache", Dist, Default, "2270ms", "", "",
     "Restore latency of a version's first cache_warm_after restores (default: the first cold "
     "start after publishing, same measurement)."},
    {"functions.<name>.snapstart", "cache_warm_after", Int, Default, "50", "0..", "",
     "Restores of a version before its snapshot cache is warm."},
    {"functions.<name>.snapstart", "after_restore", Dist, Default, "0s", "", "",
     "After-restore runtime hooks: part of the cold start and billed as duration."},
    {"functions.<name>.snapstart", "versions", List, Optional, "", "", "",
     "Versions published during the run; the first version is ready at time 0."},
    {"functions.<name>.snapstart", "snapshot_overhead", Duration, Default, "0s", "0s..", "",
     "Time to take and cache a new version's snapshot beyond its INIT run (not published by "
     "AWS)."},
    {"functions.<name>.snapstart.versions[]", "at", Duration, Required, "", ">0s..", "",
     "When the version is published."},
    {"platform.billing.savings_plan", "commitment_usd_per_hour", Number, Required, "",
     ">0..1000000000", "",
     "The hourly commitment (up to $1 billion an hour: far beyond any account, and the bill "
     "stays printable).",
     "USD per hour"},
    {"platform.billing.savings_plan", "discount", Number, Optional, "", "0..0.99", "",
     "Savings over on-demand of the eligible usage (default: the price table's "
     "savings_plan_discount)."},
    {"functions.<name>.errors", "rate", Number, Default, "0", "0..1", "",
     "Fraction of invocations that end in a function error (billed)."},
    {"functions.<name>.provisioned_concurrency", "schedule", List, Optional, "", "", "",
     "PC levels over time, in time order; before the first step PC is 0."},
    {"functions.<name>.provisioned_concurrency", "target_utilization", Number, Optional, "",
     ">0..1", "", "Target tracking: keep PC utilisation near this."},
    {"functions.<name>.provisioned_concurrency", "min", Int, Default, "0", "0..10000000", "",
     "Target tracking: lowest PC."},
    {"functions.<name>.provisioned_concurrency", "max", Int, Optional, "", "0..10000000", "",
     "Target tracking: highest PC (required with target_utilization)."},
    {"functions.<name>.provisioned_concurrency", "scale_out_delay", Duration, Default, "3m", "0s..",
     "",
     "Target tracking: utilisation (one-minute Average datapoints) must stay above target this "
     "long to add PC (AWS: 3 datapoints)."},
    {"functions.<name>.provisioned_concurrency", "scale_in_delay", Duration, Default, "15m", "0s..",
     "",
     "Target tracking: utilisation must stay below 90 % of the target this long to remove PC (15 "
     "datapoints)."},
    {"functions.<name>.provisioned_concurrency", "allocation_delay", Duration, Default, "2m",
     "0s..", "",
     "Added PC (target tracking, or a schedule step after time 0) is billed from when it is set "
     "and becomes usable after this."},
    {"functions.<name>.provisioned_concurrency.schedule[]", "at", Duration, Required, "", "0s..",
     "", "When this level starts."},
    {"functions.<name>.provisioned_concurrency.schedule[]", "value", Int, Required, "",
     "0..10000000", "", "PC from `at` on."},
    {"functions.<name>.duration", "at_memory_mb", Int, Required, "", "128..10240", "",
     "Memory size the parts were measured at."},
    {"functions.<name>.duration", "cpu", Dist, Required, "", "", "",
     "CPU-bound part at at_memory_mb."},
    {"functions.<name>.duration", "io", Dist, Default, "0s", "", "",
     "Part that does not scale with CPU (I/O waits)."},
    {"functions.<name>.duration", "threads", Int, Default, "1", "1..64", "",
     "Threads the function runs: caps the useful vCPU share."},
    {"functions.<name>.duration", "at_architecture", Choice, Default, "x86_64", "x86_64|arm64", "",
     "Architecture the parts (and INIT) were measured on."},
    {"functions.<name>.duration", "arm64_factor", Number, Default, "1", ">0..10", "",
     "CPU time on arm64 / CPU time on x86_64 for the same work; multiplies the CPU part only "
     "(of the duration and of INIT), I/O waits do not depend on the instruction set."},
    {"functions.<name>.duration", "init_cpu_fraction", Number, Optional, "", "0..1", "",
     "Fraction of INIT (measured at at_memory_mb) that scales like the CPU part; 0 keeps INIT "
     "fixed (default: the duration's CPU fraction, mean cpu / (mean cpu + mean io))."},
    // --- Dist
    {"<Dist>", "dist", Choice, Required, "", "fixed|exponential|uniform|lognormal|gamma|empirical",
     "", "The distribution."},
    {"<Dist>", "value", Duration, Optional, "", "0s..", "fixed", "The value."},
    {"<Dist>", "mean", Duration, Optional, "", ">0s..", "exponential|gamma", "The mean."},
    {"<Dist>", "min", Duration, Optional, "", "0s..", "uniform", "Lower bound."},
    {"<Dist>", "max", Duration, Optional, "", "0s..", "uniform", "Upper bound (>= min)."},
    {"<Dist>", "median", Duration, Optional, "", ">0s..", "lognormal", "Median (with p99)."},
    {"<Dist>", "p99", Duration, Optional, "", ">0s..", "lognormal", "99th percentile (> median)."},
    {"<Dist>", "mu", Number, Optional, "", "", "lognormal",
     "Mean of log(seconds) (with sigma, instead of median and p99)."},
    {"<Dist>", "sigma", Number, Optional, "", ">0..", "lognormal",
     "Standard deviation of log(seconds)."},
    {"<Dist>", "cv", Number, Optional, "", ">0..", "gamma", "Coefficient of variation."},
    {"<Dist>", "file", String, Optional, "", "", "empirical", "CSV file of samples."},
    {"<Dist>", "column", String, Optional, "", "", "empirical",
     "Column of the samples (default: the first)."},
    // --- workloads
    {"workloads[]", "function", String, Required, "", "", "", "Name of the function invoked."},
    {"workloads[]", "invocation", Choice, Default, "sync", "sync|async", "",
     "Invocation type: sync (the caller waits) or async (Lambda queues the event and retries)."},
    {"workloads[]", "arrivals", Variant, Required, "", "", "", "See `workloads[].arrivals`."},
    {"workloads[]", "client_retry", Section, Optional, "", "", "",
     "See `workloads[].client_retry` (default: no retry)."},
    {"workloads[]", "async", Section, Optional, "", "", "",
     "See `workloads[].async` (only with `invocation: async`)."},
    {"workloads[].async", "max_retries", Int, Optional, "", "0..2", "",
     "Overrides platform.async.max_retries."},
    {"workloads[].async", "max_event_age", Duration, Optional, "", "60s..6h", "",
     "Overrides platform.async.max_event_age."},
    {"workloads[].async", "on_failure", Choice, Default, "drop", "dlq|drop", "",
     "Where failed or expired events go: a DLQ / on-failure destination (counted as dlq) or "
     "nowhere (counted as dropped)."},
    {"workloads[]", "front_door", Section, Optional, "", "", "",
     "See `workloads[].front_door` (default: none, the client invokes Lambda)."},
    {"workloads[].front_door", "type", Choice, Required, "", "rest-api|http-api|function-url", "",
     "An API Gateway REST API, an API Gateway HTTP API, or a Lambda function URL."},
    {"workloads[].front_door", "endpoint", Choice, Default, "regional", "regional|edge|private",
     "rest-api",
     "REST API endpoint type: only Regional and private APIs may raise the "
     "integration timeout above platform.api_gateway.rest_timeout."},
    {"workloads[].front_door", "timeout", Duration, Optional, "", "50ms..", "rest-api|http-api",
     "Integration timeout (default: platform.api_gateway.rest_timeout or http_timeout; up to "
     "15 minutes for a REST API streaming its responses); a function still running then is "
     "answered 504 and runs on, billed."},
    {"workloads[].front_door", "rate_limit", Rate, Optional, "", ">0/s..", "rest-api|http-api",
     "Stage/method throttle: its steady requests per second (default: none, only the "
     "account's)."},
    {"workloads[].front_door", "burst", Int, Optional, "", "1..", "rest-api|http-api",
     "The stage/method throttle's bucket capacity (default: one second of rate_limit, at least "
     "1)."},
    {"workloads[].front_door", "overhead", Dist, Optional, "", "", "",
     "Latency the front door adds to every response (default: none; AWS publishes no figure: "
     "measure it, e.g. API Gateway's Latency minus IntegrationLatency metrics)."},
    {"workloads[]", "payload", Section, Optional, "", "", "",
     "See `workloads[].payload` (default: small payloads, under every limit)."},
    {"workloads[].payload", "request_kb", SizeDist, Optional, "", "0..", "",
     "Size of each request (synchronous) or event (asynchronous), in KB."},
    {"workloads[].payload", "response_kb", SizeDist, Optional, "", "0..", "",
     "Size of each response of a synchronous workload, in KB."},
    {"workloads[].payload", "response_mode", Choice, Default, "buffered", "buffered|stream", "",
     "buffered: responses up to sync_response_kb; stream (InvokeWithResponseStream, a "
     "function URL in RESPONSE_STREAM mode or a REST API in STREAM mode, not an HTTP API): up to "
     "streamed_response_kb, the part beyond stream_uncapped_kb capped at stream_kb_per_s "
     "(longer, billed duration) and charged per GB; a REST API bills each started 10 MB as a "
     "request and allows a 15-minute integration timeout."},
    // --- SizeDist
    {"<SizeDist>", "dist", Choice, Required, "", "fixed|uniform|exponential|lognormal|gamma", "",
     "The distribution."},
    {"<SizeDist>", "value", Number, Optional, "", "0..", "fixed", "The size (KB)."},
    {"<SizeDist>", "mean", Number, Optional, "", ">0..", "exponential|gamma", "The mean (KB)."},
    {"<SizeDist>", "min", Number, Optional, "", "0..", "uniform", "Lower bound (KB)."},
    {"<SizeDist>", "max", Number, Optional, "", "0..", "uniform", "Upper bound (KB, >= min)."},
    {"<SizeDist>", "median", Number, Optional, "", ">0..", "lognormal", "Median (KB, with p99)."},
    {"<SizeDist>", "p99", Number, Optional, "", ">0..", "lognormal",
     "99th percentile (KB, > median)."},
    {"<SizeDist>", "cv", Number, Optional, "", ">0..", "gamma", "Coefficient of variation."},
    {"workloads[]", "source", Variant, Optional, "", "", "",
     "See `workloads[].source`: the function reads the arrivals from a queue or stream."},
    {"workloads[].source", "type", Choice, Required, "", "sqs|kinesis|dynamodb|kafka", "",
     "An SQS standard queue, a Kinesis / DynamoDB stream (same model), or a Kafka topic "
     "(Amazon MSK or self-managed; in order per partition)."},
    {"workloads[].source", "partitions", Int, Default, "1", "1..10000", "kafka",
     "Partitions of the Kafka topic; records are spread evenly, each partition runs one batch "
     "at a time, in order."},
    {"workloads[].source", "batch_size", Int, Default, "10", "1..10000", "",
     "Most messages/records per invocation (SQS above 10 needs a window)."},
    {"workloads[].source", "window", Duration, Default, "0s", "0s..300s", "",
     "Batching window: wait up to this long to fill a batch."},
    {"workloads[].source", "record_kb", Int, Default, "0", "0..6144", "",
     "Size of one message/record; batches are cut at platform.max_batch_payload_kb (0: "
     "unknown, no cut)."},
    {"workloads[].source", "on_failure", Choice, Default, "drop", "dlq|drop", "",
     "Where discarded messages/records go: a DLQ / on-failure destination (dlq) or nowhere "
     "(dropped)."},
    {"workloads[].source", "record_failure_rate", Number, Default, "0", "0..1", "",
     "Fraction of poison records: a batch holding one fails every time."},
    {"workloads[].source", "poison_every", Int, Default, "0", "0..", "",
     "Every n-th record is poison (0: none): a deterministic failure pattern."},
    {"workloads[].source", "max_concurrency", Int, Optional, "", "2..1000", "sqs",
     "Most concurrent batches of this mapping (default: only platform.sqs.max_concurrency)."},
    {"workloads[].source", "visibility_timeout", Duration, Default, "30s", "0s..12h", "sqs",
     "A received message is invisible this long; at least the function's timeout (AWS refuses "
     "the mapping otherwise, and recommends 6 times it). A batch still waiting or running when "
     "it ends is delivered again: a duplicate."},
    {"workloads[].source", "max_receive_count", Int, Optional, "", "1..1000", "sqs",
     "Receives after which a failing message goes to the DLQ (default: retried until it "
     "succeeds)."},
    {"workloads[].source", "partial_batch_response", Bool, Default, "false", "", "sqs",
     "The function reports the failed messages only, so the others are deleted."},
    {"workloads[].source", "provisioned", Section, Optional, "", "", "sqs|kafka",
     "See `workloads[].source.provisioned` (absent or `false`: on-demand / standard mode)."},
    {"workloads[].source.provisioned", "min_pollers", Int, Optional, "", "1..200", "",
     "Event pollers always running (default and least: SQS 2, Kafka 1)."},
    {"workloads[].source.provisioned", "max_pollers", Int, Optional, "", "1..10000", "",
     "Most event pollers (default 200; SQS up to 10000, Kafka up to 2000)."},
    {"workloads[].source", "shards", Int, Default, "1", "1..10000", "kinesis|dynamodb",
     "Shards of the stream."},
    {"workloads[].source", "parallelization", Int, Default, "1", "1..10", "kinesis|dynamodb",
     "Concurrent batches per shard (records keep their order per partition key)."},
    {"workloads[].source", "retention", Duration, Default, "24h", "24h..365d", "kinesis|dynamodb",
     "The stream's retention: records older than this expire unread (Kinesis: 24 h to 8,760 h; "
     "DynamoDB Streams: always 24 h)."},
    {"workloads[].source", "max_record_age", Duration, Optional, "", "60s..7d", "kinesis|dynamodb",
     "The mapping's MaximumRecordAgeInSeconds: records older than this are discarded unread "
     "(default: -1, kept until the retention)."},
    {"workloads[].source", "max_retry_attempts", Int, Optional, "", "0..10000", "kinesis|dynamodb",
     "Retries of a failing batch before it is discarded (default: until "
     "its records expire)."},
    {"workloads[].source", "bisect", Bool, Default, "false", "", "kinesis|dynamodb",
     "Split a failing batch in two and retry each half."},
    {"workloads[].arrivals", "process", Choice, Required, "",
     "poisson|constant|steps|diurnal|burst|trace", "", "The arrival process."},
    {"workloads[].arrivals", "rate", Rate, Optional, "", "0/s..", "poisson|constant",
     "Arrival rate. With 100 or more poisson workloads, they are drawn as one merged stream "
     "(same law, other random numbers: docs/arrivals.md)."},
    {"workloads[].arrivals", "rates", List, Optional, "", "", "steps",
     "Piecewise-constant Poisson rates: [{at, rate}]."},
    {"workloads[].arrivals", "mean", Rate, Optional, "", "0/s..", "diurnal", "Mean rate."},
    {"workloads[].arrivals", "amplitude", Number, Optional, "", "0..1", "diurnal",
     "Relative swing: rate = mean x (1 + amplitude x sin(2 pi (t - phase) / period))."},
    {"workloads[].arrivals", "period", Duration, Default, "24h", ">0s..", "diurnal",
     "Period of the cycle."},
    {"workloads[].arrivals", "phase", Duration, Default, "0s", "0s..", "diurnal",
     "Shift of the cycle (the peak is at phase + period / 4)."},
    {"workloads[].arrivals", "at", Duration, Optional, "", "0s..", "burst", "Start of the burst."},
    {"workloads[].arrivals", "count", Int, Optional, "", "1..1000000000000", "burst",
     "Requests in the burst."},
    {"workloads[].arrivals", "over", Duration, Default, "0s", "0s..", "burst",
     "Span the burst is spread over evenly (0s: all at once)."},
    {"workloads[].arrivals", "bursts", List, Optional, "", "", "",
     "Bursts on top of the process: [{at, count, over}]."},
    {"workloads[].arrivals", "format", Choice, Default, "timestamps",
     "timestamps|azure-2019|cloudwatch", "trace", "Trace file format."},
    {"workloads[].arrivals", "file", String, Optional, "", "", "trace",
     "Trace file (relative paths: relative to the scenario file)."},
    {"workloads[].arrivals", "column", String, Optional, "", "", "trace",
     "format timestamps: column of arrival times in seconds (default: the first); format "
     "cloudwatch: column of the counts (default: the second; the first holds the timestamps)."},
    {"workloads[].arrivals", "row", RowRef, Optional, "", "0..", "trace",
     "format azure-2019: 0-based data row, or a prefix of its HashFunction."},
    {"workloads[].arrivals.rates[]", "at", Duration, Required, "", "0s..", "",
     "When this rate starts."},
    {"workloads[].arrivals.rates[]", "rate", Rate, Required, "", "0/s..", "", "Rate from `at` on."},
    {"workloads[].arrivals.bursts[]", "at", Duration, Required, "", "0s..", "",
     "Start of the burst."},
    {"workloads[].arrivals.bursts[]", "count", Int, Required, "", "1..1000000000000", "",
     "Requests in the burst."},
    {"workloads[].arrivals.bursts[]", "over", Duration, Default, "0s", "0s..", "",
     "Span the burst is spread over evenly (0s: all at once)."},
    {"workloads[].client_retry", "max", Int, Default, "0", "0..100", "",
     "Retries after a throttle (0: none)."},
    {"workloads[].client_retry", "backoff", Duration, Default, "100ms", "0s..", "",
     "Delay before the first retry, doubled for each further one."},
    {"workloads[].client_retry", "jitter", Choice, Default, "full", "none|full", "",
     "full: each delay is uniform in [0, backoff x 2^k)."},
    {"workloads[].arrivals", "scale", Number, Default, "1", "0..1000000", "",
     "Multiplies the arrivals: every rate, burst count and trace replay (a trace replays each "
     "request floor(scale) times plus once more with probability frac(scale))."},
    // --- plan (read by tools/plan_*; kept as text by the loader)
    {"", "plan", Section, Optional, "", "", "", "See `plan`."},
    {"plan", "slo", List, Optional, "", "", "",
     "Latency or ratio objectives, e.g. [\"checkout.p99<=500ms\"]; met when the upper end of the "
     "95% CI is within the limit."},
    {"plan", "max_throttle", String, Optional, "", "", "",
     "Largest final throttle rate of every function, e.g. 0.1%."},
    {"plan", "max_dlq", Int, Optional, "", "0..", "",
     "Most events and messages sent to dead-letter queues (async invocation, event sources)."},
    {"plan", "objective", Choice, Default, "total-cost", "total-cost|cost-per-million", "",
     "What the recommended configuration minimises."},
    {"plan", "load", String, Optional, "", "", "",
     "Traffic forecast: every workload's arrivals times this, e.g. 1.5x."},
    {"plan", "replications", Int, Optional, "", "2..1000", "",
     "Replications per configuration (default: the scenario's if at least 2, else 3)."},
    {"plan", "functions", Table, Optional, "", "", "",
     "Decision variables by function; see `plan.functions.<name>`."},
    {"plan.functions.<name>", "memory_mb", List, Optional, "", "128..10240", "",
     "Memory sizes to consider."},
    {"plan.functions.<name>", "architecture", List, Optional, "", "x86_64|arm64", "",
     "Architectures to consider: x86_64, arm64."},
    {"plan.functions.<name>", "reserved_concurrency", List, Optional, "", "0..10000000", "",
     "Reserved concurrency to consider (the smallest that meets the constraints is chosen)."},
    {"plan.functions.<name>", "provisioned_concurrency", List, Optional, "", "0..10000000", "",
     "Constant provisioned concurrency to consider."},
    // --- price tables (models/config/price_table_file.cpp); `unit` words the messages
    {"prices", "region", String, Required, "", "", "", "AWS region the prices are for.",
     "a region name, e.g. us-east-1"},
    {"prices", "effective_date", String, Required, "", "", "", "First day the prices apply.",
     "a date YYYY-MM-DD"},
    {"prices", "currency", String, Required, "", "", "", "Currency of every price.",
     "a currency code, e.g. USD"},
    {"prices", "granularity", Duration, Required, "", ">0s..", "",
     "Billed durations round up to this."},
    {"prices", "bill_init", Bool, Required, "", "", "",
     "Whether on-demand INIT phases are billed."},
    {"prices", "request_usd_per_million", Number, Required, "", "0..", "", "Price of requests.",
     "USD per million"},
    {"prices", "pc_minimum_period", Duration, Required, "", "0s..", "",
     "Provisioned concurrency is billed from enabling it to disabling it, that span rounded up "
     "to a multiple of this (a change of level is not a disable)."},
    {"prices", "ephemeral_free_mb", Int, Required, "", "0..10240", "",
     "Ephemeral storage (/tmp) included without charge.", "whole MB"},
    {"prices", "ephemeral_usd_per_gb_s", Number, Required, "", "0..", "",
     "Price of ephemeral storage above ephemeral_free_mb.", "USD per GB-s"},
    {"prices", "free_tier_requests", Number, Required, "", "0..", "",
     "Requests per month the free tier covers.", "requests per month"},
    {"prices", "free_tier_gb_s", Number, Required, "", "0..", "",
     "Duration volume per month the free tier covers.", "GB-s per month"},
    {"prices", "x86_64", Section, Required, "", "", "", "See `prices.<arch>`."},
    {"prices", "arm64", Section, Required, "", "", "", "See `prices.<arch>`."},
    {"prices", "snapstart_cache_usd_per_gb_s", Number, Optional, "", "0..", "",
     "SnapStart (Python, .NET): price of a cached snapshot per GB of memory per second "
     "(absent: not published for the region).",
     "USD per GB-s"},
    {"prices", "snapstart_restore_usd_per_gb", Number, Optional, "", "0..", "",
     "SnapStart (Python, .NET): price of one restore per GB of memory (absent: not published "
     "for the region).",
     "USD per GB"},
    {"prices", "savings_plan_discount", Number, Optional, "", "0..0.99", "",
     "Compute Savings Plan: savings over on-demand on Lambda duration and provisioned "
     "concurrency (absent: not published for the region)."},
    {"prices", "response_streaming_usd_per_gb", Number, Optional, "", "0..", "",
     "Price of streamed response bytes beyond each response's first 6 MB (needed only by "
     "streamed responses).",
     "USD per GB"},
    {"prices", "free_tier_streamed_gb", Number, Optional, "", "0..", "",
     "Response streaming GB per month the free tier covers (credited with "
     "platform.billing.free_tier; absent: none).",
     "GB per month"},
    {"prices", "api_gateway", Section, Optional, "", "", "",
     "See `prices.api_gateway` (needed only by API Gateway front doors)."},
    {"prices.api_gateway", "rest_api_tiers", List, Required, "", "", "",
     "REST API request prices by monthly volume."},
    {"prices.api_gateway", "http_api_tiers", List, Required, "", "", "",
     "HTTP API request prices by monthly volume."},
    {"prices.api_gateway", "free_tier_requests", Number, Optional, "", "0..", "",
     "Requests per month and API type (REST, HTTP) free in an account's first 12 months "
     "(credited with platform.billing.first_12_months; absent: none).",
     "requests per month"},
    {"prices.api_gateway.<api>_tiers[]", "up_to_requests", Number, Optional, "", ">0..", "",
     "The monthly requests where the tier ends (ascending; not on the last tier).",
     "the monthly requests where the tier ends"},
    {"prices.api_gateway.<api>_tiers[]", "usd_per_million", Number, Required, "", "0..", "",
     "Price within the tier.", "USD per million"},
    {"prices", "sqs_poller_usd_per_hour", Number, Optional, "", "0..", "",
     "SQS event source mapping in provisioned mode: price per event poller unit-hour (absent: "
     "not priced, and such a mapping is an error).",
     "USD per event poller unit-hour"},
    {"prices", "kafka_poller_usd_per_hour", Number, Optional, "", "0..", "",
     "Kafka (Amazon MSK / self-managed) event source mapping in provisioned mode: price per "
     "event poller unit-hour (absent: not priced, and such a mapping is an error).",
     "USD per event poller unit-hour"},
    {"prices", "durable_operation_usd_per_million", Number, Optional, "", "0..", "",
     "Durable functions: price of durable operations (starting an execution, completing a "
     "step, creating a wait; absent: not priced, and a durable function is an error).",
     "USD per million operations"},
    {"prices", "durable_written_usd_per_gb", Number, Optional, "", "0..", "",
     "Durable functions: price of the data durable operations write (GB of 10^6 KB, as AWS's "
     "pricing example counts).",
     "USD per GB"},
    {"prices", "durable_retained_usd_per_gb_month", Number, Optional, "", "0..", "",
     "Durable functions: price of the data kept while the execution runs and for its retention "
     "period after it ends (30-day months, as AWS's pricing example counts).",
     "USD per GB-month"},
    {"prices.<arch>", "duration_tiers", List, Required, "", "", "",
     "Duration prices by monthly volume; see `prices.<arch>.duration_tiers[]`."},
    {"prices.<arch>", "pc_allocated_usd_per_gb_s", Number, Required, "", "0..", "",
     "Price of provisioned concurrency while it is configured.", "USD per GB-s"},
    {"prices.<arch>", "pc_duration_usd_per_gb_s", Number, Required, "", "0..", "",
     "Duration price of requests served by provisioned concurrency.", "USD per GB-s"},
    {"prices.<arch>", "tenant_isolation_usd_per_gb", Number, Optional, "", "0..", "",
     "Tenant isolation: charge per environment created, per GB of its memory (absent: the "
     "table does not price tenant isolation, and a tenant-isolated function is an error).",
     "USD per GB"},
    {"prices.<arch>.duration_tiers[]", "up_to_gb_s", Number, Optional, "", ">0..", "",
     "The monthly GB-s where the tier ends (ascending; not on the last tier).",
     "the monthly GB-s where the tier ends"},
    {"prices.<arch>.duration_tiers[]", "usd_per_gb_s", Number, Required, "", "0..", "",
     "Duration price within the tier.", "USD per GB-s"},
    // --- instance price tables (models/config/instance_table_file.cpp)
    {"instances", "effective_date", String, Optional, "", "", "", "First day the prices apply."},
    {"instances", "management_fee", Number, Required, "", "0..", "",
     "Fee on every instance-hour, as a fraction of the on-demand price."},
    {"instances", "instance_types", Table, Required, "", "", "",
     "Instance types by name; see `instances.instance_types.<name>`."},
    {"instances", "web_functions", Section, Optional, "", "", "",
     "See `instances.web_functions` (no Web Functions without it)."},
    {"instances.instance_types.<name>", "vcpus", Int, Required, "", ">0..", "", "vCPUs."},
    {"instances.instance_types.<name>", "memory_mb", Int, Required, "", ">0..", "", "Memory."},
    {"instances.instance_types.<name>", "on_demand_usd_per_hour", Number, Required, "", "0..", "",
     "On-demand price."},
    {"instances.instance_types.<name>", "discounted_usd_per_hour", Number, Optional, "", "0..", "",
     "Price with a savings plan (none: `price: savings-plan` is an error)."},
    {"instances.web_functions", "published", Bool, Default, "false", "", "",
     "Whether AWS has published these rates (false: placeholders)."},
    {"instances.web_functions", "usd_per_vcpu_second", Number, Required, "", "0..", "",
     "Price of active CPU."},
    {"instances.web_functions", "usd_per_gb_second", Number, Required, "", "0..", "",
     "Price of the memory of live environments."},
    {"instances.web_functions", "request_usd_per_million", Number, Required, "", "0..", "",
     "Price of requests."},
};

std::string default_cell(const KeySpec& k) {
  switch (k.need) {
    case Required: return "required";
    case Optional: return "-";
    case Default: {
      std::string out(1, '`');  // not "`" + string: GCC 12 -Wrestrict false positive
      out += k.value;
      return out + '`';
    }
    case Preset: return "preset";
  }
  return "";
}

std::string allowed_cell(const KeySpec& k) {
  if (k.type == Choice) {
    std::string out;
    for (auto c : split_choices(k.range)) out += (out.empty() ? "`" : ", `") + std::string(c) + "`";
    return out;
  }
  return allowed_text(k);
}

// Damerau-Levenshtein (optimal string alignment) distance.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string_view type_name(Type t) {
  switch (t) {
    case Section: return "section";
    case Variant: return "mapping";
    case Table: return "map";
    case List: return "list";
    case String: return "string";
    case Int: return "integer";
    case Number: return "number";
    case Bool: return "true/false";
    case Duration: return "duration";
    case DurationOrNever: return "duration or `never`";
    case Rate: return "rate";
    case Choice: return "choice";
    case Type::Dist: return "Dist";
    case DistOrNever: return "Dist or `never`";
    case FunctionDuration: return "Dist or memory-aware";
    case Provisioned: return "integer or mapping";
    case RowRef: return "integer or string";
    case SizeDist: return "KB or SizeDist";
    case Count: return "integer or list of integers";
    case Unsupported: return "not yet";
  }
  return "";
}

std::span<const KeySpec> table() { return kKeys; }

// Looked up for every key of every function: indexed once, so loading stays
// linear in the number of functions.
// A hash table: an ordered map compared long, shared section prefixes
// ("functions.<name>.…") byte by byte, several times per key read.
namespace {
// A name by its length and its first and last 8 bytes: a few instructions
// whatever the length; names that share all three only probe further.
std::uint64_t quick_hash(std::string_view s) {
  std::uint64_t head = 0, tail = 0;
  std::memcpy(&head, s.data(), std::min<std::size_t>(8, s.size()));
  if (s.size() > 8) std::memcpy(&tail, s.data() + s.size() - 8, 8);
  std::uint64_t h = (head * 0x9E3779B97F4A7C15ULL) ^ (tail * 0xC2B2AE3D27D4EB4FULL) ^ s.size();
  return h ^ (h >> 29);
}
std::uint64_t key_hash(std::string_view section, std::string_view key) {
  const std::uint64_t h = quick_hash(section) * 31 + quick_hash(key);
  return h ^ (h >> 32);
}
// Section names are literals, mostly the table's own text (the linker merges
// equal literals): equal pointers skip the byte compare.
bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.data() == b.data() || a == b);
}
}  // namespace

// An open-addressing table over (section, key), built once and at most a
// quarter full: a load looks up ~110 keys per function, and the
// std::unordered_map it replaces, with its two library string hashes, its
// modulo and its node walk, was an eighth of a 10,000-function fleet's
// fixed cost (callgrind; issue #20). Probing finds the first entry of a
// (section, key) the table declares, as the map's emplace kept it.
const KeySpec* find(std::string_view section, std::string_view key) {
  static const std::vector<const KeySpec*> slots = [] {
    std::vector<const KeySpec*> out(std::bit_ceil(4 * std::size(kKeys)), nullptr);
    for (const KeySpec& k : kKeys) {
      std::size_t h = key_hash(k.section, k.key) & (out.size() - 1);
      while (out[h] != nullptr) h = (h + 1) & (out.size() - 1);
      out[h] = &k;
    }
    return out;
  }();
  const std::size_t mask = slots.size() - 1;
  for (std::size_t h = key_hash(section, key) & mask; slots[h] != nullptr; h = (h + 1) & mask)
    if (same_text(slots[h]->key, key) && same_text(slots[h]->section, section)) return slots[h];
  return nullptr;
}

const std::vector<std::string_view>& keys_of(std::string_view section) {
  static const auto by_section = [] {
    std::map<std::string_view, std::vector<std::string_view>> m;
    for (const auto& k : kKeys) m[k.section].push_back(k.key);
    return m;
  }();
  static const std::vector<std::string_view> none;
  const auto it = by_section.find(section);
  return it == by_section.end() ? none : it->second;
}

std::vector<std::string_view> split_choices(std::string_view choices) {
  std::vector<std::string_view> out;
  while (!choices.empty()) {
    const auto bar = choices.find('|');
    out.push_back(choices.substr(0, bar));
    if (bar == std::string_view::npos) break;
    choices.remove_prefix(bar + 1);
  }
  return out;
}

// Walks the bars in place: a load checks ~28 choices per function, and the
// vector split_choices builds was 560,000 allocations for 20,000 functions.
bool contains_choice(std::string_view choices, std::string_view value) {
  if (choices.empty()) return false;  // as split_choices: no choices at all
  while (true) {
    const auto bar = choices.find('|');
    if (choices.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) return false;
    choices.remove_prefix(bar + 1);
  }
}

std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates) {
  // Allow about one typo per four characters: "memroy_mb" → "memory_mb",
  // but "foo" suggests nothing rather than an unrelated three-letter key.
  // A word of three or more letters that starts a candidate is a truncation
  // ("x86" for "x86_64", "memory" for "memory_mb"), whatever the distance.
  const std::size_t budget = word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : 3;
  std::string_view best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (auto c : candidates) {
    const std::size_t d = edit_distance(word, c);
    const bool truncated = word.size() >= 3 && c.starts_with(word);
    if ((d <= budget || truncated) && d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::string allowed_text(const KeySpec& spec) {
  if (!spec.allowed.empty()) return std::string(spec.allowed);
  const std::string_view r = spec.range;
  const auto dots = r.find("..");
  if (spec.type == Choice || dots == std::string_view::npos) return "";
  std::string_view lo = r.substr(0, dots);
  const std::string_view hi = r.substr(dots + 2);
  const bool open = !lo.empty() && lo.front() == '>';
  if (open) lo.remove_prefix(1);
  const std::string l(lo), h(hi);
  if (!lo.empty() && !hi.empty()) return open ? "> " + l + " and <= " + h : l + " to " + h;
  if (!lo.empty()) return (open ? "> " : ">= ") + l;
  if (!hi.empty()) return "<= " + h;
  return "";
}

}  // namespace ls::models::keys

namespace ls::models {

namespace {

// The parts of a dotted key path, each without its list index
// ("workloads[0].arrivals" → "workloads", "arrivals").
std::vector<std::string_view> path_parts(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const std::size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    part = part.substr(0, part.find('['));
    parts.push_back(part);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return parts;
}

// Whether the section `id` lies at or under `wanted`, a path as a user
// writes it: "functions.api.durable" matches "functions.<name>.durable" and
// its subsections; "workloads[0]" matches every "workloads[]..." section.
bool section_under(std::string_view id, std::string_view wanted) {
  const std::vector<std::string_view> have = path_parts(id);
  const std::vector<std::string_view> want = path_parts(wanted);
  if (id.empty() || want.size() > have.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    // <name>, <arch>, <api> stand for any name; a leading one is a type
    // (<Dist>, <SizeDist>), named as such: "Dist".
    const bool placeholder = i > 0 && have[i].starts_with('<');
    const bool type_named = i == 0 && have[i].size() == want[i].size() + 2 &&
                            have[i].front() == '<' && have[i].substr(1, want[i].size()) == want[i];
    if (!placeholder && !type_named && have[i] != want[i]) return false;
  }
  return true;
}

std::string section_table(const keys::SectionDoc& s) {
  using namespace keys;
  const std::string title = s.id.empty() ? std::string(s.title) : "`" + std::string(s.title) + "`";
  std::string out = "\n## " + title + "\n\n" + std::string(s.doc) + "\n\n";
  out += "| key | type | default | allowed | description |\n|---|---|---|---|---|\n";
  for (const auto& k : kKeys) {
    if (k.section != s.id) continue;
    std::string doc(k.doc);
    if (!k.when.empty()) {
      std::string when;
      for (auto w : split_choices(k.when))
        when += (when.empty() ? "`" : ", `") + std::string(w) + "`";
      doc += " Only for " + when + ".";
    }
    std::string type(type_name(k.type));
    if (!k.unit.empty()) type += " (" + std::string(k.unit) + ")";
    out += "| `" + std::string(k.key) + "` | " + type + " | " + default_cell(k) + " | " +
           allowed_cell(k) + " | " + doc + " |\n";
  }
  return out;
}

}  // namespace

std::string describe_keys() {
  std::string out =
      "# Scenario keys\n\n"
      "Generated from the key table in `models/config/scenario_keys.cpp` (which also describes the "
      "price and instance price tables, at the end); do not edit by hand. Format and "
      "examples: `scenario-format.md`. Durations are written with a "
      "unit (`300ms`, `2s`, `5m`, `6h`, `1d`), rates as `50/s`, `3000/min`, `1.2M/day`. Default "
      "`preset`: the platform preset sets it; `-`: no value unless given.\n";
  for (const auto& s : keys::kSections) out += section_table(s);
  return out;
}

std::string describe_keys(std::string_view section) {
  std::string out;
  for (const auto& s : keys::kSections)
    if (section_under(s.id, section)) out += section_table(s);
  // A key rather than a section ("functions.api.memory_mb"): its section.
  const std::size_t dot = section.rfind('.');
  if (out.empty() && dot != std::string_view::npos) {
    const std::string_view parent = section.substr(0, dot);
    for (const auto& s : keys::kSections)
      if (section_under(s.id, parent) && path_parts(s.id).size() == path_parts(parent).size())
        out += section_table(s);
  }
  if (!out.empty()) return out.substr(1);  // no blank line before the first title
  std::string sections;
  for (const auto& s : keys::kSections)
    if (!s.id.empty()) sections += "\n  " + std::string(s.id);
  throw Error(fmt::format("no scenario section is at or under '{}'; the sections are:{}", section,
                          sections));
}

}  // namespace ls::models
