// What a generation keeps besides its documents: the bank outline, the
// words the searcher reads (fillers, code words, term statistics), the
// sources an update needs, the spelling counts, the synonyms. Written the
// same way by a full build and an update.
#pragma once

#include <xapian.h>

#include <vector>

#include "core/question.h"
#include "indexer/index_builder.h"
#include "indexer/question_document.h"

namespace quarry {

// Sets every metadata key of the schema on `db` from `questions` (in bank
// order) and `options` (a key with nothing to say is cleared), and counts
// banks, sections and parts into `summary`.
void WriteIndexMetadata(const std::vector<Question>& questions, const IndexOptions& options,
                        const SpellingWords& spellings, Xapian::WritableDatabase& db, IndexSummary& summary);

// Makes `db`'s synonym table `synonyms` (as stored: keys by
// schema::SynonymKey, values that fit), touching only the keys that differ.
void WriteSynonyms(const SynonymTable& synonyms, Xapian::WritableDatabase& db);

}  // namespace quarry
