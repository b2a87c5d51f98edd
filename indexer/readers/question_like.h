// How a line reads to a person: a question, a label, a section that holds no
// questions. The markdown reader recognises a bank's shape by a vote of
// these over a section's items, never by one line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quarry {

// True when `text` (inline markdown removed) reads as an interview question:
// it asks (a '?' or '？', an interrogative or imperative first word in
// English, Russian or another common language, a Chinese question word),
// compares ("X vs Y") or names what to discuss ("Difference between...",
// "Pros and cons of..."). Used for votes: most of a bank's items pass.
bool LooksLikeQuestion(std::string_view text);

// A number or label in front of a question: "12. ", "12) ", "Q12. ",
// "Q12: ", "Q.12 ", "Question 12: ", "Q: ", "#12 ". `number` is -1 for a
// label without a number.
struct QuestionLabel {
  int number = -1;
  std::string_view rest;  // the text after the label
  bool q_label = false;   // "Q"/"Question" was written (a labelled question)
};
std::optional<QuestionLabel> ParseQuestionLabel(std::string_view text);

// True when `text` begins an answer label: "A:", "A.", "A1:", "Answer:",
// "Ans:", "Ответ:", "答:" / "答案：". `rest` gets what follows it.
bool ParseAnswerLabel(std::string_view text, std::string_view& rest);

// True for the titles of a page's sections that hold no questions: table of
// contents, contributing, contributors, licence, credits, sponsors, links,
// references... (compared on the slug, so case and punctuation do not
// matter).
bool IsNonQuestionTitle(std::string_view title);

}  // namespace quarry
