#include "core/question.h"

#include <nlohmann/json.hpp>

namespace quarry {

std::string SerializeQuestion(const Question& q) {
  nlohmann::json j{{"id", q.id},     {"bank", q.bank}, {"part", q.part}, {"section", q.section}, {"number", q.number},
                   {"text", q.text}, {"body", q.body}, {"tags", q.tags},
                   {"type", q.type}, {"topics", q.topics}};
  nlohmann::json also_in = nlohmann::json::array();
  for (const Question::Place& p : q.also_in) also_in.push_back({{"id", p.id}, {"section", p.section}});
  j["also_in"] = std::move(also_in);
  // Bytes that are not UTF-8 become U+FFFD rather than an exception.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool SameSource(const Question& a, const Question& b) {
  return a.id == b.id && a.bank == b.bank && a.part == b.part && a.section == b.section && a.number == b.number &&
         a.text == b.text && a.body == b.body && a.tags == b.tags;
}

bool DeserializeQuestion(std::string_view data, Question& q) {
  nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  try {
    q.id = j.at("id").get<std::string>();
    q.bank = j.value("bank", "");
    q.part = j.value("part", "");
    q.section = j.value("section", "");
    q.number = j.value("number", 0);
    q.text = j.value("text", "");
    q.body = j.value("body", "");
    q.tags = j.value("tags", std::vector<std::string>{});
    q.type = j.value("type", "");
    q.topics = j.value("topics", std::vector<std::string>{});
    q.also_in.clear();
    for (const auto& p : j.value("also_in", nlohmann::json::array())) {
      q.also_in.push_back({p.at("id").get<std::string>(), p.value("section", "")});
    }
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

}  // namespace quarry
