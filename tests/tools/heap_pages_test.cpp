// The program starts itself again with glibc's heap on transparent huge
// pages when that helps (tools/cli/heap_pages.hpp), and says so in
// `lambdasim --version`. The expectation is worked out here from the
// machine itself (the kernel's THP mode, glibc's version), not asked of
// the code under test.
#include "tools/cli/heap_pages.hpp"

#include <gnu/libc-version.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "trace_cli.hpp"

namespace {

using ls::report_testing::line_with;
using ls::report_testing::run_shell;

std::string kernel_thp_modes() {
  std::ifstream file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(file, modes);
  return modes;  // e.g. "always [madvise] never"
}

bool huge_page_heap_expected() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return false;  // the sanitizer's allocator, not glibc's
#else
  int major = 0, minor = 0;
  if (std::sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) != 2) return false;
  if (major < 2 || (major == 2 && minor < 35)) return false;
  return kernel_thp_modes().find("[madvise]") != std::string::npos;
#endif
}

bool kernel_puts_all_memory_on_huge_pages() {
  return kernel_thp_modes().find("[always]") != std::string::npos;
}

std::string heap_line(const std::string& environment) {
  const auto r = run_shell(environment + " " + LS_BINARY + " --version");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return line_with(r.out, "heap: ");
}

TEST(HeapPages, StartsAgainOnHugePagesWhereTheKernelAdvisesThem) {
  const std::string line = heap_line("env -u GLIBC_TUNABLES -u LD_PRELOAD");
  if (huge_page_heap_expected()) {
    EXPECT_EQ(line, "heap: transparent huge pages (GLIBC_TUNABLES: glibc.malloc.hugetlb=1)");
  } else if (kernel_puts_all_memory_on_huge_pages()) {
    EXPECT_EQ(line, "heap: transparent huge pages (the kernel's mode is always)");
  } else {
    EXPECT_EQ(line.rfind("heap: 4 KB pages (", 0), 0u) << line;
  }
}

TEST(HeapPages, TheUsersTunableIsKept) {
  if (!kernel_puts_all_memory_on_huge_pages()) {
    EXPECT_EQ(heap_line("env GLIBC_TUNABLES=glibc.malloc.hugetlb=0"),
              "heap: 4 KB pages (GLIBC_TUNABLES sets glibc.malloc.hugetlb=0)");
  }
  // Other tunables stay, the huge pages' after them.
  EXPECT_EQ(ls::tools::tunables_with_huge_pages(""), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(ls::tools::tunables_with_huge_pages("glibc.malloc.tcache_count=3"),
            "glibc.malloc.tcache_count=3:glibc.malloc.hugetlb=1");
  if (huge_page_heap_expected()) {
    EXPECT_EQ(heap_line("env GLIBC_TUNABLES=glibc.malloc.tcache_count=3"),
              "heap: transparent huge pages (GLIBC_TUNABLES: glibc.malloc.hugetlb=1)");
  }
}

}  // namespace
