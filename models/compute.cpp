#include "models/compute.hpp"

#include <algorithm>
#include <cmath>

namespace ls::models {

int environments_per_instance(const InstanceType& instance, int env_vcpus, int env_memory_mb,
                              double os_reserved_vcpus, int os_reserved_memory_mb) {
  if (env_vcpus <= 0 || env_memory_mb <= 0) return 0;
  const double cpu = (instance.vcpus - os_reserved_vcpus) / env_vcpus;
  const int memory = (instance.memory_mb - os_reserved_memory_mb) / env_memory_mb;
  // A small epsilon so that e.g. (4 - 0) / 1 is not floored to 3.999...
  const int by_cpu = static_cast<int>(std::floor(cpu + 1e-9));
  return std::max(0, std::min(by_cpu, memory));
}

int instances_for(int environments, int per_instance, int zones) {
  if (environments <= 0 || per_instance <= 0) return 0;
  zones = std::max(1, zones);
  int instances = 0;
  for (int z = 0; z < zones; ++z) {
    const int here = environments / zones + (z < environments % zones ? 1 : 0);
    instances += (here + per_instance - 1) / per_instance;
  }
  return instances;
}

int instances_of(const ManagedInstancesConfig& mi, int environments) {
  if (mi.manual && mi.instances > 0) return mi.instances;
  return instances_for(environments, mi.environments_per_instance, mi.availability_zones);
}

}  // namespace ls::models
