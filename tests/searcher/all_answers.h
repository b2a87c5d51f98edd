// Everything a Searcher answers, as JSON text keyed by what was asked: for
// tests that two ways of holding one bank (an updated index and a full
// build, one database and its shards, local or remote) answer alike.
#pragma once

#include <catch2/catch.hpp>
#include <cctype>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "searcher/json_encoding.h"
#include "searcher/searcher.h"

namespace quarry::testing {

// Calls `take(position, hit)` for every question of the bank, in bank order.
template <typename Take>
void ForEachInBankOrder(Searcher& searcher, Take take) {
  SearchRequest browse;
  browse.limit = SearchRequest::kMaxLimit;
  for (size_t offset = 0;; offset += browse.limit) {
    browse.offset = offset;
    Result<SearchResponse> page = searcher.Search(browse);
    REQUIRE(page.ok());
    for (size_t i = 0; i < page->hits.size(); ++i) take(offset + i, page->hits[i]);
    if (offset + page->hits.size() >= page->total) break;
  }
}

// Queries made from the bank itself: each question's first two words, its
// longest word with a letter dropped (a typo), the first letters of it (a
// prefix). Every `every`-th question is taken.
inline std::vector<std::string> BankQueryLog(Searcher& searcher, size_t every = 1) {
  std::vector<std::string> queries;
  ForEachInBankOrder(searcher, [&](size_t position, const Hit& hit) {
    if (position % every != 0) return;
    std::vector<std::string> words;
    std::string word;
    for (char c : hit.text + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        word += c;
      } else if (!word.empty()) {
        words.push_back(word);
        word.clear();
      }
    }
    if (words.size() >= 2) queries.push_back(words[0] + " " + words[1]);
    std::string longest;
    for (const std::string& w : words) longest = w.size() > longest.size() ? w : longest;
    if (longest.size() >= 5) {
      queries.push_back(longest.substr(0, 2) + longest.substr(3));
      queries.push_back(longest.substr(0, 3));
    }
  });
  return queries;
}

// The ids of the bank, in bank order, every `every`-th.
inline std::vector<std::string> BankIds(Searcher& searcher, size_t every = 1) {
  std::vector<std::string> ids;
  ForEachInBankOrder(searcher, [&](size_t position, const Hit& hit) {
    if (position % every == 0) ids.push_back(hit.id);
  });
  return ids;
}

// Every search of `queries` (plain, collapsed, filtered and explained, and
// a second page), every question of `ids` with its related questions and
// neighbours, the outline, the banks and the count.
inline std::map<std::string, std::string> AllAnswers(Searcher& searcher, const std::vector<std::string>& queries,
                                                     const std::vector<std::string>& ids,
                                                     const std::string& filter_type = "definition") {
  std::map<std::string, std::string> out;
  for (const std::string& query : queries) {
    for (int variant = 0; variant < 4; ++variant) {
      SearchRequest request;
      request.query = query;
      request.limit = variant == 3 ? 10 : SearchRequest::kMaxLimit;
      request.offset = variant == 3 ? 10 : 0;
      request.collapse = variant == 1;
      request.explain = variant == 2;
      if (variant == 2) request.types = {filter_type};
      Result<SearchResponse> response = searcher.Search(request);
      INFO(query << ": " << response.status().message());
      REQUIRE(response.ok());
      nlohmann::ordered_json answer = ToJson(*response);
      answer.erase("took_ms");  // the one field that may differ
      static const char* const kVariant[] = {"search ", "collapsed ", "explained ", "page 2 "};
      out[kVariant[variant] + CanonicalKey(request)] = EncodeJson(answer);
    }
  }
  for (const std::string& id : ids) {
    Result<Question> q = searcher.Get(id);
    REQUIRE(q.ok());
    out["question " + id] = EncodeJson(ToJson(*q));
    Result<std::vector<Hit>> related = searcher.Related(id, 10);
    REQUIRE(related.ok());
    out["related " + id] = EncodeJson(RelatedToJson(id, *related));
    Result<Searcher::Neighbours> n = searcher.NeighboursOf(id);
    REQUIRE(n.ok());
    out["neighbours " + id] = (n->previous ? n->previous->id : "-") + " " + (n->next ? n->next->id : "-");
  }
  std::string outline;
  for (const auto& part : searcher.Outline()) {
    outline += part.part + "=" + std::to_string(part.count) + ":";
    for (const auto& s : part.sections) outline += s.section + "=" + std::to_string(s.count) + ",";
  }
  out["outline"] = outline;
  for (const auto& bank : searcher.Banks()) out["bank " + bank.bank] = std::to_string(bank.count);
  out["questions"] = std::to_string(searcher.QuestionCount());
  return out;
}

// `answer` (JSON) without the fields named.
inline std::string Without(const std::string& answer, const std::vector<std::string>& fields) {
  nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(answer);
  for (const std::string& field : fields) parsed.erase(field);
  return parsed.dump();
}

// The fields of an answer, by its key, that may differ (none: the whole).
using MayDiffer = std::function<std::vector<std::string>(const std::string& key)>;

// `actual` has exactly `expected`'s keys, each with the same answer but
// for the fields `may_differ` names.
inline void ExpectSameAnswers(const std::map<std::string, std::string>& actual,
                              const std::map<std::string, std::string>& expected, const MayDiffer& may_differ = nullptr) {
  for (const auto& [key, value] : actual) {
    INFO(key);
    CHECK(expected.count(key) == 1);
  }
  for (const auto& [key, value] : expected) {
    auto it = actual.find(key);
    INFO(key);
    REQUIRE(it != actual.end());
    const std::vector<std::string> fields = may_differ ? may_differ(key) : std::vector<std::string>();
    if (fields.empty()) {
      CHECK(it->second == value);
    } else {
      CHECK(Without(it->second, fields) == Without(value, fields));
    }
  }
}

}  // namespace quarry::testing
