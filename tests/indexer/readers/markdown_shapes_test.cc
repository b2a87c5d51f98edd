// Golden tests of the markdown reader, one per layout banks are written in:
// each fixture in tests/indexer/data/shapes/ (written for these tests, in
// the shapes real banks have) read whole, every question's id, section,
// part, text and line compared, then its answers and warnings.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "indexer/readers/markdown_reader.h"

using quarry::Bank;
using quarry::BankWarning;
using quarry::Question;
using quarry::ReadMarkdownBank;

namespace {

// Reads fixture `name`, naming it by its bare name in sources.
Bank ReadFixture(const std::string& name) {
  std::ifstream in(std::string(QUARRY_SOURCE_DIR) + "/tests/indexer/data/shapes/" + name, std::ios::binary);
  REQUIRE(in);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bank = ReadMarkdownBank(content, name);
  INFO(bank.status().ToString());
  REQUIRE(bank.ok());
  return std::move(bank).value();
}

// "id | section | part | text | source", one per question.
std::vector<std::string> Golden(const Bank& bank) {
  std::vector<std::string> out;
  for (const Question& q : bank.questions) {
    out.push_back(q.id + " | " + q.section + " | " + q.part + " | " + q.text + " | " + q.source);
  }
  return out;
}

std::vector<std::string> Warnings(const Bank& bank) {
  std::vector<std::string> out;
  for (const BankWarning& w : bank.warnings) out.push_back(w.where + " [" + w.kind + "] " + w.message);
  return out;
}

const Question& ById(const Bank& bank, const std::string& id) {
  for (const Question& q : bank.questions) {
    if (q.id == id) return q;
  }
  FAIL("no question " << id);
  throw;
}

}  // namespace

TEST_CASE("numbered lists: front matter, badges, a table of contents and a licence are not questions",
          "[shapes]") {
  Bank bank = ReadFixture("numbered.md");
  CHECK(bank.title == "Front-end Interview Prep");
  CHECK(bank.shape == "numbered lists");
  CHECK(Golden(bank) == std::vector<std::string>{
      "javascript/1 | JavaScript | Front-end Interview Prep | What is hoisting? | numbered.md:21",
      "javascript/2 | JavaScript | Front-end Interview Prep | Explain the difference between == and ===. | numbered.md:22",
      "javascript/3 | JavaScript | Front-end Interview Prep | What does this refer to inside an arrow function? | numbered.md:26",
      "javascript/4 | JavaScript | Front-end Interview Prep | Event delegation vs direct binding. | numbered.md:34",
      "css/1 | CSS | Front-end Interview Prep | What is the box model? | numbered.md:38",
      "css/2 | CSS | Front-end Interview Prep | How does specificity work? | numbered.md:39",
      "css/3 | CSS | Front-end Interview Prep | Flexbox vs grid. | numbered.md:40",
      "browsers/1 | Browsers | Front-end Interview Prep | What happens when you type a URL into the address bar? | numbered.md:44",
      "browsers/2 | Browsers | Front-end Interview Prep | How does the browser render a page? | numbered.md:45",
      "browsers/3 | Browsers | Front-end Interview Prep | What is a reflow? | numbered.md:46",
      "browsers/4 | Browsers | Front-end Interview Prep | What is the critical rendering path? | numbered.md:47",
  });
  // A numbered list inside an answer belongs to the answer; so does code.
  CHECK(ById(bank, "javascript/2").body == "Strict equality compares types too:\n1. first the types\n2. then the values");
  CHECK(ById(bank, "javascript/3").body == "   # not a heading\n   1. not a question\n   const f = () => this;");
  CHECK(Warnings(bank) == std::vector<std::string>{
      "numbered.md:46 [numbering] question number 2 appears twice in section \"Browsers\" (first at line 45); "
      "the section's questions are numbered by position"});
}

TEST_CASE("bullet lists under headings of any level; lists of links and names are not questions", "[shapes]") {
  Bank bank = ReadFixture("bullets.md");
  CHECK(bank.shape == "bullet lists");
  CHECK(Golden(bank) == std::vector<std::string>{
      "docker/1 | Docker | DevOps questions | What is a container image? | bullets.md:12",
      "docker/2 | Docker | DevOps questions | How is a container different from a virtual machine? | bullets.md:13",
      "docker/3 | Docker | DevOps questions | Explain the layers of an image. | bullets.md:14",
      "docker/4 | Docker | DevOps questions | What does docker run --rm do? | bullets.md:17",
      "kubernetes/1 | Kubernetes | DevOps questions | What is a pod? | bullets.md:21",
      "kubernetes/2 | Kubernetes | DevOps questions | How does a Service find its pods? | bullets.md:22",
      "kubernetes/3 | Kubernetes | DevOps questions | Deployment vs StatefulSet. | bullets.md:23",
      "networking/1 | Networking | DevOps questions | What is a NetworkPolicy? | bullets.md:27",
      "networking/2 | Networking | DevOps questions | How do you expose a service outside the cluster? | bullets.md:28",
  });
  CHECK(ById(bank, "docker/3").body == "- Each instruction adds a layer.\n- Layers are cached.");
  CHECK(bank.warnings.empty());
}

TEST_CASE("questions as headings, numbered or labelled Q12., with the answer below", "[shapes]") {
  Bank bank = ReadFixture("headings.md");
  CHECK(bank.shape == "headings");
  CHECK(Golden(bank) == std::vector<std::string>{
      "core-concepts/1 | Core Concepts | React Interview Questions | What is React? | headings.md:12",
      "core-concepts/2 | Core Concepts | React Interview Questions | What is JSX? | headings.md:22",
      "core-concepts/3 | Core Concepts | React Interview Questions | Explain the virtual DOM. | headings.md:35",
      "hooks/4 | Hooks | React Interview Questions | What does useEffect do? | headings.md:41",
      "hooks/5 | Hooks | React Interview Questions | When would you use useMemo? | headings.md:45",
  });
  // The answer runs to the next heading of the same level: a deeper
  // heading ("Why use it?") and a fenced "## ..." are part of it; a
  // back-to-top link is not.
  CHECK(ById(bank, "core-concepts/1").body ==
        "React is a library for building user interfaces.\nIt renders components:\n"
        "1. a component returns elements\n2. React reconciles them with the DOM");
  CHECK(ById(bank, "core-concepts/2").body ==
        "JSX is a syntax extension that looks like HTML.\n## not a heading\nconst el = <h1>Hello</h1>;\n"
        "Why use it?\nIt keeps markup beside logic.");
  CHECK(bank.warnings.empty());
}

TEST_CASE("questions as headings inside a numbered list (1. ### What is...?)", "[shapes]") {
  Bank bank = ReadFixture("headings-in-list.md");
  CHECK(Golden(bank) == std::vector<std::string>{
      "vue-questions/1 | Vue questions | Vue questions | What is Vue? | headings-in-list.md:3",
      "vue-questions/2 | Vue questions | Vue questions | What are directives? | headings-in-list.md:9",
      "vue-questions/3 | Vue questions | Vue questions | What is a computed property? | headings-in-list.md:16",
  });
  CHECK(ById(bank, "vue-questions/1").body == "Vue is a progressive framework.");
  CHECK(ById(bank, "vue-questions/2").body == "Special attributes with the v- prefix, such as:\n- v-if\n- v-for");
}

TEST_CASE("<details><summary> blocks: the summary is the question, the rest its answer", "[shapes]") {
  Bank bank = ReadFixture("details.md");
  CHECK(bank.shape == "details blocks");
  CHECK(Golden(bank) == std::vector<std::string>{
      "processes/1 | Processes | Linux | What is a zombie process? | details.md:5",
      "processes/2 | Processes | Linux | How do you find which process listens on a port? | details.md:11",
      "files/1 | Files | Linux | What is an inode? | details.md:24",
      "files/2 | Files | Linux | Symbolic link vs hard link. | details.md:26",
  });
  CHECK(ById(bank, "processes/1").body ==
        "A process that has finished but whose parent has not read its exit status.");
  // A nested block is part of the answer.
  CHECK(ById(bank, "processes/2").body ==
        "Use ss -ltnp or lsof -i :PORT.\nFollow-up\nRoot is needed to see other users' processes.");
  CHECK(ById(bank, "files/1").body == "A record of a file's metadata.");
}

TEST_CASE("labelled questions: **Q: ...** and Q1: with A: answers", "[shapes]") {
  Bank bank = ReadFixture("labelled.md");
  CHECK(bank.shape == "Q: labels");
  CHECK(Golden(bank) == std::vector<std::string>{
      "teamwork/1 | Teamwork | Behavioural interview | Tell me about a time you disagreed with a teammate. | labelled.md:5",
      "teamwork/2 | Teamwork | Behavioural interview | How do you handle a missed deadline? | labelled.md:9",
      "leadership/1 | Leadership | Behavioural interview | Describe a project you led. | labelled.md:15",
      "leadership/2 | Leadership | Behavioural interview | How do you give feedback? | labelled.md:18",
      "leadership/3 | Leadership | Behavioural interview | What motivates you? | labelled.md:21",
  });
  CHECK(ById(bank, "teamwork/2").body == "Say what you learned and what you changed.");
  CHECK(ById(bank, "leadership/2").body == "Specific, timely and kind.");
  CHECK(ById(bank, "leadership/3").body == "");
}

TEST_CASE("quizzes: the options are the question's body and the right one is marked", "[shapes]") {
  Bank bank = ReadFixture("quiz.md");
  CHECK(bank.title == "quiz");  // no # heading: the file's name
  CHECK(Golden(bank) == std::vector<std::string>{
      "java-quiz/1 | Java quiz | quiz | Which keyword prevents a method from being overridden? | quiz.md:3",
      "java-quiz/2 | Java quiz | quiz | What does List<String> mean? | quiz.md:10",
      "java-quiz/3 | Java quiz | quiz | Which of these is not a primitive type? | quiz.md:15",
  });
  CHECK(ById(bank, "java-quiz/1").body == "- [ ] static\n- [x] final\n- [ ] private\n- [ ] abstract");
  CHECK(ById(bank, "java-quiz/3").body == "a) int\nb) boolean\nc) String\nd) char\nAnswer: c");
}

TEST_CASE("titles and questions in any script get readable ids", "[shapes]") {
  Bank bank = ReadFixture("scripts.md");
  CHECK(Golden(bank) == std::vector<std::string>{
      "常见问题/1 | 常见问题 | 前端面试题 | 什么是闭包？ | scripts.md:5",
      "常见问题/2 | 常见问题 | 前端面试题 | let 和 var 有什么区别？ | scripts.md:6",
      "основы/1 | Основы | 前端面试题 | Что такое замыкание? | scripts.md:10",
      "основы/2 | Основы | 前端面试题 | Чем отличается let от var? | scripts.md:11",
      "section/1 | 🚀 | 前端面试题 | What is an emoji-only section called? | scripts.md:15",
  });
}

TEST_CASE("oddities are warnings in line order, and the rest of the bank is read", "[shapes]") {
  Bank bank = ReadFixture("oddities.md");
  CHECK(Golden(bank) == std::vector<std::string>{
      "numbers/1 | Numbers | Oddities | First question? | oddities.md:5",
      "numbers/2 | Numbers | Oddities | Second question? | oddities.md:6",
      "numbers/3 | Numbers | Oddities | Repeated number? | oddities.md:7",
      "numbers/4 | Numbers | Oddities | After an empty one? | oddities.md:9",
      "fences/1 | Fences | Oddities | Before the stray fence? | oddities.md:15",
      "fences/2 | Fences | Oddities | Still read after the fence? | oddities.md:20",
      "bytes/1 | Bytes | Oddities | Caf\xEF\xBF\xBD latte? | oddities.md:24",
  });
  CHECK(Warnings(bank) == std::vector<std::string>{
      "oddities.md:7 [numbering] question number 2 appears twice in section \"Numbers\" (first at line 6); the "
      "section's questions are numbered by position",
      "oddities.md:8 [empty question] a list item with no text; skipped",
      "oddities.md:11 [empty heading] a heading with no text; ignored",
      "oddities.md:17 [unclosed fence] a code fence that is never closed; read as text",
      "oddities.md:24 [invalid UTF-8] invalid UTF-8 at byte 7 of the line; read with U+FFFD in its place",
  });
}

TEST_CASE("a file that is one question: front matter or # title, the rest its answer", "[shapes]") {
  std::ifstream in(std::string(QUARRY_SOURCE_DIR) + "/tests/indexer/data/shapes/one-per-file/closures.md");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bank = quarry::ReadSingleQuestionMarkdown(content, "questions/closures.md");
  REQUIRE(bank.ok());
  REQUIRE(bank->questions.size() == 1);
  const Question& q = bank->questions[0];
  CHECK(bank->title == "questions");
  CHECK(q.text == "What is a closure?");
  CHECK(q.section == "JavaScript");
  CHECK(q.id == "javascript/closures");
  CHECK(q.tags == std::vector<std::string>{"functions", "scope"});
  CHECK(q.body ==
        "A function together with the variables of the scope it was created in.\n"
        "function counter() { let n = 0; return () => ++n; }");
}
