// What an index says of words beyond its postings (its metadata, written
// by the indexer): which only boost, which are code, how common each is in
// technical writing. Read once per generation; the QueryBuilder consults it.
#pragma once

#include <xapian.h>

#include <map>
#include <set>
#include <string>

namespace quarry {

struct IndexWords {
  // Stems of the bank's filler words ("explain", "exampl"): like function
  // words, they only boost (schema::kMetaFillerWords).
  std::set<std::string> filler_stems;
  // Common words that are names in code ("this", "with", "none"): a short
  // query about one counts it (schema::kMetaCodeWords).
  std::set<std::string> code_words;
  // Stems of technical writing -> in how many of its `documents` documents
  // each is (schema::kMetaTermDocuments); empty without a vocabulary. A
  // word typed that is here is spelled right, though the bank lacks it.
  std::map<std::string, double> term_documents;
  double documents = 0;

  bool InTechnicalWriting(const std::string& stem) const { return term_documents.count(stem) > 0; }

  // May throw Xapian::Error.
  static IndexWords Read(const Xapian::Database& db);
};

}  // namespace quarry
