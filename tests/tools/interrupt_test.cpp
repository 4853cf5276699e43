// SIGINT/SIGTERM (issue #19): a run stops at its next event, leaves no
// temporary file, no half-written output and no empty output folder, says
// on stderr what was written, and exits 128 + the signal. The program is
// started with fork/exec so that the test can signal it while it works;
// LS_TEST_RENAME_DELAY_MS (tools/io/atomic_file.cpp) holds each finished
// temporary file before its rename, so "mid-write" is a state the test can
// wait for rather than a race.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "trace_cli.hpp"

namespace {

using ls::report_testing::kQuickstart;

namespace fs = std::filesystem;
using ls::report_testing::scratch;
using ls::report_testing::slurp;

struct Child {
  pid_t pid = -1;
  fs::path stderr_file;
};

Child start(const std::vector<std::string>& args, const fs::path& dir, const char* delay_ms) {
  Child c;
  c.stderr_file = dir / "stderr.txt";
  c.pid = fork();
  if (c.pid == 0) {
    if (delay_ms) setenv("LS_TEST_RENAME_DELAY_MS", delay_ms, 1);
    FILE* err = std::freopen(c.stderr_file.c_str(), "w", stderr);
    (void)err;
    std::vector<char*> argv{const_cast<char*>(LS_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(LS_BINARY, argv.data());
    _exit(127);
  }
  return c;
}

// Waits (up to a minute: the machine may be busy) until `ready` holds.
template <class Ready>
bool wait_for(Ready ready) {
  for (int i = 0; i < 6000; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

int exit_code(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool has_temp_file(const fs::path& dir, const std::string& prefix) {
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix + ".tmp.", 0) == 0) return true;
  return false;
}

bool no_temp_files(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) return false;
  return true;
}

TEST(Interrupt, SigtermWhileTheReportIsBeingWrittenLeavesNoTempFile) {
  const fs::path dir = scratch();
  const fs::path out = dir / "out";
  fs::create_directories(out);
  const Child c =
      start({"run", kQuickstart, "--quiet", "--json", (out / "r.json").string()}, dir, "30000");
  ASSERT_TRUE(wait_for([&] { return has_temp_file(out, "r.json"); }));
  kill(c.pid, SIGTERM);
  EXPECT_EQ(exit_code(c.pid), 143);
  EXPECT_TRUE(fs::is_empty(out));  // neither r.json nor r.json.tmp.<pid>
  EXPECT_EQ(slurp(c.stderr_file), "\nlambdasim: interrupted by SIGTERM: no output was written\n");
}

TEST(Interrupt, FilesWrittenBeforeTheSignalAreWholeAndNamed) {
  const fs::path dir = scratch();
  const fs::path json = dir / "r.json";
  const fs::path html = dir / "r.html";
  const Child c =
      start({"run", kQuickstart, "--quiet", "--json", json.string(), "--html", html.string()}, dir,
            "1000");
  // The JSON is written first; once the HTML's temporary file exists the
  // JSON has been renamed into place.
  ASSERT_TRUE(wait_for([&] { return has_temp_file(dir, "r.html"); }));
  kill(c.pid, SIGTERM);
  EXPECT_EQ(exit_code(c.pid), 143);
  EXPECT_TRUE(fs::exists(json));
  EXPECT_FALSE(fs::exists(html));
  EXPECT_TRUE(no_temp_files(dir));
  const std::string json_text = slurp(json);
  EXPECT_EQ(json_text.substr(json_text.size() - 2), "}\n");  // whole, not cut
  EXPECT_EQ(slurp(c.stderr_file),
            "\nlambdasim: interrupted by SIGTERM: written whole: " + json.string() +
                "; nothing else was written (no partial or temporary files)\n");
}

TEST(Interrupt, SigintDuringTheSimulationLeavesNoEmptyOutputFolder) {
  const fs::path dir = scratch();
  const fs::path csv = dir / "series" / "deep";
  // About 10^8 arrivals: minutes of work, stopped long before the end.
  const Child c = start({"run", kQuickstart, "--quiet", "--horizon", "2000h", "--json",
                         (dir / "r.json").string(), "--csv", csv.string()},
                        dir, nullptr);
  // The --csv folder is made after loading, just before the runs start.
  ASSERT_TRUE(wait_for([&] { return fs::exists(csv); }));
  kill(c.pid, SIGINT);
  EXPECT_EQ(exit_code(c.pid), 130);
  EXPECT_FALSE(fs::exists(dir / "series"));  // created by the run, removed again
  EXPECT_FALSE(fs::exists(dir / "r.json"));
  EXPECT_TRUE(no_temp_files(dir));
  EXPECT_EQ(slurp(c.stderr_file), "\nlambdasim: interrupted by SIGINT: no output was written\n");
}

}  // namespace
