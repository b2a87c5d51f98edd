#include "searcher/index_words.h"

#include <sstream>

#include "core/schema.h"

namespace quarry {
namespace {

// The words of a metadata value of words one space apart.
std::set<std::string> WordsOf(const std::string& value) {
  std::set<std::string> words;
  std::istringstream in(value);
  for (std::string w; in >> w;) words.insert(w);
  return words;
}

}  // namespace

IndexWords IndexWords::Read(const Xapian::Database& db) {
  IndexWords words;
  words.filler_stems = WordsOf(db.get_metadata(std::string(schema::kMetaFillerWords)));
  words.code_words = WordsOf(db.get_metadata(std::string(schema::kMetaCodeWords)));
  std::istringstream in(db.get_metadata(std::string(schema::kMetaTermDocuments)));
  std::string stem;
  double n = 0;
  if (in >> stem >> n && stem == "documents" && n > 0) {
    words.documents = n;
    while (in >> stem >> n) words.term_documents[stem] = n;
  }
  return words;
}

}  // namespace quarry
