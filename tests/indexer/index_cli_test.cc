// quarry-index as a user runs it: the summary, --check, --strict, --quiet,
// the progress line on a terminal and none when piped, exit codes. Banks
// are written to a unique temporary folder for each test.
//
// The cases tagged [reader] need the new bank reader: a repeated question
// number is a warning (kind "numbering"), so is a list item with no text
// ("empty question"), a folder's file with no questions is skipped, and
// the shape is named "numbered lists".
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "tests/indexer/temp_dir.h"

extern char** environ;

namespace quarry {
namespace {

using testing::TempDir;

struct Run {
  int exit_code = -1;
  std::string out, err;
};

// Reads whatever `fd` has into `buffer`; false at its end (EOF, or EIO from
// a terminal whose other side closed).
bool ReadSome(int fd, std::string& buffer) {
  char chunk[4096];
  const ssize_t n = read(fd, chunk, sizeof chunk);
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<size_t>(n));
  return true;
}

// Reads `out` and `err` to their ends, together (neither pipe fills up).
void Drain(int out, int err, Run& run) {
  pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
  std::string* buffers[2] = {&run.out, &run.err};
  int open = 2;
  while (open > 0 && poll(fds, 2, 30000) > 0) {
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (!ReadSome(fds[i].fd, *buffers[i])) {
        fds[i].fd = -1;
        --open;
      }
    }
  }
}

// A pseudo-terminal, 200 columns wide: its master side, and its slave's path.
struct Terminal {
  int master = -1;
  std::string slave;
  Terminal() {
    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    REQUIRE(master >= 0);
    REQUIRE(grantpt(master) == 0);
    REQUIRE(unlockpt(master) == 0);
    slave = ptsname(master);
    winsize size{};
    size.ws_col = 200;
    size.ws_row = 50;
    ioctl(master, TIOCSWINSZ, &size);
  }
  ~Terminal() { close(master); }
};

// Runs quarry-index with `args`; its stderr on a terminal when `tty`.
Run QuarryIndex(const std::vector<std::string>& args, bool tty = false) {
  int out[2], err[2];
  REQUIRE(pipe2(out, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err, O_CLOEXEC) == 0);
  std::unique_ptr<Terminal> terminal = tty ? std::make_unique<Terminal>() : nullptr;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  if (terminal) {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, terminal->slave.c_str(), O_RDWR, 0);
  } else {
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  }
  std::vector<std::string> strings = {QUARRY_INDEX_BIN};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, QUARRY_INDEX_BIN, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  Run run;
  if (spawned == 0) Drain(out[0], terminal ? terminal->master : err[0], run);
  close(out[0]);
  close(err[0]);
  REQUIRE(spawned == 0);
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr char kBank[] =
    "# Python\n\n"
    "## Basics\n"
    "1. What is a closure?\n"
    "2. Decorator vs closure.\n"
    "3. How do you write a generator?\n"
    "4. What is a slot?\n\n"
    "## Advanced\n"
    "1. What is a metaclass?\n";

// Six sections that each number a question 2 twice (a warning "numbering"
// on lines 6, 10, ..., 26), and a list item with no text (line 29, "empty
// question"): 19 questions, 7 sections.
constexpr char kWarnings[] =
    "# More\n\n"
    "## Section A\n1. What is a descriptor?\n2. What is a slot?\n2. What is a coroutine?\n"
    "## Section B\n1. What is an iterator?\n2. What is a generator?\n2. What is a frame?\n"
    "## Section C\n1. What is a closure?\n2. What is a cell?\n2. What is a module?\n"
    "## Section D\n1. What is a package?\n2. What is a wheel?\n2. What is an egg?\n"
    "## Section E\n1. What is a thread?\n2. What is a lock?\n2. What is a queue?\n"
    "## Section F\n1. What is a socket?\n2. What is a pipe?\n2. What is a signal?\n"
    "## Section G\n1. What is a memoryview?\n2.\n";

// Its warnings' lines, in order.
const std::vector<int> kWarningLines = {6, 10, 14, 18, 22, 26, 29};

std::string CurrentGeneration(const std::string& db) {
  Result<std::string> current = layout::CurrentGeneration(db);
  return current.ok() ? std::filesystem::path(*current).filename().string() : "";
}

TEST_CASE("quarry-index ends with a summary: each file, then the totals", "[index_cli]") {
  TempDir tmp;
  const std::string bank = tmp.Write("corpus/python.md", kBank);
  Run run = QuarryIndex({"--db", tmp / "index", tmp / "corpus"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(Has(run.out, "  " + bank + ": 5 questions, 2 sections, 1 part ("));
  CHECK(Has(run.out, "quarry-index: 5 questions in 2 sections, 1 parts from 1 file(s); "));
  CHECK(Has(run.out, " -> " + tmp / "index/gen-1\n"));
  CHECK(run.err.empty());
  CHECK(CurrentGeneration(tmp / "index") == "gen-1");
}

TEST_CASE("quarry-index's summary counts warnings by kind and shows the first five",
          "[index_cli][reader]") {
  TempDir tmp;
  tmp.Write("corpus/python.md", kBank);
  const std::string more = tmp.Write("corpus/more.md", kWarnings);
  tmp.Write("corpus/NOTES.md", "Notes for the authors, no questions here.\n");
  Run run = QuarryIndex({"--db", tmp / "index", tmp / "corpus"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(Has(run.out, "  " + tmp / "corpus/NOTES.md" + ": skipped: no questions\n"));
  CHECK(Has(run.out, "  " + more + ": 19 questions, 7 sections, 1 part ("));
  CHECK(Has(run.err, "quarry-index: 7 warnings: 6 numbering, 1 empty question\n"));
  for (size_t i = 0; i < kWarningLines.size(); ++i) {
    INFO("line " << kWarningLines[i]);
    CHECK(Has(run.err, "  " + more + ":" + std::to_string(kWarningLines[i]) + ": ") == (i < 5));
  }
  CHECK(Has(run.err, "  2 more warnings; --check lists them all\n"));
  CHECK(CurrentGeneration(tmp / "index") == "gen-1");
}

TEST_CASE("quarry-index --strict exits 1 on a warning, naming file:line, index unchanged",
          "[index_cli][reader]") {
  TempDir tmp;
  tmp.Write("corpus/python.md", kBank);
  REQUIRE(QuarryIndex({"--db", tmp / "index", tmp / "corpus"}).exit_code == 0);
  const std::string more = tmp.Write("corpus/more.md", kWarnings);
  Run run = QuarryIndex({"--strict", "--db", tmp / "index", tmp / "corpus"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.err.rfind("quarry-index: " + more + ":6: ", 0) == 0);
  CHECK(Has(run.err, "\nquarry-index: index left unchanged\n"));
  CHECK(CurrentGeneration(tmp / "index") == "gen-1");
  // Without --strict the same banks index, warnings and all.
  CHECK(QuarryIndex({"--db", tmp / "index", tmp / "corpus"}).exit_code == 0);
  CHECK(CurrentGeneration(tmp / "index") == "gen-2");
}

TEST_CASE("quarry-index --check prints shapes, counts and first questions, and writes nothing",
          "[index_cli]") {
  TempDir tmp;
  const std::string bank = tmp.Write("corpus/python.md", kBank);
  tmp.Write("corpus/question_types.txt", "comparison: vs\ndefinition: ^what is\n");
  Run run = QuarryIndex({"--check", "--no-vocabulary", "--db", tmp / "index", tmp / "corpus"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(Has(run.out, bank + ": 5 questions, 2 sections, 1 part ("));
  CHECK(Has(run.out,
            "  # Python\n  ## Basics: 4 questions\n"
            "     basics/1  What is a closure?\n"
            "     basics/2  Decorator vs closure.\n"
            "     basics/3  How do you write a generator?\n"
            "     and 1 more\n"
            "  ## Advanced: 1 question\n"
            "     advanced/1  What is a metaclass?\n"));
  CHECK(Has(run.out, "data files: " + tmp / "corpus/question_types.txt" + "\n"));
  CHECK(Has(run.out, "types: definition 3, comparison 1, other 1\n"));
  CHECK(Has(run.out, "quarry-index: no warnings\n"));
  CHECK(Has(run.out, "; --check: no index written\n"));
  CHECK(run.err.empty());
  CHECK_FALSE(std::filesystem::exists(tmp / "index"));
}

TEST_CASE("quarry-index --check names the shape and lists every warning", "[index_cli][reader]") {
  TempDir tmp;
  const std::string more = tmp.Write("corpus/more.md", kWarnings);
  Run run = QuarryIndex({"--check", tmp / "corpus"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(Has(run.out, more + ": 19 questions, 7 sections, 1 part (numbered lists)"));
  CHECK(Has(run.out, "quarry-index: 7 warnings: 6 numbering, 1 empty question\n"));
  for (int line : kWarningLines) {
    INFO("line " << line);
    CHECK(Has(run.out, "  " + more + ":" + std::to_string(line) + ": "));
  }
  CHECK_FALSE(Has(run.out, "--check lists them all"));
  // --strict: the same report, then exit 1.
  Run strict = QuarryIndex({"--check", "--strict", tmp / "corpus"});
  CHECK(strict.exit_code == 1);
  CHECK(strict.out == run.out);
  CHECK(strict.err.rfind("quarry-index: " + more + ":6: ", 0) == 0);
}

TEST_CASE("quarry-index --check exits 1 when the banks cannot be indexed", "[index_cli]") {
  TempDir tmp;
  const std::string bank = tmp.Write("twice.jsonl",
                                     "{\"id\": \"a\", \"text\": \"What is a closure?\"}\n"
                                     "{\"id\": \"a\", \"text\": \"What is a slot?\"}\n");
  Run run = QuarryIndex({"--check", bank});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.err.rfind("quarry-index: " + bank + ":2: ", 0) == 0);
  CHECK(Has(run.err, "\nquarry-index: --check: this cannot be indexed\n"));
  CHECK(QuarryIndex({"--check", tmp / "no-such.md"}).exit_code == 1);
}

TEST_CASE("quarry-index keeps its error form and the old index on a bad bank", "[index_cli]") {
  TempDir tmp;
  tmp.Write("corpus/python.md", kBank);
  REQUIRE(QuarryIndex({"--db", tmp / "index", tmp / "corpus"}).exit_code == 0);
  const std::string twice = tmp.Write("corpus/twice.jsonl",
                                      "{\"id\": \"a\", \"text\": \"What is a closure?\"}\n"
                                      "{\"id\": \"a\", \"text\": \"What is a slot?\"}\n");
  Run run = QuarryIndex({"--db", tmp / "index", tmp / "corpus"});
  CHECK(run.exit_code == 1);
  CHECK(run.err.rfind("quarry-index: " + twice + ":2: ", 0) == 0);
  CHECK(Has(run.err, "\nquarry-index: index left unchanged\n"));
  CHECK(run.out.empty());
  CHECK(CurrentGeneration(tmp / "index") == "gen-1");
}

TEST_CASE("quarry-index piped prints no progress line", "[index_cli]") {
  TempDir tmp;
  tmp.Write("corpus/python.md", kBank);
  Run run = QuarryIndex({"--db", tmp / "index", tmp / "corpus"});
  CHECK(run.exit_code == 0);
  CHECK_FALSE(Has(run.out + run.err, "\r"));
  CHECK_FALSE(Has(run.out + run.err, "\033"));
  CHECK_FALSE(Has(run.out + run.err, "reading the banks"));
}

TEST_CASE("quarry-index on a terminal draws its progress on one line and erases it",
          "[index_cli]") {
  TempDir tmp;
  tmp.Write("corpus/python.md", kBank);
  Run run = QuarryIndex({"--db", tmp / "index", tmp / "corpus"}, /*tty=*/true);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(Has(run.err, "\rquarry-index: reading the banks...\033[K"));
  CHECK(
      Has(run.err,
          "\rquarry-index: 1 file, 5 questions; deriving types, topics, near-duplicates...\033[K"));
  CHECK(Has(run.err, "\rquarry-index: 1 file, 0 of 5 questions indexed (0%)\033[K"));
  CHECK(run.err.size() >= 4);
  CHECK(run.err.substr(run.err.size() - 4) == "\r\033[K");  // erased before the summary
  CHECK(Has(run.out, "quarry-index: 5 questions in 2 sections"));
  // --quiet: no progress even on a terminal.
  CHECK(QuarryIndex({"-q", "--db", tmp / "index", tmp / "corpus"}, true).err.empty());
}

TEST_CASE("quarry-index --quiet prints nothing on success", "[index_cli]") {
  TempDir tmp;
  tmp.Write("corpus/python.md", kBank);
  Run run = QuarryIndex({"--quiet", "--db", tmp / "index", tmp / "corpus"});
  CHECK(run.exit_code == 0);
  CHECK(run.out.empty());
  CHECK(run.err.empty());
}

TEST_CASE("quarry-index exits 2 on bad usage, 0 on --help", "[index_cli]") {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{}, {"--db"}, {"--no-such-option", "x.md"}}) {
    Run run = QuarryIndex(args);
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.err.rfind("quarry-index: ", 0) == 0);
  }
  Run help = QuarryIndex({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* option : {"--db", "--check", "--strict", "--quiet", "--synonyms"}) {
    INFO(option);
    CHECK(Has(help.out, option));
  }
}

}  // namespace
}  // namespace quarry
