// The search page in a real Chromium: quarry-index builds a temporary index
// of tests/browser/data, quarry-serve serves it on 127.0.0.1 with an
// ephemeral port, and playwright-core drives Debian's Chromium. One test per
// behaviour of the page; screenshots of its main states go to
// $QUARRY_BINARY_DIR/browser-screenshots.
//
// What the API answers decides what the page must show: expectations are
// read from the API (or the bank's files), not written down twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  PAGE_SIZE, SLOW_MS, assertBarsProportional, buildIndex, countQuestions, dataDir, eventually,
  facetValues, hitIds, hitTexts, inState, injectedMarkup, launchBrowser, questionPath,
  screenshot, searchPath, seriousViolations, shown, startServer, stopServer,
} from './harness.mjs';

const TEST_TIMEOUT = 60_000;
// A bank with answers, indexed on its own (tests/browser/data stays answer-free).
const answersDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'answers');
const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
  + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

describe('search page', { timeout: 20 * TEST_TIMEOUT }, () => {
  let tempDir;
  let dbPath;
  let server;
  let baseUrl;
  let browser;

  before(async () => {
    tempDir = mkdtempSync(path.join(tmpdir(), 'quarry-browser-'));
    dbPath = path.join(tempDir, 'index');
    buildIndex(dbPath);
    ({ child: server, baseUrl } = await startServer(dbPath));
    browser = await launchBrowser();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) assert.equal(await stopServer(server), 0, 'quarry-serve stops cleanly on SIGTERM');
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  async function api(pathAndQuery, origin = baseUrl) {
    const response = await fetch(origin + pathAndQuery);
    assert.equal(response.status, 200, `GET ${pathAndQuery}`);
    return response.json();
  }

  // /api/search with `params`; an array value repeats its parameter.
  const apiSearch = (params) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const one of [].concat(value)) query.append(key, String(one));
    }
    return api(`/api/search?${query}`);
  };

  // A fresh browser context (no cookies, no cache) on `where`, watching for
  // dialogs, script errors, CSP violations and requests leaving the server.
  // `allowErrors` lists console errors the test expects (failed requests).
  async function openPage(where = '/', options = {}) {
    const { viewport = { width: 1100, height: 800 }, colorScheme = 'light', allowErrors = [],
      origin = baseUrl, wait = true } = options;
    const context = await browser.newContext({ viewport, colorScheme });
    const watch = { dialogs: [], errors: [], offsite: [] };
    const allowed = new URL(origin).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === allowed) return route.continue();
      watch.offsite.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      watch.dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (err) => watch.errors.push(String(err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !allowErrors.some((re) => re.test(msg.text()))) {
        watch.errors.push(msg.text());
      }
    });
    const response = await page.goto(origin + where);
    if (wait) await shown(page);
    const check = async () => {
      assert.deepEqual(watch.dialogs, [], 'no dialog opened');
      assert.deepEqual(watch.errors, [], 'no script error or CSP violation');
      assert.deepEqual(watch.offsite, [], 'nothing requested from elsewhere');
      await context.close();
    };
    return { page, response, watch, check };
  }

  // Types `text` into the search box as one edit and waits for its results.
  async function search(page, text, filters = {}) {
    await page.locator('#q').fill(text);
    await shown(page, searchPath({ ...filters, q: text }));
  }

  const outline = () => api('/api/outline');

  // Runs `run` with a server of its own on the banks at `paths`, indexed
  // into a fresh folder `name`; stops it however `run` ends.
  async function withServer(name, paths, run) {
    const db = path.join(tempDir, name);
    buildIndex(db, paths);
    const server = await startServer(db);
    try {
      return await run(server);
    } finally {
      await stopServer(server.child);
    }
  }

  // The first of `candidates` whose API answer `fits`. The searcher's
  // spelling correction and typo tolerance move; the tests look for a query
  // that shows what they need, and say so when none does.
  async function firstQuery(candidates, what, fits) {
    for (const q of candidates) if (fits(await apiSearch({ q }))) return q;
    return assert.fail(`none of ${JSON.stringify(candidates)} ${what}`);
  }

  // Misspellings answered with the hits of their correction.
  const correctedTypo = () => firstQuery(['deadlok', 'eadlock', 'xdeadlock'],
    'is answered with its correction\'s hits',
    (r) => r.corrected_query && r.showing_corrected && r.total > 0);

  test('empty state: the bank as a bar chart of parts and sections, and example searches',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, response, check } = await openPage('/');
      assert.match(response.headers()['content-type'], /^text\/html/);
      await inState(page, 'overview');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
      assert.equal(await page.locator('label[for="q"]').count(), 1);

      const bank = await outline();
      assert.equal(bank.questions, countQuestions());
      assert.match(await page.locator('#overview-summary').textContent(),
        new RegExp(`^${bank.questions} questions in `));
      const chart = await page.$$eval('#chart .chart-part', (parts) => parts.map((p) => ({
        part: p.querySelector('.chart-part-title a').textContent,
        sections: [...p.querySelectorAll('.chart-row')].map((r) => ({
          value: r.querySelector('.chart-name').textContent,
          count: Number(r.querySelector('.chart-count').textContent),
          fill: r.querySelector('.bar-fill').getBoundingClientRect().width,
          track: r.querySelector('.bar').getBoundingClientRect().width,
        })),
      })));
      assert.deepEqual(chart.map((p) => p.part), bank.parts.map((p) => p.part), 'parts in order');
      for (const [i, p] of bank.parts.entries()) {
        assert.deepEqual(chart[i].sections.map((x) => [x.value, x.count]),
          p.sections.map((x) => [x.section, x.count]), `sections of ${p.part}`);
      }
      assertBarsProportional(chart.flatMap((p) => p.sections), 'overview');
      assert.equal(await page.locator('#facets').isVisible(), false, 'the chart replaces the facets');

      // Example searches: each finds what it says, and runs when clicked.
      await page.locator('#example-list .example').first().waitFor();
      const examples = await page.$$eval('#example-list .example', (links) => links.map((a) => ({
        q: a.firstChild.textContent, count: Number(a.querySelector('.muted').textContent),
      })));
      assert.ok(examples.length >= 3, `examples: ${JSON.stringify(examples)}`);
      for (const { q, count } of examples) {
        assert.equal((await apiSearch({ q, limit: 1 })).total, count, `example ${q}`);
      }
      await screenshot(page, 'overview.png');

      await page.locator('#example-list .example').first().click();
      await shown(page, searchPath({ q: examples[0].q }));
      assert.equal(await page.locator('#q').inputValue(), examples[0].q);
      assert.equal((await hitIds(page)).length, Math.min(examples[0].count, PAGE_SIZE));

      // A section of the chart browses that section.
      await page.goBack();
      await inState(page, 'overview');
      const section = bank.parts[1].sections[0];
      await page.locator('#chart .chart-row', { hasText: section.section }).click();
      await shown(page, searchPath({ section: [section.section] }));
      assert.equal((await hitIds(page)).length, section.count);
      await check();
    });

  test('typing: results update as you type, debounced, one history entry a run of typing',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage(searchPath({ q: 'gil' }));
      const asked = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/api/search') asked.push(url.searchParams.get('q'));
      });
      const historyBefore = await page.evaluate(() => window.history.length);

      // Eight keystrokes within one debounce period ask the server once.
      await page.evaluate((word) => {
        const box = document.getElementById('q');
        for (let i = 1; i <= word.length; i++) {
          box.value = word.slice(0, i);
          box.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }, 'deadlock');
      await shown(page, searchPath({ q: 'deadlock' }));
      assert.deepEqual(asked.filter((q) => 'deadlock'.startsWith(q)), ['deadlock']);

      // Real keystrokes: the results follow, whatever the timing.
      await page.locator('#q').pressSequentially(' timeout', { delay: 30 });
      await shown(page, searchPath({ q: 'deadlock timeout' }));
      const expected = await apiSearch({ q: 'deadlock timeout', limit: PAGE_SIZE });
      assert.ok(expected.total > 0);
      assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id));
      assert.match(await page.locator('#summary').textContent(),
        new RegExp(`^${expected.total} questions? · \\d+(\\.\\d)? ms on the server$`));
      assert.equal(await page.evaluate(() => window.history.length), historyBefore + 1,
        'the whole run of typing is one history entry');
      await screenshot(page, 'results.png');
      await check();
    });

  test('stale answers: an older query\'s late answer is cancelled and never shown',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage(searchPath({ q: 'deadlock' }));
      let release;
      const released = new Promise((resolve) => { release = resolve; });
      let held;
      const heldRequest = new Promise((resolve) => { held = resolve; });
      await page.route((url) => url.pathname === '/api/search' && url.searchParams.get('q') === 'gil',
        async (route) => {
          held(route.request());
          await released;
          await route.continue().catch(() => {});  // the page has aborted it
        });
      const failed = [];
      page.on('requestfailed', (request) => failed.push(request));

      await page.locator('#q').fill('gil');
      const gil = await heldRequest;  // past the debounce, the "gil" request is out
      await page.locator('#q').fill('asyncio');
      await shown(page, searchPath({ q: 'asyncio' }));
      release();
      await eventually(() => failed.includes(gil), 'the "gil" request to be cancelled');
      await shown(page, searchPath({ q: 'asyncio' }));
      const expected = await apiSearch({ q: 'asyncio', limit: PAGE_SIZE });
      assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id));
      assert.equal(await page.locator('#q').inputValue(), 'asyncio');
      await check();
    });

  test('highlight: matched words are marked, including the prefix being typed',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage('/');
      for (const [typed, pattern] of [['deadl', /^deadl/i], ['isolation lev', /^(isolation|lev)/i]]) {
        await search(page, typed);
        const expected = await apiSearch({ q: typed, limit: PAGE_SIZE });
        assert.ok(expected.total > 0, `"${typed}" finds something`);
        assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id));
        const hits = await page.$$eval('#results .hit-text', (els) => els.map((e) => ({
          marks: [...e.querySelectorAll('mark')].map((m) => m.textContent),
          tags: [...e.querySelectorAll('*')].map((c) => c.tagName),
        })));
        for (const hit of hits) {
          assert.ok(hit.marks.length > 0, `every hit of "${typed}" has a mark`);
          for (const mark of hit.marks) assert.match(mark, pattern);
          assert.ok(hit.tags.every((t) => t === 'MARK'), 'only <mark> inside a snippet');
        }
      }
      const marks = await page.$$eval('#results mark', (els) => els.map((e) => e.textContent));
      assert.ok(marks.some((m) => /^lev/i.test(m)), `the word being typed is marked: ${marks}`);
      await screenshot(page, 'highlight.png');
      await check();
    });

  test('correction: "Did you mean" links, "Showing results for" links to the query as typed',
    { timeout: TEST_TIMEOUT }, async () => {
      const typo = await correctedTypo();
      const corrected = await apiSearch({ q: typo });
      const { page, check } = await openPage(searchPath({ q: typo }));
      const correction = page.locator('#correction');
      assert.match(await correction.textContent(),
        new RegExp(`Showing results for ${corrected.corrected_query}\\.`));
      assert.deepEqual(await hitIds(page), corrected.hits.map((h) => h.id));
      await screenshot(page, 'correction.png');

      // Exactly what was typed: no results, and the suggestion offered.
      const verbatim = page.locator('#correction a.verbatim');
      assert.equal(await verbatim.textContent(), `Search instead for “${typo}”`);
      await verbatim.click();
      await shown(page, searchPath({ q: typo, verbatim: true }));
      await inState(page, 'no-results');
      assert.equal((await hitIds(page)).length, 0);
      assert.equal(await page.locator('#no-results .no-results-title').textContent(),
        `No questions match “${typo}”.`);
      const suggestion = page.locator('#no-results a.suggestion');
      assert.equal(await suggestion.textContent(), corrected.corrected_query);
      await suggestion.click();
      await shown(page, searchPath({ q: corrected.corrected_query }));
      assert.equal(await page.locator('#q').inputValue(), corrected.corrected_query);
      assert.deepEqual(await hitIds(page),
        (await apiSearch({ q: corrected.corrected_query, limit: PAGE_SIZE })).hits.map((h) => h.id));

      // A suggestion beside results of the query as typed.
      const partly = await firstQuery(['deadlock timout', 'deadlock eadlock', 'deadlock xtimeout'],
        'finds something as typed and has a correction',
        (r) => r.corrected_query && !r.showing_corrected && r.total > 0);
      const suggested = await apiSearch({ q: partly });
      await search(page, partly);
      assert.match(await correction.textContent(), /^Did you mean .+\?$/);
      const link = page.locator('#correction a.suggestion');
      assert.equal(await link.textContent(), suggested.corrected_query);
      await link.click();
      await shown(page, searchPath({ q: suggested.corrected_query }));
      assert.equal(await page.locator('#q').inputValue(), suggested.corrected_query);
      await check();
    });

  test('relaxed: says when few questions have all the words, and not otherwise',
    { timeout: TEST_TIMEOUT }, async () => {
      const relaxedQuery = await firstQuery(['asyncio mysql', 'decorator isolation', 'generators index'],
        'is relaxed to fewer of its words',
        (r) => r.matching.relaxed && r.matching.required > 0 && r.total > 0);
      const answer = await apiSearch({ q: relaxedQuery });
      const { page, check } = await openPage(searchPath({ q: relaxedQuery }));
      const note = page.locator('#relaxed');
      assert.equal(await note.isVisible(), true);
      assert.equal(await note.textContent(), `Few questions have all ${answer.matching.words} words: `
        + `showing those with at least ${answer.matching.required}.`);
      assert.deepEqual(await hitIds(page), answer.hits.map((h) => h.id));
      await screenshot(page, 'relaxed.png');

      const exact = await firstQuery(['asyncio', 'index', 'transaction'], 'is not relaxed',
        (r) => !r.matching.relaxed && r.total > 0);
      await search(page, exact);
      assert.equal(await note.isVisible(), false);
      await check();
    });

  test('related subjects: after the matches, under a divider with their own count',
    { timeout: TEST_TIMEOUT }, async () => {
      const q = await firstQuery(['paginate', 'pagination', 'covering indexes'],
        'finds questions on related subjects besides those with the words',
        (r) => r.total > 0 && r.related_total > 0);
      const answer = await apiSearch({ q });
      // The API: matches first, then the related ones, counted apart; the
      // facets count the matches.
      const flags = answer.hits.map((h) => h.related);
      assert.deepEqual(flags, [...Array(answer.total).fill(false),
        ...Array(answer.hits.length - answer.total).fill(true)]);
      assert.equal(answer.facets_count, 'matches');
      assert.equal(answer.facets.section.reduce((n, v) => n + v.count, 0), answer.total);
      assert.equal(answer.matching.relaxed, false);

      const { page, check } = await openPage(searchPath({ q }));
      assert.deepEqual(await hitIds(page), answer.hits.map((h) => h.id));
      const summary = await page.locator('#summary').textContent();
      assert.match(summary, new RegExp(`^${answer.total} questions? · ${answer.related_total} on related subjects · `));
      const items = await page.locator('#results .hit').evaluateAll((list) => list.map((li) => ({
        related: li.classList.contains('hit-related'),
        divider: li.dataset.divider ?? null,
        marked: li.querySelector('mark') !== null,
      })));
      assert.deepEqual(items.map((i) => i.related), flags);
      // One divider, on the first related question, with their count.
      const dividers = items.filter((i) => i.divider !== null);
      assert.equal(dividers.length, 1);
      assert.equal(items[answer.total].divider,
        `Related subjects (${answer.related_total}): questions without the words`);
      const label = await page.locator('#results .related-first').evaluate(
        (li) => getComputedStyle(li, '::before').content);
      assert.match(label, /Related subjects/);
      // A related question lacks the words: nothing in it is marked.
      assert.ok(items.filter((i) => i.related).every((i) => !i.marked));
      assert.ok(items.filter((i) => !i.related).every((i) => i.marked));
      // The filters say what they count; no relaxation note.
      assert.equal(await page.locator('#facets-count').textContent(),
        `Counts: the ${answer.total} question${answer.total === 1 ? '' : 's'} with the words`);
      assert.equal(await page.locator('#relaxed').isVisible(), false);
      await screenshot(page, 'related-subjects.png');

      // A search with no related subjects shows neither.
      const plain = await firstQuery(['asyncio', 'index', 'idempotent'], 'finds no related subject',
        (r) => r.total > 0 && r.related_total === 0);
      await search(page, plain);
      assert.equal(await page.locator('#results .related-first').count(), 0);
      assert.equal(await page.locator('#facets-count').isVisible(), false);
      await check();
    });

  test('layout: with no filter to show, the results and the no-hit box take the whole width',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage(searchPath({ q: 'zzzqqq' }));
      await inState(page, 'no-results');
      assert.equal(await page.locator('#facets').isVisible(), false);
      const results = await page.locator('.results').boundingBox();
      const layout = await page.locator('#main').boundingBox();
      // Not the 18rem filter column: the column the filters leave.
      assert.ok(results.width > 0.9 * (layout.width - 60), `results ${results.width} of ${layout.width} px`);
      const box = await page.locator('#no-results').boundingBox();
      assert.ok(box.width >= 600, `the no-hit box is ${box.width} px wide`);
      await screenshot(page, 'no-results-wide.png');
      // With filters, they come back beside the results.
      await search(page, 'asyncio');
      assert.equal(await page.locator('#facets').isVisible(), true);
      const beside = await page.locator('.results').boundingBox();
      const facets = await page.locator('#facets').boundingBox();
      assert.ok(beside.x > facets.x + facets.width - 1, 'the results sit right of the filters');
      await check();
    });

  test('stale notices: nothing said of a search stays above the overview',
    { timeout: TEST_TIMEOUT }, async () => {
      const q = await firstQuery(['asyncio mysql', 'decorator isolation', 'generators index'],
        'is relaxed to fewer of its words', (r) => r.matching.relaxed && r.total > 0);
      const { page, check } = await openPage(searchPath({ q }));
      const note = page.locator('#relaxed');
      for (const leave of ['escape', 'logo', 'back']) {
        if (leave !== 'back') {
          await search(page, q);
        } else {
          await page.goto(baseUrl + '/');
          await inState(page, 'overview');
          await search(page, q);
        }
        assert.equal(await note.isVisible(), true, `the note before ${leave}`);
        if (leave === 'escape') {
          await page.locator('#q').focus();
          await page.keyboard.press('Escape');
        } else if (leave === 'logo') {
          await page.locator('a.brand').click();
        } else {
          await page.goBack();
        }
        await inState(page, 'overview');
        assert.equal(await note.isVisible(), false, `the note after ${leave}`);
        assert.equal(await page.locator('#correction').isVisible(), false);
        assert.equal(await page.locator('#facets-count').isVisible(), false);
      }
      await check();
    });

  test('history: a search left on screen for a moment is an entry of its own',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage('/');
      for (const q of ['deadlock', 'gil', 'asyncio']) {
        await search(page, q);
        await page.waitForTimeout(1300);  // read for a moment
      }
      await page.goBack();
      await shown(page, searchPath({ q: 'gil' }));
      assert.equal(await page.locator('#q').inputValue(), 'gil');
      await page.goBack();
      await shown(page, searchPath({ q: 'deadlock' }));
      await page.goBack();
      await inState(page, 'overview');
      await check();
    });

  test('accessibility: axe finds nothing serious on any main view, light or dark, wide or narrow',
    { timeout: TEST_TIMEOUT }, async () => {
      const views = [
        ['empty page', '/', 'overview'],
        ['results', searchPath({ q: 'paginate' }), 'results'],
        ['no hit', searchPath({ q: 'zzzqqq' }), 'no-results'],
        ['question view', questionPath('transactions/2'), 'question'],
      ];
      for (const [viewport, colorScheme] of [[{ width: 1280, height: 900 }, 'light'],
        [{ width: 375, height: 740 }, 'dark']]) {
        for (const [name, where, state] of views) {
          const { page, check } = await openPage(where, { viewport, colorScheme });
          await inState(page, state);
          assert.deepEqual(await seriousViolations(page), [],
            `${name} at ${viewport.width} px, ${colorScheme}`);
          await check();
        }
      }
      // The question view of a bank with answers: the answer rendered.
      await withServer('answers-axe', [path.join(answersDir, 'answers.jsonl')], async (answers) => {
        const { page, check } = await openPage(questionPath('a/2'), { origin: answers.baseUrl });
        await inState(page, 'question');
        assert.deepEqual(await seriousViolations(page), [], 'question view with an answer');
        await check();
      });
    });

  test('focus: Tab reaches the results before the filters, Back and Esc return to the result opened',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage(searchPath({ q: 'performance' }));
      const focused = () => page.evaluate(() => {
        const e = document.activeElement;
        return { id: e.id, hit: e.dataset.id ?? null, facet: e.classList.contains('facet') };
      });
      const ids = await hitIds(page);
      assert.ok(ids.length >= 3);
      // From the box, the first result comes before any filter, and the
      // results are one tab stop: the next Tab is a filter.
      await page.locator('#q').focus();
      let first = null;
      for (let i = 0; i < 4 && !first; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        assert.equal(f.facet, false, 'no filter before the first result');
        if (f.hit) first = f.hit;
      }
      assert.equal(first, ids[0]);
      await page.keyboard.press('ArrowDown');
      assert.equal((await focused()).hit, ids[1], 'the arrow moves to the next result');
      await page.keyboard.press('Tab');
      assert.equal((await focused()).facet, true, 'then the filters');

      // Open the second result; Back puts the focus on it again.
      await page.locator(`#results .hit-link[data-id="${ids[1]}"]`).click();
      await inState(page, 'question');
      await page.goBack();
      await shown(page, searchPath({ q: 'performance' }));
      assert.equal((await focused()).hit, ids[1], 'Back: the focus is on the result opened');
      // Esc on a question goes back to its search, the same way.
      await page.locator(`#results .hit-link[data-id="${ids[2]}"]`).click();
      await inState(page, 'question');
      await page.keyboard.press('Escape');
      await shown(page, searchPath({ q: 'performance' }));
      assert.equal((await focused()).hit, ids[2], 'Esc: the focus is on the result opened');
      await check();

      // A question opened directly leaves the box alone (no phone keyboard).
      const direct = await openPage(questionPath(ids[0]));
      await inState(direct.page, 'question');
      assert.notEqual(await direct.page.evaluate(() => document.activeElement.id), 'q');
      await direct.check();
    });

  test('keystroke to results: median under 120 ms on the seed bank, typed at a person\'s pace',
    { timeout: TEST_TIMEOUT }, async () => {
      await withServer('seed', [path.join(repoRoot, 'corpus', 'interview-questions.md')], async (seed) => {
        const { page, check } = await openPage('/', { origin: seed.baseUrl });
        await inState(page, 'overview');
        // From the last key of a query to its results on screen.
        await page.evaluate(() => {
          window.lastKey = 0;
          window.latencies = {};
          document.getElementById('q').addEventListener('input', () => { window.lastKey = performance.now(); });
          new MutationObserver(() => {
            const body = document.body;
            if (body.classList.contains('loading') || !body.dataset.shown) return;
            window.latencies[body.dataset.shown] ??= performance.now() - window.lastKey;
          }).observe(document.body, { attributes: true, attributeFilter: ['data-shown', 'class'] });
        });
        const queries = ['deadlock', 'gil', 'select_related', 'celery', 'middleware', 'jwt',
          'asyncio', 'decorator', 'transaction', 'cache', 'signals', 'index'];
        const took = [];
        for (const q of queries) {
          await page.locator('#q').fill('');
          await inState(page, 'overview');
          await page.locator('#q').pressSequentially(q, { delay: 90 });
          await shown(page, searchPath({ q }));
          const ms = await page.evaluate((where) => window.latencies[where], searchPath({ q }));
          assert.ok(ms > 0, `a time for "${q}"`);
          took.push(ms);
        }
        took.sort((a, b) => a - b);
        const median = (took[5] + took[6]) / 2;
        console.log(`keystroke to results on the seed bank: median ${median.toFixed(0)} ms, `
          + `max ${took[took.length - 1].toFixed(0)} ms over ${took.length} queries`);
        assert.ok(median < 120, `median ${median} ms`);
        await check();
      });
    });

  test('overview: the bank\'s question types and topics, counted, each a way in',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage('/');
      await inState(page, 'overview');
      const whole = await apiSearch({ q: '' });
      await page.locator('#overview-labels .label').first().waitFor();
      const groups = await page.locator('.overview-label-group').allTextContents();
      const expect = (title, values) => `${title}: ${values.map((v) => `${v.value} ${v.count}`).join(', ')}`;
      assert.deepEqual(groups, [expect('Types', whole.facets.type), expect('Topics', whole.facets.topic)]);
      // The header names the bank searched.
      const { banks } = await outline();
      assert.equal(await page.locator('#bank-name').textContent(),
        banks.length === 1 ? banks[0].bank : `${banks.length} banks`);
      await page.locator('#overview-labels .label').first().click();
      await shown(page, searchPath({ type: [whole.facets.type[0].value] }));
      assert.equal((await hitIds(page)).length, Math.min(PAGE_SIZE, whole.facets.type[0].count));
      await check();
    });

  test('design: the header lines up with the content, ids stay whole and quiet, the box\'s ring is calm',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage(searchPath({ q: 'performance' }), { viewport: { width: 1280, height: 900 } });
      const brand = await page.locator('a.brand').boundingBox();
      const content = await page.locator('#search-view').boundingBox();
      assert.ok(Math.abs(brand.x - content.x) <= 2, `brand at ${brand.x} px, content at ${content.x} px`);
      const id = await page.locator('#results .hit-id').first().evaluate((e) => {
        const style = getComputedStyle(e);
        return { wrap: style.whiteSpace, opacity: Number(style.opacity) };
      });
      assert.equal(id.wrap, 'nowrap', 'an id never breaks mid-word');
      assert.ok(id.opacity < 0.5, 'an id is quiet until its card is pointed at');
      await page.locator('#results .hit').first().hover();
      await page.waitForTimeout(250);
      assert.equal(await page.locator('#results .hit-id').first().evaluate((e) => getComputedStyle(e).opacity), '1');
      // The box's focus ring is the accent, not the warning colour.
      await page.locator('#q').focus();
      const ring = await page.evaluate(() => {
        const box = getComputedStyle(document.getElementById('q'));
        const root = getComputedStyle(document.documentElement);
        return { ring: box.outlineColor, focus: root.getPropertyValue('--focus').trim(), width: parseFloat(box.outlineWidth) };
      });
      assert.ok(ring.width <= 2, `ring ${ring.width} px`);
      const probe = await page.evaluate((c) => { const d = document.createElement('div'); d.style.color = c;
        document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; }, ring.focus);
      assert.notEqual(ring.ring, probe);
      await check();
    });

  test('near-duplicates: a hit says in which other sections it is also asked',
    { timeout: TEST_TIMEOUT }, async () => {
      const q = await firstQuery(['put idempotent', 'idempotent', 'put request'],
        'finds a question asked in two sections',
        (r) => r.hits.some((h) => h.also_in.length > 0));
      const answer = await apiSearch({ q });
      const { page, check } = await openPage(searchPath({ q }));
      const expected = answer.hits.map((h) => (h.also_in.length
        ? `also asked in ${h.also_in.map((p) => p.section).join(', ')}` : null));
      const shownAlso = await page.locator('#results .hit').evaluateAll((items) => items.map(
        (item) => item.querySelector('.hit-also')?.textContent ?? null));
      assert.deepEqual(shownAlso, expected);
      // The question view lists them too, each a link to the question there.
      const twice = answer.hits.find((h) => h.also_in.length > 0);
      await page.goto(baseUrl + questionPath(twice.id));
      await inState(page, 'question');
      assert.equal(await page.locator('.also-asked').textContent(),
        `Also asked as: ${twice.also_in.map((p) => p.section).join(', ')}`);
      await page.locator('.also-asked a').first().click();
      await shown(page, questionPath(twice.also_in[0].id));
      await check();
    });

  test('results: count and server time, "more results" adds the next page, each opens',
    { timeout: TEST_TIMEOUT }, async () => {
      const parts = (await outline()).parts.map((p) => p.part);
      const total = countQuestions();
      assert.ok(total > PAGE_SIZE, 'the test bank fills more than one page');
      const { page, check } = await openPage(searchPath({ part: parts }));
      assert.equal((await hitIds(page)).length, PAGE_SIZE);
      assert.match(await page.locator('#summary').textContent(),
        new RegExp(`^${PAGE_SIZE} of ${total} questions · \\d+(\\.\\d)? ms on the server$`));
      const all = await apiSearch({ part: parts, limit: 100 });
      const metas = await page.$$eval('#results .hit', (items) => items.map((i) => ({
        section: i.querySelector('.hit-section').textContent,
        id: i.querySelector('.hit-id').textContent,
      })));
      assert.deepEqual(metas, all.hits.slice(0, PAGE_SIZE).map((h) => ({
        section: h.section, id: h.id,
      })), 'each result shows its section and id');

      await page.locator('#hit-0').evaluate((e) => { e.dataset.kept = 'yes'; });
      await page.locator('#more').click();
      await shown(page, searchPath({ part: parts, page: 2 }));
      assert.deepEqual(await hitIds(page), all.hits.map((h) => h.id));
      assert.equal(await page.locator('#hit-0').getAttribute('data-kept'), 'yes',
        'the next page is added below, the first one stays');
      assert.equal(await page.locator('#more').isVisible(), false);
      assert.match(await page.locator('#summary').textContent(), new RegExp(`^${total} questions`));

      await page.reload();
      await shown(page, searchPath({ part: parts, page: 2 }));
      assert.equal((await hitIds(page)).length, total, 'a reload shows both pages');
      await page.goBack();
      await shown(page, searchPath({ part: parts }));
      assert.equal((await hitIds(page)).length, PAGE_SIZE);

      const third = all.hits[2];
      await page.locator('#hit-2').click();
      await shown(page, questionPath(third.id));
      assert.equal(await page.locator('#question-title').textContent(), third.text);
      await check();
    });

  test('facets: part > section with count bars, several values, disjunctive counts',
    { timeout: TEST_TIMEOUT }, async () => {
      const q = 'performance';
      const base = await apiSearch({ q, limit: 100 });
      assert.ok(base.facets.section.length >= 3, 'the test bank spreads "performance" out');
      const bank = await outline();
      const { page, check } = await openPage(searchPath({ q }));

      // The hierarchy follows the bank: each part above its own sections.
      const tree = await page.$$eval('#facet-tree > .facet-group', (groups) => groups.map((g) => ({
        part: g.querySelector(':scope > .facet-part').dataset.value,
        sections: [...g.querySelectorAll('.facet-section')].map((b) => b.dataset.value),
      })));
      const order = bank.parts.map((p) => p.part);
      assert.deepEqual(tree.map((g) => g.part),
        order.filter((p) => tree.some((g) => g.part === p)), 'parts in bank order');
      for (const group of tree) {
        const own = bank.parts.find((p) => p.part === group.part).sections.map((s) => s.section);
        assert.deepEqual(group.sections, own.filter((s) => group.sections.includes(s)),
          `sections of ${group.part} under it, in bank order`);
      }
      // Values counted (the page also lists, at 0, parts whose sections count).
      const counts = (values) => Object.fromEntries(values.filter((v) => v.count > 0)
        .map((v) => [v.value, v.count]));
      assert.deepEqual(counts(await facetValues(page, 'section')), counts(base.facets.section));
      assert.deepEqual(counts(await facetValues(page, 'part')), counts(base.facets.part));
      assertBarsProportional(await facetValues(page, 'section'), 'sections');
      assertBarsProportional(await facetValues(page, 'part'), 'parts');

      const partOf = (section) => bank.parts.find((p) => p.sections.some((x) => x.section === section)).part;
      const a = base.facets.section[0];
      const b = base.facets.section.find((v) => partOf(v.value) !== partOf(a.value));
      const button = (key, value) => page.locator(`#facets .facet-${key}`,
        { has: page.locator('.facet-name', { hasText: value }) });
      await button('section', a.value).click();
      await shown(page, searchPath({ q, section: [a.value] }));
      const sections = await page.$$eval('#results .hit-section', (els) => els.map((e) => e.textContent));
      assert.equal(sections.length, a.count);
      assert.ok(sections.every((s) => s === a.value), `only ${a.value}: ${sections}`);
      // Disjunctive: the section counts ignore the section choice, so the
      // other sections stay listed with what adding them would bring.
      const afterA = await facetValues(page, 'section');
      assert.deepEqual(counts(afterA), counts(base.facets.section));
      assert.deepEqual(afterA.filter((v) => v.active).map((v) => v.value), [a.value]);
      const withA = await apiSearch({ q, section: a.value, limit: 1 });
      assert.deepEqual(counts(await facetValues(page, 'part')), counts(withA.facets.part));

      // A second section widens (OR).
      await button('section', b.value).click();
      await shown(page, searchPath({ q, section: [a.value, b.value] }));
      assert.equal((await hitIds(page)).length, a.count + b.count);
      // A part narrows (AND across facets).
      const part = partOf(a.value);
      await button('part', part).click();
      await shown(page, searchPath({ q, part: [part], section: [a.value, b.value] }));
      const narrowed = await apiSearch({ q, part, section: [a.value, b.value], limit: 100 });
      assert.deepEqual(await hitIds(page), narrowed.hits.map((h) => h.id));
      assert.ok(narrowed.total < a.count + b.count, 'the part filter narrows');
      await screenshot(page, 'facets.png');
      await check();
    });

  test('facets: type and topic lists beside the tree, counted and combined the same way',
    { timeout: TEST_TIMEOUT }, async () => {
      const q = 'performance';
      const base = await apiSearch({ q, limit: 100 });
      assert.ok(base.facets.type.length >= 2 && base.facets.topic.length >= 2,
        'the test bank gives "performance" several types and topics');
      const { page, check } = await openPage(searchPath({ q }));
      const listed = async (key) => (await facetValues(page, key)).map((v) => [v.value, v.count]);
      for (const key of ['type', 'topic']) {
        assert.deepEqual(await listed(key), base.facets[key].map((v) => [v.value, v.count]), key);
        assertBarsProportional(await facetValues(page, key), key);
      }
      const button = (key, value) => page.locator(`#facets .facet-${key}`,
        { has: page.locator('.facet-name', { hasText: value }) });

      // A topic narrows; the topic list keeps its counts (disjunctive).
      const topic = base.facets.topic.find((v) => v.count < base.total).value;
      await button('topic', topic).click();
      await shown(page, searchPath({ q, topic: [topic] }));
      const withTopic = await apiSearch({ q, topic, limit: 100 });
      assert.deepEqual(await hitIds(page), withTopic.hits.map((h) => h.id));
      assert.deepEqual(await listed('topic'), base.facets.topic.map((v) => [v.value, v.count]));
      const sections = (await facetValues(page, 'section')).filter((v) => v.count > 0);
      assert.deepEqual(sections.map((v) => [v.value, v.count]).sort(),
        withTopic.facets.section.map((v) => [v.value, v.count]).sort());

      // A type as well: AND across the two.
      const type = withTopic.facets.type[0].value;
      await button('type', type).click();
      await shown(page, searchPath({ q, type: [type], topic: [topic] }));
      const both = await apiSearch({ q, type, topic, limit: 100 });
      assert.deepEqual(await hitIds(page), both.hits.map((h) => h.id));
      assert.deepEqual(await page.$$eval('#chips .chip', (els) => els.map((e) => e.getAttribute('aria-label'))),
        [`Remove filter Type: ${type}`, `Remove filter Topic: ${topic}`]);
      await screenshot(page, 'facets-type-topic.png');
      await check();
    });

  test('facets: a bank list when the index holds several banks, and none when it holds one',
    { timeout: TEST_TIMEOUT }, async () => {
      const bank = await outline();
      assert.equal(bank.banks.length, 2, 'tests/browser/data holds two banks, one a file');
      const q = await firstQuery(['test', 'what', 'security', 'a'], 'matches questions of both banks',
        (r) => r.facets.bank.length === 2);
      const base = await apiSearch({ q, limit: 100 });
      const { page, check } = await openPage(searchPath({ q }));
      const listed = async () => (await facetValues(page, 'bank')).map((v) => [v.value, v.count]);
      assert.deepEqual(await listed(), base.facets.bank.map((v) => [v.value, v.count]));
      assertBarsProportional(await facetValues(page, 'bank'), 'banks');
      assert.ok(await page.$eval('#facet-bank-list', (box) => !box.hidden
        && Boolean(box.compareDocumentPosition(document.getElementById('facet-tree-box'))
          & Node.DOCUMENT_POSITION_FOLLOWING)), 'the bank list comes above the part > section tree');
      // Each hit says which bank it is from.
      const shownBanks = () => page.$$eval('#results .hit-bank', (els) => els.map((e) => e.textContent));
      assert.deepEqual(await shownBanks(), base.hits.slice(0, PAGE_SIZE).map((h) => h.bank));

      // A bank narrows; the bank list keeps its counts (disjunctive).
      const chosen = base.facets.bank[1].value;
      await page.locator('#facets .facet-bank', { has: page.locator('.facet-name', { hasText: chosen }) }).click();
      await shown(page, searchPath({ q, bank: [chosen] }));
      const within = await apiSearch({ q, bank: chosen, limit: 100 });
      assert.deepEqual(await hitIds(page), within.hits.slice(0, PAGE_SIZE).map((h) => h.id));
      assert.ok((await shownBanks()).every((b) => b === chosen), `only ${chosen}`);
      assert.deepEqual(await listed(), base.facets.bank.map((v) => [v.value, v.count]));
      assert.deepEqual(await page.$$eval('#chips .chip', (els) => els.map((e) => e.getAttribute('aria-label'))),
        [`Remove filter Bank: ${chosen}`]);
      await screenshot(page, 'facets-bank.png');
      await check();

      // An index of one bank: no bank list, and hits do not name it.
      await withServer('one-bank', [path.join(dataDir, 'bank.md')], async (one) => {
        const single = await (await fetch(`${one.baseUrl}/api/outline`)).json();
        assert.equal(single.banks.length, 1);
        const alone = await openPage(searchPath({ q }), { origin: one.baseUrl });
        assert.ok((await hitIds(alone.page)).length > 0, `"${q}" finds questions in bank.md`);
        assert.equal(await alone.page.locator('#facets .facet-bank').count(), 0);
        assert.equal(await alone.page.$eval('#facet-bank-list', (box) => box.hidden), true);
        assert.equal(await alone.page.locator('#results .hit-bank').count(), 0);
        await alone.check();
      });
    });

  test('chips: chosen filters are removable chips, and "Clear all" removes them all',
    { timeout: TEST_TIMEOUT }, async () => {
      const q = 'performance';
      const base = await apiSearch({ q });
      const [a, b] = base.facets.section.map((v) => v.value);
      const part = base.facets.part[0].value;
      const { page, check } = await openPage(searchPath({ q, part: [part], section: [a, b] }));
      const chips = () => page.$$eval('#chips .chip', (els) => els.map((e) => ({
        text: `${e.querySelector('.chip-label').textContent}${e.querySelector('.chip-value').textContent}`,
        label: e.getAttribute('aria-label'),
      })));
      assert.deepEqual(await chips(), [
        { text: `Part: ${part}`, label: `Remove filter Part: ${part}` },
        { text: `Section: ${a}`, label: `Remove filter Section: ${a}` },
        { text: `Section: ${b}`, label: `Remove filter Section: ${b}` },
      ]);
      await screenshot(page, 'chips.png');

      // Removing a chip with the keyboard keeps the focus among the chips.
      await page.locator('#chips .chip', { hasText: a }).focus();
      await page.keyboard.press('Enter');
      await shown(page, searchPath({ q, part: [part], section: [b] }));
      assert.deepEqual((await chips()).map((c) => c.text), [`Part: ${part}`, `Section: ${b}`]);
      assert.ok(await page.evaluate(() => document.activeElement.closest('#chips') !== null),
        'focus stays on the chips');
      assert.equal(await page.locator('#facet-tree .facet-section[aria-pressed="true"]').count(), 1);

      await page.locator('#chips .chip-clear').click();
      await shown(page, searchPath({ q }));
      assert.equal(await page.locator('#chips').isVisible(), false);
      assert.equal(await page.locator('#facets [aria-pressed="true"]').count(), 0);
      assert.equal((await hitIds(page)).length, Math.min(base.total, PAGE_SIZE));
      await check();
    });

  test('URL state: back/forward, reload and a pasted link restore what was shown',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage('/');
      await search(page, 'performance');
      const first = { path: searchPath({ q: 'performance' }), ids: await hitIds(page) };
      const section = (await facetValues(page, 'section'))[0].value;
      await page.locator('#facet-tree .facet-section').first().click();
      const second = { path: searchPath({ q: 'performance', section: [section] }) };
      await shown(page, second.path);
      second.ids = await hitIds(page);
      assert.notDeepEqual(second.ids, first.ids);
      await page.locator('#hit-0 a').click();
      await shown(page, questionPath(second.ids[0]));

      const expectSearch = async (want, q, pressed) => {
        await shown(page, want.path);
        assert.deepEqual(await hitIds(page), want.ids);
        assert.equal(await page.locator('#q').inputValue(), q);
        assert.deepEqual((await facetValues(page, 'section')).filter((v) => v.active)
          .map((v) => v.value), pressed);
      };
      await page.goBack();
      await expectSearch(second, 'performance', [section]);
      await page.goBack();
      await expectSearch(first, 'performance', []);
      await page.goBack();
      await shown(page, '/');
      await inState(page, 'overview');
      assert.equal(await page.locator('#q').inputValue(), '');
      await page.goForward();
      await expectSearch(first, 'performance', []);
      await page.goForward();
      await expectSearch(second, 'performance', [section]);
      await page.goForward();
      await shown(page, questionPath(second.ids[0]));
      await page.goBack();
      await page.reload();
      await expectSearch(second, 'performance', [section]);

      const pasted = await openPage(second.path);
      assert.deepEqual(await hitIds(pasted.page), second.ids);
      assert.equal(await pasted.page.locator('#q').inputValue(), 'performance');
      assert.equal(await pasted.page.locator('#chips .chip').count(), 1);
      await pasted.check();
      await check();
    });

  test('keyboard: / and Ctrl+K focus the box, arrows move, Enter opens, Esc clears',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage(searchPath({ q: 'performance' }));
      const focused = () => page.evaluate(() => document.activeElement.id);
      const box = page.locator('#q');
      assert.equal(await box.getAttribute('role'), 'combobox');
      assert.equal(await box.getAttribute('aria-controls'), 'results');
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      assert.equal(await page.locator('#results').getAttribute('role'), 'listbox');
      assert.equal(await page.locator('#results [role="option"]').count(),
        (await hitIds(page)).length);

      await page.locator('#summary').click();
      assert.notEqual(await focused(), 'q');
      await page.keyboard.press('/');
      assert.equal(await focused(), 'q');
      assert.equal(await box.inputValue(), 'performance', 'the slash is not typed');
      await page.locator('#summary').click();
      await page.keyboard.press('Control+K');
      assert.equal(await focused(), 'q');

      const ids = await hitIds(page);
      const activeOption = () => page.evaluate(() => {
        const id = document.getElementById('q').getAttribute('aria-activedescendant');
        const selected = [...document.querySelectorAll('#results [aria-selected="true"]')];
        return { id, selected: selected.map((e) => e.id) };
      });
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await activeOption(), { id: 'option-0', selected: ['option-0'] });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      assert.deepEqual(await activeOption(), { id: 'option-1', selected: ['option-1'] });
      await screenshot(page, 'keyboard.png');
      await page.keyboard.press('Enter');
      await shown(page, questionPath(ids[1]));
      await inState(page, 'question');
      assert.equal(await focused(), 'question-title', 'the question\'s heading takes the focus');

      await page.goBack();
      await shown(page, searchPath({ q: 'performance' }));
      await box.focus();
      await page.keyboard.press('Escape');
      await shown(page, '/');
      assert.equal(await box.inputValue(), '');
      await inState(page, 'overview');

      // The keyboard alone: Tab to a facet, Space toggles it, the focus stays.
      await search(page, 'performance');
      await box.focus();
      let onFacet = null;
      for (let i = 0; i < 10 && !onFacet; i++) {
        await page.keyboard.press('Tab');
        onFacet = await page.evaluate(() => (document.activeElement.classList.contains('facet')
          ? document.activeElement.dataset.key : null));
      }
      assert.ok(onFacet, 'Tab reaches the facets');
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.equal(ring.style, 'solid', 'a visible focus ring');
      assert.ok(ring.width >= 2, `focus ring ${ring.width}px wide`);
      await page.keyboard.press('Space');
      const [, key, value] = onFacet.split(':');
      await shown(page, searchPath({ q: 'performance', [key]: [value] }));
      assert.equal(await page.evaluate(() => document.activeElement.dataset.key), onFacet,
        'the focus stays on the facet');
      await check();
    });

  test('question view: /q/<id> is a real URL with part, section and previous/next',
    { timeout: TEST_TIMEOUT }, async () => {
      const id = 'transactions/2';
      const question = await api(`/api/questions/${id}`);
      assert.ok(question.previous && question.next);
      const { page, response, check } = await openPage(questionPath(id));
      assert.equal(response.status(), 200);
      assert.equal(response.headers()['content-security-policy'], CSP);
      await inState(page, 'question');
      assert.equal(await page.locator('#question-title').textContent(), question.text);
      assert.deepEqual(await page.$$eval('.crumbs a', (as) => as.map((a) => a.textContent)),
        [question.part, question.section]);
      assert.equal(await page.locator('.question-id').textContent(), id);
      assert.equal(await page.locator('.neighbour.prev .neighbour-text').textContent(),
        question.previous.text);
      assert.equal(await page.title(), `${question.text} · Quarry`);
      assert.deepEqual(await page.$$eval('.labels a', (as) => as.map((a) => a.textContent)),
        [question.type, ...question.topics].filter(Boolean), 'type and topics');
      await screenshot(page, 'question.png');

      await page.locator('a.neighbour.next').click();
      await shown(page, questionPath(question.next.id));
      assert.equal(await page.locator('#question-title').textContent(), question.next.text);
      await page.reload();
      await shown(page, questionPath(question.next.id));
      assert.equal(await page.locator('#question-title').textContent(), question.next.text);
      await page.locator('a.neighbour.prev').click();
      await shown(page, questionPath(id));
      assert.equal(await page.locator('#question-title').textContent(), question.text);

      // A topic link lists the topic's questions.
      if (question.topics.length) {
        await page.locator('.labels a', { hasText: question.topics[0] }).click();
        await shown(page, searchPath({ topic: [question.topics[0]] }));
        assert.ok((await hitIds(page)).includes(id));
        await page.goBack();
        await shown(page, questionPath(id));
      }

      // The section link browses the section.
      await page.locator('.crumbs a', { hasText: question.section }).click();
      await shown(page, searchPath({ section: [question.section] }));
      assert.ok((await hitIds(page)).includes(id));

      // The bank's first question has no previous one.
      const firstId = (await apiSearch({ q: '', limit: 1 })).hits[0].id;
      assert.equal((await api(`/api/questions/${firstId}`)).previous, null);
      await page.goto(baseUrl + questionPath(firstId));
      await inState(page, 'question');
      assert.equal(await page.locator('a.neighbour.prev').count(), 0);
      assert.equal(await page.locator('.neighbour.prev.none').textContent(),
        'First question of the bank');
      assert.equal(await page.locator('a.neighbour.next').count(), 1);
      await check();

      const missing = await openPage('/q/no-such/1', { allowErrors: [/404/] });
      assert.equal(missing.response.status(), 404);
      await inState(missing.page, 'missing');
      assert.match(await missing.page.locator('#question-view').textContent(),
        /There is no question with the id no-such\/1/);
      await screenshot(missing.page, 'question-missing.png');
      await missing.check();
    });

  test('answers: a hit found in its answer shows where, quieter; the answer reads as written',
    { timeout: TEST_TIMEOUT }, async () => {
      await withServer('answers', [path.join(answersDir, 'answers.jsonl')], async (answers) => {
        const { page, check } = await openPage(searchPath({ q: 'race condition' }),
          { origin: answers.baseUrl });
        const hits = () => page.$$eval('#results .hit', (items) => items.map((i) => ({
          id: i.querySelector('.hit-id').textContent,
          text: i.querySelector('.hit-text').innerHTML,
          answer: i.querySelector('.hit-answer') && i.querySelector('.hit-answer').textContent,
          marked: [...i.querySelectorAll('.hit-answer mark')].map((m) => m.textContent),
        })));
        const [inQuestion, inAnswer] = await hits();
        // Found in its question: the question highlighted, no answer line.
        assert.equal(inQuestion.id, 'a/1');
        assert.equal(inQuestion.text, 'What is a <mark>race</mark> <mark>condition</mark>?');
        assert.equal(inQuestion.answer, null);
        // Found in its answer alone: the question as it is, the answer's words under it.
        assert.equal(inAnswer.id, 'a/2');
        assert.equal(inAnswer.text, 'How do you protect shared state between threads?');
        assert.match(inAnswer.answer, /^In the answer: Take a mutex .* race condition corrupts/);
        assert.deepEqual(inAnswer.marked, ['race', 'condition']);
        const look = await page.$eval('#results .hit-answer', (p) => {
          const line = getComputedStyle(p);
          const title = getComputedStyle(p.closest('.hit').querySelector('.hit-text'));
          return { size: parseFloat(line.fontSize), title: parseFloat(title.fontSize),
            color: line.color, titleColor: title.color };
        });
        assert.ok(look.size < look.title, 'the answer line is smaller than the question');
        assert.notEqual(look.color, look.titleColor, 'and of a quieter colour');
        await screenshot(page, 'answer-hit.png');

        // The question view: the answer's lines kept, its code block monospaced.
        await page.locator('#results .hit-link').first().click();
        await inState(page, 'question');
        const body = await page.$eval('.question-body', (box) => ({
          text: [...box.querySelectorAll('.answer-text')].map((t) => t.innerText),
          code: [...box.querySelectorAll('pre.answer-code code')].map((c) => c.textContent),
          font: getComputedStyle(box.querySelector('pre code')).fontFamily,
        }));
        assert.deepEqual(body.text, ['Two threads read and write shared state at once, and the result '
          + 'depends on their timing.\nGuard the state with a lock:']);
        assert.deepEqual(body.code, ['with lock:\n    counter += 1']);
        assert.match(body.font, /mono/i);
        await screenshot(page, 'answer-question.png');
        await check();
      });
    });

  test('answers: lists and links of an answer read as such, and only web links are links',
    { timeout: TEST_TIMEOUT }, async () => {
      await withServer('answers-lists', [path.join(answersDir, 'answers.jsonl')], async (answers) => {
        const { page, check } = await openPage(questionPath('a/7'), { origin: answers.baseUrl });
        await inState(page, 'question');
        const body = page.locator('.question-body');
        assert.deepEqual(await body.locator('ul.answer-list > li').allTextContents(),
          ['429, after its Retry-After', '503, with backoff']);
        assert.deepEqual(await body.locator('ol.answer-list > li').allTextContents(), ['Wait', 'Retry']);
        const links = await body.locator('a').evaluateAll((as) => as.map((a) => ({
          text: a.textContent, href: a.getAttribute('href'), rel: a.rel })));
        assert.deepEqual(links, [{ text: 'the HTTP semantics RFC',
          href: 'https://www.rfc-editor.org/rfc/rfc9110', rel: 'noopener noreferrer nofollow' }]);
        assert.match(await body.textContent(), /\[not this\]\(javascript:alert\(1\)\)/,
          'a link to anything but the web stays text');
        await check();
      });
    });

  test('related questions: listed on the question view, each links on',
    { timeout: TEST_TIMEOUT }, async () => {
      const id = 'transactions/2';
      const related = await api(`/api/questions/${id}/related?limit=6`);
      assert.ok(related.related.length > 0);
      const { page, check } = await openPage(questionPath(id));
      const listed = () => page.$$eval('.related-list .related-item', (items) => items.map((i) => ({
        id: i.querySelector('.hit-id').textContent,
        href: i.querySelector('a').getAttribute('href'),
        text: i.querySelector('a').textContent,
      })));
      assert.deepEqual(await listed(), related.related.map((h) => ({
        id: h.id, href: questionPath(h.id), text: h.text,
      })));
      const next = related.related[0];
      await page.locator('.related-list a').first().click();
      await shown(page, questionPath(next.id));
      assert.equal(await page.locator('#question-title').textContent(), next.text);
      const onward = await api(`${questionPath(next.id).replace('/q/', '/api/questions/')}/related?limit=6`);
      assert.deepEqual((await listed()).map((r) => r.id), onward.related.map((h) => h.id));
      assert.ok(!onward.related.some((h) => h.id === next.id), 'a question is not its own relative');
      await check();
    });

  test('no results: says so, offers the spelling suggestion and the closest sections',
    { timeout: TEST_TIMEOUT }, async () => {
      // Filters keep out the sections the words are in: those are offered.
      const q = 'deadlock';
      const inBank = await apiSearch({ q });
      const where = inBank.facets.section.map((v) => v.value);
      const elsewhere = (await outline()).parts.flatMap((p) => p.sections)
        .find((s) => !where.includes(s.section)).section;
      const { page, check } = await openPage(searchPath({ q, section: [elsewhere] }));
      await inState(page, 'no-results');
      const box = page.locator('#no-results');
      assert.match(await box.textContent(), /No questions match “deadlock” with these filters\./);
      assert.deepEqual(await page.$$eval('#no-results .closest-link', (as) => as.map((a) => a.textContent)),
        where);
      await screenshot(page, 'no-results.png');
      await page.locator('#no-results .closest-link').first().click();
      await shown(page, searchPath({ q, section: [where[0]] }));
      assert.equal((await hitIds(page)).length, inBank.facets.section[0].count);

      // Words found nowhere: the sections whose names look like them.
      const unknown = await apiSearch({ q: 'asyncpython' });
      assert.ok(unknown.total === 0 && !unknown.corrected_query, 'the bank has no "asyncpython"');
      await search(page, 'asyncpython', { section: [where[0]] });
      await page.locator('#chips .chip-clear').click();
      await shown(page, searchPath({ q: 'asyncpython' }));
      assert.match(await box.textContent(), /No questions match “asyncpython”\./);
      assert.match(await box.textContent(), /Closest sections by name/);
      const closest = await page.$$eval('#no-results .closest-link', (as) => as.map((a) => a.textContent));
      assert.ok(closest.includes('Async Python'), `closest: ${closest}`);

      // A spelling suggestion when the query as typed is asked for.
      const typo = await correctedTypo();
      await page.goto(baseUrl + searchPath({ q: typo, verbatim: true }));
      await inState(page, 'no-results');
      assert.equal(await page.locator('#no-results a.suggestion').textContent(),
        (await apiSearch({ q: typo })).corrected_query);
      assert.equal(await page.locator('#summary').textContent().then((t) => t.startsWith('No questions found')), true);
      await check();
    });

  test('server slow: says so, shows nothing stale, and shows the answer once it comes',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage(searchPath({ q: 'deadlock' }));
      let release;
      const released = new Promise((resolve) => { release = resolve; });
      await page.route((url) => url.pathname === '/api/search' && url.searchParams.get('q') === 'asyncio',
        async (route) => {
          await released;
          await route.continue().catch(() => {});
        });
      const started = Date.now();
      await page.locator('#q').fill('asyncio');
      await page.locator('#notice.slow').waitFor();
      assert.ok(Date.now() - started >= SLOW_MS - 200, 'not called slow too early');
      assert.match(await page.locator('#notice-text').textContent(), /slow to answer/);
      assert.equal(await page.locator('#results .hit').count(), 0, 'the old results are gone');
      assert.equal(await page.locator('#summary').textContent(), '');
      assert.equal(await page.locator('#facets').isVisible(), false);
      await screenshot(page, 'server-slow.png');
      release();
      await shown(page, searchPath({ q: 'asyncio' }));
      assert.equal(await page.locator('#notice').isVisible(), false);
      const expected = await apiSearch({ q: 'asyncio', limit: PAGE_SIZE });
      assert.deepEqual(await hitIds(page), expected.hits.map((h) => h.id));
      await check();
    });

  test('server down: a clear message and Retry, nothing stale shown as current',
    { timeout: TEST_TIMEOUT }, async () => {
      // A server of its own, killed under the page and started again.
      const own = await startServer(dbPath);
      const port = new URL(own.baseUrl).port;
      const { page, check } = await openPage(searchPath({ q: 'deadlock' }),
        { origin: own.baseUrl, allowErrors: [/ERR_CONNECTION_REFUSED|Failed to load resource/] });
      assert.ok((await hitIds(page)).length > 0);
      await stopServer(own.child, 'SIGKILL');

      await page.locator('#q').fill('asyncio');
      await inState(page, 'error');
      assert.equal(await page.locator('#notice-text').textContent(), 'Cannot reach the Quarry server.');
      assert.equal(await page.locator('#results .hit').count(), 0, 'the old results are gone');
      assert.equal(await page.locator('#summary').textContent(), '');
      assert.equal(await page.locator('#facets').isVisible(), false);
      assert.ok(await page.locator('#retry').isVisible());
      await screenshot(page, 'server-down.png');

      // Retry while still down: the same message; then up again: results.
      await page.locator('#retry').click();
      await inState(page, 'error');
      const again = await startServer(dbPath, port);
      try {
        await page.locator('#retry').click();
        await shown(page, searchPath({ q: 'asyncio' }));
        assert.equal(await page.locator('#notice').isVisible(), false);
        assert.deepEqual(await hitIds(page),
          (await api(`/api/search?q=asyncio&limit=${PAGE_SIZE}`, again.baseUrl)).hits.map((h) => h.id));
        await check();
      } finally {
        await stopServer(again.child);
      }
    });

  test('mobile: readable at 375 px, filters behind a button', { timeout: TEST_TIMEOUT }, async () => {
    const viewport = { width: 375, height: 740 };
    const { page, check } = await openPage(searchPath({ q: 'performance' }), { viewport });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(await overflow() <= 375, `no sideways scrolling (${await overflow()} px)`);
    const size = await page.locator('#results .hit-text').first()
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 15, `text ${size}px`);
    const toggle = page.locator('#filters-toggle');
    assert.ok(await toggle.isVisible());
    assert.equal(await page.locator('#facets').isVisible(), false);
    await screenshot(page, 'mobile-results.png');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('#facets').isVisible());
    const section = (await facetValues(page, 'section'))[0].value;
    await page.locator('#facet-tree .facet-section').first().click();
    await shown(page, searchPath({ q: 'performance', section: [section] }));
    assert.match(await toggle.textContent(), /Filters \(1\)/);
    // Choosing closes the filters and brings the results into view.
    assert.equal(await page.locator('#facets').isVisible(), false);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(await page.locator('#chips .chip').first().isVisible());
    const first = await page.locator('#results .hit').first().boundingBox();
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(first.y >= 0 && first.y + first.height <= viewport.height,
      `the first result is in view (top ${first.y} px, scrolled ${scrolled} px)`);
    await screenshot(page, 'mobile-filters.png');
    assert.ok(await overflow() <= 375);

    await page.goto(`${baseUrl}${questionPath('hostile/"><svg onload=alert(6)>')}`);
    await inState(page, 'question');
    assert.ok(await overflow() <= 375, `question view: ${await overflow()} px`);
    await screenshot(page, 'mobile-question.png');
    await page.goto(`${baseUrl}/`);
    await inState(page, 'overview');
    await page.locator('#example-list .example').first().waitFor();
    assert.ok(await overflow() <= 375, `overview: ${await overflow()} px`);
    await screenshot(page, 'mobile-overview.png');
    await check();
  });

  test('colour scheme: follows the system\'s light or dark preference',
    { timeout: TEST_TIMEOUT }, async () => {
      const colours = {};
      for (const scheme of ['light', 'dark']) {
        const { page, check } = await openPage(searchPath({ q: 'performance' }), { colorScheme: scheme });
        colours[scheme] = await page.evaluate(() => ({
          background: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.body).color,
        }));
        if (scheme === 'dark') await screenshot(page, 'dark.png');
        await check();
      }
      assert.notEqual(colours.light.background, colours.dark.background);
      assert.notEqual(colours.light.text, colours.dark.text);
      const luminance = (rgb) => rgb.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b);
      assert.ok(luminance(colours.dark.background) < luminance(colours.light.background));
    });

  test('weight and headers: under 64 KB, nothing external, strict CSP everywhere',
    { timeout: TEST_TIMEOUT }, async () => {
      let bytes = 0;
      for (const file of ['/', '/static/app.js', '/static/style.css']) {
        const response = await fetch(baseUrl + file);
        const body = await response.text();
        bytes += Buffer.byteLength(body);
        assert.doesNotMatch(body, /(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}\//i, `${file}: no external URL`);
        assert.doesNotMatch(body, /@import|url\(\s*['"]?https?:/i, `${file}: no external style`);
      }
      // 60 KB until issue 12 (related subjects, focus, history, accessibility):
      // 63.1 KiB at the end of issue 12, 18.8 kB gzipped.
      console.log(`page weight: ${bytes} bytes (HTML + CSS + JS, uncompressed)`);
      assert.ok(bytes < 64 * 1024, `page weight ${bytes} bytes`);
      const html = await (await fetch(`${baseUrl}/`)).text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script');
      assert.doesNotMatch(html, /\sstyle=|<style/i, 'no inline style');
      assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline handlers');
      for (const where of ['/', '/q/transactions/2', '/q/no-such/1', '/static/app.js',
        '/static/style.css', '/api/outline', '/api/search?q=gil', '/api/questions/transactions/2']) {
        const response = await fetch(baseUrl + where);
        assert.equal(response.headers.get('content-security-policy'), CSP, where);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', where);
        assert.equal(response.headers.get('referrer-policy'), 'no-referrer', where);
      }
    });

  test('hostile content: shown as text and never run, searched plain, as a phrase, as a prefix',
    { timeout: TEST_TIMEOUT }, async () => {
      const nothing = await firstQuery(['"><qqzx onzzqx=zzqx(14)>', '<zzqx onqqzx=zzqx(15)>'],
        'finds nothing', (r) => r.total === 0);
      const { page, watch, check } = await openPage('/');
      const queries = [
        'sanitizer', 'onerror', 'onmouseover', 'javascript', 'script',  // plain
        '"<script>alert(2)</script>"', '"</mark><script>alert(4)</script><mark>"',
        '"onmouseover="', '"javascript:alert(5)"',  // phrases
        'onmouseo', 'javascr', '<scri', '</mark><scr',  // prefixes
        '<img src=x onerror=alert(12)>', '" onmouseover="alert(13)', nothing,  // the query itself
      ];
      let found = 0;
      for (const q of queries) {
        await search(page, q);
        const expected = await apiSearch({ q, limit: PAGE_SIZE });
        assert.deepEqual(await hitTexts(page), expected.hits.map((h) => h.text),
          `${q}: the question text shown literally`);
        found += expected.total > 0 ? 1 : 0;
        assert.deepEqual(await injectedMarkup(page), [], `${q}: nothing injected`);
        assert.equal(await page.locator('#q').inputValue(), q);
        if (q === 'sanitizer') await screenshot(page, 'hostile.png');
      }
      assert.ok(found >= 10, `most hostile searches find questions (${found})`);
      await search(page, nothing);
      assert.equal(await page.locator('#no-results .no-results-title').textContent(),
        `No questions match “${nothing}”.`);
      assert.deepEqual(await injectedMarkup(page), []);

      // The question with markup in its id, part, section, body and tags.
      const id = 'hostile/"><svg onload=alert(6)>';
      const question = await api(`/api/questions/${id.split('/').map(encodeURIComponent).join('/')}`);
      await search(page, 'keeps its markup');
      await page.locator('#results .hit', { hasText: question.text }).locator('a').click();
      await shown(page, questionPath(id));
      assert.equal(await page.locator('#question-title').textContent(), question.text);
      assert.equal(await page.locator('.question-id').textContent(), id);
      assert.deepEqual(await page.$$eval('.crumbs a', (as) => as.map((a) => a.textContent)),
        [question.part, question.section]);
      assert.equal(await page.locator('.question-body').textContent(), question.body);
      assert.equal(await page.locator('.tag').textContent(), question.tags[0]);
      assert.deepEqual(await injectedMarkup(page), []);
      await screenshot(page, 'hostile-question.png');

      // Its part and section as facets, chips and in the overview.
      await page.locator('.crumbs a', { hasText: question.section }).click();
      await shown(page, searchPath({ section: [question.section] }));
      assert.equal(await page.locator('#chips .chip-value').textContent(), question.section);
      assert.ok(await page.locator('#facet-tree .facet-part', { hasText: question.part }).isVisible());
      assert.deepEqual(await injectedMarkup(page), []);
      await page.goto(`${baseUrl}/`);
      await inState(page, 'overview');
      assert.ok(await page.locator('#chart .chart-name', { hasText: question.section }).isVisible());
      assert.deepEqual(await injectedMarkup(page), []);
      assert.deepEqual(watch.dialogs, []);
      await check();
    });

  test('the report: linked and shown by an --admin server on this machine, absent otherwise',
    { timeout: TEST_TIMEOUT }, async () => {
      // The server of every other test has no --admin: no link, no request for the report.
      const plain = await openPage('/');
      const asked = [];
      plain.page.on('request', (request) => asked.push(new URL(request.url()).pathname));
      await search(plain.page, 'gil');
      assert.equal(await plain.page.$eval('#report-link', (a) => a.hidden), true, 'no Report link');
      assert.ok(!asked.includes('/api/stats'), 'the page never asks for the report');
      await plain.check();

      const log = path.join(tempDir, 'queries.jsonl');
      const admin = await startServer(dbPath, 0, ['--admin', '--query-log', log]);
      try {
        const hostile = '<img src=x onerror=alert(9)>qqzx';
        const nothing = 'zzqqxxvv';
        const { page, check } = await openPage('/', { origin: admin.baseUrl });
        const link = page.locator('#report-link');
        await link.waitFor({ state: 'visible' });
        await search(page, nothing);
        await search(page, hostile);
        await search(page, 'gil');
        const opened = (await hitIds(page))[0];
        await page.locator('#results .hit a').first().click();
        await shown(page, questionPath(opened));
        await page.goto(`${admin.baseUrl}/`);
        await link.waitFor({ state: 'visible' });
        await link.click();
        await page.waitForURL(`${admin.baseUrl}/static/report.html`);
        await page.waitForFunction(() => document.body.dataset.state === 'report');
        const report = await (await fetch(`${admin.baseUrl}/api/stats`)).json();
        const texts = (selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent));
        assert.deepEqual(await texts('#report-top .report-query'), report.top_queries.map((q) => q.query));
        const noHits = await texts('#report-no-hits .report-query');
        assert.ok(noHits.includes(nothing), `"${nothing}" listed with no hit: ${noHits}`);
        assert.ok((await texts('#report-top .report-query')).includes(hostile), 'the hostile query as text');
        const never = await texts('#report-never-opened code');
        assert.equal(never.length, Math.min(50, report.never_opened.total));
        assert.ok(!never.includes(opened), `${opened} was opened`);
        assert.deepEqual(await injectedMarkup(page), [], 'nothing injected');
        await screenshot(page, 'report.png');
        assert.deepEqual(await seriousViolations(page), []);
        await check();
      } finally {
        await stopServer(admin.child);
      }
    });
});
