// `lambdasim collect` and sweep resume: a sweep's manifest.json and its point
// result files, as written by an earlier (possibly killed or tampered with)
// sweep. A point file that does not read back is reported, never trusted.
#include "fuzz_support.hpp"
#include "models/error.hpp"
#include "tools/study/sweep_manifest.hpp"
#include "tools/study/sweep_results.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = ls::fuzz::as_text(data, size);
  // The same bytes as a point result of a fixed manifest ...
  ls::tools::SweepManifest manifest;
  manifest.id = "m0123456789abcdef";
  ls::tools::SweepPoint point;
  point.index = 0;
  point.id = "p0";
  manifest.points.push_back(point);
  ls::fuzz::write_input("sweep/points/p0.json", text);
  std::string error;
  const auto dir = (ls::fuzz::scratch_dir() / "sweep").string();
  const auto result = ls::tools::read_point(dir, manifest, point, error);
  if (!result && error.empty()) __builtin_trap();  // a rejected point must say why
  // ... and as a manifest.
  const std::string path = ls::fuzz::write_input("manifest.json", text);
  try {
    ls::tools::read_manifest(path);
  } catch (const ls::Error&) {
  }
  return 0;
}
