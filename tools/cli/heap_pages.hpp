// The C library's heap on transparent huge pages, for the whole program.
//
// Why (issue #20): a fleet's run allocates hundreds of MB in small pieces
// (100,000 functions: ~300 MB of scenario, statistics, bill and report),
// each 4 KB page of it faulted in on first touch. On a VM a page fault is
// dear: at 100,000 functions the kernel's fault handling and page zeroing
// were a quarter of the run, and the TLB misses of 4 KB pages more. glibc
// (2.35 on) puts its heap and its large blocks on transparent huge pages
// when the tunable glibc.malloc.hugetlb=1 is set, but tunables are read from
// the environment only as the program starts; mallopt cannot set it, and
// advising the heap from inside covers only what it has mapped so far. So
// the program starts itself again, once, with the tunable added to
// GLIBC_TUNABLES (measured at 100,000 functions: page faults 67,000 → 9,000,
// and 10–25 % less CPU; README: Speed).
//
// It does not restart when the tunable is set already (so
// GLIBC_TUNABLES=glibc.malloc.hugetlb=0 keeps 4 KB pages), when the system
// has no use for it (transparent huge pages off, or on for every mapping
// already), under valgrind (which would lose sight of the new program),
// under a sanitizer (its allocator replaces glibc's), or with a C library
// other than glibc ≥ 2.35.
#pragma once

#include <string>

namespace ls::tools {

// Starts the program again with the tunable set when that helps (above);
// returns when it does not, or when starting again failed. Call first thing
// in main(), with main's argv.
void restart_with_huge_page_heap(char** argv) noexcept;

// GLIBC_TUNABLES as the program is started again: the user's tunables
// (`before`, maybe empty), then glibc.malloc.hugetlb=1.
std::string tunables_with_huge_pages(const std::string& before);

// For `lambdasim --version`: whether this process's heap is on huge pages,
// and if not, why.
std::string heap_pages_status();

}  // namespace ls::tools
