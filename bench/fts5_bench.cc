// bench-fts5: SQLite FTS5, Quarry's peer, measured the way bench-quarry
// measures Quarry: same corpus (read by the same quarry::LoadCorpus), same
// query log, same timing.
//
//   bench-fts5 build --corpus PATH... --db FILE
//       one FTS5 table, tokenize 'porter unicode61', every question inserted
//       in one transaction, then 'optimize'. Prints JSON: seconds (load,
//       insert + commit, optimize), peak memory, database size.
//   bench-fts5 search --db FILE --queries FILE [--warmup 1] [--passes 1]
//                     [--latencies FILE]
//       per query: the bm25 top 10 (with highlight() of the question text,
//       as Quarry returns a marked snippet) and a GROUP BY section over
//       every match (Quarry's section facet counts). Prints JSON like
//       bench-quarry search.
//
// A query becomes what an application over FTS5 would send: its words
// (runs of ASCII letters and digits, and of non-ASCII bytes) each quoted,
// so that FTS5's syntax never fails, joined with OR (ranked retrieval, as
// Quarry's "any of the words"); for a "prefix" query of the log the last
// word is "word"*. Exit status 0, or 2 with a message on stderr.
#include <sqlite3.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "indexer/corpus_loader.h"

namespace {

using nlohmann::json;
using quarry::bench::Args;
using quarry::bench::LoggedQuery;
using quarry::bench::QueryOutcome;

constexpr int kExitOk = 0;
constexpr int kExitError = 2;

int Fail(const std::string& message) {
  std::cerr << "bench-fts5: " << message << "\n";
  return kExitError;
}

// An open database, closed when it goes.
class Db {
 public:
  ~Db() { sqlite3_close(db_); }
  bool Open(const std::string& path, int flags) {
    return sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) == SQLITE_OK;
  }
  sqlite3* get() const { return db_; }
  std::string error() const { return db_ ? sqlite3_errmsg(db_) : "out of memory"; }
  bool Exec(const char* sql) {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

 private:
  sqlite3* db_ = nullptr;
};

// A prepared statement, finalized when it goes.
class Statement {
 public:
  ~Statement() { sqlite3_finalize(stmt_); }
  bool Prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) == SQLITE_OK;
  }
  sqlite3_stmt* get() const { return stmt_; }
  void BindText(int i, const std::string& text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

int Build(const Args& args) {
  const std::vector<std::string> paths = args.GetAll("corpus");
  const std::string path = args.Get("db");
  if (paths.empty() || path.empty())
    return Fail("usage: bench-fts5 build --corpus PATH... --db FILE");
  auto started = std::chrono::steady_clock::now();
  quarry::Result<quarry::Corpus> corpus = quarry::LoadCorpus(paths);
  if (!corpus.ok()) return Fail(corpus.status().ToString());
  const double load_seconds = quarry::bench::SecondsSince(started);

  std::error_code ec;
  std::filesystem::remove(path, ec);  // a cold build
  std::filesystem::remove(path + "-journal", ec);
  auto insert_started = std::chrono::steady_clock::now();
  Db db;
  if (!db.Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
    return Fail(path + ": " + db.error());
  if (!db.Exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, section, text, body, tags, "
               "tokenize='porter unicode61')") ||
      !db.Exec("BEGIN")) {
    return Fail(db.error());
  }
  {
    Statement insert;
    if (!insert.Prepare(db.get(),
                        "INSERT INTO docs(id, section, text, body, tags) VALUES (?, ?, ?, ?, ?)")) {
      return Fail(db.error());
    }
    for (const quarry::Question& q : corpus->questions) {
      std::string tags;
      for (const std::string& t : q.tags) tags += (tags.empty() ? "" : " ") + t;
      insert.BindText(1, q.id);
      insert.BindText(2, q.section);
      insert.BindText(3, q.text);
      insert.BindText(4, q.body);
      insert.BindText(5, tags);
      if (sqlite3_step(insert.get()) != SQLITE_DONE) return Fail(db.error());
      sqlite3_reset(insert.get());
    }
  }
  if (!db.Exec("COMMIT")) return Fail(db.error());
  const double insert_seconds = quarry::bench::SecondsSince(insert_started);
  const uint64_t bytes_before_optimize = quarry::bench::DiskBytes(path);

  auto optimize_started = std::chrono::steady_clock::now();
  if (!db.Exec("INSERT INTO docs(docs) VALUES('optimize')")) return Fail(db.error());
  const double optimize_seconds = quarry::bench::SecondsSince(optimize_started);

  json out = {
      {"engine", "fts5"},
      {"sqlite_version", sqlite3_libversion()},
      {"documents", corpus->questions.size()},
      {"load_seconds", load_seconds},
      {"index_seconds", insert_seconds},  // inserts and commit; the build compared
      {"optimize_seconds", optimize_seconds},
      {"total_seconds", load_seconds + insert_seconds},
      {"cpu_seconds", quarry::bench::CpuSeconds()},  // the whole process
      {"peak_rss_bytes", quarry::bench::PeakRssBytes()},
      {"index_bytes", quarry::bench::DiskBytes(path)},
      {"index_bytes_before_optimize", bytes_before_optimize},
  };
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// The MATCH expression for a query of the log; "" when it has no words.
std::string MatchExpression(const LoggedQuery& q) {
  std::vector<std::string> words;
  std::string word;
  for (unsigned char c : q.text + " ") {
    if (IsWordByte(c)) {
      word += static_cast<char>(c);
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  std::string match;
  for (size_t i = 0; i < words.size(); ++i) {
    // A word holds no '"' (it is cut at every ASCII symbol), so quoting is safe.
    match += (i ? " OR \"" : "\"") + words[i] + "\"";
    if (i + 1 == words.size() && q.kind == "prefix") match += "*";
  }
  return match;
}

int Search(const Args& args) {
  const std::string path = args.Get("db");
  const std::string log_path = args.Get("queries");
  if (path.empty() || log_path.empty()) {
    return Fail(
        "usage: bench-fts5 search --db FILE --queries FILE [--warmup N] [--passes N] "
        "[--latencies FILE]");
  }
  std::vector<LoggedQuery> log;
  std::string error;
  if (!quarry::bench::ReadQueryLog(log_path, log, error)) return Fail(error);

  Db db;
  if (!std::filesystem::exists(path) || !db.Open(path, SQLITE_OPEN_READONLY)) {
    return Fail(path + ": cannot open");
  }
  Statement top, facets;
  if (!top.Prepare(db.get(),
                   "SELECT id, section, highlight(docs, 2, '<mark>', '</mark>'), rank FROM docs "
                   "WHERE docs MATCH ?1 ORDER BY rank LIMIT 10") ||
      !facets.Prepare(db.get(),
                      "SELECT section, count(*) FROM docs WHERE docs MATCH ?1 "
                      "GROUP BY section ORDER BY 2 DESC")) {
    return Fail(db.error());
  }
  auto search = [&](const LoggedQuery& q) {
    QueryOutcome outcome;
    const std::string match = MatchExpression(q);
    if (match.empty()) return outcome;
    top.BindText(1, match);
    int rc;
    while ((rc = sqlite3_step(top.get())) == SQLITE_ROW) {
      // Read the columns, as an application would.
      for (int c = 0; c < 3; ++c) sqlite3_column_text(top.get(), c);
      ++outcome.hits;
    }
    outcome.ok = rc == SQLITE_DONE;
    sqlite3_reset(top.get());
    facets.BindText(1, match);
    while ((rc = sqlite3_step(facets.get())) == SQLITE_ROW) {
      sqlite3_column_text(facets.get(), 0);
      outcome.total += static_cast<uint64_t>(sqlite3_column_int64(facets.get(), 1));
    }
    outcome.ok = outcome.ok && rc == SQLITE_DONE;
    sqlite3_reset(facets.get());
    return outcome;
  };
  quarry::bench::LogRun run =
      quarry::bench::RunLog(log, static_cast<int>(args.GetInt("warmup", 1)),
                            static_cast<int>(args.GetInt("passes", 1)), search);
  if (args.Has("latencies") && !quarry::bench::WriteLatencies(args.Get("latencies"), run, log)) {
    return Fail(args.Get("latencies") + ": cannot write");
  }
  json out = quarry::bench::LogRunJson(run, log);
  out["engine"] = "fts5";
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage = "usage: bench-fts5 build|search [options] (see bench/README.md)";
  if (argc < 2) return Fail(usage);
  const std::string mode = argv[1];
  Args args;
  std::string error;
  if (!args.Parse(argc, argv, 2, {}, error)) return Fail(error);
  if (mode == "build") return Build(args);
  if (mode == "search") return Search(args);
  return Fail(usage);
}
