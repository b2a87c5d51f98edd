// A reserve of memory for the moment an allocation fails.
//
// Under a memory limit (ulimit -v, RLIMIT_AS) an allocation can fail
// anywhere, also where no exception may pass: nlohmann::json's destructor
// allocates, and std::terminate would end the server. The reserve is
// handed back to the allocator on the first failure (std::new_handler), so
// that the work in flight completes; until it can be taken again, the
// server refuses new requests with 503 instead of starting them.
//
// Thread safety: every function is thread-safe.
#pragma once

#include <cstddef>

namespace quarry::web {

// Takes `bytes` of reserve and installs the new_handler. Call once.
void InstallMemoryReserve(size_t bytes);

// True when the reserve is held, taking it again first if it was spent
// and memory allows. False: memory is short, refuse the request.
bool MemoryReserveHeld();

}  // namespace quarry::web
