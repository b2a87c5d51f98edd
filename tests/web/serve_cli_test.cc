// quarry-serve as a program: usage errors, a missing index, and a real
// start on an ephemeral port stopped by a signal.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
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
  explicit ServeProcess(const std::vector<std::string>& args) {
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
    const int spawned =
        posix_spawn(&pid_, QUARRY_SERVE_BIN, &actions, nullptr, argv.data(), environ);
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
    CHECK(nlohmann::json::parse(health->body)["questions"] == CountQuestions(DataFile("bank.md")));

    REQUIRE(kill(serve.pid(), signal_number) == 0);
    CHECK(serve.Wait() == 0);
    CHECK(!client.Get("/healthz"));
  }
}

}  // namespace
}  // namespace quarry::web::testing
