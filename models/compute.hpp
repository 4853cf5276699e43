// Multi-concurrency compute, the parts that are plain arithmetic: how many
// execution environments fit on an instance, and how many instances a
// number of environments needs when they are spread over availability
// zones. Used by the loader (checks), the simulator (instance-hours) and
// `lambdasim compare`.
#pragma once

#include "models/scenario.hpp"

namespace ls::models {

// Environments of `env_vcpus` vCPUs and `env_memory_mb` MB that fit on one
// instance after the OS keeps its share: the smaller of the vCPU and the
// memory bound (0 when none fits).
int environments_per_instance(const InstanceType& instance, int env_vcpus, int env_memory_mb,
                              double os_reserved_vcpus, int os_reserved_memory_mb);

// Instances for `environments` spread as evenly as possible over `zones`
// availability zones (the first environments % zones zones take one more),
// each zone packing its share on its own instances.
int instances_for(int environments, int per_instance, int zones);

// The instance count of a Managed Instances function with `environments`
// environments (manual `instances:` fixes it).
int instances_of(const ManagedInstancesConfig& mi, int environments);

}  // namespace ls::models
