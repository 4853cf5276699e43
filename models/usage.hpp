// What a simulation run consumed, per function, in exact integer units: the
// billing ledger turns it into dollars once, at the end, so there is no
// floating-point drift however many requests ran.
//
// Billing covers the whole horizon including warm-up (warm-up is excluded
// from statistics, not from the bill).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace ls::models {

// Aligned: a request's counters (the first fields) are one cache line (#20).
struct alignas(64) FunctionUsage {
  std::uint64_t requests = 0;                // billed requests (every invocation attempt that ran)
  std::uint64_t extra_payload_requests = 0;  // async payload chunks over 256 KB
  // Billed durations, already rounded up to the billing granularity, in µs.
  std::uint64_t ondemand_billed_us = 0;  // invocations on on-demand environments
  std::uint64_t pc_billed_us = 0;        // invocations on provisioned environments
  std::uint64_t init_billed_us = 0;      // billed INIT phases (on-demand only)
  // Provisioned concurrency allocated: one entry per allocation period of a
  // constant PC level (an environment count over [start, end)). Adjacent
  // periods are separate allocations as far as the 5-minute rounding goes.
  struct PcPeriod {
    sim::Time start = 0;
    sim::Time end = 0;
    int count = 0;
  };
  std::vector<PcPeriod> pc_periods;
  // Multi-concurrency compute (docs/compute.md), exact in µs:
  std::uint64_t instance_us = 0;  // Managed Instances: instances running × time
  std::uint64_t web_env_us = 0;   // Web Functions: environments alive × time
  std::uint64_t web_cpu_us = 0;   // Web Functions: vCPUs busy × time (active CPU)
  // SnapStart: snapshot restores, and the periods each version's snapshot
  // was cached (end kNever: still cached at the horizon).
  std::uint64_t snapstart_restores = 0;
  struct CachePeriod {
    sim::Time start = 0;
    sim::Time end = sim::kNever;
  };
  std::vector<CachePeriod> snapshot_periods;
  // Savings plans (only with platform.billing.savings_plan): the billed µs
  // above by the hour of the horizon their execution started in.
  struct Hour {
    std::uint64_t ondemand_billed_us = 0;
    std::uint64_t init_billed_us = 0;
    std::uint64_t pc_billed_us = 0;
  };
  std::vector<Hour> hourly;
  // The front door: requests API Gateway passed on to the function, as
  // metered (an HTTP API request counts once per started 512 KB).
  std::uint64_t rest_api_requests = 0;
  std::uint64_t http_api_requests = 0;
  // Response streaming: bytes of streamed responses beyond the first (free)
  // platform.payload.stream_uncapped_kb of each.
  std::uint64_t streamed_bytes = 0;
  // Tenant isolation: environments created (each charged once, per GB).
  std::uint64_t tenant_environments = 0;
  // Event source mappings in provisioned mode: event poller units × time, µs.
  std::uint64_t sqs_poller_us = 0;
  std::uint64_t kafka_poller_us = 0;
  // Durable functions: operations (starts, steps, waits), bytes they wrote,
  // and byte-seconds of that data retained (while the execution runs and
  // its retention period after it ends).
  std::uint64_t durable_operations = 0;
  std::uint64_t durable_written_bytes = 0;
  double durable_retained_byte_s = 0.0;
};

// Adds level × duration to an exact µs total, carrying the sub-µs
// remainder, so that many short intervals sum without rounding drift.
struct MicrosecondArea {
  std::uint64_t carry_ns = 0;
  void add(std::uint64_t& total_us, std::uint64_t level, sim::Time duration) {
    if (duration <= 0 || level == 0) return;
    const std::uint64_t ns = level * static_cast<std::uint64_t>(duration) + carry_ns;
    total_us += ns / 1000;
    carry_ns = ns % 1000;
  }
};

}  // namespace ls::models
