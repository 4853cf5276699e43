// A versioned price table (scenarios/prices/<name>.yaml): what AWS charges,
// as of an effective date, for one region. The billing ledger (billing.hpp)
// turns a run's usage into dollars with it.
//
// The YAML keys are the member names below (see aws-us-east-1-2025.yaml for
// the layout), so a `--set prices.<key path>=<value>` override names the
// same path as the file and the error messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/error.hpp"
#include "models/scenario.hpp"
#include "sim/time.hpp"

namespace ls::models {

struct DurationTier {
  double up_to_gb_s = 0.0;  // cumulative monthly GB-s where this tier ends (last: infinity)
  double usd_per_gb_s = 0.0;
};

// One tier of a monthly request volume (Amazon API Gateway).
struct RequestTier {
  double up_to_requests = 0.0;  // cumulative monthly requests where the tier ends (last: infinity)
  double usd_per_million = 0.0;
};

// Amazon API Gateway's request prices, per account and region (the table's
// optional `api_gateway` section: a table without it cannot bill a front door).
struct ApiGatewayPrices {
  std::vector<RequestTier> rest_api;
  std::vector<RequestTier> http_api;
  // Free requests a month for each API type (REST, HTTP) in an account's
  // first 12 months (0: none in the table).
  double free_tier_requests = 0.0;
};

struct ArchitecturePrices {
  // false when the table predates the architecture (written `arm64: unavailable`);
  // the other members are then zero and compute_bill rejects functions using it.
  bool available = true;
  std::vector<DurationTier> duration_tiers;  // on-demand, ascending
  double pc_allocated_usd_per_gb_s = 0.0;
  double pc_duration_usd_per_gb_s = 0.0;
  // Tenant isolation: per environment created, per GB of its memory
  // (nullopt: not in the table).
  std::optional<double> tenant_isolation_usd_per_gb;
};

struct PriceTable {
  std::string name;  // file stem, e.g. aws-us-east-1-2025
  std::string file;  // path it was loaded from ("" when built in code)
  std::string region;
  std::string effective_date;  // YYYY-MM-DD
  std::string currency = "USD";
  double request_usd_per_million = 0.0;
  sim::Time granularity = sim::kMillisecond;       // billed duration rounded up to this
  bool bill_init = true;                           // on-demand INIT billed
  sim::Time pc_minimum_period = 5 * sim::kMinute;  // PC allocation rounded up to this (0: none)
  double ephemeral_usd_per_gb_s = 0.0;             // above the free ephemeral size
  int ephemeral_free_mb = 512;
  double free_tier_requests = 0.0;  // per month
  double free_tier_gb_s = 0.0;      // per month
  ArchitecturePrices x86_64;
  ArchitecturePrices arm64;
  // Optional: absent where AWS publishes no rate for the region.
  std::optional<double> snapstart_cache_usd_per_gb_s;  // Python/.NET SnapStart
  std::optional<double> snapstart_restore_usd_per_gb;
  std::optional<double> savings_plan_discount;  // Compute Savings Plan on Lambda
  std::optional<ApiGatewayPrices> api_gateway;
  // Response streaming, per GB written beyond each response's free first
  // 6 MB (optional: a table without it cannot bill streamed responses).
  std::optional<double> response_streaming_usd_per_gb;
  // GB streamed per month that Lambda's free tier covers (0: none in the table).
  double free_tier_streamed_gb = 0.0;
  // Event source mappings in provisioned mode, per event poller unit-hour
  // (nullopt: not in the table).
  std::optional<double> sqs_poller_usd_per_hour;
  std::optional<double> kafka_poller_usd_per_hour;

  const ArchitecturePrices& for_architecture(Architecture a) const {
    return a == Architecture::Arm64 ? arm64 : x86_64;
  }
};

}  // namespace ls::models
