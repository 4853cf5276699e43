// Gives the memory the C library holds freed back to the system.
//
// Why (#20, memory per idle function): glibc keeps what a thread frees in
// that thread's arena, for that thread to reuse. After the parts of a split
// run (models/partition.hpp) end, their Simulations' state, ~1 KB per
// function, lies freed in the worker threads' arenas, where the calling
// thread's merge and bill, which come next, cannot reuse it: the process
// then held both, and a split run peaked 0.5–1 KB per function above the
// same run on one thread. malloc_trim hands those pages back (a few
// milliseconds for a 100 MB heap). Elsewhere (other C libraries, and under
// AddressSanitizer, whose allocator replaces glibc's) it does nothing.
#pragma once

#include <cstdlib>  // defines __GLIBC__ where it is glibc

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LS_FREE_MEMORY_NOOP 1  // clang's spelling
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LS_FREE_MEMORY_NOOP 1
#endif

#if defined(__GLIBC__) && !defined(LS_FREE_MEMORY_NOOP)
#include <malloc.h>
#endif

namespace ls::tools {

inline void return_free_memory() noexcept {
#if defined(__GLIBC__) && !defined(LS_FREE_MEMORY_NOOP)
  malloc_trim(0);
#endif
}

}  // namespace ls::tools
