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
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "bench/bench_util.h"
#include "web/server.h"

namespace {

// httplib 0.11 listens with a backlog of 5; listening again on the bound
// socket raises it in place (Linux), as quarry-serve does.
class PingServer : public httplib::Server {
 public:
  void RaiseListenBacklog() { ::listen(svr_sock_, SOMAXCONN); }
};

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop = true; }

}  // namespace

int main(int argc, char** argv) {
  quarry::bench::Args args;
  std::string error;
  if (!args.Parse(argc, argv, 1, {}, error) || !args.positional().empty()) {
    std::cerr << "usage: bench-ping [--host H] [--port P] [--threads N]\n";
    return 2;
  }
  const std::string host = args.Get("host", "127.0.0.1");
  const long port_wanted = args.GetInt("port", 0);
  long threads = args.GetInt("threads", 0);
  if (threads <= 0) threads = static_cast<long>(quarry::web::DefaultThreadCount());

  PingServer http;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_tcp_nodelay(true);
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http.Get("/ping", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}", "application/json; charset=utf-8");
  });

  int port = static_cast<int>(port_wanted);
  if (port == 0) {
    port = http.bind_to_any_port(host);
  } else if (!http.bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << "bench-ping: cannot listen on " << host << ":" << port_wanted << "\n";
    return 1;
  }
  http.RaiseListenBacklog();

  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  std::atomic<bool> returned{false};
  std::thread serving([&http, &returned] {
    http.listen_after_bind();
    returned = true;
  });
  // httplib 0.11 has no wait_until_ready(): poll, for at most 5 s.
  for (int i = 0; i < 5000 && !http.is_running() && !returned; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!http.is_running()) {
    std::cerr << "bench-ping: cannot serve on " << host << ":" << port << "\n";
    http.stop();
    serving.join();
    return 1;
  }
  std::cout << "bench-ping: listening on http://" << host << ":" << port << " with " << threads
            << " workers" << std::endl;
  while (!g_stop && http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const bool clean = g_stop;
  http.stop();
  serving.join();
  return clean ? 0 : 1;
}
