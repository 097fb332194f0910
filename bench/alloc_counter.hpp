// Heap allocations counted by a replaced global operator new (alloc_counter.cpp).
#pragma once

#include <cstdint>

namespace hp_bench {

// Allocations this thread has made so far. Per thread, so counting needs no
// atomics and a benchmark sees only its own allocations.
std::uint64_t allocations_on_this_thread() noexcept;

// False when the replacement is compiled out: ThreadSanitizer's runtime
// defines operator new itself and the two cannot be linked together.
bool allocations_counted() noexcept;

}  // namespace hp_bench
