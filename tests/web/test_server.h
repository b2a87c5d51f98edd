// Helpers for the server tests: a bank indexed into a unique temporary
// folder, and the real server on 127.0.0.1 with an ephemeral port.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "web/server.h"

namespace quarry::web::testing {

// The test banks, under tests/web/data.
std::string DataFile(std::string_view name);

// Number of "N. question" lines in a markdown bank: its question count.
size_t CountQuestions(const std::string& markdown_path);

// A folder under the system's temporary directory, removed with all its
// contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Indexes the banks at `bank_paths` into `db_path` with the library, as
// quarry-index does, with the types and topics of tests/web/data's
// question_types.txt and topics.txt, and near-duplicates marked. With
// `bank_names` (one a path), each file is read on its own and its questions
// get that bank name, whatever name the loader gives the file. Fails the
// running test on error.
void BuildTestIndex(const std::vector<std::string>& bank_paths, const std::string& db_path,
                    const std::vector<std::string>& bank_names = {});

// "a b&c" -> "a%20b%26c": every byte but unreserved ones percent-encoded.
std::string UrlEncode(std::string_view text);

// The whole file at `path`; fails the running test if it cannot be read.
std::string ReadFile(const std::string& path);

// A facet's [{"value", "count"}] list as a map from value to count.
std::map<std::string, size_t> CountsOf(const nlohmann::json& facet);

// An index of tests/web/data/bank.md and a started server on it.
class ServerFixture {
 public:
  ServerFixture();
  ~ServerFixture();

  // The client sends paths exactly as given (no re-encoding).
  httplib::Client& client() { return *client_; }
  // GET `path`; fails the running test if there is no response at all.
  httplib::Result Get(const std::string& path);
  // GET `path`, REQUIRE the status and a JSON body; return the body.
  nlohmann::json GetJson(const std::string& path, int expected_status = 200);

  TempDir dir;
  std::string db_path;
  std::string bank_path;
  std::unique_ptr<Server> server;
  int port = 0;

 private:
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace quarry::web::testing
