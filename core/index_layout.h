// The on-disk layout of a Quarry index folder:
//
//   DIR/XAPIANDB   a Xapian stub file, "auto gen-N": the current generation
//   DIR/gen-N/     a complete Xapian glass database
//   DIR/.lock      held (flock) by the one build that may run at a time
//
// A replica that xapian-replicate keeps (DIR/XAPIANDB naming replica_N,
// after comment lines) reads as an index folder too.
//
// A sharded index (core/shards.h) also has a folder for each of its parts,
// DIR/PART/XAPIANDB naming "../gen-N/PART", switched right after DIR's.
//
// The indexer writes gen-N+1 and then renames a new stub over the old one,
// so switching generations is atomic. Readers may open DIR itself (Xapian
// follows the stub) or the generation CurrentGeneration() names.
#pragma once

#include <string>

#include "core/status.h"

namespace quarry::layout {

inline constexpr char kStubName[] = "XAPIANDB";
inline constexpr char kGenerationPrefix[] = "gen-";
inline constexpr char kLockName[] = ".lock";

// The path of the generation the stub of `db_path` names, or NotFound when
// `db_path` holds no Quarry index.
Result<std::string> CurrentGeneration(const std::string& db_path);

}  // namespace quarry::layout
