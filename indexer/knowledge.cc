#include "indexer/knowledge.h"

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/fingerprint.h"
#include "core/function_words.h"
#include "indexer/concepts.h"
#include "indexer/initialisms.h"
#include "indexer/near_duplicates.h"
#include "indexer/vocabulary.h"

namespace quarry {
namespace {

// Reads each file and hands its content and name to `add`; lists it in
// `read`; folds name and content into `fingerprint` when given.
template <typename Add>
Status ReadEach(const std::vector<std::string>& files, std::vector<std::string>& read, Add add,
                uint64_t* fingerprint = nullptr) {
  for (const std::string& file : files) {
    read.push_back(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::IOError(file + ": cannot open");
    std::stringstream content;
    content << in.rdbuf();
    if (in.bad()) return Status::IOError(file + ": read failed");
    if (fingerprint) {
      *fingerprint = Fingerprint(content.str(), Fingerprint(std::string_view("\0", 1), Fingerprint(file, *fingerprint)));
    }
    if (Status s = add(content.str(), file); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Status ReadDataFiles(const DataFiles& files, const Analyzer& analyzer, Knowledge& knowledge,
                     std::vector<std::string>& read) {
  Status s = ReadEach(files.synonyms, read, [&](const std::string& content, const std::string& file) {
    return ParseSynonyms(content, file, analyzer, knowledge.synonyms);
  });
  if (!s.ok()) return s;
  s = ReadEach(files.concepts, read, [&](const std::string& content, const std::string& file) {
    return ParseConcepts(content, file, analyzer, knowledge.synonyms);
  });
  if (!s.ok()) return s;
  uint64_t fingerprint = kFingerprintSeed;
  s = ReadEach(files.types, read, [&](const std::string& content, const std::string& file) {
    return knowledge.classifier.AddTypes(content, file);
  }, &fingerprint);
  if (!s.ok()) return s;
  fingerprint = Fingerprint("|types|", fingerprint);
  s = ReadEach(files.topics, read, [&](const std::string& content, const std::string& file) {
    return knowledge.classifier.AddTopics(content, file);
  }, &fingerprint);
  if (!s.ok()) return s;
  fingerprint = Fingerprint("|topics|", fingerprint);
  s = ReadEach(files.fillers, read, [&](const std::string& content, const std::string& file) {
    return ParseFillerWords(content, file, analyzer, knowledge.fillers);
  }, &fingerprint);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
  knowledge.derivation_fingerprint = hex;
  return s;
}

// First the vocabulary's abbreviations and neighbours (definitions read in
// documentation), then the initialisms the banks spell out.
Result<LearnedCounts> AddLearnedKnowledge(const std::string& vocabulary_dir,
                                          const std::vector<Question>& questions,
                                          const std::set<std::string>& bank_words, const InitialismRuns& runs,
                                          const Analyzer& analyzer, Knowledge& knowledge) {
  LearnedCounts counts;
  std::optional<Vocabulary> vocabulary;
  if (!vocabulary_dir.empty()) {
    Result<Vocabulary> loaded = LoadVocabulary(vocabulary_dir, analyzer);
    if (!loaded.ok()) return loaded.status();
    vocabulary = std::move(loaded).value();
    counts.files = vocabulary->files;
    counts.vocabulary_entries =
        AddVocabulary(*vocabulary, bank_words, analyzer, VocabularyOptions(), knowledge.synonyms);
    for (const auto& [word, lift] : vocabulary->code_words) {
      if (IsCommonWord(word)) knowledge.code_words.insert(word);
    }
    // Every term, not only the banks': a word typed that technical writing
    // knows is spelled right, though the banks lack it.
    knowledge.documents = vocabulary->documents;
    knowledge.term_documents = vocabulary->term_documents;
  }
  counts.initialisms = AddBankInitialisms(runs, questions, analyzer, bank_words, vocabulary ? &*vocabulary : nullptr,
                                          InitialismOptions(), knowledge.synonyms);
  return counts;
}

IndexOptions WriteOptionsFor(const std::string& db_path, const Knowledge& knowledge) {
  IndexOptions options;
  options.db_path = db_path;
  options.filler_words = knowledge.fillers;
  options.code_words = knowledge.code_words;
  options.term_documents = knowledge.term_documents;
  options.documents = knowledge.documents;
  return options;
}

void Derive(const Knowledge& knowledge, const Analyzer& analyzer, std::vector<Question>& questions,
            const KnownDuplicates* known) {
  for (size_t i = 0; i < questions.size(); ++i) {
    if (known && i < known->known.size() && known->known[i]) continue;
    questions[i].type = knowledge.classifier.TypeOf(questions[i]);
    questions[i].topics = knowledge.classifier.TopicsOf(questions[i]);
  }
  MarkNearDuplicates(questions, analyzer, knowledge.fillers, known);
}

}  // namespace quarry
