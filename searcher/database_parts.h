// The databases one Searcher reads as one: each --db a local index folder
// (one database, a sharded index, or one part of it: core/shards.h) or a
// database xapian-tcpsrv serves, "tcp://HOST:PORT".
//
// Xapian searches several databases as one, local or remote, summing their
// statistics, so the combined answer is the one database's. What its
// remote protocol does not carry (1.4.22: spelling, synonyms, metadata
// beyond the first database, value streams but document by document,
// MatchSpy and PostingSource subclasses of our own, MatchDecider, KeyMaker)
// the first part brings: it must be local and hold the bank-wide data.
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "core/status.h"

namespace quarry {

struct DatabasePart {
  std::string spec;  // as given: a folder, or tcp://HOST:PORT
  bool remote = false;
  std::string host;
  unsigned port = 0;
};

// Reads one --db. InvalidArgument for a tcp:// spec without HOST:PORT.
Result<DatabasePart> ParseDatabasePart(const std::string& spec);

struct RemoteOptions {
  // Every read or write of a remote database gives up after this long (a
  // shard that stops answering fails the call rather than hang it).
  unsigned timeout_ms = 2000;
  unsigned connect_timeout_ms = 1000;
};

struct OpenedParts {
  // Every part that answered, as one database: the first part's
  // databases first (its bank-wide part first of all).
  Xapian::Database combined;
  // The UUID of each sub-database of `combined`, in Xapian's order (a
  // document's docid d is sub-database (d - 1) % size's).
  std::vector<std::string> uuids;
  // The local parts' current generations, and the remote parts: a newer
  // generation anywhere local makes another key.
  std::string key;
  bool any_remote = false;
  // The parts given that did not answer (in `skip`, or failed to open
  // when `degrade`), by their index among those given.
  std::set<size_t> failed;
};

// Opens `parts` (the first one local), skipping those in `skip`. Fails
// with NotFound for a local folder with no index, Corruption for another
// schema version or parts of different builds, InvalidArgument when the
// first part does not hold the bank-wide data, and (unless `degrade`, when
// it is left out and counted in `failed`) IOError for a remote part that
// does not answer.
Result<OpenedParts> OpenDatabaseParts(const std::vector<DatabasePart>& parts, const RemoteOptions& remote,
                                      const std::set<size_t>& skip, bool degrade);

// The local parts' current generations and the remote specs, as
// OpenedParts::key has them: cheap (one stub read a local part).
std::string PartsKey(const std::vector<DatabasePart>& parts);

}  // namespace quarry
