// The "plain Xapian defaults" peer: what an application gets from Xapian
// out of the box, with none of Quarry's analysis.
//
// Index: an in-memory database; per question a TermGenerator with the
// English stemmer (default strategy STEM_SOME) over the question text, then
// the section title. Search: QueryParser with the English stemmer, STEM_SOME,
// default flags and default operator (OR), no synonyms, no spelling; Enquire
// with its default BM25 weighting, ties by document id (bank order).
// More-like-this, as for the other peers: the question's own text through
// the same QueryParser, the question itself dropped. With --eset instead,
// Xapian's own recipe: the question alone in an RSet, the top 20 expand
// terms of get_eset OR'd (only the related tasks are answered then).
//
// usage: xapian_defaults [--eset] QUESTIONS.tsv TASKS.tsv > RANKINGS.tsv
//   QUESTIONS.tsv: id <TAB> section <TAB> text, in bank order
//   TASKS.tsv:     query <TAB> key <TAB> query text | related <TAB> id <TAB> text
//   output:        kind <TAB> key <TAB> id id ... (see tools/peers/common.mjs)
#include <xapian.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr Xapian::doccount kQueryDepth = 100;
constexpr Xapian::doccount kRelatedDepth = 5;
constexpr Xapian::termcount kExpandTerms = 20;

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '\t')) fields.push_back(field);
  if (!line.empty() && line.back() == '\t') fields.emplace_back();
  return fields;
}

std::vector<std::vector<std::string>> ReadTsv(const char* path, size_t fields) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto row = SplitTabs(line);
    if (row.size() != fields) throw std::runtime_error(std::string("bad line in ") + path);
    rows.push_back(std::move(row));
  }
  return rows;
}

void Print(const std::string& kind, const std::string& key, const std::vector<std::string>& ids) {
  std::cout << kind << '\t' << key << '\t';
  for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
  std::cout << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  const bool eset_mlt = argc == 4 && std::string(argv[1]) == "--eset";
  if (argc != 3 && !eset_mlt) {
    std::cerr << "usage: xapian_defaults [--eset] QUESTIONS.tsv TASKS.tsv\n";
    return 2;
  }
  const char* questions_path = argv[argc - 2];
  const char* tasks_path = argv[argc - 1];
  try {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Stem stemmer("english");
    Xapian::TermGenerator generator;
    generator.set_stemmer(stemmer);
    std::map<std::string, Xapian::docid> docid_of;
    for (const auto& q : ReadTsv(questions_path, 3)) {
      Xapian::Document doc;
      doc.set_data(q[0]);
      generator.set_document(doc);
      generator.index_text(q[2]);
      generator.increase_termpos();
      generator.index_text(q[1]);
      docid_of[q[0]] = db.add_document(doc);
    }
    db.commit();

    Xapian::QueryParser parser;
    parser.set_stemmer(stemmer);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db);
    Xapian::Enquire enquire(db);

    for (const auto& task : ReadTsv(tasks_path, 3)) {
      const std::string& kind = task[0];
      const std::string& key = task[1];
      if (kind != "query" && kind != "related")
        throw std::runtime_error("unknown task kind " + kind);
      if (eset_mlt && kind == "query") continue;
      auto self = docid_of.find(key);
      const bool related = kind == "related";
      if (related && self == docid_of.end()) continue;  // score.mjs reports unknown ids

      Xapian::Query query;
      if (related && eset_mlt) {
        Xapian::RSet rset;
        rset.add_document(self->second);
        enquire.set_query(Xapian::Query::MatchAll);
        Xapian::ESet eset = enquire.get_eset(kExpandTerms, rset);
        query = Xapian::Query(Xapian::Query::OP_OR, eset.begin(), eset.end());
      } else {
        try {
          query = parser.parse_query(task[2]);
        } catch (const Xapian::QueryParserError&) {
          // An application shows no results for a query it cannot parse.
        }
      }
      enquire.set_query(query);
      const Xapian::doccount depth = related ? kRelatedDepth : kQueryDepth;
      Xapian::MSet mset = enquire.get_mset(0, related ? depth + 1 : depth);
      std::vector<std::string> ids;
      for (auto it = mset.begin(); it != mset.end() && ids.size() < depth; ++it) {
        if (!related || *it != self->second) ids.push_back(it.get_document().get_data());
      }
      Print(kind, key, ids);
    }
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_defaults: " << e.get_description() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "xapian_defaults: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
