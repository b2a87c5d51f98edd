// quarry-serve as a program: usage errors, a missing index, a real start
// on an ephemeral port stopped by a signal (with a request in flight),
// SIGHUP, the access log, and options from the environment.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "tests/web/test_server.h"

extern char** environ;

namespace quarry::web::testing {
namespace {

// A running quarry-serve with its stdout and stderr on pipes.
class ServeProcess {
 public:
  // `env` is set in the program's environment, over this process's.
  explicit ServeProcess(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env = {}) {
    int out[2], err[2];
    REQUIRE(pipe2(out, O_CLOEXEC) == 0);
    REQUIRE(pipe2(err, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    std::vector<std::string> argv_strings = {QUARRY_SERVE_BIN};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      if (env.count(entry.substr(0, entry.find('='))) == 0) env_strings.push_back(entry);
    }
    for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int spawned =
        posix_spawn(&pid_, QUARRY_SERVE_BIN, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    out_ = out[0];
    err_ = err[0];
    REQUIRE(spawned == 0);
  }

  ~ServeProcess() {
    if (pid_ > 0 && exit_code_ < 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_);
    close(err_);
  }

  // Reads stdout until a whole line is there (or EOF, or the timeout);
  // returns it without its newline.
  std::string ReadLine(std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out_buffer_.find('\n') == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !ReadSome(out_, out_buffer_, static_cast<int>(left.count()))) break;
    }
    const size_t end = out_buffer_.find('\n');
    std::string line = out_buffer_.substr(0, end);
    out_buffer_.erase(0, end == std::string::npos ? end : end + 1);
    return line;
  }

  // Waits for the exit (killing it after the timeout); the exit status, or
  // 128 + signal when a signal ended it.
  int Wait(std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
  }

  // Everything written to stdout or stderr until the pipe closed.
  std::string AllOut() { return Drain(out_, out_buffer_); }
  std::string AllErr() { return Drain(err_, err_buffer_); }

  pid_t pid() const { return pid_; }

 private:
  static bool ReadSome(int fd, std::string& buffer, int timeout_ms) {
    pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return false;
    char chunk[4096];
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
  }

  static std::string Drain(int fd, std::string& buffer) {
    while (ReadSome(fd, buffer, 5000)) {
    }
    return buffer;
  }

  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  int exit_code_ = -1;
  std::string out_buffer_, err_buffer_;
};

TEST_CASE("quarry-serve --help describes the options", "[serve_cli]") {
  ServeProcess serve({"--help"});
  CHECK(serve.Wait() == 0);
  const std::string out = serve.AllOut();
  for (const char* option : {"--db", "--host", "--port", "--threads", "--cache-entries", "--in-memory-words"}) {
    INFO(option);
    CHECK(out.find(option) != std::string::npos);
  }
}

TEST_CASE("quarry-serve exits 2 on bad usage", "[serve_cli]") {
  TempDir dir;
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"--port", "0"},
      {"--db", dir.path(), "--port", "abc"},
      {"--db", dir.path(), "--no-such-option"},
      {"--db", dir.path(), "--threads", "0"},
  };
  for (const auto& args : cases) {
    std::string joined;
    for (const std::string& a : args) joined += a + " ";
    INFO("quarry-serve " << joined);
    ServeProcess serve(args);
    CHECK(serve.Wait() == 2);
    CHECK(!serve.AllErr().empty());
  }
}

TEST_CASE("quarry-serve exits 2 with a clear message when there is no index", "[serve_cli]") {
  TempDir dir;
  const std::string missing = dir.path() + "/no-index";
  ServeProcess serve({"--db", missing, "--port", "0"});
  CHECK(serve.Wait() == 2);
  const std::string err = serve.AllErr();
  CHECK(err.find(missing) != std::string::npos);
  CHECK(err.find("index") != std::string::npos);
  CHECK(serve.AllOut().find("listening") == std::string::npos);
}

TEST_CASE("quarry-serve listens on the port it reports and stops on a signal", "[serve_cli]") {
  TempDir dir;
  const std::string db = dir.path() + "/index";
  BuildTestIndex({DataFile("bank.md")}, db);
  for (int signal_number : {SIGTERM, SIGINT}) {
    INFO("signal " << signal_number);
    ServeProcess serve({"--db", db, "--host", "127.0.0.1", "--port", "0", "--threads", "2"});
    const std::string line = serve.ReadLine();
    std::smatch match;
    REQUIRE(std::regex_match(
        line, match, std::regex(R"(quarry-serve: listening on http://127\.0\.0\.1:(\d+))")));
    const int port = std::stoi(match[1]);
    REQUIRE(port > 0);

    httplib::Client client("127.0.0.1", port);
    httplib::Result health = client.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    httplib::Result ready = client.Get("/readyz");
    REQUIRE(ready);
    CHECK(nlohmann::json::parse(ready->body)["questions"] == CountQuestions(DataFile("bank.md")));

    REQUIRE(kill(serve.pid(), signal_number) == 0);
    CHECK(serve.Wait() == 0);
    CHECK(!client.Get("/healthz"));
  }
}

// Starts quarry-serve on the index at `db` and returns its port.
int StartedPort(ServeProcess& serve) {
  const std::string line = serve.ReadLine();
  std::smatch match;
  REQUIRE(std::regex_match(line, match, std::regex(R"(quarry-serve: listening on http://127\.0\.0\.1:(\d+))")));
  return std::stoi(match[1]);
}

// A TCP connection to 127.0.0.1:`port`, or -1.
int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Everything the peer sends until it closes (or 10 s pass).
std::string ReadAll(int fd) {
  std::string got;
  char buf[4096];
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, 10000) > 0) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  return got;
}

TEST_CASE("quarry-serve finishes a request in flight when told to stop", "[serve_cli]") {
  TempDir dir;
  const std::string db = dir.path() + "/index";
  BuildTestIndex({DataFile("bank.md")}, db);
  ServeProcess serve({"--db", db, "--host", "127.0.0.1", "--port", "0", "--threads", "2"});
  const int port = StartedPort(serve);
  // Half a request: the server is reading it when SIGTERM comes.
  const int fd = Connect(port);
  REQUIRE(fd >= 0);
  const std::string head = "GET /api/search?q=deadlock HTTP/1.1\r\nHost: x\r\n";
  REQUIRE(write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  REQUIRE(kill(serve.pid(), SIGTERM) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // No new connection is taken, the one in flight is answered whole.
  CHECK(Connect(port) < 0);
  REQUIRE(write(fd, "Connection: close\r\n\r\n", 21) == 21);
  const std::string answer = ReadAll(fd);
  close(fd);
  CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
  const size_t body = answer.find("\r\n\r\n");
  REQUIRE(body != std::string::npos);
  CHECK(!nlohmann::json::parse(answer.substr(body + 4), nullptr, false).is_discarded());
  CHECK(serve.Wait() == 0);
}

// One request on a fresh connection: "answered" (a whole 200 with its whole
// JSON body), "refused" (no connection, or closed with not a byte sent
// back: a connection the server never took) or "cut" (anything else).
std::string OneRequest(int port, const std::string& query) {
  const int fd = Connect(port);
  if (fd < 0) return "refused";
  const std::string request = "GET /api/search?q=" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const bool sent = write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size());
  const std::string answer = ReadAll(fd);
  close(fd);
  if (answer.empty()) return "refused";
  const size_t body = answer.find("\r\n\r\n");
  std::smatch length;
  const std::string head = body == std::string::npos ? answer : answer.substr(0, body);
  const bool whole = sent && answer.rfind("HTTP/1.1 200", 0) == 0 && body != std::string::npos &&
                     std::regex_search(head, length, std::regex("Content-Length: (\\d+)")) &&
                     answer.size() - body - 4 == std::stoul(length[1]) &&
                     !nlohmann::json::parse(answer.substr(body + 4), nullptr, false).is_discarded();
  return whole ? "answered" : "cut";
}

TEST_CASE("quarry-serve stops under load from many clients: each answer whole, exit 0", "[serve_cli]") {
  TempDir dir;
  const std::string db = dir.path() + "/index";
  BuildTestIndex({DataFile("bank.md")}, db);
  // (No access log: nothing reads the pipe until the end, and a full pipe would block the server.)
  ServeProcess serve({"--db", db, "--host", "127.0.0.1", "--port", "0", "--threads", "4", "--cache-entries", "0",
                      "--log-format", "off"});
  const int port = StartedPort(serve);
  constexpr int kClients = 32;
  constexpr int kMostRequests = 2000;  // each, and at most 10 s
  std::map<std::string, int> outcomes[kClients];
  std::vector<std::thread> clients;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      const char* queries[] = {"deadlock", "closure", "python+gil", "orm"};
      for (int i = 0; i < kMostRequests && std::chrono::steady_clock::now() < until; ++i) {
        const std::string outcome = OneRequest(port, queries[(c + i) % 4]);
        ++outcomes[c][outcome];
        if (outcome == "refused" && Connect(port) < 0) break;  // the server has stopped listening
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  REQUIRE(kill(serve.pid(), SIGTERM) == 0);
  for (std::thread& t : clients) t.join();
  std::map<std::string, int> total;
  for (const auto& per_client : outcomes) {
    for (const auto& [outcome, n] : per_client) total[outcome] += n;
  }
  INFO("answered " << total["answered"] << ", refused " << total["refused"] << ", cut " << total["cut"]);
  CHECK(total["answered"] > kClients);  // the load was real before the signal
  CHECK(total["cut"] == 0);             // nothing in flight was dropped half-way
  CHECK(serve.Wait() == 0);
}

TEST_CASE("quarry-serve reopens the index on SIGHUP and goes on serving", "[serve_cli]") {
  TempDir dir;
  const std::string db = dir.path() + "/index";
  BuildTestIndex({DataFile("bank.md")}, db);
  ServeProcess serve({"--db", db, "--host", "127.0.0.1", "--port", "0", "--threads", "2"});
  const int port = StartedPort(serve);
  httplib::Client client("127.0.0.1", port);
  REQUIRE(client.Get("/api/search?q=deadlock"));
  for (int i = 0; i < 2; ++i) {
    REQUIRE(kill(serve.pid(), SIGHUP) == 0);
    CHECK(serve.ReadLine() == "quarry-serve: reopened the index");
    httplib::Result after = client.Get("/api/search?q=deadlock");
    REQUIRE(after);
    CHECK(after->status == 200);
  }
  // The cache was emptied: the same search ran again each time.
  httplib::Result metrics = client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("\nquarry_searches_total 3\n") != std::string::npos);
  REQUIRE(kill(serve.pid(), SIGTERM) == 0);
  CHECK(serve.Wait() == 0);
}

TEST_CASE("quarry-serve logs a line a request, without the query unless asked", "[serve_cli]") {
  TempDir dir;
  const std::string db = dir.path() + "/index";
  BuildTestIndex({DataFile("bank.md")}, db);
  for (const bool queries : {false, true}) {
    INFO("log queries " << queries);
    std::vector<std::string> args = {"--db", db, "--host", "127.0.0.1", "--port", "0", "--log-format", "json"};
    if (queries) args.push_back("--log-queries");
    ServeProcess serve(args);
    httplib::Client client("127.0.0.1", StartedPort(serve));
    REQUIRE(client.Get("/api/search?q=secret"));
    REQUIRE(client.Get("/no/such/path"));
    REQUIRE(kill(serve.pid(), SIGTERM) == 0);
    REQUIRE(serve.Wait() == 0);
    std::vector<nlohmann::json> lines;
    const std::string err = serve.AllErr();
    for (size_t at = 0, end; (end = err.find('\n', at)) != std::string::npos; at = end + 1) {
      lines.push_back(nlohmann::json::parse(err.substr(at, end - at)));
    }
    REQUIRE(lines.size() == 2);
    // Each is written once its answer is sent: two workers may finish in
    // either order.
    if (lines[0]["status"] != 200) std::swap(lines[0], lines[1]);
    CHECK(lines[0]["method"] == "GET");
    CHECK(lines[0]["path"] == (queries ? "/api/search?q=secret" : "/api/search"));
    CHECK(lines[0]["status"] == 200);
    CHECK(lines[0]["bytes"] > 0);
    CHECK(lines[0]["ms"] >= 0);
    CHECK(lines[1]["path"] == "/no/such/path");
    CHECK(lines[1]["status"] == 404);
  }
}

TEST_CASE("quarry-serve's text log quotes what a client sent", "[serve_cli]") {
  TempDir dir;
  const std::string db = dir.path() + "/index";
  BuildTestIndex({DataFile("bank.md")}, db);
  ServeProcess serve({"--db", db, "--host", "127.0.0.1", "--port", "0"});
  httplib::Client client("127.0.0.1", StartedPort(serve));
  REQUIRE(client.Get("/healthz"));
  // A path that decodes to a newline and a quote cannot forge a line.
  REQUIRE(client.Get("/x%0Aaccess%20method=%22GET%22"));
  REQUIRE(kill(serve.pid(), SIGTERM) == 0);
  REQUIRE(serve.Wait() == 0);
  const std::string err = serve.AllErr();
  CHECK(std::regex_search(err, std::regex(R"((^|\n)access method="GET" path="/healthz" status=200 ms=[0-9.]+ bytes=15\n)")));
  CHECK(err.find(R"(path="/x\naccess method=\"GET\"" status=404)") != std::string::npos);
  CHECK(std::count(err.begin(), err.end(), '\n') == 2);
}

TEST_CASE("quarry-serve reads every option from QUARRY_ variables, the command line winning", "[serve_cli]") {
  TempDir dir;
  const std::string db = dir.path() + "/index";
  BuildTestIndex({DataFile("bank.md")}, db);
  ServeProcess serve({"--log-format", "json"}, {{"QUARRY_DB", db},
                                               {"QUARRY_HOST", "127.0.0.1"},
                                               {"QUARRY_PORT", "0"},
                                               {"QUARRY_LOG_FORMAT", "text"},
                                               {"QUARRY_LOG_QUERIES", "1"}});
  httplib::Client client("127.0.0.1", StartedPort(serve));
  REQUIRE(client.Get("/api/search?q=deadlock"));
  REQUIRE(kill(serve.pid(), SIGTERM) == 0);
  REQUIRE(serve.Wait() == 0);
  const nlohmann::json line = nlohmann::json::parse(serve.AllErr());
  CHECK(line["path"] == "/api/search?q=deadlock");

  ServeProcess bad({"--db", db}, {{"QUARRY_PORT", "eighty"}});
  CHECK(bad.Wait() == 2);
  CHECK(bad.AllErr().find("port") != std::string::npos);

  ServeProcess help({"--help"});
  CHECK(help.Wait() == 0);
  const std::string out = help.AllOut();
  for (const char* variable : {"QUARRY_DB", "QUARRY_PORT", "QUARRY_CACHE_MB", "QUARRY_LOG_FORMAT"}) {
    INFO(variable);
    CHECK(out.find(variable) != std::string::npos);
  }
}

}  // namespace
}  // namespace quarry::web::testing
