// bench-xapian: the HTTP peer of quarry-serve on the large corpus, a plain
// Xapian top-10 search behind cpp-httplib (what issue 5 measured at 5,400
// req/s on its author's machine), measured here in the same run.
//
//   bench-xapian build --corpus PATH... --db DIR
//       the corpus (read by quarry::LoadCorpus) indexed by Xapian's own
//       TermGenerator (English stemmer, positions, text then body), one
//       document each, data "id<TAB>text"; prints JSON like bench-quarry's
//   bench-xapian serve --db DIR [--host 127.0.0.1] [--port 0] [--threads N]
//       GET /api/search?q=TEXT -> {"total": N, "hits": [{"id","text"}...]}:
//       Xapian's QueryParser (stemming, default flags, OR), Enquire top 10
//       by BM25, the estimated total. httplib set up as quarry-serve and
//       bench-ping are (workers, TCP_NODELAY, SO_REUSEADDR, backlog);
//       one Xapian::Database per worker thread.
//
// Prints "bench-xapian: listening on http://H:P" once it accepts
// connections and stops on SIGINT or SIGTERM. Exit status 0, 1 when it
// cannot build or serve, 2 for bad usage.
#include <httplib.h>
#include <xapian.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "bench/bench_http.h"
#include "bench/bench_util.h"
#include "indexer/corpus_loader.h"

namespace {

using nlohmann::json;
using quarry::bench::Args;

int Fail(const std::string& message, int status = 1) {
  std::cerr << "bench-xapian: " << message << "\n";
  return status;
}

int Build(const Args& args) {
  const std::vector<std::string> paths = args.GetAll("corpus");
  const std::string db_path = args.Get("db");
  if (paths.empty() || db_path.empty()) return Fail("usage: bench-xapian build --corpus PATH... --db DIR", 2);
  auto started = std::chrono::steady_clock::now();
  quarry::Result<quarry::Corpus> corpus = quarry::LoadCorpus(paths);
  if (!corpus.ok()) return Fail(corpus.status().ToString());
  const double load_seconds = quarry::bench::SecondsSince(started);
  auto build_started = std::chrono::steady_clock::now();
  try {
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("en"));
    for (const quarry::Question& q : corpus->questions) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(q.text);
      generator.increase_termpos();
      generator.index_text(q.body);
      doc.set_data(q.id + "\t" + q.text);
      db.add_document(doc);
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    return Fail(e.get_description());
  }
  json out = {
      {"engine", "xapian"},
      {"documents", corpus->questions.size()},
      {"load_seconds", load_seconds},
      {"index_seconds", quarry::bench::SecondsSince(build_started)},
      {"total_seconds", quarry::bench::SecondsSince(started)},
      {"cpu_seconds", quarry::bench::CpuSeconds()},
      {"peak_rss_bytes", quarry::bench::PeakRssBytes()},
      {"index_bytes", quarry::bench::DiskBytes(db_path)},
  };
  std::cout << out.dump(2) << "\n";
  return 0;
}

// The search a plain Xapian application does: one database handle per
// calling thread (Xapian handles are not thread-safe).
std::string Search(const std::string& db_path, const std::string& text, int& status) {
  thread_local std::unique_ptr<Xapian::Database> db;
  if (!db) db = std::make_unique<Xapian::Database>(db_path);
  Xapian::QueryParser parser;
  parser.set_database(*db);
  parser.set_stemmer(Xapian::Stem("en"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  Xapian::Enquire enquire(*db);
  enquire.set_query(parser.parse_query(text));
  Xapian::MSet mset = enquire.get_mset(0, 10);
  json out = {{"total", mset.get_matches_estimated()}, {"hits", json::array()}};
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    const std::string data = it.get_document().get_data();
    const size_t tab = data.find('\t');
    out["hits"].push_back({{"id", data.substr(0, tab)},
                           {"text", tab == std::string::npos ? "" : data.substr(tab + 1)},
                           {"score", it.get_weight()}});
  }
  status = 200;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

int Serve(const Args& args) {
  const std::string db_path = args.Get("db");
  if (db_path.empty()) return Fail("usage: bench-xapian serve --db DIR [--host H] [--port P] [--threads N]", 2);
  const std::string host = args.Get("host", "127.0.0.1");
  const long port_wanted = args.GetInt("port", 0);
  try {
    Xapian::Database check(db_path);
  } catch (const Xapian::Error& e) {
    return Fail(e.get_description());
  }

  quarry::bench::BenchHttpServer http(args.GetInt("threads", 0));
  http.Get("/api/search", [&db_path](const httplib::Request& req, httplib::Response& res) {
    int status = 500;
    std::string body;
    try {
      body = Search(db_path, req.get_param_value("q"), status);
    } catch (const Xapian::QueryParserError& e) {
      status = 400;
      body = json{{"error", e.get_description()}}.dump();
    } catch (const Xapian::Error& e) {
      status = 500;
      body = json{{"error", e.get_description()}}.dump();
    }
    res.status = status;
    res.set_content(body, "application/json; charset=utf-8");
  });

  return http.ServeUntilSignal("bench-xapian", host, port_wanted);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  std::string error;
  const std::string command = argc > 1 ? argv[1] : "";
  if (!args.Parse(argc, argv, 2, {}, error) || !args.positional().empty()) return Fail("usage: bench-xapian build|serve [options]", 2);
  if (command == "build") return Build(args);
  if (command == "serve") return Serve(args);
  return Fail("usage: bench-xapian build|serve [options] (see bench/README.md)", 2);
}
