#include "tools/cli/heap_pages.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>  // defines __GLIBC__ where it is glibc
#include <fstream>
#include <string_view>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LS_SANITIZED_HEAP 1  // clang's spelling
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LS_SANITIZED_HEAP 1
#endif

namespace ls::tools {
namespace {

constexpr std::string_view kTunable = "glibc.malloc.hugetlb";

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// The value GLIBC_TUNABLES gives the tunable ("" when it is not set).
std::string tunable_value() {
  const std::string tunables = environment("GLIBC_TUNABLES");
  const std::size_t at = tunables.find(kTunable);
  if (at == std::string::npos || tunables.compare(at + kTunable.size(), 1, "=") != 0) return "";
  const std::size_t from = at + kTunable.size() + 1;
  return tunables.substr(from, tunables.find(':', from) - from);
}

// The kernel's transparent huge page mode: "always", "madvise", "never", or
// "" when it has none.
std::string thp_mode() {
  std::ifstream file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  if (!std::getline(file, modes)) return "";
  const std::size_t open = modes.find('['), close = modes.find(']');
  return open < close && close != std::string::npos ? modes.substr(open + 1, close - open - 1) : "";
}

// Why glibc's hugetlb tunable would not help this process; "" when it would.
std::string why_not() {
#if defined(LS_SANITIZED_HEAP)
  return "a sanitizer's allocator";
#elif !defined(__GLIBC__)
  return "not glibc's malloc";
#else
  int major = 0, minor = 0;
  if (std::sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) != 2 ||
      (major == 2 && minor < 35) || major < 2)
    return std::string("glibc ") + gnu_get_libc_version() + " has no " + std::string(kTunable) +
           " (2.35 on)";
  const std::string mode = thp_mode();
  if (mode.empty()) return "no transparent huge pages in this kernel";
  if (mode != "madvise") return "the kernel's transparent huge pages are " + mode;
  if (environment("LD_PRELOAD").find("vgpreload") != std::string::npos) return "under valgrind";
  return "";
#endif
}

}  // namespace

std::string tunables_with_huge_pages(const std::string& before) {
  return (before.empty() ? "" : before + ":") + std::string(kTunable) + "=1";
}

void restart_with_huge_page_heap(char** argv) noexcept {
  try {
    if (!tunable_value().empty() || !why_not().empty()) return;
    const char* user_tunables = std::getenv("GLIBC_TUNABLES");
    const bool had = user_tunables != nullptr;
    const std::string before = had ? user_tunables : "";
    if (setenv("GLIBC_TUNABLES", tunables_with_huge_pages(before).c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Not started again (no /proc?): go on as we are, with the environment
    // the user gave, for any program we start.
    if (had)
      setenv("GLIBC_TUNABLES", before.c_str(), 1);
    else
      unsetenv("GLIBC_TUNABLES");
  } catch (...) {  // no memory for a string: go on as we are
  }
}

std::string heap_pages_status() {
  // Every allocator's memory, a sanitizer's too.
  if (thp_mode() == "always") return "transparent huge pages (the kernel's mode is always)";
  const std::string value = tunable_value();
  if (value == "0") return "4 KB pages (GLIBC_TUNABLES sets " + std::string(kTunable) + "=0)";
  if (const std::string why = why_not(); !why.empty()) return "4 KB pages (" + why + ")";
  if (value.empty()) return "4 KB pages (not started with " + std::string(kTunable) + "=1)";
  return "transparent huge pages (GLIBC_TUNABLES: " + std::string(kTunable) + "=" + value + ")";
}

}  // namespace ls::tools
