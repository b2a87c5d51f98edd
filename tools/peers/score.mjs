// Scores every engine's rankings with one metric code, the metrics of
// tests/data/eval/README.md exactly as tools/eval.cc computes them, and
// prints the table of Quarry beside its peers.
//
// usage: node score.mjs --queries FILE --related FILE --rankings DIR
//                       [--name NAME] [--questions FILE] [--quarry-eval FILE] [--per-query]
// DIR holds one rankings file per engine (common.mjs), named as in ENGINES.
// --name (the bank's) and --questions (questions.json, to count them) only
// make the table's title.
// --quarry-eval is `quarry-eval --json` output: Quarry's row computed here
// must equal it, figure for figure, or the run fails (exit 1) - the check
// that this scorer and quarry-eval agree.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  loadQueries, loadRelated, loadRankings, loadQuestions, NDCG_DEPTH, QUERY_DEPTH, RELATED_DEPTH,
} from "./common.mjs";

// ---- Metrics (pure; the same definitions as tools/eval.h) ----

const discount = (index) => Math.log2(index + 2);
const gradeOf = (judgments, id) => judgments.get(id) ?? 0;

// DCG@k / ideal DCG@k, gains = grades, log2 discount; a repeated id gains nothing.
export function ndcgAt(ranked, judgments, k) {
  const ideal = [...judgments.values()].filter((g) => g > 0).sort((a, b) => b - a);
  let idealDcg = 0;
  for (let i = 0; i < ideal.length && i < k; ++i) idealDcg += ideal[i] / discount(i);
  if (idealDcg === 0) return 0;
  let dcg = 0;
  const seen = new Set();
  for (let i = 0; i < ranked.length && i < k; ++i) {
    if (seen.has(ranked[i])) continue;
    seen.add(ranked[i]);
    dcg += gradeOf(judgments, ranked[i]) / discount(i);
  }
  return dcg / idealDcg;
}

// 1-based rank of the first id graded above 0, or 0.
export function firstRelevantRank(ranked, judgments) {
  const i = ranked.findIndex((id) => gradeOf(judgments, id) > 0);
  return i < 0 ? 0 : i + 1;
}

export function reciprocalRank(ranked, judgments) {
  const rank = firstRelevantRank(ranked, judgments);
  return rank === 0 ? 0 : 1 / rank;
}

// Share of `others` among the first k, out of min(k, others.length).
export function recallAt(ranked, others, k) {
  const wanted = Math.min(k, others.length);
  if (wanted === 0) return 0;
  const missing = new Set(others);
  let found = 0;
  for (let i = 0; i < ranked.length && i < k; ++i) {
    if (missing.delete(ranked[i])) ++found;
  }
  return found / wanted;
}

// 1 / rank of the first of `others` within the first k, or 0.
export function reciprocalRankAt(ranked, others, k) {
  for (let i = 0; i < ranked.length && i < k; ++i) {
    if (others.includes(ranked[i])) return 1 / (i + 1);
  }
  return 0;
}

const mean = (xs) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

// Scores one engine's rankings ({query: Map, related: Map}); either kind may
// be absent (null figures). A query or member without a ranking line is an
// error: every engine answers every task.
export function scoreEngine(rankings, queries, clusters, name = "engine") {
  const result = { queries: null, related: null, perQuery: [], perMember: [] };
  if (rankings.query.size > 0) {
    for (const q of queries) {
      const ranked = rankings.query.get(q.id);
      if (!ranked) throw new Error(`${name}: no ranking for query ${q.id}`);
      const top = ranked.slice(0, QUERY_DEPTH);
      const rank = firstRelevantRank(top, q.judgments);
      result.perQuery.push({
        id: q.id, query: q.query, ndcg: ndcgAt(top, q.judgments, NDCG_DEPTH),
        rank, rr: rank === 0 ? 0 : 1 / rank, hits: top.length,
      });
    }
    result.queries = {
      ndcg: mean(result.perQuery.map((s) => s.ndcg)),
      mrr: mean(result.perQuery.map((s) => s.rr)),
      success: mean(result.perQuery.map((s) => (s.rank === 1 ? 1 : 0))),
    };
  }
  if (rankings.related.size > 0) {
    for (const c of clusters) {
      for (const member of c.members) {
        const ranked = rankings.related.get(member);
        if (!ranked) throw new Error(`${name}: no related ranking for ${member}`);
        const top = ranked.slice(0, RELATED_DEPTH);
        const others = c.members.filter((m) => m !== member);
        result.perMember.push({
          cluster: c.name, id: member,
          recall: recallAt(top, others, RELATED_DEPTH),
          rr: reciprocalRankAt(top, others, RELATED_DEPTH),
        });
      }
    }
    result.related = {
      recall: mean(result.perMember.map((m) => m.recall)),
      mrr: mean(result.perMember.map((m) => m.rr)),
    };
  }
  return result;
}

// ---- The run ----

// The rows of the table, in order: rankings file stem and label.
export const ENGINES = [
  ["quarry", "Quarry"],
  ["fts5", "SQLite FTS5 (porter unicode61, bm25)"],
  ["minisearch", "MiniSearch (prefix, fuzzy 0.2)"],
  ["lunr", "Lunr (default pipeline)"],
  ["flexsearch", "FlexSearch (Document, forward, suggest)"],
  ["xapian", "Xapian defaults (QueryParser, BM25)"],
  ["xapian-eset", "Xapian more-like-this (RSet, ESet of 20)"],
  ["section", "same-section baseline (nearest numbers)"],
];

// Quarry's nDCG@10 minus the best peer's, over the rows that answer queries
// (rows[0] is Quarry): {margin, peer: that row} or null without a peer.
export function marginOverBestPeer(rows) {
  const [quarry, ...others] = rows;
  const peers = others.filter((r) => r.score.queries);
  if (!quarry.score.queries || peers.length === 0) return null;
  const best = peers.reduce((a, b) => (b.score.queries.ndcg > a.score.queries.ndcg ? b : a));
  return { margin: quarry.score.queries.ndcg - best.score.queries.ndcg, peer: best };
}

const fmt = (x) => (x === null || x === undefined ? "-" : x.toFixed(3));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

// Quarry's figures here against quarry-eval's JSON; returns the sentences
// for each figure that differs by more than `tolerance`.
export function compareWithQuarryEval(score, report, tolerance = 1e-9) {
  const problems = [];
  const check = (what, ours, theirs) => {
    if (typeof theirs !== "number" || Math.abs(ours - theirs) > tolerance) {
      problems.push(`${what}: score.mjs ${ours} vs quarry-eval ${theirs}`);
    }
  };
  check("nDCG@10", score.queries.ndcg, report.queries.ndcg_at_10);
  check("MRR", score.queries.mrr, report.queries.mrr);
  check("success@1", score.queries.success, report.queries.success_at_1);
  check("related recall@5", score.related.recall, report.related.recall_at_5);
  check("related MRR@5", score.related.mrr, report.related.mrr_at_5);
  const theirs = new Map(report.queries.per_query.map((q) => [q.id, q]));
  for (const q of score.perQuery) {
    const t = theirs.get(q.id);
    if (!t) problems.push(`query ${q.id} missing from quarry-eval`);
    else check(`nDCG@10 of ${q.id}`, q.ndcg, t.ndcg_at_10);
  }
  return problems;
}

function parseArgs(argv) {
  const args = { perQuery: false };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === "--per-query") args.perQuery = true;
    else if (["--queries", "--related", "--rankings", "--quarry-eval", "--name",
              "--questions"].includes(a)) {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      args[a.slice(2)] = argv[++i];
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!args.queries || !args.related || !args.rankings) {
    throw new Error("usage: node score.mjs --queries FILE --related FILE --rankings DIR " +
                    "[--name NAME] [--questions FILE] [--quarry-eval FILE] [--per-query]");
  }
  return args;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const queries = loadQueries(args.queries);
  const clusters = loadRelated(args.related);
  const members = clusters.reduce((n, c) => n + c.members.length, 0);

  const rows = [];
  for (const [stem, label] of ENGINES) {
    const file = path.join(args.rankings, `${stem}.tsv`);
    if (!fs.existsSync(file)) throw new Error(`no rankings from ${label} (${file})`);
    rows.push({ stem, label, score: scoreEngine(loadRankings(file), queries, clusters, label) });
  }

  const out = [];
  if (args.perQuery) {
    const shown = rows.filter((r) => r.score.queries);
    out.push("nDCG@10 per query (first relevant rank in brackets, - for none among the hits)");
    const idWidth = Math.max(...queries.map((q) => q.id.length)) + 2;
    const queryWidth = Math.max(...queries.map((q) => JSON.stringify(q.query).length)) + 1;
    out.push(pad("id", idWidth) + pad("query", queryWidth) +
             shown.map((r) => lpad(r.stem, 13)).join(""));
    queries.forEach((q, i) => {
      const cells = shown.map((r) => {
        const s = r.score.perQuery[i];
        return lpad(`${s.ndcg.toFixed(2)} [${s.rank || "-"}]`, 13);
      });
      out.push(pad(q.id, idWidth) + pad(JSON.stringify(q.query), queryWidth) + cells.join(""));
    });
    out.push("");
    const related = rows.filter((r) => r.score.related);
    out.push("related recall@5 per cluster (mean over its members)");
    const nameWidth = Math.max(...clusters.map((c) => c.name.length)) + 2;
    out.push(pad("cluster", nameWidth) + lpad("size", 4) +
             related.map((r) => lpad(r.stem, 13)).join(""));
    for (const c of clusters) {
      const cells = related.map((r) => {
        const ms = r.score.perMember.filter((m) => m.cluster === c.name);
        return lpad(mean(ms.map((m) => m.recall)).toFixed(2), 13);
      });
      out.push(pad(c.name, nameWidth) + lpad(c.members.length, 4) + cells.join(""));
    }
    out.push("");
  }

  const bank = [args.name, args.questions &&
                `${loadQuestions(args.questions).length} questions`].filter(Boolean).join(", ");
  out.push(`${bank ? `${bank}: ` : ""}Quarry and its peers on the same ${queries.length} ` +
           `queries and ${members} related questions (${clusters.length} clusters):`);
  out.push("");
  out.push("| engine | nDCG@10 | MRR | success@1 | related recall@5 | related MRR@5 |");
  out.push("| --- | --- | --- | --- | --- | --- |");
  for (const { label, score } of rows) {
    const q = score.queries ?? {}, r = score.related ?? {};
    out.push(`| ${label} | ${fmt(q.ndcg)} | ${fmt(q.mrr)} | ${fmt(q.success)} | ` +
             `${fmt(r.recall)} | ${fmt(r.mrr)} |`);
  }
  const best = marginOverBestPeer(rows);
  if (best) {
    const sign = best.margin >= 0 ? "+" : "";
    out.push("");
    out.push(`Quarry's margin over the best peer in nDCG@10: ${sign}${best.margin.toFixed(3)} ` +
             `(${best.peer.label.replace(/ \(.*$/, "")}, ${fmt(best.peer.score.queries.ndcg)})`);
  }

  let status = 0;
  if (args["quarry-eval"]) {
    const report = JSON.parse(fs.readFileSync(args["quarry-eval"], "utf8"));
    const problems = compareWithQuarryEval(rows[0].score, report);
    out.push("");
    if (problems.length === 0) {
      out.push("Quarry's row, scored here from quarry-search's rankings, equals quarry-eval's " +
               "figures (all five, and nDCG@10 per query).");
    } else {
      out.push("score.mjs and quarry-eval DISAGREE on Quarry's rankings:");
      for (const p of problems) out.push(`  ${p}`);
      status = 1;
    }
  }
  console.log(out.join("\n"));
  return status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(`score.mjs: ${e.message}`);
    process.exitCode = 2;
  }
}
