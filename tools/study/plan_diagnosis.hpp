// Why nothing meets a plan's constraints, in words a user can act on:
// "checkout needs ~1,100 concurrent executions at its peak; the account
// limit (1,000) leaves 900 for reservations". For the closest configuration
// (smallest worst excess), each violated constraint gets one cause, read
// from what that configuration's runs measured (which limit throttled, cold
// starts) and from one more simulation of it with the concurrency limits
// lifted (account limit 10,000,000, no reservations, one replication): its
// peak concurrency is the demand, its latency what the code alone gives.
#pragma once

#include <string>
#include <vector>

#include "tools/study/plan_search.hpp"

namespace ls::tools {

// One sentence per violated constraint of `closest`; runs one simulation
// through `options` (so progress sees it).
std::vector<std::string> diagnose_infeasible(const PlanSpec& spec, const Evaluation& closest,
                                             const RunnerOptions& options);

}  // namespace ls::tools
