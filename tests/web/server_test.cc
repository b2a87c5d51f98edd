// The real server on 127.0.0.1 with an ephemeral port, queried over HTTP.
#include "web/server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/web/test_server.h"

namespace quarry::web::testing {
namespace {

using nlohmann::json;

size_t SumOf(const json& facet) {
  size_t sum = 0;
  for (const json& v : facet) sum += v.at("count").get<size_t>();
  return sum;
}

std::string Repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

// A snippet is escaped text plus <mark> and </mark>: no other markup.
bool OnlyMarkTags(std::string snippet) {
  snippet = std::regex_replace(snippet, std::regex("</?mark>"), "");
  return snippet.find('<') == std::string::npos && snippet.find('>') == std::string::npos;
}

TEST_CASE_METHOD(ServerFixture, "search answers in the documented JSON shape", "[server]") {
  json body = GetJson("/api/search?q=index");
  for (const char* key : {"query", "corrected_query", "showing_corrected", "matching", "total", "offset",
                          "limit", "took_ms", "hits", "facets"}) {
    INFO(key);
    CHECK(body.contains(key));
  }
  CHECK(body["query"] == "index");
  CHECK(body["limit"] == 10);
  CHECK(body["offset"] == 0);
  REQUIRE(body["hits"].is_array());
  REQUIRE(!body["hits"].empty());
  CHECK(body["total"].get<size_t>() >= body["hits"].size());
  bool some_mark = false;
  for (const json& hit : body["hits"]) {
    for (const char* key : {"id", "bank", "part", "section", "number", "text", "snippet", "matched_in", "score"}) {
      INFO(key);
      CHECK(hit.contains(key));
    }
    const std::string snippet = hit["snippet"];
    some_mark = some_mark || snippet.find("<mark>") != std::string::npos;
    CHECK(OnlyMarkTags(snippet));
  }
  CHECK(some_mark);
  CHECK(body["facets"]["part"].is_array());
  CHECK(body["facets"]["section"].is_array());
  CHECK(body["matching"]["words"] == 1);
  CHECK(body["matching"]["relaxed"].is_boolean());
}

TEST_CASE_METHOD(ServerFixture, "enough= sets how few results relax the query", "[server]") {
  // One question has both words; others have one of them.
  json strict = GetJson("/api/search?q=deadlock%20transactions%20&enough=1");
  CHECK(strict["matching"]["relaxed"] == false);
  CHECK(strict["matching"]["required"] == 2);
  CHECK(strict["total"] == 1);
  json loose = GetJson("/api/search?q=deadlock%20transactions%20&enough=1000");
  CHECK(loose["matching"]["relaxed"] == true);
  CHECK(loose["total"].get<size_t>() > 1);
  CHECK(loose["hits"][0]["id"] == strict["hits"][0]["id"]);
}

TEST_CASE_METHOD(ServerFixture, "collapse=1 shows one question of each group asked twice", "[server]") {
  BuildTestIndex({bank_path, DataFile("more.md")}, db_path);  // more.md asks one question twice
  json both = GetJson("/api/search?q=put%20idempotent%20&enough=1");
  REQUIRE(both["hits"].size() == 2);
  for (const json& hit : both["hits"]) {
    REQUIRE(hit["also_in"].size() == 1);
    CHECK(hit["also_in"][0]["id"] != hit["id"]);
  }
  json one = GetJson("/api/search?q=put%20idempotent%20&enough=1&collapse=1");
  REQUIRE(one["hits"].size() == 1);
  CHECK(one["hits"][0]["id"] == both["hits"][0]["id"]);
  CHECK(one["hits"][0]["also_in"].size() == 1);
}

TEST_CASE_METHOD(ServerFixture, "an empty query browses the whole bank in order", "[server]") {
  const size_t questions = CountQuestions(bank_path);
  json body = GetJson("/api/search?q=&limit=100");
  CHECK(body["total"] == questions);
  REQUIRE(body["hits"].size() == questions);
  CHECK(body["hits"][0]["id"] == "python-core/1");
  CHECK(SumOf(body["facets"]["part"]) == questions);
  CHECK(SumOf(body["facets"]["section"]) == questions);
  // Without q at all, the same.
  CHECK(GetJson("/api/search")["total"] == questions);
}

TEST_CASE_METHOD(ServerFixture, "filters are OR within a facet and AND across facets", "[server]") {
  json all = GetJson("/api/search?q=&limit=100");
  const auto parts = CountsOf(all["facets"]["part"]);
  const auto sections = CountsOf(all["facets"]["section"]);
  REQUIRE(parts.count("Python"));
  REQUIRE(parts.count("Databases"));
  REQUIRE(sections.count("Transactions"));
  REQUIRE(sections.count("Async Python"));

  json python = GetJson("/api/search?q=&limit=100&part=Python");
  CHECK(python["total"] == parts.at("Python"));
  for (const json& hit : python["hits"]) CHECK(hit["part"] == "Python");

  json by_slug = GetJson("/api/search?q=&limit=100&part=databases");
  CHECK(by_slug["total"] == parts.at("Databases"));

  json either = GetJson("/api/search?q=&limit=100&part=Python&part=Databases");
  CHECK(either["total"] == parts.at("Python") + parts.at("Databases"));

  json two_sections =
      GetJson("/api/search?q=&limit=100&section=Transactions&section=" + UrlEncode("Async Python"));
  CHECK(two_sections["total"] == sections.at("Transactions") + sections.at("Async Python"));

  json across = GetJson("/api/search?q=&limit=100&part=Python&section=Transactions");
  CHECK(across["total"] == 0);
  CHECK(across["hits"].empty());

  json within = GetJson("/api/search?q=&limit=100&part=Databases&section=Transactions");
  CHECK(within["total"] == sections.at("Transactions"));
  // Facet counts are disjunctive: the section facet applies the part filter,
  // not its own, so the other sections of the part stay visible.
  json databases = GetJson("/api/search?q=&limit=100&part=Databases");
  CHECK(CountsOf(within["facets"]["section"]) == CountsOf(databases["facets"]["section"]));
  CHECK(CountsOf(within["facets"]["section"]).at("Transactions") == sections.at("Transactions"));

  // Empty values are ignored rather than matching nothing.
  CHECK(GetJson("/api/search?q=&part=")["total"] == all["total"]);
}

TEST_CASE_METHOD(ServerFixture, "type and topic filter and count like part and section",
                 "[server]") {
  json all = GetJson("/api/search?q=&limit=100");
  const auto types = CountsOf(all["facets"]["type"]);
  const auto topics = CountsOf(all["facets"]["topic"]);
  REQUIRE(types.count("how-to"));
  REQUIRE(types.count("definition"));
  REQUIRE(topics.count("Concurrency"));
  REQUIRE(topics.count("SQL"));
  CHECK(SumOf(all["facets"]["type"]) == all["total"]);  // one type each

  json how_to = GetJson("/api/search?q=&limit=100&type=how-to");
  CHECK(how_to["total"] == types.at("how-to"));
  for (const json& hit : how_to["hits"]) CHECK(hit["type"] == "how-to");
  // Disjunctive: the type counts ignore the type filter.
  CHECK(CountsOf(how_to["facets"]["type"]) == types);

  // Topics: OR within (a question may have both), AND with the type.
  std::set<std::string> either;
  for (const json& hit : all["hits"]) {
    for (const json& topic : hit["topics"]) {
      if (topic == "Concurrency" || topic == "SQL") either.insert(hit["id"]);
    }
  }
  CHECK(GetJson("/api/search?q=&limit=100&topic=Concurrency&topic=SQL")["total"] == either.size());
  json both = GetJson("/api/search?q=&limit=100&topic=SQL&type=how-to");
  for (const json& hit : both["hits"]) {
    CHECK(hit["type"] == "how-to");
    CHECK(std::find(hit["topics"].begin(), hit["topics"].end(), "SQL") != hit["topics"].end());
  }
  CHECK(both["total"].get<size_t>() < how_to["total"].get<size_t>());
}

TEST_CASE_METHOD(ServerFixture, "bank= filters and counts like the other facets", "[server][banks]") {
  const std::string more = DataFile("more.md");
  BuildTestIndex({bank_path, more}, db_path, {"Backend Questions", "Web Questions"});
  const size_t backend = CountQuestions(bank_path);
  const size_t web = CountQuestions(more);

  json outline = GetJson("/api/outline");
  CHECK(outline["banks"] == json::parse(R"([{"bank":"Backend Questions","count":)" + std::to_string(backend) +
                                        R"(},{"bank":"Web Questions","count":)" + std::to_string(web) + "}]"));

  json all = GetJson("/api/search?q=&limit=100");
  CHECK(CountsOf(all["facets"]["bank"]) ==
        std::map<std::string, size_t>{{"Backend Questions", backend}, {"Web Questions", web}});
  CHECK(all["hits"][0]["bank"] == "Backend Questions");

  // By name or slug; the answers for two banks are told apart (by the cache too).
  json only_web = GetJson("/api/search?q=&limit=100&bank=" + UrlEncode("Web Questions"));
  CHECK(only_web["total"] == web);
  for (const json& hit : only_web["hits"]) CHECK(hit["bank"] == "Web Questions");
  CHECK(GetJson("/api/search?q=&limit=100&bank=web-questions")["total"] == web);
  CHECK(GetJson("/api/search?q=&limit=100&bank=backend-questions")["total"] == backend);
  CHECK(GetJson("/api/search?q=&bank=web-questions&bank=backend-questions")["total"] == backend + web);
  // Disjunctive: the bank counts ignore the bank filter, not the others.
  CHECK(CountsOf(only_web["facets"]["bank"]) == CountsOf(all["facets"]["bank"]));
  json python_web = GetJson("/api/search?q=&bank=web-questions&part=Python");
  CHECK(python_web["total"] == 0);
  CHECK(CountsOf(python_web["facets"]["bank"]).at("Backend Questions") > 0);

  // A question says which bank it is in.
  const std::string id = only_web["hits"][0]["id"];
  CHECK(GetJson("/api/questions/" + id)["bank"] == "Web Questions");
}

TEST_CASE_METHOD(ServerFixture, "facet counts describe the matches of the query", "[server]") {
  json body = GetJson("/api/search?q=" + UrlEncode("index") + "&limit=100");
  const size_t total = body["total"];
  REQUIRE(total > 0);
  CHECK(SumOf(body["facets"]["part"]) == total);
  CHECK(SumOf(body["facets"]["section"]) == total);
  const auto sections = CountsOf(body["facets"]["section"]);
  std::map<std::string, size_t> seen;
  for (const json& hit : body["hits"]) ++seen[hit["section"].get<std::string>()];
  CHECK(seen == sections);
}

TEST_CASE_METHOD(ServerFixture, "limit and offset page through the results", "[server]") {
  json first = GetJson("/api/search?q=&limit=3");
  json second = GetJson("/api/search?q=&limit=3&offset=3");
  CHECK(first["limit"] == 3);
  CHECK(second["offset"] == 3);
  REQUIRE(first["hits"].size() == 3);
  REQUIRE(second["hits"].size() == 3);
  std::set<std::string> ids;
  for (const json& hit : first["hits"]) ids.insert(hit["id"]);
  for (const json& hit : second["hits"]) CHECK(ids.count(hit["id"]) == 0);
  const size_t total = first["total"];
  json past_end = GetJson("/api/search?q=&offset=" + std::to_string(total));
  CHECK(past_end["hits"].empty());
  CHECK(past_end["total"] == total);
}

TEST_CASE_METHOD(ServerFixture, "bad parameters are 400 with an error naming them", "[server]") {
  struct Case {
    std::string path;
    std::string names;
  };
  const std::vector<Case> cases = {
      {"/api/search?q=x&limit=abc", "limit"},
      {"/api/search?q=x&limit=101", "limit"},
      {"/api/search?q=x&limit=0", "limit"},
      {"/api/search?q=x&limit=-1", "limit"},
      {"/api/search?q=x&limit=1.5", "limit"},
      {"/api/search?q=x&limit=", "limit"},
      {"/api/search?q=x&limit=%2B5", "limit"},
      {"/api/search?q=x&limit=99999999999999999999999", "limit"},
      {"/api/search?q=x&offset=-1", "offset"},
      {"/api/search?q=x&offset=abc", "offset"},
      {"/api/search?q=x&offset=%205", "offset"},
      {"/api/search?q=" + std::string(1025, 'a'), "q"},
      {"/api/search?q=" + UrlEncode(Repeat("\u20AC", 342)), "q"},  // 1026 bytes
      {"/api/questions/python-core/1/related?limit=abc", "limit"},
      {"/api/questions/python-core/1/related?limit=0", "limit"},
      {"/api/search?q=x&verbatim=yes", "verbatim"},
      {"/api/search?q=x&verbatim=", "verbatim"},
      {"/api/search?q=x&verbatim=2", "verbatim"},
      {"/api/search?q=x&enough=0", "enough"},
      {"/api/search?q=x&collapse=yes", "collapse"},
      {"/api/search?q=x&enough=many", "enough"},
  };
  for (const Case& c : cases) {
    INFO("GET " << c.path.substr(0, 120));
    json body = GetJson(c.path, 400);
    REQUIRE(body.contains("error"));
    CHECK(body["error"].get<std::string>().find(c.names) != std::string::npos);
  }
  // The limits themselves are fine.
  CHECK(GetJson("/api/search?q=" + std::string(1024, 'a'))["hits"].is_array());
  CHECK(GetJson("/api/search?q=x&limit=100&offset=0")["limit"] == 100);
  CHECK(GetJson("/api/search?q=x&limit=1")["limit"] == 1);
}

TEST_CASE_METHOD(ServerFixture, "unknown ids and paths are 404 in JSON", "[server]") {
  for (const std::string path :
       {"/api/questions/no-such-section/1", "/api/questions/no-such-section/1/related",
        "/api/questions/python-core/999", "/no/such/path", "/api", "/api/search/extra",
        "/static/nope.js", "/static/", "/static/../web/server.cc"}) {
    INFO("GET " << path);
    json body = GetJson(path, 404);
    CHECK(body.contains("error"));
    CHECK(!body["error"].get<std::string>().empty());
  }
}

TEST_CASE_METHOD(ServerFixture, "a question by its id, which holds a slash", "[server]") {
  json browse = GetJson("/api/search?q=&limit=1");
  REQUIRE(browse["hits"].size() == 1);
  const json& first = browse["hits"][0];
  const std::string id = first["id"];
  REQUIRE(id.find('/') != std::string::npos);

  json question = GetJson("/api/questions/" + id);
  CHECK(question["id"] == id);
  CHECK(question["text"] == first["text"]);
  CHECK(question["section"] == first["section"]);
  CHECK(question["part"] == first["part"]);
  for (const char* key : {"number", "body", "tags"}) CHECK(question.contains(key));

  // The slash may come percent-encoded too.
  CHECK(GetJson("/api/questions/" + UrlEncode(id))["id"] == id);
}

TEST_CASE_METHOD(ServerFixture, "related questions exclude the question itself", "[server]") {
  const std::string id = "transactions/2";
  json body = GetJson("/api/questions/" + id + "/related");
  CHECK(body["id"] == id);
  REQUIRE(body["related"].is_array());
  CHECK(!body["related"].empty());
  CHECK(body["related"].size() <= 5);
  for (const json& hit : body["related"]) {
    CHECK(hit["id"] != id);
    CHECK(hit.contains("text"));
    CHECK(OnlyMarkTags(hit["snippet"]));
  }
  json one = GetJson("/api/questions/" + id + "/related?limit=1");
  CHECK(one["related"].size() <= 1);
}

TEST_CASE_METHOD(ServerFixture, "healthz says alive; readyz reports the index served", "[server]") {
  CHECK(GetJson("/healthz") == json{{"status", "ok"}});
  json ready = GetJson("/readyz");
  CHECK(ready["status"] == "ready");
  CHECK(ready["questions"] == CountQuestions(bank_path));
  // The generation's name, not a path of the server's machine.
  const std::string generation = ready["generation"];
  CHECK(generation.rfind("gen-", 0) == 0);
  CHECK(generation.find('/') == std::string::npos);
}

TEST_CASE_METHOD(ServerFixture, "every response carries the security headers", "[server]") {
  const std::string csp =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  for (const std::string path :
       {"/", "/static/app.js", "/static/style.css", "/api/search?q=gil", "/api/search?limit=abc",
        "/api/questions/python-core/1", "/api/questions/nope/1", "/no/such/path", "/healthz",
        "/api/outline", "/q/python-core/1", "/q/nope/1", "/api/search?q=deadlok&verbatim=1"}) {
    INFO("GET " << path);
    httplib::Result res = Get(path);
    CHECK(res->get_header_value("Content-Security-Policy") == csp);
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(res->get_header_value_count("Content-Security-Policy") == 1);
  }
}

TEST_CASE_METHOD(ServerFixture, "the page and its files are served from the binary", "[server]") {
  struct Case {
    std::string path, file, type;
  };
  for (const Case& c : std::vector<Case>{{"/", "index.html", "text/html"},
                                         {"/static/app.js", "app.js", "text/javascript"},
                                         {"/static/style.css", "style.css", "text/css"}}) {
    INFO("GET " << c.path);
    httplib::Result res = Get(c.path);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type").rfind(c.type, 0) == 0);
    CHECK(res->body == ReadFile(std::string(QUARRY_SOURCE_DIR) + "/web/static/" + c.file));
  }
  httplib::Result page = Get("/");
  CHECK(page->body.find("/static/app.js") != std::string::npos);
  CHECK(page->body.find("/static/style.css") != std::string::npos);
}

TEST_CASE_METHOD(ServerFixture, "hostile input gets an answer and never stops the server",
                 "[server]") {
  const std::vector<std::string> paths = {
      "/api/search?q=%FF%FE%FD",
      "/api/search?q=%00",
      "/api/search?q=%22unbalanced",
      "/api/search?q=-",
      "/api/search?q=*",
      "/api/search?q=AND%20OR%20NOT",
      "/api/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "/api/search?q=" + UrlEncode("((((((((((") + "&part=%FF",
      "/api/search?q=a&q=b&limit=5&limit=abc",
      "/api/search?section=" + std::string(3000, 'x'),
      "/api/questions/%00",
      "/api/questions/..%2F..%2Fetc%2Fpasswd",
      "/api/questions/%FF/related",
      "/api/questions//related",
      "/static/%2E%2E%2Fserver.cc",
      "/%FF",
  };
  for (const std::string& path : paths) {
    INFO("GET " << path.substr(0, 120));
    httplib::Result res = Get(path);
    CHECK((res->status == 200 || res->status == 400 || res->status == 404));
    CHECK(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    json body = json::parse(res->body, nullptr, false);
    REQUIRE(!body.is_discarded());
    if (res->status == 200 && body.contains("hits")) {
      for (const json& hit : body["hits"]) CHECK(OnlyMarkTags(hit["snippet"]));
    }
  }
  CHECK(server->running());
  CHECK(GetJson("/healthz")["status"] == "ok");
}

namespace {

// `request` sent as bytes on a fresh connection; what comes back (until
// the server closes, or 3 s) and how soon its first byte came.
struct RawAnswer {
  std::string status_line;
  size_t bytes = 0;
  double first_byte_ms = -1;
};

RawAnswer Exchange(int port, const std::string& request) {
  RawAnswer out;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  const auto sent = std::chrono::steady_clock::now();
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string data;
  char buf[65536];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
    if (out.first_byte_ms < 0) {
      out.first_byte_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent).count();
    }
    data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  out.bytes = data.size();
  out.status_line = data.substr(0, data.find("\r\n"));
  return out;
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "a request no route takes is refused before its body is read", "[server][hostile]") {
  struct Case {
    const char* what;
    std::string request;
    const char* status;
  };
  const std::vector<Case> cases = {
      {"POST of 1 GiB", "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n", "405"},
      {"PUT chunked, no end", "PUT / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "405"},
      {"DELETE", "DELETE /api/questions/x HTTP/1.1\r\nHost: x\r\n\r\n", "405"},
      {"PATCH", "PATCH / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "405"},
      {"GET with a body", "GET /api/search?q=gil HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "400"},
      {"Content-Length and Transfer-Encoding",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "400"},
      {"two Content-Lengths", "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
       "400"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const RawAnswer answer = Exchange(port, c.request);
    CHECK(answer.status_line.find(std::string(" ") + c.status + " ") != std::string::npos);
    // At once: the body (a GiB, or a chunked one with no end) is not awaited.
    CHECK(answer.first_byte_ms >= 0);
    CHECK(answer.first_byte_ms < 500);
  }
  CHECK(GetJson("/healthz")["status"] == "ok");
}

TEST_CASE_METHOD(ServerFixture, "many ranges of one answer get the whole answer, once", "[server][hostile]") {
  std::string ranges = "bytes=0-";
  for (int i = 1; i < 2600; ++i) ranges += ",0-";
  for (const std::string& path : {std::string("/api/search?q=deadlock"), std::string("/static/app.js")}) {
    INFO(path);
    httplib::Result whole = Get(path);
    REQUIRE(whole->status == 200);
    const RawAnswer answer = Exchange(
        port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: " + ranges + "\r\nConnection: close\r\n\r\n");
    CHECK((answer.status_line.find(" 200 ") != std::string::npos || answer.status_line.find(" 416 ") != std::string::npos));
    // Not 2,600 copies: at most the answer and its headers.
    CHECK(answer.bytes < whole->body.size() + 4096);
  }
}

TEST_CASE_METHOD(ServerFixture, "markup in a question comes back escaped", "[server]") {
  json body = GetJson("/api/search?q=escaped");
  REQUIRE(!body["hits"].empty());
  for (const json& hit : body["hits"]) {
    const std::string snippet = hit["snippet"];
    CHECK(OnlyMarkTags(snippet));
    CHECK(snippet.find("<img") == std::string::npos);
  }
}

TEST_CASE_METHOD(ServerFixture, "a rebuilt index is picked up without a restart", "[server]") {
  const size_t before = CountQuestions(bank_path);
  CHECK(GetJson("/readyz")["questions"] == before);
  CHECK(GetJson("/api/search?q=idempotent")["total"] == 0);

  const std::string more = DataFile("more.md");
  BuildTestIndex({bank_path, more}, db_path);

  CHECK(GetJson("/readyz")["questions"] == before + CountQuestions(more));
  json found = GetJson("/api/search?q=idempotent");
  REQUIRE(found["total"].get<size_t>() > 0);
  CHECK(found["hits"][0]["section"] == "REST APIs");
}

TEST_CASE_METHOD(ServerFixture, "concurrent clients each get their answer", "[server]") {
  const std::vector<std::string> queries = {"gil", "index", "deadlock", "asyncio", ""};
  std::map<std::string, size_t> expected;
  for (const std::string& q : queries) {
    expected[q] = GetJson("/api/search?q=" + UrlEncode(q))["total"];
  }
  constexpr int kClients = 8, kRequests = 20;
  std::vector<int> failures(kClients, 0);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client cli("127.0.0.1", port);
      cli.set_url_encode(false);
      for (int r = 0; r < kRequests; ++r) {
        const std::string& q = queries[(c + r) % queries.size()];
        auto res = cli.Get("/api/search?q=" + UrlEncode(q));
        if (!res || res->status != 200) {
          ++failures[c];
          continue;
        }
        json body = json::parse(res->body, nullptr, false);
        if (body.is_discarded() || body["total"] != expected.at(q)) ++failures[c];
      }
    });
  }
  for (std::thread& t : clients) t.join();
  for (int c = 0; c < kClients; ++c) CHECK(failures[c] == 0);
}

TEST_CASE_METHOD(ServerFixture, "searches in parallel with rebuilds see one whole generation each",
                 "[server][tsan]") {
  // What make test-tsan runs under ThreadSanitizer: workers searching,
  // refreshing and caching while generations switch under them.
  const size_t small = CountQuestions(bank_path);
  const std::string more = DataFile("more.md");
  const size_t large = small + CountQuestions(more);
  constexpr int kClients = 4, kRebuilds = 6;
  std::atomic<bool> stop{false};
  std::vector<int> failures(kClients, 0);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client cli("127.0.0.1", port);
      cli.set_url_encode(false);
      for (int r = 0; !stop; ++r) {
        auto res = cli.Get(r % 2 ? "/readyz" : "/api/search?q=index&limit=" + std::to_string(1 + (c + r) % 20));
        if (!res || res->status != 200) {
          ++failures[c];
          continue;
        }
        json body = json::parse(res->body, nullptr, false);
        if (body.is_discarded()) ++failures[c];
        if (r % 2 && body["questions"] != small && body["questions"] != large) ++failures[c];
      }
    });
  }
  for (int i = 0; i < kRebuilds; ++i) {
    if (i % 2) {
      BuildTestIndex({bank_path}, db_path);
    } else {
      BuildTestIndex({bank_path, more}, db_path);
    }
  }
  stop = true;
  for (std::thread& t : clients) t.join();
  for (int c = 0; c < kClients; ++c) CHECK(failures[c] == 0);
  CHECK(GetJson("/readyz")["questions"] == small);
}

TEST_CASE_METHOD(ServerFixture, "idle keep-alive connections free their workers soon", "[server]") {
  // Every worker (the fixture has 4) holds an idle keep-alive connection, as
  // a browser's open tabs do. A new client waits for one to time out: about
  // 2 s, not httplib's default 5 s.
  std::vector<std::unique_ptr<httplib::Client>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<httplib::Client>("127.0.0.1", port));
    idle.back()->set_keep_alive(true);
    auto res = idle.back()->Get("/healthz");
    REQUIRE(res);
    REQUIRE(res->status == 200);
  }
  const auto started = std::chrono::steady_clock::now();
  httplib::Client fresh("127.0.0.1", port);
  fresh.set_read_timeout(10);
  auto res = fresh.Get("/healthz");
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE(res);
  CHECK(res->status == 200);
  INFO("waited " << waited << " s");
  CHECK(waited < 4.0);
}

TEST_CASE_METHOD(ServerFixture, "Stop closes the port and is idempotent", "[server]") {
  CHECK(server->running());
  server->Stop();
  CHECK(!server->running());
  server->Stop();
  httplib::Client cli("127.0.0.1", port);
  cli.set_connection_timeout(2);
  CHECK(!cli.Get("/healthz"));
}

TEST_CASE("Open fails on a missing index or bad options", "[server]") {
  TempDir dir;
  ServerOptions options;
  options.port = 0;
  options.db_path = dir.path() + "/no-index-here";
  Result<std::unique_ptr<Server>> missing = Server::Open(options);
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == Status::Code::kNotFound);

  options.db_path = "";
  CHECK(Server::Open(options).status().code() == Status::Code::kInvalidArgument);

  BuildTestIndex({DataFile("bank.md")}, dir.path() + "/index");
  options.db_path = dir.path() + "/index";
  options.port = 70000;
  CHECK(Server::Open(options).status().code() == Status::Code::kInvalidArgument);
  options.port = -1;
  CHECK(Server::Open(options).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE_METHOD(ServerFixture, "Start reports a port already in use", "[server]") {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.db_path = db_path;
  Result<std::unique_ptr<Server>> second = Server::Open(options);
  REQUIRE(second.ok());
  Result<int> started = (*second)->Start();
  REQUIRE(!started.ok());
  CHECK(started.status().code() == Status::Code::kIOError);
  CHECK(started.status().message().find(std::to_string(port)) != std::string::npos);
  // The first server is unaffected.
  CHECK(GetJson("/healthz")["status"] == "ok");
}

}  // namespace
}  // namespace quarry::web::testing
