#include "bench/bench_http.h"

#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "web/server.h"

namespace quarry::bench {
namespace {

// Set by the signal handler: the one global a signal leaves us.
std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop = true; }

}  // namespace

BenchHttpServer::BenchHttpServer(long threads)
    : threads_(threads > 0 ? threads : static_cast<long>(quarry::web::DefaultThreadCount())) {
  const long workers = threads_;
  new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  set_tcp_nodelay(true);
  set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
}

int BenchHttpServer::ServeUntilSignal(const std::string& name, const std::string& host, long port_wanted) {
  int port = static_cast<int>(port_wanted);
  if (port == 0) {
    port = bind_to_any_port(host);
  } else if (!bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << name << ": cannot listen on " << host << ":" << port_wanted << "\n";
    return 1;
  }
  // httplib 0.11 listens with a backlog of 5; listening again on the bound
  // socket raises it in place (Linux), as quarry-serve does.
  ::listen(svr_sock_, SOMAXCONN);

  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  std::atomic<bool> returned{false};
  std::thread serving([this, &returned] {
    listen_after_bind();
    returned = true;
  });
  // httplib 0.11 has no wait_until_ready(): poll, for at most 5 s.
  for (int i = 0; i < 5000 && !is_running() && !returned; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!is_running()) {
    std::cerr << name << ": cannot serve on " << host << ":" << port << "\n";
    stop();
    serving.join();
    return 1;
  }
  std::cout << name << ": listening on http://" << host << ":" << port << " with " << threads_ << " workers"
            << std::endl;
  while (!g_stop && is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const bool clean = g_stop;
  stop();
  serving.join();
  return clean ? 0 : 1;
}

}  // namespace quarry::bench
