#include "searcher/database_parts.h"

#include <cstdlib>

#include "core/index_layout.h"
#include "core/schema.h"

namespace quarry {
namespace {

constexpr char kTcpScheme[] = "tcp://";

std::string Metadata(const Xapian::Database& db, std::string_view key) { return db.get_metadata(std::string(key)); }

// Splits a combined database's UUID ("a:b:c", Xapian's form) by sub-database.
std::vector<std::string> SubUuids(const Xapian::Database& db) {
  std::vector<std::string> out;
  const std::string all = db.get_uuid();
  size_t start = 0;
  while (start <= all.size()) {
    size_t colon = all.find(':', start);
    if (colon == std::string::npos) colon = all.size();
    out.push_back(all.substr(start, colon - start));
    start = colon + 1;
  }
  return out;
}

// Opens one part into `db`; throws Xapian::Error as Xapian does.
Status OpenPart(const DatabasePart& part, const RemoteOptions& remote, Xapian::Database& db) {
  if (part.remote) {
    db = Xapian::Remote::open(part.host, part.port, remote.timeout_ms, remote.connect_timeout_ms);
    return Status::Ok();
  }
  Result<std::string> generation = layout::CurrentGeneration(part.spec);
  if (!generation.ok()) return generation.status();
  db = Xapian::Database(*generation);
  return Status::Ok();
}

}  // namespace

Result<DatabasePart> ParseDatabasePart(const std::string& spec) {
  DatabasePart part;
  part.spec = spec;
  if (spec.rfind(kTcpScheme, 0) != 0) return part;
  const std::string address = spec.substr(sizeof kTcpScheme - 1);
  const size_t colon = address.rfind(':');
  char* end = nullptr;
  const long port = colon == std::string::npos ? 0 : std::strtol(address.c_str() + colon + 1, &end, 10);
  if (colon == 0 || colon == std::string::npos || end == nullptr || *end != '\0' || port <= 0 || port > 65535) {
    return Status::InvalidArgument("--db " + spec + ": a remote database is tcp://HOST:PORT");
  }
  part.remote = true;
  part.host = address.substr(0, colon);
  part.port = static_cast<unsigned>(port);
  return part;
}

std::string PartsKey(const std::vector<DatabasePart>& parts) {
  std::string key;
  for (const DatabasePart& part : parts) {
    std::string one = part.spec;
    if (!part.remote) {
      Result<std::string> generation = layout::CurrentGeneration(part.spec);
      one = generation.ok() ? *generation : part.spec + " (no index)";
    }
    key += (key.empty() ? "" : " + ") + one;
  }
  return key;
}

Result<OpenedParts> OpenDatabaseParts(const std::vector<DatabasePart>& parts, const RemoteOptions& remote,
                                      const std::set<size_t>& skip, bool degrade) {
  if (parts.empty()) return Status::InvalidArgument("no database to open");
  if (parts[0].remote) {
    return Status::InvalidArgument("--db " + parts[0].spec +
                                   ": the first database must be a local index folder (or its bank part, DIR/bank): "
                                   "it holds the spelling, synonyms and outline that Xapian's remote protocol does "
                                   "not carry");
  }
  OpenedParts opened;
  opened.key = PartsKey(parts);
  std::string build;
  for (size_t i = 0; i < parts.size(); ++i) {
    const DatabasePart& part = parts[i];
    opened.any_remote = opened.any_remote || part.remote;
    Xapian::Database db;
    try {
      if (i > 0 && skip.count(i)) {
        opened.failed.insert(i);
        continue;
      }
      if (Status s = OpenPart(part, remote, db); !s.ok()) return s;
      const std::string version = Metadata(db, schema::kMetaSchemaVersion);
      if (version != schema::kSchemaVersion) {
        return Status::Corruption(part.spec + ": index has schema version \"" + version + "\", this Quarry reads \"" +
                                  std::string(schema::kSchemaVersion) + "\"; rebuild it with quarry-index");
      }
      const std::string part_build = Metadata(db, schema::kMetaBuild);
      if (i == 0) {
        if (!Metadata(db, schema::kMetaShard).empty()) {
          return Status::InvalidArgument("--db " + part.spec +
                                         ": is one shard; the first database must hold the bank-wide data (the "
                                         "index folder, or its bank part DIR/bank)");
        }
        build = part_build;
      } else if (part_build != build) {
        return Status::Corruption(part.spec + ": is of build " + part_build + ", the first database of build " + build +
                                  "; serve parts of one build together");
      }
    } catch (const Xapian::NetworkError& e) {
      if (!degrade) return Status::IOError(part.spec + ": " + e.get_description());
      opened.failed.insert(i);
      continue;
    } catch (const Xapian::DatabaseOpeningError& e) {
      return Status::NotFound(part.spec + ": " + e.get_description());
    } catch (const Xapian::Error& e) {
      return Status::Corruption(part.spec + ": " + e.get_description());
    }
    if (i == 0) {
      opened.combined = db;
    } else {
      opened.combined.add_database(db);
    }
  }
  opened.uuids = SubUuids(opened.combined);
  return opened;
}

}  // namespace quarry
