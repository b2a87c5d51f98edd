// Feeds: the input as the contents of a markdown bank (banks/go-interview.md)
// through ReadMarkdownBank, the reader of every .md file, and through
// ReadSingleQuestionMarkdown, the reader of a folder of one-question files.
// Checks: no crash, sanitizer finding, leak or escaping exception; what
// every reader promises (fuzz_check.h: ids and texts, valid UTF-8, sources
// and warnings on lines of the file); ids unique within the bank, each
// "<section-slug>/<number>" with the question's own number (a one-question
// file: "<section-slug>/<file-slug>", one question at most); slugs
// idempotent, as Slugify promises.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/slug.h"
#include "indexer/readers/markdown_reader.h"
#include "tests/fuzz/fuzz_check.h"

namespace quarry::fuzz {
namespace {

const std::string kFile = "banks/go-interview.md";

void CheckSlug(const std::string& slug, const std::string& id) {
  QUARRY_FUZZ_CHECK(!slug.empty() && slug.find('/') == std::string::npos,
                    "id \"" + id + "\" has no section slug");
  QUARRY_FUZZ_CHECK(Slugify(slug) == slug, "id \"" + id + "\": \"" + slug + "\" is not a slug");
}

void CheckSectionSlug(const Question& q) {
  const std::string slug = Slugify(q.section);
  QUARRY_FUZZ_CHECK(Slugify(slug) == slug,
                    "Slugify is not idempotent: \"" + q.section + "\" -> \"" + slug + "\" -> \"" + Slugify(slug) + "\"");
}

void CheckOneQuestionFile(const Bank& bank) {
  QUARRY_FUZZ_CHECK(bank.questions.size() <= 1,
                    "a one-question file gave " + std::to_string(bank.questions.size()) + " questions");
  for (const Question& q : bank.questions) {
    const size_t slash = q.id.find('/');
    QUARRY_FUZZ_CHECK(slash != std::string::npos, "id \"" + q.id + "\" has no '/'");
    CheckSlug(q.id.substr(0, slash), q.id);
    QUARRY_FUZZ_CHECK(q.id.substr(slash + 1) == "go-interview", "id \"" + q.id + "\" is not of its file");
    CheckSectionSlug(q);
  }
}

void CheckMarkdownBank(const Bank& bank) {
  CheckUniqueIds(bank);
  for (const Question& q : bank.questions) {
    const size_t slash = q.id.rfind('/');
    QUARRY_FUZZ_CHECK(slash != std::string::npos, "id \"" + q.id + "\" has no '/'");
    CheckSlug(q.id.substr(0, slash), q.id);
    QUARRY_FUZZ_CHECK(q.id.substr(slash + 1) == std::to_string(q.number),
                      "id \"" + q.id + "\" does not end in the question's number " + std::to_string(q.number));
    CheckSectionSlug(q);
  }
}

}  // namespace
}  // namespace quarry::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry;
  const std::string_view content(reinterpret_cast<const char*>(data), size);

  Result<Bank> bank = ReadMarkdownBank(content, fuzz::kFile);
  if (!bank.ok()) {
    fuzz::CheckError(bank.status());
  } else {
    fuzz::CheckBank(*bank, fuzz::kFile, content);
    if (bank->shape == "one question per file") {
      fuzz::CheckOneQuestionFile(*bank);
    } else {
      fuzz::CheckMarkdownBank(*bank);
    }
  }

  Result<Bank> single = ReadSingleQuestionMarkdown(content, fuzz::kFile);
  if (!single.ok()) {
    fuzz::CheckError(single.status());
  } else {
    fuzz::CheckBank(*single, fuzz::kFile, content);
    fuzz::CheckOneQuestionFile(*single);
  }
  return 0;
}
