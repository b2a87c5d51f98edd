// Unit tests of the peers' scorer (tools/peers/score.mjs) and its inputs:
// the metrics must be quarry-eval's, so they are checked against the same
// hand-computed cases as tests/tools/eval_test.cc. No index, no npm packages.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  ndcgAt, firstRelevantRank, reciprocalRank, recallAt, reciprocalRankAt, scoreEngine,
  compareWithQuarryEval,
} from "../../tools/peers/score.mjs";
import {
  parseQueries, parseRelated, loadQueries, loadRelated, relatedMembers, Rankings, loadRankings,
} from "../../tools/peers/common.mjs";
import { matchExpression } from "../../tools/peers/fts5.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const near = (actual, expected, what) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);

test("ndcgAt: gains 2 and 1, log2 discount, ideal from the judgments", () => {
  const twoOne = new Map([["a", 2], ["b", 1]]);
  const twelve = Array.from({ length: 12 }, (_, i) => `q${i}`);
  const twelveJudged = new Map(twelve.map((id) => [id, 2]));
  const nineMisses = ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"];
  const cases = [
    ["ideal order", ["a", "b"], twoOne, 1.0],
    ["swapped", ["b", "a"], twoOne, 0.8597187],
    ["a second", ["x", "a"], twoOne, 0.4796249],
    ["a repeated gains once", ["a", "a", "b"], twoOne, 0.9502344],
    ["nothing returned", [], twoOne, 0.0],
    ["nothing relevant", ["x", "y"], twoOne, 0.0],
    ["no judgments", ["a"], new Map(), 0.0],
    ["rank 10 counts", [...nineMisses, "a"], new Map([["a", 2]]), 0.2890648],
    ["rank 11 does not", ["x0", ...nineMisses, "a"], new Map([["a", 2]]), 0.0],
    ["ideal is cut at k too", twelve.slice(0, 10), twelveJudged, 1.0],
    ["grades 2,2,1; ranked c,x,a", ["c", "x", "a"], new Map([["a", 2], ["b", 2], ["c", 1]]),
     0.5316520],
  ];
  for (const [name, ranked, judgments, expected] of cases) {
    near(ndcgAt(ranked, judgments, 10), expected, name);
  }
});

test("firstRelevantRank and reciprocalRank look at the whole list", () => {
  const judged = new Map([["a", 2], ["b", 1]]);
  const bAt50 = [...Array(49).fill("x"), "b"];
  for (const [ranked, rank, rr] of [
    [["a"], 1, 1.0], [["x", "y", "b"], 3, 1 / 3], [bAt50, 50, 0.02], [["x", "y"], 0, 0], [[], 0, 0],
  ]) {
    assert.equal(firstRelevantRank(ranked, judged), rank);
    near(reciprocalRank(ranked, judged), rr, `rank ${rank}`);
  }
});

test("recallAt and reciprocalRankAt count within the first k", () => {
  const six = ["a", "b", "c", "d", "e", "f"];
  const cases = [
    ["two of three in the first 5", ["a", "x", "c", "y", "z", "b"], ["a", "b", "c"], 2 / 3, 1],
    ["first hit at 3", ["x", "y", "b"], ["a", "b"], 0.5, 1 / 3],
    ["six others: out of 5", ["a", "b", "c", "d", "e"], six, 1, 1],
    ["six others, three found", ["x", "a", "y", "b", "c"], six, 0.6, 0.5],
    ["rank 6 is too late", ["x1", "x2", "x3", "x4", "x5", "a"], ["a"], 0, 0],
    ["a repeated counts once", ["a", "a"], ["a", "b"], 0.5, 1],
    ["nothing returned", [], ["a"], 0, 0],
    ["no others", ["a"], [], 0, 0],
  ];
  for (const [name, ranked, others, recall, rr] of cases) {
    near(recallAt(ranked, others, 5), recall, `${name} recall`);
    near(reciprocalRankAt(ranked, others, 5), rr, `${name} rr`);
  }
});

test("scoreEngine: the summary of ScoreQuery/ScoreMember/Summarize", () => {
  const queries = [
    { id: "P1", query: "deadlock", judgments: new Map([["a", 2]]) },
    { id: "P2", query: "jwt", judgments: new Map([["b", 2], ["c", 1]]) },
  ];
  const clusters = [{ name: "c", members: ["a", "b", "c"] }];
  const rankings = {
    query: new Map([["P1", ["a", "x"]], ["P2", ["x", "c"]]]),
    // a: b at 2, c at 4 -> recall 1, rr 0.5; b: itself is no hit, c at 3 -> 0.5, 1/3;
    // c: nothing -> 0, 0.
    related: new Map([["a", ["x", "b", "y", "c"]], ["b", ["b", "x", "c"]], ["c", []]]),
  };
  const s = scoreEngine(rankings, queries, clusters);
  near(s.perQuery[1].ndcg, 0.2398124, "P2 nDCG");
  near(s.queries.ndcg, (1 + 0.2398124) / 2, "nDCG");
  near(s.queries.mrr, 0.75, "MRR");
  near(s.queries.success, 0.5, "success@1");
  near(s.related.recall, 0.5, "recall@5");
  near(s.related.mrr, (0.5 + 1 / 3) / 3, "MRR@5");

  // A baseline without queries has no query figures; a missing ranking is an error.
  assert.equal(scoreEngine({ query: new Map(), related: rankings.related }, queries, clusters)
    .queries, null);
  assert.throws(() => scoreEngine({ query: new Map([["P1", []]]), related: new Map() }, queries,
                                  clusters, "peer"), /peer: no ranking for query P2/);
});

test("compareWithQuarryEval names each figure that differs", () => {
  const score = {
    queries: { ndcg: 0.8, mrr: 1, success: 1 }, related: { recall: 0.6, mrr: 0.8 },
    perQuery: [{ id: "P1", ndcg: 0.8 }],
  };
  const report = {
    queries: { ndcg_at_10: 0.8, mrr: 1, success_at_1: 1, per_query: [{ id: "P1", ndcg_at_10: 0.8 }] },
    related: { recall_at_5: 0.6, mrr_at_5: 0.8 },
  };
  assert.deepEqual(compareWithQuarryEval(score, report), []);
  report.related.recall_at_5 = 0.61;
  report.queries.per_query[0].ndcg_at_10 = 0.7;
  const problems = compareWithQuarryEval(score, report);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^related recall@5: /);
  assert.match(problems[1], /^nDCG@10 of P1: /);
});

test("the TSV parsers read what quarry-eval reads", () => {
  const queries = parseQueries("# c\nP1\tserial \t2:d/3 1:d/2\n\nP2\t*args\t2:a/1\r\n", "q.tsv");
  assert.equal(queries.length, 2);
  assert.equal(queries[0].query, "serial ");  // as typed: the trailing space stays
  assert.deepEqual([...queries[0].judgments], [["d/3", 2], ["d/2", 1]]);
  assert.equal(queries[1].query, "*args");
  assert.throws(() => parseQueries("P1\tdeadlock\n", "q.tsv"), /q\.tsv:1: expected 3/);
  assert.throws(() => parseQueries("P1\tx\t3:a/1\n", "q.tsv"), /bad judgment group/);
  assert.throws(() => parseQueries("P1\tx\t2:a/1\nP1\ty\t2:a/1\n", "q.tsv"), /q\.tsv:2: .*twice/);

  const clusters = parseRelated("GIL\ta/1, b/2,c/3\nx\td/1,e/2\n", "r.tsv");
  assert.deepEqual(clusters[0], { name: "GIL", members: ["a/1", "b/2", "c/3"] });
  assert.deepEqual(relatedMembers([...clusters, { name: "y", members: ["a/1", "f/1"] }]),
                   ["a/1", "b/2", "c/3", "d/1", "e/2", "f/1"]);
  assert.throws(() => parseRelated("x\ta/1\n", "r.tsv"), /fewer than two/);

  const shipped = loadQueries(path.join(root, "tests/data/eval/queries.tsv"));
  assert.ok(shipped.length >= 30);
  assert.equal(shipped[0].id, "P01");
  assert.equal(shipped[0].judgments.get("advanced-python-design/12"), 2);
  assert.equal(loadRelated(path.join(root, "tests/data/eval/related.tsv"))[0].name, "GIL");
});

test("rankings files round-trip, empty lists included", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peers-"));
  try {
    const r = new Rankings();
    r.add("query", "P1", ["a/1", "b/2"]);
    r.add("query", "P2", []);
    r.add("related", "a/1", ["b/2"]);
    r.save(path.join(dir, "x.tsv"));
    const back = loadRankings(path.join(dir, "x.tsv"));
    assert.deepEqual([...back.query], [["P1", ["a/1", "b/2"]], ["P2", []]]);
    assert.deepEqual([...back.related], [["a/1", ["b/2"]]]);
    assert.throws(() => r.add("query", "P3", ["a 1"]), /white space/);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test("the FTS5 peer quotes each word and ORs them, so no query is a syntax error", () => {
  assert.equal(matchExpression("n+1 queries"), '"n" OR "1" OR "queries"');
  assert.equal(matchExpression("*args"), '"args"');
  assert.equal(matchExpression("transaction.atomic"), '"transaction" OR "atomic"');
  assert.equal(matchExpression("select_related"), '"select" OR "related"');
  assert.equal(matchExpression("\"NOT\" AND -x"), '"NOT" OR "AND" OR "x"');
  assert.equal(matchExpression(" *+ "), null);
});
