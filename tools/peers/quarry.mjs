// Quarry's side of the peer run, through quarry-search's JSON (so every peer
// indexes exactly the questions, ids and texts that Quarry parsed):
//   OUT/questions.json  [{id, part, section, number, text}] in bank order
//   OUT/questions.tsv   id <TAB> section <TAB> text  (for the Xapian program)
//   OUT/tasks.tsv       query <TAB> P01 <TAB> query as typed
//                       related <TAB> id <TAB> the question's own text
//   OUT/rankings/quarry.tsv  Quarry's rankings for the same tasks
//
// usage: node quarry.mjs QUARRY_SEARCH DB QUERIES RELATED OUT
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  loadQueries, loadRelated, relatedMembers, Rankings, QUERY_DEPTH, RELATED_DEPTH,
} from "./common.mjs";

const [bin, db, queriesPath, relatedPath, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node quarry.mjs QUARRY_SEARCH DB QUERIES RELATED OUT");
  process.exit(2);
}

// quarry-search exits 1 when nothing matched; that is an answer, not an error.
function search(args) {
  try {
    return JSON.parse(execFileSync(bin, ["--db", db, "--json", ...args],
                                   { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout);
    console.error(`peers: quarry-search ${args.join(" ")} failed: ${(e.stderr || e.message).trim()}`);
    process.exit(2);
  }
}

// The whole bank: the empty query browses it in bank order, 100 a page.
const questions = [];
for (let offset = 0; ; offset += 100) {
  const page = search(["--limit", "100", "--offset", String(offset), "--", ""]);
  for (const h of page.hits) {
    questions.push({ id: h.id, part: h.part, section: h.section, number: h.number, text: h.text });
  }
  if (page.hits.length === 0 || questions.length >= page.total) break;
}
const byId = new Map(questions.map((q) => [q.id, q]));
if (byId.size !== questions.length) throw new Error("quarry-search listed an id twice");

const flat = (s) => s.replace(/[\t\r\n]+/g, " ");
fs.mkdirSync(path.join(out, "rankings"), { recursive: true });
fs.writeFileSync(path.join(out, "questions.json"), JSON.stringify(questions, null, 1));
fs.writeFileSync(path.join(out, "questions.tsv"),
  questions.map((q) => `${q.id}\t${flat(q.section)}\t${flat(q.text)}\n`).join(""));

const queries = loadQueries(queriesPath);
const members = relatedMembers(loadRelated(relatedPath));
const tasks = [];
const rankings = new Rankings();
for (const q of queries) {
  tasks.push(`query\t${q.id}\t${flat(q.query)}\n`);
  const hits = search(["--limit", String(QUERY_DEPTH), "--", q.query]).hits;
  rankings.add("query", q.id, hits.map((h) => h.id));
}
for (const id of members) {
  const question = byId.get(id);
  if (!question) continue;  // score.mjs reports unknown ids
  tasks.push(`related\t${id}\t${flat(question.text)}\n`);
  const related = search(["--limit", String(RELATED_DEPTH), "--related", id]).related;
  rankings.add("related", id, related.map((h) => h.id));
}
fs.writeFileSync(path.join(out, "tasks.tsv"), tasks.join(""));
rankings.save(path.join(out, "rankings", "quarry.tsv"));
