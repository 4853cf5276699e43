#include "models/savings_plan.hpp"

#include <algorithm>

namespace ls::models {

SavingsPlanHour apply_savings_plan_hour(long double eligible_ondemand_usd,
                                        long double commitment_usd, double discount) {
  const long double rate = 1.0L - static_cast<long double>(discount);  // SP price / on-demand
  SavingsPlanHour h;
  // The commitment buys commitment / rate of on-demand-priced usage.
  h.covered_ondemand_usd = std::min(eligible_ondemand_usd, commitment_usd / rate);
  h.used_usd = std::min(commitment_usd, h.covered_ondemand_usd * rate);
  h.unused_usd = commitment_usd - h.used_usd;
  return h;
}

}  // namespace ls::models
