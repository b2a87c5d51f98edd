// FNV-1a, 64 bits: a fingerprint of bytes that stays the same from one
// build of Quarry to the next (std::hash need not), for what the index keeps.
#pragma once

#include <cstdint>
#include <string_view>

namespace quarry {

inline constexpr uint64_t kFingerprintSeed = 14695981039346656037ULL;

// Folds `bytes` into `hash` (start from kFingerprintSeed).
inline uint64_t Fingerprint(std::string_view bytes, uint64_t hash = kFingerprintSeed) {
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

}  // namespace quarry
