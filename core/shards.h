// How a sharded index splits its questions, and what its parts are called.
//
// A sharded generation (quarry-index --shards N) is a folder of N+1 Xapian
// databases and a stub naming them, the bank-wide part first:
//
//   DIR/gen-K/XAPIANDB   "auto bank", "auto shard-0" ... "auto shard-N-1"
//   DIR/gen-K/bank/      metadata, spelling and synonyms; no documents
//   DIR/gen-K/shard-I/   the documents whose id ShardOf() puts in shard I
//
// Opening DIR (or DIR/gen-K) opens all of them as one database: Xapian sums
// their statistics, and reads metadata from the first, the bank part. Each
// part also has a folder of its own following the current generation
// (DIR/bank, DIR/shard-I, each with a stub "auto ../gen-K/NAME"), for
// xapian-tcpsrv to serve one shard, or a searcher to read the bank-wide
// part beside remote shards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace quarry::shards {

inline constexpr char kBankPart[] = "bank";
inline constexpr char kShardPrefix[] = "shard-";
// More would only multiply the work each query fans out to.
inline constexpr size_t kMaxShards = 64;

inline std::string ShardName(size_t shard) { return kShardPrefix + std::to_string(shard); }

// The shard of `count` that question `id` belongs in: a stable hash of the
// id (64-bit FNV-1a) through jump consistent hashing (Lamping and Veach,
// 2014), so a question always lands in the same shard, and going from N to
// N+1 shards moves only the 1/(N+1) of the questions the new shard takes.
// REQUIRES: count >= 1.
inline size_t ShardOf(std::string_view id, size_t count) {
  uint64_t key = 14695981039346656037ull;
  for (unsigned char c : id) key = (key ^ c) * 1099511628211ull;
  int64_t bucket = -1, next = 0;
  while (next < static_cast<int64_t>(count)) {
    bucket = next;
    key = key * 2862933555777941757ull + 1;
    next = static_cast<int64_t>(static_cast<double>(bucket + 1) *
                                (static_cast<double>(1ll << 31) / static_cast<double>((key >> 33) + 1)));
  }
  return static_cast<size_t>(bucket);
}

}  // namespace quarry::shards
