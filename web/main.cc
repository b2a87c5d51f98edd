// quarry-serve: the search page and JSON API over an index.
//
//   quarry-serve --db DIR [--host H] [--port P] [--threads N]
//                [--cache-entries N] [--cache-mb N] [--in-memory-words N]
//                [--log-format text|json|off] [--log-queries]
//                [--query-log FILE] [--admin]
//   (each also QUARRY_DB, QUARRY_PORT, ... in the environment)
//
// Prints "quarry-serve: listening on http://H:P" (the bound port, so that
// --port 0 is usable) once it accepts connections, stops cleanly on SIGINT
// or SIGTERM (the requests in flight are finished) and reopens the index
// on SIGHUP. Exit status: 0 after a clean stop, 1 when serving
// fails, 2 for bad usage or an index that cannot be opened.
#include <malloc.h>
#include <signal.h>
#include <sys/mman.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <new>
#include <optional>
#include <string>
#include <thread>

#include "core/env_options.h"
#include "indexer/bank_watcher.h"
#include "web/memory_reserve.h"
#include "web/server.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitServeFailed = 1;
constexpr int kExitUsage = 2;
constexpr size_t kStartHeadroomBytes = size_t{32} << 20;

// True when `bytes` more of address space can be mapped: what a memory
// limit (RLIMIT_AS) leaves, tried without touching a page.
bool HasHeadroom(size_t bytes) {
  void* probe = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (probe == MAP_FAILED) return false;
  munmap(probe, bytes);
  return true;
}

// Parses the command line into `options`. Returns an exit status to leave
// with at once (after --help or an error), or -1 to go on.
int ParseCommandLine(int argc, char** argv, quarry::web::ServerOptions& options, std::string& watch) {
  po::options_description described("Usage: quarry-serve --db DIR [options]\n\nOptions");
  size_t cache_mb = options.cache_bytes >> 20;
  std::string log_format = "text";
  std::string query_log;
  std::vector<std::string> databases;
  std::string shard_failure = "degrade";
  // clang-format off
  described.add_options()
      ("help,h", "show this help and exit")
      ("db", po::value<std::vector<std::string>>(&databases)->value_name("DIR")->composing(),
       "the index folder written by quarry-index (required); given again, more databases searched as one: "
       "folders, or tcp://HOST:PORT served by xapian-tcpsrv (the first holds the bank-wide data: "
       "an index folder, or DIR/bank of a sharded one)")
      ("shard-failure", po::value<std::string>(&shard_failure)->value_name("F")->default_value(shard_failure),
       "when a remote database stops answering: degrade (answer from the others, saying which failed) "
       "or error (503)")
      ("remote-timeout-ms", po::value<unsigned>(&options.searcher.remote.timeout_ms)->value_name("MS")
           ->default_value(options.searcher.remote.timeout_ms),
       "how long any call to a remote database may take")
      ("host", po::value<std::string>(&options.host)->value_name("H")->default_value(options.host),
       "address to listen on")
      ("port", po::value<int>(&options.port)->value_name("P")->default_value(options.port),
       "TCP port to listen on; 0 picks a free one")
      ("threads", po::value<size_t>(&options.threads)->value_name("N"),
       "worker threads (default: twice the hardware threads, at least 8)")
      ("cache-entries", po::value<size_t>(&options.cache_entries)->value_name("N")
           ->default_value(options.cache_entries),
       "search answers kept in the result cache; 0 turns the cache off")
      ("cache-mb", po::value<size_t>(&cache_mb)->value_name("N")->default_value(cache_mb),
       "most megabytes the result cache holds")
      ("in-memory-words", po::value<uint64_t>(&options.searcher.in_memory_max_words)->value_name("N")
           ->default_value(options.searcher.in_memory_max_words),
       "a bank of at most N indexed words is searched from a copy in memory, one per worker "
       "(about 150 bytes a word each); 0: always from disk")
      ("log-format", po::value<std::string>(&log_format)->value_name("F")->default_value(log_format),
       "the access log on stderr, one line a request: text, json or off")
      ("log-queries", po::value<bool>(&options.log_queries)->value_name("0|1")->default_value(false)
           ->implicit_value(true),
       "log each path with its query string (what was searched)")
      ("query-log", po::value<std::string>(&query_log)->value_name("FILE"),
       "append every search (query, hits, filters, time) and question opened to FILE, "
       "JSON Lines, for quarry-search --stats; never a client's address (default: off)")
      ("admin", po::value<bool>(&options.admin)->value_name("0|1")->default_value(false)
           ->implicit_value(true),
       "serve the query report (GET /api/stats, the page's Report) to this machine's clients")
      ("watch", po::value<std::string>(&watch)->value_name("DIR"),
       "index the bank folder DIR into --db at start, then again as its files change "
       "(a change that does not index keeps the index and shows on /readyz)");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(described).run(), vm);
    quarry::StoreEnvironment(described, vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "quarry-serve: " << e.what() << "\n(try --help)\n";
    return kExitUsage;
  }
  options.cache_bytes = cache_mb << 20;
  if (vm.count("help")) {
    std::cout << described << "\n"
              << quarry::EnvironmentHelp(described)
              << "\nServes the search page at / and the JSON API at /api/. Stops on SIGINT or\n"
                 "SIGTERM (finishing the requests in flight), reopens the index (and the\n"
                 "query log, after logrotate) on SIGHUP.\n"
                 "Exit status: 0 after a clean stop, 1 when serving fails, 2 for bad usage\n"
                 "or an index or query log that cannot be opened.\n";
    return kExitOk;
  }
  if (std::optional<quarry::web::LogFormat> format = quarry::web::ParseLogFormat(log_format)) {
    options.log_format = *format;
  } else {
    std::cerr << "quarry-serve: --log-format must be text, json or off, not \"" << log_format << "\"\n";
    return kExitUsage;
  }
  if (databases.empty()) {
    std::cerr << "quarry-serve: --db DIR is required (an index built by quarry-index)\n";
    return kExitUsage;
  }
  options.db_path = databases[0];
  options.more_databases.assign(databases.begin() + 1, databases.end());
  if (shard_failure == "degrade" || shard_failure == "error") {
    options.searcher.shard_failure = shard_failure == "error" ? quarry::SearcherOptions::ShardFailure::kFail
                                                              : quarry::SearcherOptions::ShardFailure::kDegrade;
  } else {
    std::cerr << "quarry-serve: --shard-failure must be degrade or error, not \"" << shard_failure << "\"\n";
    return kExitUsage;
  }
  if (vm.count("threads") && options.threads == 0) {
    std::cerr << "quarry-serve: --threads must be at least 1\n";
    return kExitUsage;
  }
  if (vm.count("query-log")) {
    auto opened = quarry::QueryLog::Open(query_log);
    if (!opened.ok()) {
      std::cerr << "quarry-serve: --query-log: " << opened.status().message() << "\n";
      return kExitUsage;
    }
    options.query_log = std::move(opened).value();
  }
  return -1;
}

std::string UrlOf(const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

int Serve(int argc, char** argv) {
  quarry::web::ServerOptions options;
  std::string watch;
  if (int exit_status = ParseCommandLine(argc, argv, options, watch); exit_status >= 0) {
    return exit_status;
  }

  // One malloc arena per core, not glibc's eight: with a worker thread per
  // connection the extra arenas only hold freed memory apart (RSS kept
  // growing for 100,000 requests of a mixed load), and each reserves 64 MB
  // of address space against a ulimit -v.
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));

  // ICU crashes (SIGSEGV in BreakIterator::buildInstance) when an
  // allocation fails while it loads a break iterator's rules, which opening
  // the index does first: under a limit too tight for that, refuse to start.
  if (!HasHeadroom(kStartHeadroomBytes)) {
    std::cerr << "quarry-serve: out of memory before serving: less than " << (kStartHeadroomBytes >> 20)
              << " MB of address space left under the memory limit (ulimit -v)\n";
    return kExitServeFailed;
  }

  // Room for the work in flight when an allocation first fails under a
  // memory limit (a response is at most a few megabytes).
  quarry::web::InstallMemoryReserve(4 << 20);

  // Signals are taken synchronously below; block them before any worker
  // thread starts so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // --watch: the folder is indexed before the server opens the index (when
  // there is none yet; else the index there is served meanwhile).
  std::unique_ptr<quarry::BankWatcher> watcher;
  if (!watch.empty()) {
    quarry::BankWatcherOptions watching;
    watching.folder = watch;
    watching.db_path = options.db_path;
    watching.log = [](const std::string& line) { std::cerr << "quarry-serve: " + line + "\n" << std::flush; };
    auto started = quarry::BankWatcher::Start(watching);
    if (!started.ok()) {
      std::cerr << "quarry-serve: --watch " << watch << ": " << started.status().message() << "\n";
      return kExitUsage;
    }
    watcher = std::move(started).value();
    options.index_notes = [w = watcher.get()] {
      quarry::BankWatchStatus status = w->status();
      return quarry::web::IndexNotes{status.error, status.warnings};
    };
  }
  auto server = quarry::web::Server::Open(options);
  if (!server.ok()) {
    std::cerr << "quarry-serve: cannot open the index at " << options.db_path << ": "
              << server.status().ToString() << "\n";
    return kExitUsage;
  }

  signal(SIGPIPE, SIG_IGN);  // a client hanging up is not our death

  auto port = (*server)->Start();
  if (!port.ok()) {
    std::cerr << "quarry-serve: " << port.status().ToString() << "\n";
    return kExitServeFailed;
  }
  std::cout << "quarry-serve: listening on " << UrlOf(options.host, *port) << std::endl;

  const timespec poll_interval = {0, 200 * 1000 * 1000};
  while ((*server)->running()) {
    int signal_number = sigtimedwait(&stop_signals, nullptr, &poll_interval);
    if (signal_number == SIGHUP) {
      (*server)->Reopen();
      std::cout << "quarry-serve: reopened the index" << std::endl;
      // After logrotate moved it: records go to a new file at its path.
      if (options.query_log) {
        if (quarry::Status s = options.query_log->Reopen(); !s.ok()) {
          std::cerr << "quarry-serve: --query-log: " << s.message() << "; logging on to the old file\n";
        }
      }
      continue;
    }
    if (signal_number == SIGINT || signal_number == SIGTERM) {
      std::cout << "quarry-serve: stopping" << std::endl;
      (*server)->Stop();
      return kExitOk;
    }
  }
  std::cerr << "quarry-serve: the server stopped unexpectedly\n";
  return kExitServeFailed;
}

}  // namespace

int main(int argc, char** argv) {
  // Under a memory limit, opening the index or starting the workers can run
  // out; that is a failure to serve with a message, not an abort. (Requests
  // that run out are answered 503 by the server itself.)
  try {
    return Serve(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "quarry-serve: out of memory before serving (raise the memory limit)\n";
    return kExitServeFailed;
  }
}
