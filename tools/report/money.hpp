// Dollars as the run report's table and page show them.
#pragma once

#include <string>

namespace ls::tools {

// "$1,234.57", "-$0.50"; amounts under a cent (non-zero) with six decimals,
// "$0.004200", so that small bills do not read as $0.00.
std::string money(double usd);

}  // namespace ls::tools
