// bench-ping: the HTTP ceiling of this machine for quarry-serve. One
// trivial route, GET /ping -> {"status":"ok"}, served by cpp-httplib set up
// as web/server.cc sets up quarry-serve: the same worker count
// (quarry::web::DefaultThreadCount() unless --threads), TCP_NODELAY,
// SO_REUSEADDR only, and the listen backlog raised past httplib's 5.
//
//   bench-ping [--host 127.0.0.1] [--port 0] [--threads N]
//
// Prints "bench-ping: listening on http://H:P" once it accepts
// connections, and stops on SIGINT or SIGTERM. Exit status 0 after a
// clean stop, 1 when it cannot serve, 2 for bad usage.
#include <iostream>
#include <string>

#include "bench/bench_http.h"
#include "bench/bench_util.h"

int main(int argc, char** argv) {
  quarry::bench::Args args;
  std::string error;
  if (!args.Parse(argc, argv, 1, {}, error) || !args.positional().empty()) {
    std::cerr << "usage: bench-ping [--host H] [--port P] [--threads N]\n";
    return 2;
  }
  const std::string host = args.Get("host", "127.0.0.1");
  const long port_wanted = args.GetInt("port", 0);
  quarry::bench::BenchHttpServer http(args.GetInt("threads", 0));
  http.Get("/ping", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}", "application/json; charset=utf-8");
  });

  return http.ServeUntilSignal("bench-ping", host, port_wanted);
}
