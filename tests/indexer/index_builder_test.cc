// Tests of BuildIndex and the index layout: generations, the stub, the build
// lock, and what a failed reindex leaves behind. Each test builds in a unique
// temporary folder and reads the result back with Xapian.
#include "indexer/index_builder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "core/schema.h"
#include "indexer/corpus_loader.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using quarry::BuildIndex;
using quarry::IndexOptions;
using quarry::IndexSummary;
using quarry::Question;
using quarry::Result;
using quarry::Status;
using quarry::SynonymTable;
using quarry::testing::TempDir;

namespace {

Question MakeQuestion(std::string id, std::string part, std::string section, int number,
                      std::string text) {
  Question q;
  q.id = std::move(id);
  q.part = std::move(part);
  q.section = std::move(section);
  q.number = number;
  q.text = std::move(text);
  return q;
}

std::vector<Question> SmallBank(size_t extra = 0) {
  std::vector<Question> qs = {
      MakeQuestion("python-core/1", "Python", "Python Core", 1, "What is the GIL?"),
      MakeQuestion("python-core/2", "Python", "Python Core", 2,
                   "Difference between *args and **kwargs."),
      MakeQuestion("django-orm/1", "Django", "Django ORM", 1,
                   "select_related vs prefetch_related."),
  };
  for (size_t i = 0; i < extra; ++i) {
    qs.push_back(MakeQuestion("extra/" + std::to_string(i + 1), "Django", "Extra", int(i + 1),
                              "Extra question " + std::to_string(i + 1)));
  }
  return qs;
}

Result<IndexSummary> Build(const std::string& db, const std::vector<Question>& questions) {
  IndexOptions options;
  options.db_path = db;
  return BuildIndex(questions, SynonymTable{}, options);
}

void MustBuild(const std::string& db, const std::vector<Question>& questions) {
  Result<IndexSummary> summary = Build(db, questions);
  INFO(summary.status().ToString());
  REQUIRE(summary.ok());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Names of the gen-N folders in `db`.
std::set<std::string> Generations(const std::string& db) {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(db)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(quarry::layout::kGenerationPrefix, 0) == 0) out.insert(name);
  }
  return out;
}

std::string CurrentGenerationName(const std::string& db) {
  Result<std::string> current = quarry::layout::CurrentGeneration(db);
  INFO(current.status().ToString());
  REQUIRE(current.ok());
  return fs::path(*current).filename().string();
}

// Opens the index as a reader does (through the stub) and checks that it is
// a complete Quarry index of `doc_count` questions.
void CheckReadable(const std::string& db, Xapian::doccount doc_count) {
  Xapian::Database through_stub(db);
  CHECK(through_stub.get_doccount() == doc_count);
  CHECK(through_stub.get_metadata(std::string(quarry::schema::kMetaSchemaVersion)) ==
        quarry::schema::kSchemaVersion);
  Result<std::string> current = quarry::layout::CurrentGeneration(db);
  REQUIRE(current.ok());
  Xapian::Database generation(*current);
  CHECK(generation.get_doccount() == doc_count);
  CHECK(generation.term_exists(quarry::schema::Prefixed(quarry::schema::kId, "python-core/1")));
}

// Holds the build lock of `db` as another quarry-index would.
class HeldLock {
 public:
  explicit HeldLock(const std::string& db) {
    fd_ = ::open((fs::path(db) / quarry::layout::kLockName).c_str(), O_RDWR | O_CREAT | O_CLOEXEC,
                 0644);
    locked_ = fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
  }
  ~HeldLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool locked() const { return locked_; }

 private:
  int fd_ = -1;
  bool locked_ = false;
};

}  // namespace

TEST_CASE("the first build writes gen-1 and a stub naming it", "[index_builder]") {
  TempDir tmp;
  std::string db = tmp / "index";  // created by the build
  Result<IndexSummary> summary = Build(db, SmallBank());
  INFO(summary.status().ToString());
  REQUIRE(summary.ok());
  CHECK(summary->questions == 3);
  CHECK(summary->sections == 2);
  CHECK(summary->parts == 2);
  CHECK(summary->synonyms == 0);
  CHECK(summary->generation == (fs::path(db) / "gen-1").string());

  CHECK(ReadFile((fs::path(db) / quarry::layout::kStubName).string()) == "auto gen-1\n");
  CHECK(Generations(db) == std::set<std::string>{"gen-1"});
  Result<std::string> current = quarry::layout::CurrentGeneration(db);
  REQUIRE(current.ok());
  CHECK(*current == (fs::path(db) / "gen-1").string());
  CheckReadable(db, 3);
}

TEST_CASE("the index stores schema metadata, ids, filters and document data", "[index_builder]") {
  TempDir tmp;
  MustBuild(tmp.path(), SmallBank());
  Xapian::Database db(tmp.path());
  namespace schema = quarry::schema;
  CHECK(db.get_metadata(std::string(schema::kMetaSchemaVersion)) == schema::kSchemaVersion);
  CHECK_FALSE(db.get_metadata(std::string(schema::kMetaBuiltAt)).empty());
  CHECK_FALSE(db.get_metadata(std::string(schema::kMetaOutline)).empty());
  CHECK(db.get_termfreq(schema::Prefixed(schema::kSectionFilter, "python-core")) == 2);
  CHECK(db.get_termfreq(schema::Prefixed(schema::kPartFilter, "django")) == 1);
  CHECK(db.term_exists("select_related"));
  CHECK(db.term_exists("**kwargs"));

  Xapian::PostingIterator it = db.postlist_begin(schema::Prefixed(schema::kId, "django-orm/1"));
  REQUIRE(it != db.postlist_end(schema::Prefixed(schema::kId, "django-orm/1")));
  Question q;
  REQUIRE(quarry::DeserializeQuestion(db.get_document(*it).get_data(), q));
  CHECK(q.id == "django-orm/1");
  CHECK(q.text == "select_related vs prefetch_related.");
}

TEST_CASE("each bank is a facet value: a filter term, a value slot and the banks' metadata",
          "[index_builder][banks]") {
  TempDir tmp;
  std::vector<Question> bank = SmallBank();
  bank[0].bank = bank[1].bank = "Backend Questions";
  bank[2].bank = "Web";
  MustBuild(tmp.path(), bank);
  Xapian::Database db(tmp.path());
  namespace schema = quarry::schema;
  CHECK(db.get_termfreq(schema::FacetTerm(schema::kBankFacet, "Backend Questions")) == 2);
  CHECK(db.get_termfreq(schema::Prefixed(schema::kBankFilter, "web")) == 1);
  CHECK(db.get_document(1).get_value(schema::kSlotBank) == "Backend Questions");
  CHECK(db.get_metadata(std::string(schema::kMetaBanks)) ==
        R"([{"bank":"Backend Questions","count":2},{"bank":"Web","count":1}])");
  Question q;
  REQUIRE(quarry::DeserializeQuestion(db.get_document(3).get_data(), q));
  CHECK(q.bank == "Web");
}

TEST_CASE("an answer is a field of its own, with positions", "[index_builder][answers]") {
  TempDir tmp;
  std::vector<Question> bank = SmallBank();
  bank[0].body = "Use exponential backoff.\nThen select_related.";
  MustBuild(tmp.path(), bank);
  Xapian::Database db(tmp.path());
  namespace schema = quarry::schema;
  auto positions = [&](const std::string& term) {
    std::vector<Xapian::termpos> out(db.positionlist_begin(1, term), db.positionlist_end(1, term));
    return out;
  };
  CHECK(positions("Bexponential") == std::vector<Xapian::termpos>{2});
  CHECK(positions("Bbackoff") == std::vector<Xapian::termpos>{3});
  CHECK(db.term_exists("Bselect_related"));
  CHECK(db.term_exists(schema::Prefixed(schema::kAnswerField.stemmed_prefix, "exponenti")));
  // None of it in the question's own fields.
  CHECK_FALSE(db.term_exists("exponential"));
  CHECK_FALSE(db.term_exists("Zexponenti"));
}

TEST_CASE("a rebuild switches to the next generation and keeps only the previous one",
          "[index_builder]") {
  TempDir tmp;
  const std::string& db = tmp.path();
  MustBuild(db, SmallBank());
  MustBuild(db, SmallBank(1));
  CHECK(ReadFile((fs::path(db) / quarry::layout::kStubName).string()) == "auto gen-2\n");
  CHECK(CurrentGenerationName(db) == "gen-2");
  CHECK(Generations(db) == std::set<std::string>{"gen-1", "gen-2"});
  CheckReadable(db, 4);

  MustBuild(db, SmallBank(2));
  CHECK(CurrentGenerationName(db) == "gen-3");
  CHECK(Generations(db) == std::set<std::string>{"gen-2", "gen-3"});
  CheckReadable(db, 5);
}

TEST_CASE("a reader of the previous generation keeps reading across a rebuild", "[index_builder]") {
  TempDir tmp;
  MustBuild(tmp.path(), SmallBank());
  Xapian::Database reader(tmp.path());
  MustBuild(tmp.path(), SmallBank(2));
  CHECK(reader.get_doccount() == 3);
  CHECK(reader.term_exists(quarry::schema::Prefixed(quarry::schema::kId, "python-core/2")));
  // A reader picks up the new generation by opening the index again
  // (Database::reopen() does not re-read the stub).
  CHECK(Xapian::Database(tmp.path()).get_doccount() == 5);
}

TEST_CASE("CurrentGeneration is NotFound where there is no Quarry index", "[index_layout]") {
  TempDir tmp;
  using quarry::layout::CurrentGeneration;
  CHECK(CurrentGeneration(tmp / "missing").status().code() == Status::Code::kNotFound);
  CHECK(CurrentGeneration(tmp.path()).status().code() == Status::Code::kNotFound);
  for (std::string stub : {"", "auto", "auto ../elsewhere", "auto /abs/gen-1"}) {
    INFO("stub: " << stub);
    tmp.Write(quarry::layout::kStubName, stub);
    CHECK(CurrentGeneration(tmp.path()).status().code() == Status::Code::kNotFound);
  }
  tmp.Write(quarry::layout::kStubName, "auto gen-7\n");
  Result<std::string> current = CurrentGeneration(tmp.path());
  REQUIRE(current.ok());
  CHECK(*current == (fs::path(tmp.path()) / "gen-7").string());
}

TEST_CASE("a build while another build holds the lock fails with IOError", "[index_builder]") {
  TempDir tmp;
  const std::string& db = tmp.path();
  MustBuild(db, SmallBank());
  {
    HeldLock other(db);
    REQUIRE(other.locked());
    Result<IndexSummary> summary = Build(db, SmallBank(1));
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.status().code() == Status::Code::kIOError);
    CHECK(summary.status().message().find("another quarry-index") != std::string::npos);
    CHECK(CurrentGenerationName(db) == "gen-1");
    CHECK(Generations(db) == std::set<std::string>{"gen-1"});
    CheckReadable(db, 3);
  }
  // Once the other build ends, building works again.
  MustBuild(db, SmallBank(1));
  CHECK(CurrentGenerationName(db) == "gen-2");
}

TEST_CASE("a reindex whose corpus fails to load leaves the index current and readable",
          "[index_builder]") {
  TempDir tmp;
  std::string db = tmp / "index";
  tmp.Write("corpus/bank.md", "## Python Core\n1. What is the GIL?\n2. *args?\n");
  auto corpus = quarry::LoadCorpus({tmp / "corpus"});
  REQUIRE(corpus.ok());
  MustBuild(db, corpus->questions);

  // A reindex as quarry-index runs it: a bank that would make the index
  // wrong (an id used twice) stops it before BuildIndex.
  tmp.Write("corpus/broken.jsonl", "{\"id\": \"x\", \"text\": \"a\"}\n{\"id\": \"x\", \"text\": \"b\"}\n");
  auto reload = quarry::LoadCorpus({tmp / "corpus"});
  REQUIRE_FALSE(reload.ok());
  CHECK(reload.status().message() == tmp / "corpus/broken.jsonl" + ":2: duplicate id \"x\" (first at " +
                                         tmp / "corpus/broken.jsonl" + ":1)");

  CHECK(CurrentGenerationName(db) == "gen-1");
  CHECK(Generations(db) == std::set<std::string>{"gen-1"});
  CheckReadable(db, 2);
}

TEST_CASE("a build into an unwritable folder fails with IOError", "[index_builder]") {
  TempDir tmp;
  tmp.Write("a-file", "not a folder");
  Result<IndexSummary> summary = Build(tmp / "a-file/index", SmallBank());
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.status().code() == Status::Code::kIOError);
  CHECK(summary.status().message().find(tmp / "a-file") != std::string::npos);
}

TEST_CASE("a build that cannot write its generation leaves the previous one current",
          "[index_builder]") {
  TempDir tmp;
  const std::string& db = tmp.path();
  MustBuild(db, SmallBank());
  // The next generation's path is taken by a file the build cannot replace
  // with a database (works as root too, unlike chmod).
  tmp.Write("gen-2", "in the way");
  Result<IndexSummary> summary = Build(db, SmallBank(1));
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.status().code() == Status::Code::kIOError);
  CHECK(ReadFile((fs::path(db) / quarry::layout::kStubName).string()) == "auto gen-1\n");
  CHECK(CurrentGenerationName(db) == "gen-1");
  CHECK(Generations(db) == std::set<std::string>{"gen-1"});
  CheckReadable(db, 3);

  // The next build succeeds and the index moves on.
  MustBuild(db, SmallBank(1));
  CheckReadable(db, 4);
}

TEST_CASE("a build that cannot switch the stub removes its new generation", "[index_builder]") {
  TempDir tmp;
  const std::string& db = tmp.path();
  MustBuild(db, SmallBank());
  // The stub is written to XAPIANDB.tmp first; a folder there stops it.
  fs::create_directories(fs::path(db) / (std::string(quarry::layout::kStubName) + ".tmp") / "x");
  Result<IndexSummary> summary = Build(db, SmallBank(1));
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.status().code() == Status::Code::kIOError);
  CHECK(CurrentGenerationName(db) == "gen-1");
  CHECK(Generations(db) == std::set<std::string>{"gen-1"});
  CheckReadable(db, 3);
}

TEST_CASE("a half-written generation left by a killed build is removed by the next build",
          "[index_builder]") {
  TempDir tmp;
  const std::string& db = tmp.path();
  MustBuild(db, SmallBank());
  // What a build killed mid-way leaves: a gen folder the stub does not name.
  tmp.Write("gen-2/postlist.glass", "half written");
  tmp.Write("gen-2/flintlock", "");

  MustBuild(db, SmallBank(1));
  CHECK(CurrentGenerationName(db) == "gen-3");
  CHECK(Generations(db) == std::set<std::string>{"gen-1", "gen-3"});
  CheckReadable(db, 4);
}

TEST_CASE("a half-written first generation is removed by the next build", "[index_builder]") {
  TempDir tmp;
  const std::string& db = tmp.path();
  tmp.Write("gen-1/postlist.glass", "half written");  // no stub: the first build was killed
  MustBuild(db, SmallBank());
  CHECK(CurrentGenerationName(db) == "gen-2");
  CHECK(Generations(db) == std::set<std::string>{"gen-2"});
  CheckReadable(db, 3);
}

TEST_CASE("progress is reported every progress_every questions", "[index_builder]") {
  TempDir tmp;
  std::vector<std::pair<size_t, size_t>> calls;
  IndexOptions options;
  options.db_path = tmp.path();
  options.progress_every = 2;
  options.progress = [&](size_t done, size_t total) { calls.emplace_back(done, total); };
  REQUIRE(BuildIndex(SmallBank(2), SynonymTable{}, options).ok());
  CHECK(calls == std::vector<std::pair<size_t, size_t>>{{2, 5}, {4, 5}});
}

TEST_CASE("synonyms are stored in the index", "[index_builder]") {
  TempDir tmp;
  IndexOptions options;
  options.db_path = tmp.path();
  SynonymTable synonyms{{"gil", {"global interpreter lock"}}};
  Result<IndexSummary> summary = BuildIndex(SmallBank(), synonyms, options);
  REQUIRE(summary.ok());
  CHECK(summary->synonyms == 1);
  Xapian::Database db(tmp.path());
  std::vector<std::string> found(db.synonyms_begin("gil"), db.synonyms_end("gil"));
  CHECK(found == std::vector<std::string>{"global interpreter lock"});
}

TEST_CASE("spelling data keeps headline words and body words seen twice, not body words seen once",
          "[index_builder]") {
  TempDir tmp;
  IndexOptions options;
  options.db_path = tmp.path();
  std::vector<Question> bank = SmallBank();
  bank[0].body = "Mentions zephyrine once and quokkas in passing.";
  bank[1].body = "The quokkas again.";
  bank[2].text = "select_related vs prefetch_related, or marmalade.";
  REQUIRE(BuildIndex(bank, {}, options).ok());
  Xapian::Database db(tmp.path());
  std::set<std::string> words(db.spellings_begin(), db.spellings_end());
  CHECK(words.count("marmalade") == 1);   // question text, once
  CHECK(words.count("quokkas") == 1);     // two bodies
  CHECK(words.count("zephyrine") == 0);   // one body, once
  CHECK(words.count("python") == 1);      // a section title
  // The word is still searchable: only corrections towards it are gone.
  CHECK(db.get_termfreq(quarry::schema::Prefixed(quarry::schema::kAnswerField.prefix, "zephyrine")) == 1);
}

// Bug: BuildLock treats a failed open(2) of DIR/.lock like a lock held by
// someone else, so a folder the build cannot write (read-only, wrong owner,
// or here a folder named .lock) is reported as "another quarry-index is
// writing this index", and the user waits for a build that does not exist.
TEST_CASE("a lock file that cannot be opened is not reported as another build",
          "[index_builder][bug]") {
  TempDir tmp;
  fs::create_directories(fs::path(tmp.path()) / quarry::layout::kLockName);
  Result<IndexSummary> summary = Build(tmp.path(), SmallBank());
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.status().code() == Status::Code::kIOError);
  INFO("message: " << summary.status().message());
  CHECK(summary.status().message().find("another quarry-index") == std::string::npos);
}
