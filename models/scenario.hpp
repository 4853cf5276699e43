// A resolved scenario: the typed result of preset < file < --set, validated.
//
// Models read only this struct; the YAML loader (scenario_loader.cpp) is the
// one place that knows the file format. Every default here is overwritten by
// the platform preset table under scenarios/platforms/, so the numbers below
// only matter for hand-built scenarios in tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/boxed.hpp"
#include "models/error.hpp"
#include "models/scenario_plan.hpp"
#include "sim/dist.hpp"
#include "sim/time.hpp"

namespace ls::models {

struct PriceTable;      // price_table.hpp
struct ScenarioSource;  // models/config: what a loaded scenario was read from

using sim::Dist;
using sim::Time;

enum class ReusePolicy { MostRecent, LeastRecent, Random };
enum class Architecture { X86_64, Arm64 };
enum class ScalingModel { None, PerFunction, LegacyBurst };
enum class Invocation { Sync, Async };

struct KeepAlive {
  bool never = false;  // environments are never reclaimed for idleness
  Dist dist = Dist::fixed(360.0);
};

struct ScalingConfig {
  ScalingModel model = ScalingModel::PerFunction;
  // per-function: each function may add `step` environments per `every`.
  int step = 1000;
  Time every = 10 * sim::kSecond;
  // legacy-burst: regional burst, then +per_minute environments per minute.
  int burst = 3000;
  int per_minute = 500;
};

// One price-table override: platform.billing.price_overrides in a scenario
// or `--set prices.<key_path>=<value>`. Applied to the table's YAML before
// it is checked, so an override is validated exactly like the file (and an
// error points at `where`).
struct PriceOverride {
  std::string key_path;  // e.g. "x86_64.duration_tiers[0].usd_per_gb_s"
  std::string value;     // YAML scalar text, e.g. "0.0000166667", "100ms", "false"
  SourceLocation where;  // where the override was written
  // Put before key_path in error messages, so they name the path as the user
  // wrote it: "prices." (--set), "platform.billing.price_overrides." (file).
  std::string path_prefix;
};

// A Compute Savings Plan (platform.billing.savings_plan): a commitment in
// USD per hour that pays for eligible Lambda usage (duration, billed INIT,
// provisioned concurrency; not requests) at the discounted rate, hour by
// hour (models/savings_plan.hpp). commitment 0: none.
struct SavingsPlanConfig {
  double commitment_usd_per_hour = 0.0;
  std::optional<double> discount;  // unset: the price table's savings_plan_discount
  bool enabled() const { return commitment_usd_per_hour > 0; }
};

struct BillingConfig {
  std::string prices = "aws-us-east-1-2025";  // table name under scenarios/prices/
  Time granularity = sim::kMillisecond;       // overrides the table's when set
  bool granularity_set = false;
  std::optional<bool> bill_init;  // unset: the table decides
  bool free_tier = false;
  bool first_12_months = false;  // API Gateway's 12-month free tier applies
  bool project_to_month = false;
  // platform.billing.price_overrides, then `--set prices.<path>=<value>`,
  // applied to the price table in this order.
  std::vector<PriceOverride> price_overrides;
  SavingsPlanConfig savings_plan;
};

// Asynchronous invocation (`invocation: async`): Lambda's internal event
// queue, its retries of function errors and its backoff on throttles.
struct AsyncConfig {
  int max_retries = 2;                           // function-error retries, 0–2
  Time max_event_age = 6 * sim::kHour;           // 60 s – 6 h
  Dist first_retry_delay = Dist::fixed(60.0);    // before the 2nd attempt
  Dist second_retry_delay = Dist::fixed(120.0);  // before the 3rd attempt
  Time backoff_initial = sim::kSecond;           // throttle backoff, doubling ...
  Time backoff_max = 5 * sim::kMinute;           // ... up to this
  bool to_dlq = false;  // on final failure or expiry: DLQ/destination, else dropped
};

// How an SQS event source mapping scales its pollers (platform figures).
struct SqsScaling {
  int initial_concurrency = 5;   // concurrent batches at the start
  double ramp_per_minute = 300;  // added per minute while messages wait
  int max_concurrency = 1250;    // the mapping's ceiling
  // Provisioned mode (services-sqs-scaling.html): each event poller runs up
  // to 10 concurrent invokes; pollers are added "up to 1,000 concurrency per
  // minute"; the standard ceiling does not apply.
  int invokes_per_poller = 10;
  double provisioned_ramp_per_minute = 1000;
};

// Multi-concurrency compute (docs/compute.md): an environment serves many
// requests at once, sharing its vCPUs (processor sharing).
enum class ComputeKind { OnDemand, ManagedInstances, Web };

// One EC2 instance type of the instance price table
// (scenarios/prices/instances/<table>.yaml).
struct InstanceType {
  std::string name;
  int vcpus = 0;
  int memory_mb = 0;
  double on_demand_usd_per_hour = 0.0;
  std::optional<double> discounted_usd_per_hour;  // e.g. a 3-year savings plan
};

// Platform defaults of Managed Instances (the preset's platform.managed_instances).
struct ManagedInstancesDefaults {
  std::string instance_prices = "aws-us-east-1-2025";  // table under scenarios/prices/instances/
  std::string instance_type = "m7g.xlarge";
  int vcpus = 1;         // per environment
  int memory_mb = 2048;  // per environment
  int concurrency_per_vcpu = 16;
  int min_environments = 3;
  int max_environments = 15000;    // AWS: no default maximum; the API allows 15,000
  int availability_zones = 3;      // environments are spread over them, >= 1 instance each
  double os_reserved_vcpus = 0.0;  // kept by the instance's OS, not for environments
  int os_reserved_memory_mb = 0;
  double target_utilization = 0.5;  // CPU target tracking
  Time metric_period = sim::kMinute;
  Time scale_out_delay = sim::kMinute;
  Time scale_in_delay = 5 * sim::kMinute;
  Time launch_delay = sim::kMinute;  // a new environment serves after this
  int scale_out_rate = 10;           // environments added per metric period at most
  int scale_in_rate = 1;             // environments removed per metric period at most
  Time doubling_window = 5 * sim::kMinute;
};

// platform.payload: the invocation payload limits and the async billing rule
// (sizes in KB of 1,024 bytes). A workload without payload sizes never meets
// them (its payloads are small).
struct PayloadLimits {
  int sync_request_kb = 6144;      // larger synchronous requests are rejected (413)
  int sync_response_kb = 6144;     // a larger buffered response fails the request
  int async_event_kb = 1024;       // larger asynchronous events are rejected
  int async_billed_free_kb = 256;  // an async event up to this bills as one request ...
  int async_billed_chunk_kb = 64;  // ... and one more per started chunk above it
  // Response streaming: the largest streamed response, the first part that
  // goes out at full speed (and is free), then the rate the rest is capped at.
  int streamed_response_kb = 204800;
  int stream_uncapped_kb = 6144;
  double stream_kb_per_s = 2048.0;
};

// platform.api_gateway: Amazon API Gateway as the platform sets it. The
// account's throttle is a token bucket shared by every API of the account
// in the region (REST and HTTP APIs alike).
struct ApiGatewayDefaults {
  double account_rate = 10000.0;               // requests per second, steady
  double account_burst = 5000.0;               // the bucket's capacity
  Time rest_timeout = 29 * sim::kSecond;       // a REST API's default integration timeout
  Time rest_max_timeout = 300 * sim::kSecond;  // raised (Regional and private REST APIs only)
  Time http_timeout = 30 * sim::kSecond;       // an HTTP API's (not raisable)
  int http_metering_kb = 512;  // an HTTP API request is billed once per started increment
};

// A REST API streaming its responses (responseTransferMode STREAM; API
// Gateway docs, response-transfer-mode.html and response-streaming-http.html:
// "you can configure the integration timeout up to 15 minutes"): the
// longest integration timeout, and the size of response that bills one
// request (AWS Compute Blog, Nov 2025, as summarised by two secondary
// sources: "each 10 MB, rounded up, billed as a single request").
inline constexpr Time kRestStreamMaxTimeout = 15 * sim::kMinute;
inline constexpr int kRestStreamMeteringKb = 10240;

// Platform defaults of Web Functions (the preset's platform.web).
struct WebDefaults {
  int vcpus = 2;
  int memory_mb = 2048;
  int max_concurrency = 64;
  int max_environments = 1000;
  double rate_limit = 0.0;  // requests per second, 0: none
};

struct PlatformConfig {
  std::string preset = "aws-2025";
  std::string region = "us-east-1";
  int account_concurrency = 1000;
  int unreserved_minimum = 100;
  double rps_per_concurrency = 10.0;  // requests-per-second cap = this × limit
  ScalingConfig scaling;
  KeepAlive keep_alive;
  // Reclaims every idle environment of a function once none of its requests
  // has been in flight for a draw of this (never: off).
  KeepAlive function_keep_alive{true, Dist::fixed(600.0)};
  ReusePolicy reuse = ReusePolicy::MostRecent;
  // Age at which an environment retires, drawn when it is created.
  KeepAlive max_environment_lifetime{true, Dist::fixed(7200.0)};
  Time init_timeout = 10 * sim::kSecond;
  // CPU share: memory_mb / mb_per_vcpu vCPU, at most max_vcpu (drives the
  // memory-aware duration model).
  double mb_per_vcpu = 1769.0;
  double max_vcpu = 6.0;
  AsyncConfig async;  // defaults for async workloads
  SqsScaling sqs;
  PayloadLimits payload;
  ApiGatewayDefaults api_gateway;
  int max_batch_payload_kb = 6144;         // an invocation's payload limit (6 MB)
  Time stream_retry_delay = sim::kSecond;  // Kinesis/DynamoDB: wait before retrying a batch
  Time poller_backoff = sim::kSecond;      // a throttled poller waits this long
  // Kafka provisioned mode (kafka-scaling-modes.html, lambda/pricing): "each
  // event poller can handle ... up to 5 concurrent invocations"; an event
  // poller unit "supports 10 event pollers".
  int kafka_invokes_per_poller = 5;
  int kafka_pollers_per_unit = 10;
  // Recursive loop detection (invocation-recursion.html): "If your function
  // is invoked approximately 16 times in the same chain of requests, then
  // Lambda automatically stops the next function invocation".
  int recursion_limit = 16;
  BillingConfig billing;
  ManagedInstancesDefaults managed_instances;
  WebDefaults web;
};

// Provisioned concurrency over time: a schedule of (at, value) steps, or
// target tracking when `tracking` is set.
struct ProvisionedConfig {
  struct Step {
    Time at = 0;
    int value = 0;
  };
  std::vector<Step> schedule;  // empty: no PC; one step at 0: constant
  bool tracking = false;
  double target_utilization = 0.7;
  int min = 0;
  int max = 0;
  Time scale_out_delay = 3 * sim::kMinute;   // 3 one-minute datapoints above target
  Time scale_in_delay = 15 * sim::kMinute;   // 15 below 90 % of it
  Time allocation_delay = 2 * sim::kMinute;  // new PC ready after this
  bool enabled() const { return tracking || !schedule.empty(); }
};

// Memory-aware duration (used by `tune`): work measured at one memory size,
// split into a CPU part that scales with the vCPU share and an I/O part that
// does not.
struct MemoryAwareDuration {
  int at_memory_mb = 1024;
  Dist cpu;
  Dist io;
  int threads = 1;
  // The architecture the parts were measured on, and CPU time on arm64
  // relative to x86_64 for the same work (multiplies the CPU part only).
  Architecture at_architecture = Architecture::X86_64;
  double arm64_factor = 1.0;
  // Fraction of INIT that scales like the CPU part (unset: the duration's
  // CPU fraction of the mean).
  std::optional<double> init_cpu_fraction;
  // INIT as measured at at_memory_mb (the loader copies functions.<name>.init
  // here and rescales FunctionConfig::init; unset: INIT does not scale).
  std::optional<Dist> init;
};

// functions.<name>.managed_instances, resolved against the platform
// defaults and the instance table.
struct ManagedInstancesConfig {
  InstanceType instance;
  double management_fee = 0.15;  // fraction of the on-demand instance price (instance table)
  bool savings_plan = false;     // price: savings-plan (the table's discounted price)
  int vcpus = 1;                 // per environment
  int memory_mb = 2048;
  int max_concurrency = 16;  // per environment, 1-1600
  int min_environments = 3;
  int max_environments = 15000;
  bool manual = false;
  int environments = 0;  // manual: fixed environment count
  int instances = 0;     // manual with `instances:`: the billed instance count (else derived)
  int availability_zones = 3;
  int environments_per_instance = 1;  // packing (see models/compute.hpp)
  double target_utilization = 0.5;
  Time metric_period = sim::kMinute;
  Time scale_out_delay = sim::kMinute;
  Time scale_in_delay = 5 * sim::kMinute;
  Time launch_delay = sim::kMinute;
  int scale_out_rate = 10;
  int scale_in_rate = 1;
  Time doubling_window = 5 * sim::kMinute;  // 0: no doubling throttle
};

// functions.<name>.web, resolved against the platform defaults.
struct WebConfig {
  int vcpus = 2;
  int memory_mb = 2048;
  int max_concurrency = 64;  // per environment, 1-128
  int max_environments = 1000;
  double rate_limit = 0.0;  // requests per second, 0: none
  // Rates from the instance table (unpublished by AWS: placeholders).
  bool rates_published = false;
  double usd_per_vcpu_second = 0.0;  // active CPU
  double usd_per_gb_second = 0.0;    // memory of live environments
  double request_usd_per_million = 0.0;
};

// The longest function timeout outside Managed Instances, and the longest a
// synchronous invocation runs anywhere (AWS gettingstarted-limits.html:
// "900 seconds (15 minutes), up to 90 minutes for Lambda Managed Instances
// functions invoked asynchronously or through any event source mapping").
inline constexpr Time kMaxSyncTimeout = 900 * sim::kSecond;
// SnapStart (functions.<name>.snapstart): a cold start restores a snapshot
// of the initialised environment instead of running INIT. Defaults and
// sources: docs/snapstart.md and the key table.
enum class SnapStartRuntime { Java, Python, DotNet };
struct SnapStartConfig {
  bool enabled = false;
  SnapStartRuntime runtime = SnapStartRuntime::Java;
  // Restore latency once the version's snapshot cache is warm, and for its
  // first `cache_warm_after` restores (tiered cache still cold).
  Dist restore = Dist::fixed(1.663);
  Dist restore_cold_cache = Dist::fixed(2.270);
  int cache_warm_after = 50;
  Dist after_restore = Dist::fixed(0.0);  // runtime hooks: billed, in the latency
  // Later versions, published at these times (the first is ready at 0): the
  // snapshot is made by running INIT (plus snapshot_overhead); when it is
  // ready, traffic moves to the new version and the old one's environments go.
  std::vector<Time> versions;
  Time snapshot_overhead = 0;
  // Java SnapStart has no cache or restore charge (AWS pricing page).
  bool charged() const { return enabled && runtime != SnapStartRuntime::Java; }
};

// Tenant isolation mode (functions.<name>.tenant_isolation): every request
// carries a tenant id drawn from this distribution, and an execution
// environment serves one tenant only (docs/tenants.md).
struct TenantIsolation {
  enum class Distribution { Uniform, Zipf };
  int tenants = 0;  // 0: off (environments shared by every request)
  Distribution distribution = Distribution::Uniform;
  double zipf_exponent = 1.0;  // Zipf: tenant i (1-based) weighs i^-exponent
  bool enabled() const { return tenants > 0; }
};

// Lambda durable functions (functions.<name>.durable, docs/durable.md): an
// execution runs `steps` handler invocations separated by waits; a wait
// holds no environment and bills no compute, and the invocation after it
// (a resumption) finds a warm environment only if one is still alive.
// A durable step's retry strategy (functions.<name>.durable.retry): AWS's
// SDK default when none is configured is 6 attempts, 5 s initial delay,
// 60 s maximum, 2x backoff, full jitter (durable-execution-sdk-retries.html,
// aws-durable-execution-docs "Retry presets"). The delay before retry n
// (1-based) is min(initial × rate^(n−1), max), jittered, at least 1 s.
struct DurableRetry {
  enum class Jitter : std::uint8_t { Full, Half, None };
  int max_attempts = 6;  // attempts per step, the first included (1: no retry)
  Time initial_delay = 5 * sim::kSecond;
  Time max_delay = 60 * sim::kSecond;
  double backoff_rate = 2.0;
  Jitter jitter = Jitter::Full;
};

// Callbacks (functions.<name>.durable.callback): every wait between two steps
// is a callback wait, resumed when the external system answers after
// `delay`, or at `timeout` (AWS's CallbackConfig timeout; none by default),
// when the SDK throws CallbackTimeoutException: uncaught it fails the
// execution (`fail`), caught the handler goes on to its next step
// (`continue`).
struct DurableCallback {
  bool enabled = false;
  Dist delay = Dist::fixed(60.0);
  Time timeout = 0;  // 0: none
  bool timeout_fails = true;
};

struct DurableConfig {
  bool enabled = false;
  // Steps per execution: one of these counts, each equally likely.
  std::vector<int> steps{1};
  Dist wait = Dist::fixed(60.0);  // each wait between two steps
  // AWS DurableConfig.ExecutionTimeout: 1 s to 31,622,400 s (366 days).
  Time execution_timeout = 31'622'400 * sim::kSecond;
  Time retention = 14 * sim::kDay;  // history kept after the end (1-90 days)
  // KB written (and retained) by starting the execution (its input) and by
  // each step and each wait (their checkpoints); sim::Dist values are KB.
  Dist start_kb = Dist::fixed(0.0);
  Dist checkpoint_kb = Dist::fixed(0.0);
  DurableRetry retry;
  DurableCallback callback;
};

// functions.<name>.emits[]: what each successful asynchronous invocation of
// the function sends on (to an SQS queue, an SNS topic, an S3 bucket or a
// function, all modelled as an asynchronous invocation of `target`). An
// event carries its chain's invocation count, and Lambda's recursive loop
// detection stops it past platform.recursion_limit (docs/recursion.md).
struct EmitConfig {
  // The service the events travel through; each adds its delivery delay
  // (docs/recursion.md for the defaults and their sources).
  enum class Channel : std::uint8_t { Lambda, Sqs, Sns, S3 };
  Channel channel = Channel::Lambda;
  std::optional<Dist> delay;   // each event's delivery delay (nullopt: none)
  std::size_t target = 0;      // index into Scenario::functions
  double probability = 1.0;    // each completion emits with this probability ...
  int count = 1;               // ... this many events
  bool to_dlq = false;         // a stopped or failed event: DLQ / destination, else dropped
  std::uint32_t workload = 0;  // the asynchronous workload of `target` the events arrive by
};

struct FunctionConfig {
  std::string name;
  int memory_mb = 128;
  Architecture architecture = Architecture::X86_64;
  Time timeout = 3 * sim::kSecond;
  int ephemeral_mb = 512;
  std::optional<int> reserved_concurrency;  // nullopt: draws on the unreserved pool
  // The blocks most functions leave out are Boxed (models/boxed.hpp): empty
  // reads as the block's defaults, set with .edit(); a plain function is
  // 248 bytes instead of 1,128 (#20). What every request reads (timeout,
  // error_rate, duration) stays inline.
  Boxed<ProvisionedConfig> provisioned;
  Dist init = Dist::fixed(0.25);
  Dist duration = Dist::fixed(0.1);
  Boxed<MemoryAwareDuration> memory_aware;  // when has_value(), `duration` is derived
  double error_rate = 0.0;
  ComputeKind compute = ComputeKind::OnDemand;
  Boxed<ManagedInstancesConfig> managed;  // compute: managed-instances
  Boxed<WebConfig> web;                   // compute: web
  Boxed<SnapStartConfig> snapstart;
  Boxed<TenantIsolation> tenant_isolation;
  Boxed<DurableConfig> durable;
  std::vector<EmitConfig> emits;
  // recursive_loop: allow (AWS PutFunctionRecursionConfig Allow): events to
  // this function are never stopped for their chain's length.
  bool recursion_allowed = false;
};

struct ArrivalConfig {
  enum class Process { Poisson, Constant, Steps, Diurnal, Trace, TraceCounts, None };
  struct Step {
    Time at = 0;
    double rate = 0.0;  // per second
  };
  struct Burst {
    Time at = 0;
    std::int64_t count = 0;
    Time over = 0;  // spread evenly over this span (0: all at `at`)
  };
  // The shapes most workloads leave out, Boxed (models/boxed.hpp): empty
  // reads as no steps, no bursts, no trace; set with .edit(). A Poisson or
  // constant workload is 48 bytes instead of 136 (#20: memory per idle
  // function). Per-minute counts stay inline: every workload of a trace
  // replay has them.
  struct Shape {
    std::vector<Step> steps;    // steps
    double mean = 0.0;          // diurnal mean rate (per second)
    double amplitude = 0.0;     // diurnal relative amplitude in [0, 1]
    Time period = sim::kDay;    // diurnal period
    Time phase = 0;             // diurnal: time of the first peak minus period/4
    std::vector<Burst> bursts;  // on top of the process
    // trace: arrival times relative to the scenario's time 0, sorted.
    std::shared_ptr<const std::vector<Time>> trace;
    // The trace file's earliest time as written (Unix seconds as ns, or
    // whatever clock the file uses): the loader starts every trace of the
    // scenario from the earliest of them, so traces captured together
    // replay together.
    Time trace_origin = 0;
  };
  Process process = Process::Poisson;
  double rate = 0.0;  // poisson, constant (per second)
  Boxed<Shape> shape;
  // trace counts (azure-2019, per-minute CSV): invocations per minute from
  // time 0, spread uniformly at random within each minute by the simulator.
  std::shared_ptr<const std::vector<std::uint32_t>> per_minute_counts;
  // Multiplies every arrival of this workload (rates, trace replays, burst
  // counts): `--load 1.5x` in plan/sweep; 1 leaves the random streams as
  // they were (models/arrivals.cpp).
  double rate_scale = 1.0;
};

struct ClientRetry {
  int max = 0;                             // extra attempts after a throttle
  Time backoff = 100 * sim::kMillisecond;  // base delay, doubled per attempt
  enum class Jitter { None, Full } jitter = Jitter::Full;
};

// A poll-based event source (event source mapping) feeding a function:
// arrivals are messages/records, invocations are batches of them.
struct SourceConfig {
  enum class Type { None, Sqs, Kinesis, Kafka };
  Type type = Type::None;
  int batch_size = 10;
  Time window = 0;      // batching window
  int record_kb = 0;    // record size; 0: unknown (no payload cut)
  bool to_dlq = false;  // discarded messages/records go to a DLQ / destination
  // Poison records fail every batch they are in: at random, and/or every n-th.
  double record_failure_rate = 0.0;
  std::int64_t poison_every = 0;
  // SQS.
  int max_concurrency = 0;  // 0: only the platform's ceiling
  Time visibility_timeout = 30 * sim::kSecond;
  int max_receive_count = 0;            // 0: no redrive (retry until success)
  bool partial_batch_response = false;  // report failed items only
  // Kinesis / DynamoDB Streams.
  int shards = 1;
  int parallelization = 1;            // concurrent batches per shard, 1–10
  Time retention = 24 * sim::kHour;   // the stream drops records older than this
  Time max_record_age = sim::kNever;  // the mapping discards records older than this
  int max_retry_attempts = -1;        // -1: retry until the records expire
  bool bisect = false;                // split a failing batch in two
  // Age at which a record is gone unprocessed: the stream's retention or
  // the mapping's MaximumRecordAgeInSeconds, whichever comes first.
  Time expiry_age() const { return std::min(retention, max_record_age); }
  // Provisioned mode (SQS, Kafka): dedicated event pollers between min and
  // max, billed per event poller unit-hour (docs/event-sources.md).
  struct Provisioned {
    int min_pollers = 0;  // 0: on-demand (standard) mode
    int max_pollers = 0;
    bool enabled() const { return min_pollers > 0; }
  };
  Provisioned provisioned;
};

// workloads[].payload: request and response sizes, Dists whose values are
// KB (sim::Dist holds plain numbers: its "seconds" are KB here). Unset: small,
// under every limit, and nothing is drawn.
struct PayloadConfig {
  std::optional<Dist> request_kb;   // a sync request or an async event
  std::optional<Dist> response_kb;  // a sync response
  bool stream = false;              // response_mode: stream (else buffered)
  bool any() const { return request_kb.has_value() || response_kb.has_value(); }
};

// workloads[].front_door: what stands between the client and the function
// (models/components/front_door.hpp).
struct FrontDoorConfig {
  enum class Type { None, RestApi, HttpApi, FunctionUrl };
  Type type = Type::None;
  Time timeout = 0;         // integration timeout; 0: none (function URL)
  double rate_limit = 0.0;  // stage/method throttle, requests per second; 0: none
  double burst = 0.0;       // its bucket's capacity
  Dist overhead;            // latency the front door adds to every response
  bool enabled() const { return type != Type::None; }
  bool api_gateway() const { return type == Type::RestApi || type == Type::HttpApi; }
};

struct WorkloadConfig {
  std::size_t function = 0;  // index into Scenario::functions
  Invocation invocation = Invocation::Sync;
  ArrivalConfig arrivals;
  ClientRetry client_retry;
  // Read by every asynchronous event, so inline (not Boxed).
  AsyncConfig async;  // invocation: async — platform defaults with the workload's overrides
  // Boxed (models/boxed.hpp): empty reads as the defaults, set with .edit().
  Boxed<SourceConfig> source;  // type None: invoked directly
  Boxed<PayloadConfig> payload;
  Boxed<FrontDoorConfig> front_door;  // type None: the client invokes Lambda directly
  // Made by the loader for a function's `emits` (arrivals: none): the events
  // another function emits arrive by it.
  bool emitted = false;
};

struct Scenario {
  std::string name = "scenario";
  std::string file;  // path it was loaded from ("" when built in code)
  std::uint64_t seed = 1;
  Time horizon = sim::kHour;
  Time warmup = 0;
  int replications = 1;
  PlatformConfig platform;
  std::vector<FunctionConfig> functions;
  std::vector<WorkloadConfig> workloads;
  // The price table named by platform.billing.prices (with --set overrides).
  std::shared_ptr<const PriceTable> prices;
  // The fully resolved scenario as JSON text (echoed into reports).
  std::string resolved_json = "{}";
  // The `plan:` block (read only by `lambdasim plan`).
  PlanConfig plan;
  // The parsed file and load options it was read from (set by the loader,
  // null when built in code): models::with_variant reads variants from it
  // without parsing the file again.
  std::shared_ptr<const ScenarioSource> source;
};

// The workloads the scenario lists, without those the loader made for
// `emits` (WorkloadConfig::emitted): what validate and the reports count.
inline std::size_t listed_workloads(const Scenario& scenario) {
  std::size_t n = 0;
  for (const WorkloadConfig& w : scenario.workloads) n += w.emitted ? 0 : 1;
  return n;
}

}  // namespace ls::models
