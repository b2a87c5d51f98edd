// quarry-serve's HTTP server: the JSON API over a SearcherPool, and the
// search page compiled into the binary.
//
//   GET /api/search?q=&bank=&part=&section=&type=&topic=&limit=&offset=&verbatim=
//         bank, part, section, type and topic (schema::kFacets) may repeat:
//         OR within one, AND across them.
//         limit 1..100 (default 10), offset 0..1000000 (default 0),
//         q at most 1024 bytes; an empty q browses the bank in order.
//         verbatim=1 answers for the query exactly as typed: when it finds
//         nothing, no hits (and its own facet counts) rather than those of
//         the corrected query, which stays in "corrected_query" as a
//         suggestion. verbatim=0 (the default) lets the correction run.
//         log=0 leaves the search out of the query log (the page's own
//         probes for example searches); log=1 is the default.
//   GET /api/outline                      the index's banks, parts and
//         sections in order with their counts: {"questions": N, "banks":
//         [{"bank", "count"}], "parts": [{"part", "count", "sections":
//         [{"section", "count"}]}]}
//   GET /api/questions/{id}               the question ({id} may hold '/'),
//         plus "previous" and "next": its neighbours in bank order
//         ({"id","bank","part","section","number","text"}, null at either end)
//   GET /api/questions/{id}/related?limit= like questions (default 5)
//   GET /healthz                          {"status": "ok"} while the process
//         serves (alive), whatever the index
//   GET /readyz                           {"status": "ready", "questions": N,
//         "generation": G} when an index is open and answers a search; 503
//         {"error": "not ready: ..."} otherwise
//   GET /metrics                          Prometheus text format (web/metrics.h)
//   GET /api/stats?limit=&never_opened=   the maintainer's report over the
//         query log (searcher/query_stats.h ToJson), only with
//         ServerOptions::admin and to a client on this machine
//         (IsLocalClient, web/search_params.h); else 404 as for an unknown
//         path. Without a query log, a report with "logging": false. To
//         such a client /api/outline answers with "X-Quarry-Report: 1",
//         which the page shows a Report link for.
//   GET /openapi.json                     this API in OpenAPI 3.1
//         (web/static/openapi.json; tests/web/openapi_test.py holds the
//         server to it)
//   GET /                                 the search page
//   GET /q/{id}                           the search page showing question
//         {id}: a link that survives a reload; 404 (still the page, which
//         says so) when there is no such question
//   GET /static/{file}                    the page's script and style sheet
//
// Every answer is JSON except the page and its files. Errors are
// {"error": "..."}: 400 for a bad parameter (naming it) or an invalid
// query, 404 for an unknown id or path, 500 for anything else; an
// exception in a handler becomes a 500, never a dead server. Every
// response carries a strict Content-Security-Policy, nosniff and
// no-referrer headers.
//
// httplib stays behind this header: callers see only Server.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "searcher/query_log.h"
#include "searcher/searcher.h"
#include "web/access_log.h"

namespace quarry::web {

// Of the index served: why the last change to its banks was not indexed
// (empty: it was), and the bank warnings of what was indexed.
struct IndexNotes {
  std::string error;
  std::vector<std::string> warnings;
};

struct ServerOptions {
  // The address to listen on. The default serves this machine only.
  std::string host = "127.0.0.1";
  // The TCP port; 0 picks a free one (see Server::port()).
  int port = 8080;
  // The index folder written by quarry-index. Required.
  std::string db_path;
  // Further databases searched as one with db_path (local folders or
  // tcp://HOST:PORT: searcher/database_parts.h); db_path holds the
  // bank-wide data.
  std::vector<std::string> more_databases;
  // Worker threads, each serving one connection at a time; 0 means
  // DefaultThreadCount().
  size_t threads = 0;
  SearcherOptions searcher;
  // The search result cache (see web/response_cache.h): at most this many
  // answers and bytes; 0 entries turns it off.
  size_t cache_entries = 10000;
  size_t cache_bytes = size_t{64} << 20;
  // One line a request to stderr (web/access_log.h); off by default for a
  // server used as a library, text in quarry-serve.
  LogFormat log_format = LogFormat::kOff;
  // Log the path with its query string (what was searched).
  bool log_queries = false;
  // The query log (searcher/query_log.h): every search and question opened
  // is recorded there; null: none.
  std::shared_ptr<QueryLog> query_log;
  // Serve /api/stats (the report over query_log) to clients on this machine.
  bool admin = false;
  // What the index's keeper (quarry-serve --watch: indexer/bank_watcher.h)
  // has to say of the index being served: shown on /readyz, which stays
  // ready (the last index that indexed is served). Unset: nothing.
  std::function<IndexNotes()> index_notes;
};

// Twice the hardware threads, and at least 8.
size_t DefaultThreadCount();

// Thread safety: Start, Stop and the destructor are called from one
// controlling thread; requests are served on the server's own workers.
class Server {
 public:
  // Checks the options and opens the index, without listening yet. Fails
  // with InvalidArgument for bad options, or with the Searcher's status
  // (NotFound when there is no index at db_path, Corruption for an index
  // of another schema version).
  static Result<std::unique_ptr<Server>> Open(const ServerOptions& options);
  ~Server();  // Stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port and serves on a background thread. Returns the bound
  // port once the server accepts connections, or IOError when the address
  // cannot be bound. REQUIRES: called at most once.
  Result<int> Start();

  // Stops accepting, finishes the requests being served and joins the
  // workers. Idempotent; a no-op before Start().
  void Stop();

  // Opens the index afresh (each Searcher at its next use) and empties the
  // result cache: for SIGHUP. Thread-safe.
  void Reopen();

  // True from a successful Start() until Stop(), unless serving failed.
  bool running() const;

  // The bound port after Start(); 0 before.
  int port() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry::web
