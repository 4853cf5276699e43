// A Compute Savings Plan, hour by hour, as AWS applies one: each hour the
// commitment (USD per hour) pays for eligible usage at the plan's rate,
// on-demand x (1 - discount), until it is used up; the rest of the hour's
// eligible usage is billed on-demand, and what the commitment did not pay
// for is still paid (it does not roll over to the next hour).
//
// On the bill (models/bill_lines.hpp) this is two lines, as in AWS's cost
// and usage report: the commitment (savings_plan_fee, the whole of it) and
// the on-demand cost of the covered usage negated (savings_plan_covered), so
// the usage lines keep their on-demand prices and the total is
// on-demand - covered + commitment.
#pragma once

namespace ls::models {

struct SavingsPlanHour {
  long double covered_ondemand_usd = 0;  // eligible usage the commitment paid for, at on-demand
  long double used_usd = 0;              // commitment consumed: covered x (1 - discount)
  long double unused_usd = 0;            // commitment - used
};

// One hour: `eligible_ondemand_usd` of eligible usage at on-demand prices,
// `commitment_usd` for the hour, the plan's `discount` in [0, 1).
SavingsPlanHour apply_savings_plan_hour(long double eligible_ondemand_usd,
                                        long double commitment_usd, double discount);

}  // namespace ls::models
