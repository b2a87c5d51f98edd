// xapian-tcpsrv, really started on 127.0.0.1 for a test, one per database,
// stopped with the test.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace quarry::testing {

// A port free on 127.0.0.1 now (the kernel's pick for port 0).
inline unsigned FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

inline bool Accepts(unsigned port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// One xapian-tcpsrv serving `database` (read-only) on 127.0.0.1.
class TcpServer {
 public:
  explicit TcpServer(const std::string& database) : port_(FreePort()) {
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {"xapian-tcpsrv", "--interface", "127.0.0.1", "--port", port, database};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // It says on stderr each time a client hangs up, as every test's do.
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    // A group of its own: the children it forks for each connection stop with it.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    const int spawned = posix_spawnp(&pid_, "xapian-tcpsrv", &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(spawned == 0);  // Debian's xapian-tools (make test installs it)
    // Bounded: 10 s for it to listen.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!Accepts(port_) && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(Accepts(port_));
  }
  ~TcpServer() { Kill(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  std::string spec() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  // Stops it for good (a shard that died).
  void Kill() {
    if (pid_ <= 0) return;
    if (stopped_) ::kill(-pid_, SIGCONT);
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // Freezes it: connections are still accepted, nothing is answered (a
  // shard that hangs).
  void Stop() {
    ::kill(-pid_, SIGSTOP);
    stopped_ = true;
  }

 private:
  unsigned port_;
  pid_t pid_ = -1;
  bool stopped_ = false;
};

}  // namespace quarry::testing
