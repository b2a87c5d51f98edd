#include "indexer/knowledge.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "core/function_words.h"
#include "indexer/concepts.h"
#include "indexer/initialisms.h"
#include "indexer/near_duplicates.h"
#include "indexer/vocabulary.h"

namespace quarry {
namespace {

// Reads each file and hands its content and name to `add`; lists it in `read`.
template <typename Add>
Status ReadEach(const std::vector<std::string>& files, std::vector<std::string>& read, Add add) {
  for (const std::string& file : files) {
    read.push_back(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::IOError(file + ": cannot open");
    std::stringstream content;
    content << in.rdbuf();
    if (in.bad()) return Status::IOError(file + ": read failed");
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
  s = ReadEach(files.types, read, [&](const std::string& content, const std::string& file) {
    return knowledge.classifier.AddTypes(content, file);
  });
  if (!s.ok()) return s;
  s = ReadEach(files.topics, read, [&](const std::string& content, const std::string& file) {
    return knowledge.classifier.AddTopics(content, file);
  });
  if (!s.ok()) return s;
  return ReadEach(files.fillers, read, [&](const std::string& content, const std::string& file) {
    return ParseFillerWords(content, file, analyzer, knowledge.fillers);
  });
}

// First the vocabulary's abbreviations and neighbours (definitions read in
// documentation), then the initialisms the banks spell out.
Result<LearnedCounts> AddLearnedKnowledge(const std::string& vocabulary_dir,
                                          const std::vector<Question>& questions,
                                          const Analyzer& analyzer, Knowledge& knowledge) {
  LearnedCounts counts;
  const std::set<std::string> bank_words = BankWords(questions, analyzer);
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
  counts.initialisms = AddBankInitialisms(questions, analyzer, bank_words, vocabulary ? &*vocabulary : nullptr,
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

void Derive(const Knowledge& knowledge, const Analyzer& analyzer, std::vector<Question>& questions) {
  for (Question& q : questions) {
    q.type = knowledge.classifier.TypeOf(q);
    q.topics = knowledge.classifier.TopicsOf(q);
  }
  MarkNearDuplicates(questions, analyzer, knowledge.fillers);
}

}  // namespace quarry
