// What every peer harness shares: the judged queries and related clusters
// (tests/data/eval/README.md), the questions as Quarry parsed them, and the
// rankings file every engine writes and score.mjs reads.
//
// A rankings file is TSV, one line a ranked list:
//   query   <TAB> P01            <TAB> id id id ...   (best first, at most 100)
//   related <TAB> python-core/13 <TAB> id id id ...   (itself excluded, at most 5)
// Ids never hold spaces or tabs (they are `<section-slug>/<n>`).
import fs from "node:fs";

export const QUERY_DEPTH = 100;  // hits asked for a query; MRR looks at all of them
export const NDCG_DEPTH = 10;
export const RELATED_DEPTH = 5;

function dataLines(text, file) {
  const lines = [];
  text.split("\n").forEach((raw, i) => {
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    const content = raw.trim();
    if (content === "" || content.startsWith("#")) return;
    lines.push({ text: raw, source: `${file}:${i + 1}` });
  });
  return lines;
}

// The queries of a queries.tsv text: [{id, query (as typed), judgments: Map id -> grade}].
// Throws on the malformed lines quarry-eval rejects, naming file and line.
export function parseQueries(text, file = "queries.tsv") {
  const queries = [];
  const seen = new Set();
  for (const line of dataLines(text, file)) {
    const fields = line.text.split("\t");
    if (fields.length !== 3) {
      throw new Error(`${line.source}: expected 3 tab-separated fields, found ${fields.length}`);
    }
    const id = fields[0].trim();
    const query = fields[1];
    if (id === "" || query.trim() === "") throw new Error(`${line.source}: empty id or query`);
    if (seen.has(id)) throw new Error(`${line.source}: query id ${id} appears twice`);
    seen.add(id);
    const judgments = new Map();
    for (const group of fields[2].split(/[ \t\r\n]+/).filter(Boolean)) {
      const m = /^([12]):(.*)$/.exec(group);
      if (!m) throw new Error(`${line.source}: bad judgment group "${group}"`);
      for (const judged of m[2].split(",")) {
        if (judged === "" || judgments.has(judged)) {
          throw new Error(`${line.source}: empty or repeated id in "${group}"`);
        }
        judgments.set(judged, Number(m[1]));
      }
    }
    if (judgments.size === 0) throw new Error(`${line.source}: no judged questions`);
    queries.push({ id, query, judgments });
  }
  return queries;
}

// The clusters of a related.tsv text: [{name, members: [id, ...]}].
export function parseRelated(text, file = "related.tsv") {
  const clusters = [];
  const seen = new Set();
  for (const line of dataLines(text, file)) {
    const fields = line.text.split("\t");
    if (fields.length !== 2) {
      throw new Error(`${line.source}: expected 2 tab-separated fields, found ${fields.length}`);
    }
    const name = fields[0].trim();
    const members = fields[1].split(",").map((s) => s.trim());
    if (name === "" || seen.has(name)) throw new Error(`${line.source}: empty or repeated name`);
    if (members.some((m) => m === "") || new Set(members).size !== members.length) {
      throw new Error(`${line.source}: empty or repeated member`);
    }
    if (members.length < 2) throw new Error(`${line.source}: fewer than two members`);
    seen.add(name);
    clusters.push({ name, members });
  }
  return clusters;
}

export function loadQueries(path) {
  return parseQueries(fs.readFileSync(path, "utf8"), path);
}

export function loadRelated(path) {
  return parseRelated(fs.readFileSync(path, "utf8"), path);
}

// Every cluster member once, in file order: the questions whose related
// questions are asked for.
export function relatedMembers(clusters) {
  return [...new Set(clusters.flatMap((c) => c.members))];
}

// questions.json, written by quarry.mjs from Quarry's own parse:
// [{id, part, section, number, text}] in bank order.
export function loadQuestions(path) {
  return JSON.parse(fs.readFileSync(path, "utf8"));
}

// A rankings writer: add(kind, key, ids) then save(path).
export class Rankings {
  constructor() {
    this.lines = [];
  }
  add(kind, key, ids) {
    for (const id of ids) {
      if (/\s/.test(id)) throw new Error(`id "${id}" holds white space`);
    }
    this.lines.push(`${kind}\t${key}\t${ids.join(" ")}`);
  }
  save(path) {
    fs.writeFileSync(path, this.lines.join("\n") + "\n");
  }
}

// Reads a rankings file into {query: Map key -> ids, related: Map key -> ids}.
export function loadRankings(path) {
  const out = { query: new Map(), related: new Map() };
  for (const line of fs.readFileSync(path, "utf8").split("\n")) {
    if (line === "") continue;
    const [kind, key, ids = ""] = line.split("\t");
    if (!(kind in out)) throw new Error(`${path}: unknown kind "${kind}"`);
    out[kind].set(key, ids.split(" ").filter(Boolean));
  }
  return out;
}
