// JSON shapes only the HTTP API answers, beside the shared ones in
// searcher/json_encoding.h. Keys keep the order written here.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/question.h"
#include "searcher/json_encoding.h"
#include "searcher/searcher.h"

namespace quarry::web {

// {"questions": N, "banks": [{"bank", "count"}],
//  "parts": [{"part", "count", "sections": [{"section", "count"}]}]}
// Banks, parts and sections in bank order. A part title may be "" (sections
// of a JSON Lines bank that names no part).
inline nlohmann::ordered_json OutlineToJson(const std::vector<Searcher::OutlineBank>& banks,
                                            const std::vector<Searcher::OutlinePart>& outline,
                                            size_t questions) {
  nlohmann::ordered_json bank_list = nlohmann::ordered_json::array();
  for (const Searcher::OutlineBank& bank : banks) bank_list.push_back({{"bank", bank.bank}, {"count", bank.count}});
  nlohmann::ordered_json parts = nlohmann::ordered_json::array();
  for (const Searcher::OutlinePart& part : outline) {
    nlohmann::ordered_json sections = nlohmann::ordered_json::array();
    for (const Searcher::OutlineSection& section : part.sections) {
      sections.push_back({{"section", section.section}, {"count", section.count}});
    }
    parts.push_back(
        {{"part", part.part}, {"count", part.count}, {"sections", std::move(sections)}});
  }
  return {{"questions", questions}, {"banks", std::move(bank_list)}, {"parts", std::move(parts)}};
}

// {"id", "bank", "part", "section", "number", "text"} of a neighbour, or null.
inline nlohmann::ordered_json NeighbourToJson(const std::optional<Question>& question) {
  if (!question) return nullptr;
  return {{"id", question->id},
          {"bank", question->bank},
          {"part", question->part},
          {"section", question->section},
          {"number", question->number},
          {"text", question->text}};
}

// ToJson(question) ({"id","bank","part","section","number","text","body","tags",...})
// followed by "previous" and "next": the neighbours in bank order, each
// NeighbourToJson (null at either end of the bank).
inline nlohmann::ordered_json QuestionToJson(const Question& question,
                                             const Searcher::Neighbours& neighbours) {
  nlohmann::ordered_json out = ToJson(question);
  out["previous"] = NeighbourToJson(neighbours.previous);
  out["next"] = NeighbourToJson(neighbours.next);
  return out;
}

}  // namespace quarry::web
