// Reading instance tables (scenarios/prices/instances/<name>.yaml) into models::InstanceTable.
#pragma once

#include <string>
#include <vector>

#include "models/instance_table.hpp"

namespace ls::models {

// Loads data_dir/prices/instances/<name>.yaml. Throws ls::Error (file:line:col,
// key path, what is allowed) for an unknown table, a missing or negative
// field, or an unknown key.
InstanceTable load_instance_table(const std::string& name, const std::string& data_dir,
                                  const SourceLocation& referenced_at = {});

}  // namespace ls::models
