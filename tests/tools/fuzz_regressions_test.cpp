// Inputs the fuzz targets (tests/fuzz, issue #19) found crashing or hitting
// undefined behaviour, each now a located error. The same inputs are in
// tests/fuzz/corpus/<target>/ so that the fuzzer starts from them too.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "models/error.hpp"
#include "tests/error_text.hpp"
#include "tools/study/fit_model.hpp"
#include "tools/study/sweep_manifest.hpp"
#include "tools/study/sweep_results.hpp"
#include "trace_cli.hpp"

namespace ls::tools {
namespace {

namespace fs = std::filesystem;
using report_testing::scratch;
using report_testing::write_text;

std::string fit_error(const std::string& path) {
  return ls::testing::error_text([&] { read_fit_samples(path, models::Architecture::X86_64); }, "");
}

// fuzz_fit_input: a memory size beyond int was cast to int (UBSan:
// "5.36e+14 is outside the range of representable values of type 'int'").
TEST(FuzzRegressions, FitMemoryBeyondIntIsOutOfRange) {
  const fs::path dir = scratch();
  // The input as found: no undefined behaviour, the row's first problem.
  const std::string found =
      write_text(dir / "f.csv", "536000000000002,\n      \"av\xd9 duration: 100ms}\n");
  EXPECT_EQ(fit_error(found), found + ":1: duration_ms '' is not a number");
  const std::string csv = write_text(dir / "m.csv", "536000000000002,100\n");
  EXPECT_EQ(fit_error(csv),
            csv + ":1: memory 536000000000002 MB is out of range (allowed: 128 to 10240)");
  const std::string json = write_text(dir / "m.json", R"({"power": 1e20, "duration": 5})");
  EXPECT_EQ(fit_error(json),
            json + ": power: memory 1e+20 MB is out of range (allowed: 128 to 10240)");
  const std::string half = write_text(dir / "h.json", R"({"power": 1024.5, "duration": 5})");
  EXPECT_EQ(fit_error(half), half + ": power: memory '1024.5' is not a whole number of MB");
}

// A point result and a manifest with a float where an integer belongs
// (get<int>() on 1e20 or get<size_t>() on -1.5: undefined behaviour).
const char* kPoint =
    R"({"schema": "lambdasim.sweep-point/1", "manifest": "m0", "point": "p0", "index": INDEX,
        "seed": 42, "replications": REPS, "sets": [], "conservation_ok": true,
        "metrics": {"cost.total_usd": [0.01, 0, false]}})";

std::string point_text(const std::string& index, const std::string& reps) {
  std::string t = kPoint;
  t.replace(t.find("INDEX"), 5, index);
  t.replace(t.find("REPS"), 4, reps);
  return t;
}

TEST(FuzzRegressions, SweepPointWithFloatIntegersIsRejected) {
  const fs::path dir = scratch();
  fs::create_directories(dir / "points");
  SweepManifest manifest;
  manifest.id = "m0";
  SweepPoint point;
  point.id = "p0";
  manifest.points.push_back(point);
  const auto read = [&](const std::string& text) {
    write_text(dir / "points" / "p0.json", text);
    std::string error;
    const bool ok = read_point(dir.string(), manifest, point, error).has_value();
    return ok ? std::string("ok") : error;
  };
  EXPECT_EQ(read(point_text("0", "1")), "ok");  // the control: a good point reads back
  EXPECT_EQ(read(point_text("0", "1e20")), "replications is not an integer");
  EXPECT_EQ(read(point_text("-1.5", "1")), "holds another point");
  EXPECT_EQ(read(point_text("0.0", "1")), "holds another point");
}

TEST(FuzzRegressions, ManifestWithFloatIntegersIsRejected) {
  const fs::path dir = scratch();
  const std::string path = write_text(
      dir / "manifest.json",
      R"({"schema": "lambdasim.sweep/1", "id": "x", "scenario": "/s.yaml", "scenario_hash": "h",
          "seed": 42, "seeds": "common", "replications": 1e20, "horizon": null, "sets": [],
          "axes": [], "points": []})");
  try {
    read_manifest(path);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": replications: expected an integer");
  }
}

}  // namespace
}  // namespace ls::tools
