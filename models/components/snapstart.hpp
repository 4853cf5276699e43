// SnapStart versions: each SnapStart function's snapshot cache periods (the
// bill's cache charge) and the versions published during the run
// (functions.<name>.snapstart.versions). Publishing a version makes its
// snapshot by running INIT (plus snapshot_overhead); until it is ready the
// old version serves, then Environments::new_version retires the old
// version's environments and the old snapshot is no longer cached (its
// version is assumed deleted, so its cache charge stops there, 3-hour
// minimum applied by the bill).
#pragma once

#include <cstdint>
#include <vector>

#include "models/components/component.hpp"
#include "models/components/environments.hpp"

namespace ls::models {

class SnapStartVersions final : public Component {
 public:
  SnapStartVersions(SimContext& ctx, Environments& environments);

  void start() override;

 private:
  void on_publish(const sim::Event& event);  // index: function, gen: version (1-based)
  void on_ready(const sim::Event& event);

  SimContext ctx_;
  Environments& environments_;
  std::vector<sim::Rng> snapshot_rngs_;  // INIT draws of the snapshot runs, per function
  std::uint32_t publish_kind_;
  std::uint32_t ready_kind_;
};

}  // namespace ls::models
