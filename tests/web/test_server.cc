#include "tests/web/test_server.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "indexer/index_corpus.h"

namespace quarry::web::testing {

std::string DataFile(std::string_view name) {
  return std::string(QUARRY_SOURCE_DIR) + "/tests/web/data/" + std::string(name);
}

size_t CountQuestions(const std::string& markdown_path) {
  std::ifstream in(markdown_path);
  REQUIRE(in.good());
  static const std::regex question(R"(^\d+\.\s+\S.*)");
  size_t count = 0;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, question)) ++count;
  }
  return count;
}

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "quarry-web-test-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

namespace {

// Gives the questions of bank_paths[i] the bank name bank_names[i].
void NameBanks(const std::vector<std::string>& bank_paths,
               const std::vector<std::string>& bank_names, Corpus& corpus) {
  for (Question& q : corpus.questions) {
    for (size_t i = 0; i < bank_paths.size(); ++i) {
      if (q.source.rfind(bank_paths[i] + ":", 0) == 0) q.bank = bank_names[i];
    }
  }
}

}  // namespace

void BuildTestIndex(const std::vector<std::string>& bank_paths, const std::string& db_path,
                    const std::vector<std::string>& bank_names) {
  // Types and topics from the test data files, near-duplicates marked: the
  // pipeline quarry-index runs.
  IndexCorpusOptions options;
  // The banks' data is what the test names: the learned vocabulary (which
  // would add neighbours and abbreviations) has tests of its own.
  options.vocabulary_dir.clear();
  options.db_path = db_path;
  options.type_files = {DataFile("question_types.txt")};
  options.topic_files = {DataFile("topics.txt")};
  if (!bank_names.empty()) {
    REQUIRE(bank_names.size() == bank_paths.size());
    options.adjust_corpus = [&](Corpus& corpus) { NameBanks(bank_paths, bank_names, corpus); };
  }
  Result<IndexReport> report = IndexCorpus(bank_paths, options);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
}

std::string UrlEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

std::map<std::string, size_t> CountsOf(const nlohmann::json& facet) {
  std::map<std::string, size_t> counts;
  for (const nlohmann::json& v : facet) {
    counts[v.at("value").get<std::string>()] = v.at("count").get<size_t>();
  }
  return counts;
}

ServerFixture::ServerFixture() {
  db_path = dir.path() + "/index";
  bank_path = DataFile("bank.md");
  BuildTestIndex({bank_path}, db_path);
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.db_path = db_path;
  options.threads = 4;
  Result<std::unique_ptr<Server>> opened = Server::Open(options);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  server = std::move(opened).value();
  Result<int> started = server->Start();
  INFO(started.status().ToString());
  REQUIRE(started.ok());
  port = *started;
  REQUIRE(port > 0);
  REQUIRE(server->port() == port);
  client_ = std::make_unique<httplib::Client>("127.0.0.1", port);
  client_->set_url_encode(false);
  client_->set_connection_timeout(5);
  client_->set_read_timeout(10);
}

ServerFixture::~ServerFixture() {
  client_.reset();
  if (server) server->Stop();
}

httplib::Result ServerFixture::Get(const std::string& path) {
  httplib::Result result = client_->Get(path);
  INFO("GET " << path << ": " << httplib::to_string(result.error()));
  REQUIRE(result);
  return result;
}

nlohmann::json ServerFixture::GetJson(const std::string& path, int expected_status) {
  httplib::Result result = Get(path);
  INFO("GET " << path << " -> " << result->status << " " << result->body);
  CHECK(result->status == expected_status);
  CHECK(result->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  nlohmann::json body = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  REQUIRE(!body.is_discarded());
  return body;
}

}  // namespace quarry::web::testing
