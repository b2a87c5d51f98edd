// The httplib server of the bench's HTTP peers (bench-ping, bench-xapian),
// set up as web/server.cc sets up quarry-serve, so the peers differ from it
// only in what a route does: the same worker count, TCP_NODELAY,
// SO_REUSEADDR only, and the listen backlog raised past httplib's 5.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

namespace quarry::bench {

class BenchHttpServer : public httplib::Server {
 public:
  // `threads` workers; 0: quarry::web::DefaultThreadCount().
  explicit BenchHttpServer(long threads);

  // Binds host:port (port 0: a free one the system picks), prints
  // "NAME: listening on http://H:P with N workers" once it accepts
  // connections, and serves until SIGINT or SIGTERM. Returns the exit
  // status: 0 after a clean stop, 1 when it cannot serve (said on stderr).
  int ServeUntilSignal(const std::string& name, const std::string& host, long port_wanted);

 private:
  long threads_;
};

}  // namespace quarry::bench
