// The node peers, each configured as its documentation shows, over the
// question text and the section title (the fields every peer indexes):
//  - MiniSearch: search-as-you-type options, prefix: true and fuzzy: 0.2,
//    OR of the query words (its default combineWith);
//  - Lunr: the default pipeline (trimmer, English stop words, stemmer);
//    a query goes through idx.search() as typed, Lunr's own query syntax
//    included; only when Lunr rejects it (QueryParseError) does it run again
//    as plain terms;
//  - FlexSearch: a Document index, tokenize "forward" (its partial-match
//    tokenizer, for prefixes), default encoder, fields merged, and
//    suggest: true, its documented way to rank questions that hold only some
//    of the words (without it every word must match; see README.md).
// More-like-this: each searches for the question's own text with OR
// semantics (FlexSearch: suggest), itself excluded. And the same-section
// baseline: the other questions of its section, nearest number first
// (a question's neighbours in the bank), ties to the earlier one.
//
// usage: node js_peers.mjs WORKDIR   (reads questions.json and tasks.tsv,
//   writes WORKDIR/rankings/{minisearch,lunr,flexsearch,section}.tsv)
import fs from "node:fs";
import path from "node:path";
import MiniSearch from "minisearch";
import lunr from "lunr";
import { Document } from "flexsearch";
import { loadQuestions, Rankings, QUERY_DEPTH, RELATED_DEPTH } from "./common.mjs";

const work = process.argv[2];
if (!work) {
  console.error("usage: node js_peers.mjs WORKDIR");
  process.exit(2);
}
const questions = loadQuestions(path.join(work, "questions.json"));
const docs = questions.map(({ id, section, text }) => ({ id, section, text }));
const tasks = fs.readFileSync(path.join(work, "tasks.tsv"), "utf8").split("\n").filter(Boolean)
  .map((line) => {
    const [kind, key, text] = line.split("\t");
    return { kind, key, text };
  });

// The first `depth` ids of `ids`, without `self` and without repeats.
function top(ids, depth, self = null) {
  const out = [];
  for (const id of ids) {
    if (id === self || out.includes(id)) continue;
    out.push(id);
    if (out.length === depth) break;
  }
  return out;
}

const engines = {
  minisearch() {
    const index = new MiniSearch({
      fields: ["text", "section"],
      searchOptions: { prefix: true, fuzzy: 0.2 },
    });
    index.addAll(docs);
    const search = (text) => index.search(text).map((r) => r.id);
    return { search, related: search };
  },

  lunr() {
    const index = lunr(function () {
      this.ref("id");
      this.field("text");
      this.field("section");
      for (const d of docs) this.add(d);
    });
    // The words as the index holds them: Lunr's search pipeline (stemmer
    // only) keeps the punctuation that its index pipeline's trimmer took
    // off, so "deadlock?" would match nothing.
    const terms = (text) =>
      index.query((q) => q.term(lunr.tokenizer(text).map((t) => lunr.trimmer(t))))
        .map((r) => r.ref);
    const search = (text) => {
      try {
        return index.search(text).map((r) => r.ref);
      } catch (e) {
        if (e instanceof lunr.QueryParseError) return terms(text);
        throw e;
      }
    };
    return { search, related: terms };
  },

  flexsearch() {
    const index = new Document({
      document: {
        id: "id",
        index: [
          { field: "text", tokenize: "forward" },
          { field: "section", tokenize: "forward" },
        ],
      },
    });
    for (const d of docs) index.add(d);
    const ids = (results) => results.map((r) => r.id);
    return {
      search: (text) =>
        ids(index.search(text, { limit: QUERY_DEPTH, merge: true, suggest: true })),
      related: (text) =>
        ids(index.search(text, { limit: RELATED_DEPTH + 1, merge: true, suggest: true })),
    };
  },

  section() {
    const byId = new Map(questions.map((q) => [q.id, q]));
    const distance = (a, b) => Math.abs(a.number - b.number);
    return {
      search: null,  // a baseline for related questions only
      related: (text, self) => {
        const me = byId.get(self);
        return questions.filter((q) => q.section === me.section)
          .sort((a, b) => distance(a, me) - distance(b, me) || a.number - b.number)
          .map((q) => q.id);
      },
    };
  },
};

for (const [name, make] of Object.entries(engines)) {
  const engine = make();
  const rankings = new Rankings();
  for (const { kind, key, text } of tasks) {
    if (kind === "query" && engine.search) {
      rankings.add(kind, key, top(engine.search(text), QUERY_DEPTH));
    } else if (kind === "related") {
      rankings.add(kind, key, top(engine.related(text, key), RELATED_DEPTH, key));
    }
  }
  rankings.save(path.join(work, "rankings", `${name}.tsv`));
}
