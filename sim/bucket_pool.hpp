// Memory for histograms' bucket runs (LogHistogram), on huge pages.
//
// Why: at fleet scale the bucket runs are most of a run's per-function
// memory (10,000 functions × a few KB of latency buckets: ~25 MB), each
// request adds to one bucket of a random function, and with malloc's 4 KB
// pages every such add is a TLB miss before its cache miss. A dependent load
// over 8 MB on this project's VM took 66 ns on 4 KB pages against 23 ns on
// 2 MB pages; running the 10,000-function fleet with glibc's
// malloc.hugetlb tunable (malloc's whole heap on huge pages) cut its user
// CPU by about a tenth. Here only the bucket runs move: they come from 2 MB
// chunks advised onto transparent huge pages.
//
// Runs are whole pages of 64 buckets (LogHistogram::kPageSize), so a freed
// run goes to a free list by its page count and the next run of that size
// reuses it: memory is reused across the replications and points of one
// process, never returned to the system (as glibc rarely returns heap).
// Runs over kMaxPooledPages pages come from operator new. Thread-safe (the
// parts of a split run allocate side by side; allocations are rare: a
// function's first value and each widening).
//
// Under AddressSanitizer every run comes from operator new, so that the
// sanitizer still sees each run's bounds and lifetime.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ls::sim {

inline constexpr std::uint32_t kBucketsPerPage = 64;
inline constexpr std::uint32_t kMaxPooledPages = 64;  // runs up to 32 KB are pooled

// A zeroed run of `buckets` counters; `buckets` a positive multiple of
// kBucketsPerPage.
std::uint64_t* allocate_buckets(std::uint32_t buckets);
// Returns a run from allocate_buckets of the same size (nullptr: nothing).
void free_buckets(std::uint64_t* run, std::uint32_t buckets) noexcept;

}  // namespace ls::sim
