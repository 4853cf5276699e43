// Small text helpers shared by the scenario readers and the tools that read
// their own text inputs (grid specs, plan specs, calibration logs).
#pragma once

#include <string>
#include <string_view>

namespace ls::models {

// `s` without the blanks (space, tab, CR, LF, VT, FF) at either end: a CSV
// cell, a list item, a line read from a Windows-written file.
std::string_view trim(std::string_view s);

// `s` in single quotes, as error messages quote a value: 'abc'.
std::string squote(std::string_view s);

}  // namespace ls::models
