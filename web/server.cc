#include "web/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "core/index_layout.h"
#include "searcher/facets.h"
#include "searcher/json_encoding.h"
#include "searcher/query_stats.h"
#include "web/access_log.h"
#include "web/api_json.h"
#include "web/memory_reserve.h"
#include "web/metrics.h"
#include "web/response_cache.h"
#include "web/search_params.h"
#include "web/searcher_pool.h"
#include "web/static_assets.h"
#include "web/worker_pool.h"

namespace quarry::web {
namespace {

using httplib::Request;
using httplib::Response;
// Keys keep the order the encoder gives them, as the API documents.
using json = nlohmann::ordered_json;

constexpr char kJsonType[] = "application/json; charset=utf-8";
constexpr size_t kDefaultRelated = 5;
constexpr time_t kKeepAliveSeconds = 2;

// The request a worker is serving: when it began (its routing; zero for a
// request httplib refused before routing) and the route that took it, for
// the access log and the metrics. A worker serves one request at a time.
struct RequestTrace {
  std::chrono::steady_clock::time_point start{};
  const char* route = nullptr;
};
thread_local RequestTrace trace;

// Sent with every response, errors included.
httplib::Headers SecurityHeaders() {
  return {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
  };
}

int HttpStatusOf(const Status& status) {
  switch (status.code()) {
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

// Replaces invalid UTF-8 (a query may hold any bytes) rather than throw.
std::string Encode(const json& body) { return EncodeJson(body); }

void ReplyEncoded(Response& res, int http_status, std::string body) {
  res.status = http_status;
  res.set_content(std::move(body), kJsonType);
  res.set_header("Cache-Control", "no-store");
}

void ReplyJson(Response& res, int http_status, const json& body) {
  ReplyEncoded(res, http_status, Encode(body));
}

// Out of memory (a ulimit): this request fails, the server goes on, the
// client may try again. No JSON object is built: nlohmann::json allocates
// in its destructor, where a failure would end the process.
void ReplyOutOfMemory(Response& res) {
  res.status = 503;
  try {
    res.set_content("{\"error\":\"out of memory\"}", kJsonType);
    res.set_header("Retry-After", "1");
    res.set_header("Cache-Control", "no-store");
  } catch (const std::bad_alloc&) {
  }
}

// A generation's folder name ("gen-12"), not its path on this machine.
// A Searcher's generation ("DIR/gen-3", or for several databases
// "DIR/gen-3 + tcp://..."): the first database's folder name.
std::string GenerationName(const std::string& generation_path) {
  return std::filesystem::path(generation_path.substr(0, generation_path.find(" + "))).filename().string();
}

void ReplyError(Response& res, const Status& status) {
  ReplyJson(res, HttpStatusOf(status),
            ErrorJson(status.message().empty() ? status.ToString() : status.message()));
}

std::string ErrorMessageFor(const Request& req, int http_status) {
  switch (http_status) {
    case 404:
      return "no such path: " + req.path;
    case 400:
      return "bad request";
    case 413:
      return "request too large";
    case 414:
      return "request URI too long";
    default:
      return "HTTP error " + std::to_string(http_status);
  }
}

// The handlers: parse and validate, call the searcher, map the status,
// encode JSON. No search logic lives here.
class Api {
 public:
  Api(std::string db_path, std::vector<DatabasePart> parts, SearcherPool& pool, ResponseCache& cache,
      Metrics& metrics, std::shared_ptr<QueryLog> query_log, bool admin, std::function<IndexNotes()> index_notes)
      : db_path_(std::move(db_path)), parts_(std::move(parts)), pool_(pool), cache_(cache), metrics_(metrics),
        query_log_(std::move(query_log)), admin_(admin), index_notes_(std::move(index_notes)) {}

  void get_search(const Request& req, Response& res) {
    const auto started = std::chrono::steady_clock::now();
    Result<SearchRequest> request = ParseSearchParams(req);
    if (!request.ok()) return ReplyError(res, request.status());
    Result<bool> logged = LogParam(req);
    if (!logged.ok()) return ReplyError(res, logged.status());
    QueryLog* const log = *logged && IsLoggedSearch(*request) ? query_log_.get() : nullptr;
    const std::string key = cache_.enabled() ? CanonicalKey(*request) : std::string();
    if (cache_.enabled()) {
      // The generation the index names now: a hit needs no Searcher.
      if (Result<std::string> current = CurrentKey(); current.ok()) {
        std::shared_ptr<const std::string> cached = cache_.Get(*current, key);
        metrics_.CountCacheLookup(cached != nullptr);
        if (cached) {
          if (log) log->RecordSearch(*request, OutcomeOfJson(*cached), MsSince(started), true);
          return ReplyEncoded(res, 200, *cached);
        }
      }
    }
    Result<SearcherPool::Lease> searcher = pool_.Borrow();
    if (!searcher.ok()) return ReplyError(res, searcher.status());
    // Borrow() refreshed the searcher: what it answers from.
    const std::string& generation = (*searcher)->Generation();
    Result<SearchResponse> response = (*searcher)->Search(*request);
    if (!response.ok()) return ReplyError(res, response.status());
    metrics_.CountSearch(response->total == 0 && response->related_total == 0);
    if (log) log->RecordSearch(*request, OutcomeOf(*response), MsSince(started), false);
    std::string body = Encode(ToJson(*response));
    // An answer without a database that failed is not kept.
    if (response->failed_databases.empty()) cache_.Put(generation, key, body);
    ReplyEncoded(res, 200, std::move(body));
  }

  void get_outline(const Request& req, Response& res) {
    Result<SearcherPool::Lease> searcher = pool_.Borrow();
    if (!searcher.ok()) return ReplyError(res, searcher.status());
    ReplyJson(
        res, 200,
        OutlineToJson((*searcher)->Banks(), (*searcher)->Outline(), (*searcher)->QuestionCount()));
    if (ServesReportTo(req)) res.set_header("X-Quarry-Report", "1");
  }

  void get_question(const Request& req, Response& res) {
    const std::string id = req.matches[1];
    Result<SearcherPool::Lease> searcher = pool_.Borrow();
    if (!searcher.ok()) return ReplyError(res, searcher.status());
    Result<Question> question = (*searcher)->Get(id);
    if (!question.ok()) return ReplyError(res, question.status());
    Result<Searcher::Neighbours> neighbours = (*searcher)->NeighboursOf(id);
    if (!neighbours.ok()) return ReplyError(res, neighbours.status());
    if (query_log_) query_log_->RecordOpen(question->id, "api");
    ReplyJson(res, 200, QuestionToJson(*question, *neighbours));
  }

  void get_related(const Request& req, Response& res) {
    const std::string id = req.matches[1];
    Result<size_t> limit = CountParam(req, "limit", kDefaultRelated, 1, SearchRequest::kMaxLimit);
    if (!limit.ok()) return ReplyError(res, limit.status());
    Result<SearcherPool::Lease> searcher = pool_.Borrow();
    if (!searcher.ok()) return ReplyError(res, searcher.status());
    Result<std::vector<Hit>> related = (*searcher)->Related(id, *limit);
    if (!related.ok()) return ReplyError(res, related.status());
    ReplyJson(res, 200, RelatedToJson(id, *related));
  }

  // Alive: answers while the process serves, whatever the index.
  void get_healthz(const Request&, Response& res) { ReplyJson(res, 200, json{{"status", "ok"}}); }

  // Ready: an index open and answering a search, or 503 saying why not.
  void get_readyz(const Request&, Response& res) {
    Result<SearcherPool::Lease> searcher = pool_.Borrow();
    if (!searcher.ok()) return ReplyJson(res, 503, ErrorJson("not ready: " + searcher.status().ToString()));
    SearchRequest probe;
    probe.limit = 1;
    if (Result<SearchResponse> answered = (*searcher)->Search(probe); !answered.ok()) {
      return ReplyJson(res, 503, ErrorJson("not ready: " + answered.status().ToString()));
    }
    json ready{{"status", "ready"}, {"questions", (*searcher)->QuestionCount()},
               {"generation", GenerationName((*searcher)->Generation())}};
    if (index_notes_) {
      IndexNotes notes = index_notes_();
      json warnings = json::array();
      if (!notes.error.empty()) warnings.push_back("index left unchanged: " + notes.error);
      for (std::string& w : notes.warnings) warnings.push_back(std::move(w));
      if (!warnings.empty()) ready["warnings"] = std::move(warnings);
    }
    ReplyJson(res, 200, ready);
  }

  void get_metrics(const Request&, Response& res) {
    Metrics::IndexState index;
    if (Result<SearcherPool::Lease> searcher = pool_.Borrow(); searcher.ok()) {
      index.open = true;
      index.questions = (*searcher)->QuestionCount();
      index.generation = GenerationName((*searcher)->Generation());
    }
    index.reloads = pool_.reloads();
    index.reload_failures = pool_.reload_failures();
    res.status = 200;
    res.set_content(metrics_.Render(index), "text/plain; version=0.0.4; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
  }

  void get_page(const Request&, Response& res) { ReplyAsset(res, "index.html"); }

  // /q/{id}: the page, which shows the question. Its status says whether
  // the question exists (404 when not; the page then says so itself).
  void get_question_page(const Request& req, Response& res) {
    int status = 200;
    Result<SearcherPool::Lease> searcher = pool_.Borrow();
    if (!searcher.ok()) {
      status = HttpStatusOf(searcher.status());
    } else if (Result<Question> question = (*searcher)->Get(req.matches[1]); !question.ok()) {
      status = HttpStatusOf(question.status());
    } else if (query_log_) {
      query_log_->RecordOpen(question->id, "page");
    }
    ReplyAsset(res, "index.html");
    res.status = status;
  }

  void get_static(const Request& req, Response& res) { ReplyAsset(res, req.matches[1].str()); }

  // The API described in OpenAPI 3.1 (web/static/openapi.json).
  void get_openapi(const Request&, Response& res) { ReplyAsset(res, "openapi.json"); }

  // The maintainer's report, to an admin server's own machine only:
  // anyone else gets the 404 of a path that does not exist.
  void get_stats(const Request& req, Response& res) {
    if (!ServesReportTo(req)) return ReplyJson(res, 404, ErrorJson(ErrorMessageFor(req, 404)));
    Result<StatsLimits> limits = ParseStatsParams(req);
    if (!limits.ok()) return ReplyError(res, limits.status());
    Result<SearcherPool::Lease> searcher = pool_.Borrow();
    if (!searcher.ok()) return ReplyError(res, searcher.status());
    Result<StatsReport> report =
        ReportForIndex(query_log_ ? query_log_->path() : std::string(), **searcher, *limits);
    if (!report.ok()) return ReplyError(res, report.status());
    ReplyJson(res, 200, ToJson(*report));
  }

 private:
  bool ServesReportTo(const Request& req) const { return admin_ && IsLocalClient(req); }

  static double MsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }

  static void ReplyAsset(Response& res, std::string_view name) {
    const StaticAsset* asset = FindStaticAsset(name);
    if (asset == nullptr) {
      return ReplyJson(res, 404, ErrorJson("no such file: " + std::string(name)));
    }
    res.status = 200;
    res.set_content(asset->bytes.data(), asset->bytes.size(),
                    std::string(asset->content_type).c_str());
    res.set_header("Cache-Control", "no-cache");
  }

  // What the databases are now, as Searcher::Generation() will say it.
  Result<std::string> CurrentKey() const {
    if (parts_.size() <= 1) return layout::CurrentGeneration(db_path_);
    return PartsKey(parts_);
  }

  const std::string db_path_;
  std::vector<DatabasePart> parts_;  // with more databases than db_path_: all of them
  SearcherPool& pool_;
  ResponseCache& cache_;
  Metrics& metrics_;
  const std::shared_ptr<QueryLog> query_log_;  // null: none
  const bool admin_;
  const std::function<IndexNotes()> index_notes_;  // unset: nothing to say
};

// The whole route table. Order matters: the first matching pattern wins,
// so /related comes before the bare question route.
void AddRoutes(httplib::Server& http, Api& api) {
  // `name` is the route as the metrics label it.
  auto route = [&api](const char* name, void (Api::*handler)(const Request&, Response&)) {
    return [&api, name, handler](const Request& req, Response& res) {
      trace.route = name;
      (api.*handler)(req, res);
    };
  };
  http.Get("/", route("/", &Api::get_page));
  http.Get("/q/(.+)", route("/q/{id}", &Api::get_question_page));
  http.Get("/static/([^/]+)", route("/static/{file}", &Api::get_static));
  http.Get("/api/search", route("/api/search", &Api::get_search));
  http.Get("/api/outline", route("/api/outline", &Api::get_outline));
  http.Get("/api/questions/(.+)/related", route("/api/questions/{id}/related", &Api::get_related));
  http.Get("/api/questions/(.+)", route("/api/questions/{id}", &Api::get_question));
  http.Get("/healthz", route("/healthz", &Api::get_healthz));
  http.Get("/readyz", route("/readyz", &Api::get_readyz));
  http.Get("/metrics", route("/metrics", &Api::get_metrics));
  http.Get("/openapi.json", route("/openapi.json", &Api::get_openapi));
  http.Get("/api/stats", route("/api/stats", &Api::get_stats));
}

// Errors outside the handlers (unknown path, malformed request) and
// exceptions escaping them become JSON too.
// Requests no route of ours can take, answered before a byte of a body
// is read (the API and the page take no body); several ranges of one
// answer are ignored.
void AddRequestChecks(httplib::Server& http) {
  http.set_pre_routing_handler([](const Request& req, Response& res) {
    trace = RequestTrace{std::chrono::steady_clock::now(), nullptr};
    if (!MemoryReserveHeld()) {
      // Memory ran short and has not come back: fail this request at once,
      // cheaply, rather than start it (web/memory_reserve.h).
      ReplyOutOfMemory(res);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (std::optional<Refusal> refusal = RefuseBeforeRouting(req)) {
      if (refusal->status == 405) res.set_header("Allow", "GET, HEAD");
      ReplyJson(res, refusal->status, ErrorJson(refusal->reason));
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.ranges.size() > 1) {
      // Several ranges would multiply the answer (2,600 of "0-" made 90 MB
      // of a 34 KB one), and httplib applies them even to an error's body:
      // the whole answer is sent instead, as RFC 9110 allows. The request
      // is httplib's own, not const; clearing its parsed ranges is the one
      // way 0.11's API leaves to ignore them.
      const_cast<Request&>(req).ranges.clear();
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

void AddErrorHandlers(httplib::Server& http, const ServerOptions& options, Metrics& metrics) {
  http.set_error_handler([](const Request& req, Response& res) {
    if (!res.body.empty()) return;  // a handler's own JSON error
    ReplyJson(res, res.status, ErrorJson(ErrorMessageFor(req, res.status)));
  });
  http.set_exception_handler([](const Request&, Response& res, std::exception_ptr error) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(error);
    } catch (const std::bad_alloc&) {
      return ReplyOutOfMemory(res);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    try {
      ReplyJson(res, 500, ErrorJson("internal error: " + what));
    } catch (...) {
      res.status = 500;
    }
  });
  // Called once a response is written: the access log and the metrics.
  http.set_logger([format = options.log_format, queries = options.log_queries, &metrics](const Request& req,
                                                                                         const Response& res) {
    const RequestTrace done = trace;
    trace = RequestTrace{};
    const double seconds =
        done.start == std::chrono::steady_clock::time_point{}
            ? 0
            : std::chrono::duration<double>(std::chrono::steady_clock::now() - done.start).count();
    try {
      metrics.ObserveRequest(done.route != nullptr ? done.route : "other", res.status, seconds);
      if (format == LogFormat::kOff) {
        if (res.status >= 500) {
          std::fprintf(stderr, "quarry-serve: %d for %s %s\n", res.status, req.method.c_str(), req.path.c_str());
        }
        return;
      }
      const std::string line = FormatAccessLine(
          format, {req.method, queries && !req.target.empty() ? req.target : req.path, res.status, seconds * 1000,
                   res.body.size()});
      std::fwrite(line.data(), 1, line.size(), stderr);
    } catch (const std::bad_alloc&) {
      // Out of memory: the request was answered; its line is lost.
    }
  });
}

// httplib 0.11 listens with a backlog of 5: a burst of connections (a
// browser opens several at once) overflows it, and the dropped ones wait
// for a SYN retransmission, a whole second. Listening again on the bound
// socket raises the backlog in place (Linux).
class HttpServer : public httplib::Server {
 public:
  void RaiseListenBacklog() { ::listen(svr_sock_, SOMAXCONN); }
};

}  // namespace

size_t DefaultThreadCount() {
  return std::max<size_t>(8, 2 * static_cast<size_t>(std::thread::hardware_concurrency()));
}

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<SearcherPool> pool;
  std::unique_ptr<ResponseCache> cache;
  std::unique_ptr<Api> api;
  Metrics metrics;
  HttpServer http;
  std::thread thread;
  std::atomic<bool> listen_returned{false};
  std::atomic<bool> workers_started{false};  // httplib has made its task queue
  int port = 0;
};

Result<std::unique_ptr<Server>> Server::Open(const ServerOptions& options) {
  if (options.db_path.empty()) return Status::InvalidArgument("no index folder given");
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("port must be from 0 to 65535, not " +
                                   std::to_string(options.port));
  }
  std::vector<std::string> databases{options.db_path};
  databases.insert(databases.end(), options.more_databases.begin(), options.more_databases.end());
  std::vector<DatabasePart> parts;
  for (const std::string& spec : databases) {
    Result<DatabasePart> part = ParseDatabasePart(spec);
    if (!part.ok()) return part.status();
    parts.push_back(*part);
  }
  if (parts.size() == 1) parts.clear();
  Result<std::unique_ptr<SearcherPool>> pool = SearcherPool::Open(databases, options.searcher);
  if (!pool.ok()) return pool.status();

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->pool = std::move(pool).value();
  impl->cache = std::make_unique<ResponseCache>(options.cache_entries, options.cache_bytes);
  impl->api = std::make_unique<Api>(options.db_path, std::move(parts), *impl->pool, *impl->cache, impl->metrics,
                                    options.query_log, options.admin, options.index_notes);
  const size_t threads = options.threads > 0 ? options.threads : DefaultThreadCount();
  httplib::Server& http = impl->http;
  http.new_task_queue = [threads, &started = impl->workers_started] {
    auto* pool = new WorkerPool(threads);
    started = true;
    return pool;
  };
  http.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which would let a second
  // server share (and silently split) a busy port instead of failing.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http.set_payload_max_length(64 * 1024);  // the API takes no request bodies
  // Each open connection holds a worker while it waits for its next request.
  // httplib's 5 s default lets a browser's idle connections (it keeps up to
  // six) starve the workers and stall other clients' new connections that
  // long; a page asks again well within 2 s while it is in use.
  http.set_keep_alive_timeout(kKeepAliveSeconds);
  http.set_default_headers(SecurityHeaders());
  AddRequestChecks(http);
  AddRoutes(http, *impl->api);
  AddErrorHandlers(http, impl->options, impl->metrics);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

Result<int> Server::Start() {
  Impl& s = *impl_;
  if (s.thread.joinable() || s.port != 0) return Status::InvalidArgument("server already started");
  const std::string address = s.options.host + ":" + std::to_string(s.options.port);
  errno = 0;
  int port = s.options.port;
  if (port == 0) {
    port = s.http.bind_to_any_port(s.options.host);
  } else if (!s.http.bind_to_port(s.options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::string why = errno != 0 ? std::string(": ") + std::strerror(errno) : "";
    return Status::IOError("cannot listen on " + address + why);
  }
  s.port = port;
  s.http.RaiseListenBacklog();
  try {
    s.thread = std::thread([&s] {
      try {
        s.http.listen_after_bind();
      } catch (const std::exception& e) {
        // httplib starts its worker threads in there; under a memory or
        // thread limit they cannot all start (std::system_error).
        std::fprintf(stderr, "quarry-serve: cannot serve: %s\n", e.what());
      }
      s.listen_returned = true;
    });
  } catch (const std::system_error& e) {
    return Status::IOError("cannot start a thread to serve on " + address + ": " + e.what());
  }
  // httplib 0.11 has no wait_until_ready(). listen_after_bind() marks the
  // server running first thing, or returns at once when it cannot serve.
  // httplib marks itself running before it makes its workers, which can
  // fail; only with both is the server serving.
  while (!s.http.is_running() || !s.workers_started) {
    if (s.listen_returned) {
      s.thread.join();
      return Status::IOError("cannot serve on " + address);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return port;
}

void Server::Reopen() {
  impl_->pool->Reopen();
  impl_->cache->Clear();
}

void Server::Stop() {
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

// (httplib leaves is_running() true when its worker threads failed to start.)
bool Server::running() const { return impl_->http.is_running() && !impl_->listen_returned; }

int Server::port() const { return impl_->port; }

}  // namespace quarry::web
