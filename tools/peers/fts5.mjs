// The SQLite FTS5 peer, through the sqlite3 command-line shell on an
// in-memory database: one FTS5 table (section, text) with
// tokenize='porter unicode61', ranked by bm25() with equal column weights.
//
// A query becomes what an application over FTS5 typically sends: the words
// of the query as unicode61 cuts them (runs of letters and digits), each
// quoted so that FTS5's own syntax never fails, joined with OR (ranked
// retrieval, as in the other peers). More-like-this: the same over the
// question's own text, itself excluded.
//
// usage: node fts5.mjs SQLITE3 WORKDIR   (reads questions.json and tasks.tsv,
//                                         writes WORKDIR/rankings/fts5.tsv)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadQuestions, Rankings, QUERY_DEPTH, RELATED_DEPTH } from "./common.mjs";

const sql = (s) => `'${s.replace(/'/g, "''")}'`;

// The FTS5 MATCH expression for text typed by a user, or null without words.
export function matchExpression(text) {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length === 0 ? null : words.map((w) => `"${w}"`).join(" OR ");
}

function main(sqlite3, work) {
  const questions = loadQuestions(path.join(work, "questions.json"));
  const tasks = fs.readFileSync(path.join(work, "tasks.tsv"), "utf8").split("\n").filter(Boolean)
    .map((line) => line.split("\t"));

  const script = [
    ".bail on",
    "CREATE VIRTUAL TABLE q USING fts5(id UNINDEXED, section, text, tokenize='porter unicode61');",
    "BEGIN;",
    ...questions.map((q) => "INSERT INTO q(id, section, text) VALUES " +
                   `(${sql(q.id)}, ${sql(q.section)}, ${sql(q.text)});`),
    "COMMIT;",
    ".mode tabs",
  ];
  tasks.forEach(([kind, key, text], i) => {
    const match = matchExpression(text);
    if (match === null) return;
    const limit = kind === "query" ? QUERY_DEPTH : RELATED_DEPTH;
    const self = kind === "related" ? ` AND id != ${sql(key)}` : "";
    script.push(`SELECT ${i}, id FROM q WHERE q MATCH ${sql(match)}${self} ` +
                `ORDER BY bm25(q), rowid LIMIT ${limit};`);
  });

  const output = execFileSync(sqlite3, [":memory:"], {
    input: script.join("\n") + "\n", encoding: "utf8", maxBuffer: 64 << 20,
  });
  const hits = tasks.map(() => []);
  for (const line of output.split("\n")) {
    if (line === "") continue;
    const [i, id] = line.split("\t");
    hits[Number(i)].push(id);
  }
  const rankings = new Rankings();
  tasks.forEach(([kind, key], i) => rankings.add(kind, key, hits[i]));
  rankings.save(path.join(work, "rankings", "fts5.tsv"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [sqlite3, work] = process.argv.slice(2);
  if (!work) {
    console.error("usage: node fts5.mjs SQLITE3 WORKDIR");
    process.exit(2);
  }
  main(sqlite3, work);
}
