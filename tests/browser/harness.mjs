// What the browser tests share: the test bank, quarry-index and quarry-serve
// on 127.0.0.1 (ephemeral ports), Chromium through playwright-core, and
// small helpers that wait for conditions (never for fixed times).
//
// Environment (set by CTest, see CMakeLists.txt):
//   QUARRY_INDEX_BIN, QUARRY_SERVE_BIN  the built programs
//   QUARRY_BINARY_DIR                   build folder; screenshots go to
//                                       $QUARRY_BINARY_DIR/browser-screenshots
//   CHROMIUM                            the browser (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (err) {
  throw new Error(`playwright-core is missing (${err.code}): run scripts/install-deps.sh `
    + '--browser, which runs npm ci in tests/browser');
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const dataDir = path.join(here, 'data');
const binaryDir = process.env.QUARRY_BINARY_DIR || path.join(here, '..', '..', 'build');
const indexBin = process.env.QUARRY_INDEX_BIN || path.join(binaryDir, 'quarry-index');
const serveBin = process.env.QUARRY_SERVE_BIN || path.join(binaryDir, 'quarry-serve');
const chromiumBin = process.env.CHROMIUM || '/usr/bin/chromium';
export const screenshotDir = path.join(binaryDir, 'browser-screenshots');

export const PAGE_SIZE = 20;  // results per page in web/static/app.js
export const SLOW_MS = 2000;  // when app.js calls the server slow

// Questions in the test banks, counted from the files themselves.
export function countQuestions() {
  let count = 0;
  for (const name of readdirSync(dataDir)) {
    const lines = readFileSync(path.join(dataDir, name), 'utf8').split('\n');
    if (name.endsWith('.md')) count += lines.filter((l) => /^\d+\.\s+\S/.test(l)).length;
    if (name.endsWith('.jsonl')) count += lines.filter((l) => l.trim().startsWith('{')).length;
  }
  return count;
}

// Indexes `paths` (the test banks, by default) into `dbPath`, with the
// banks' own data files only: what the page shows is then what they say
// (the learned vocabulary has tests of its own).
export function buildIndex(dbPath, paths = [dataDir]) {
  execFileSync(indexBin, ['--no-vocabulary', '--db', dbPath, ...paths], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// Starts quarry-serve on `port` (0: an ephemeral one), with `extra`
// arguments; resolves with the child and its base URL once it prints the
// line saying where it listens.
export function startServer(dbPath, port = 0, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(serveBin,
      ['--db', dbPath, '--host', '127.0.0.1', '--port', String(port), '--threads', '4', ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`quarry-serve did not start: ${stderr}`)),
      15_000);
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /quarry-serve: listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(stdout);
      if (match && Number(match[2]) > 0) {
        clearTimeout(timer);
        resolve({ child, baseUrl: match[1] });
      }
    });
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`quarry-serve exited with ${code} before listening: ${stderr}`));
    });
  });
}

// Stops a server started above with `signal`; resolves with its exit code
// (null when the signal killed it).
export async function stopServer(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  return exited;
}

export function launchBrowser() {
  // Only this run's screenshots: none left over from tests since renamed.
  rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumBin,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// The page's own URL for a search, built exactly as app.js builds it.
export function searchPath({
  q = '', bank = [], part = [], section = [], type = [], topic = [], page = 1, verbatim = false,
} = {}) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [key, values] of Object.entries({ bank, part, section, type, topic })) {
    for (const value of values) params.append(key, value);
  }
  if (page > 1) params.set('page', String(page));
  if (verbatim) params.set('verbatim', '1');
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

export const questionPath = (id) => `/q/${id.split('/').map(encodeURIComponent).join('/')}`;

// Waits until the page shows what its URL says (and, with `want`, until
// that URL is `want`): no load in flight, and the view rendered for it.
export async function shown(page, want) {
  await page.waitForFunction((path) => {
    const here = window.location.pathname + window.location.search;
    return !document.body.classList.contains('loading')
      && document.body.dataset.shown === here && (!path || here === path);
  }, want);
}

// Waits until the page is in `state` (body[data-state]: overview, results,
// no-results, question, missing, waiting, error).
export async function inState(page, state) {
  await page.waitForFunction((want) => document.body.dataset.state === want
    && !document.body.classList.contains('loading'), state);
}

// Polls `condition` in this process (for events seen by the test itself).
export async function eventually(condition, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage: true });
}

export async function hitIds(page) {
  return page.$$eval('#results .hit-id', (els) => els.map((e) => e.textContent));
}

export async function hitTexts(page) {
  return page.$$eval('#results .hit-text', (els) => els.map((e) => e.textContent));
}

// The facet buttons in page order, with their counts and bar widths.
export async function facetValues(page, facet) {
  return page.$$eval(`#facets .facet-${facet}`, (buttons) => buttons.map((b) => ({
    value: b.dataset.value,
    count: Number(b.querySelector('.facet-count').textContent),
    active: b.getAttribute('aria-pressed') === 'true',
    fill: b.querySelector('.bar-fill').getBoundingClientRect().width,
    track: b.querySelector('.bar').getBoundingClientRect().width,
  })));
}

// Bars drawn in proportion: the largest fills its track, the others the
// same share of it as their count of the largest count.
export function assertBarsProportional(rows, what) {
  const max = Math.max(...rows.map((r) => r.count));
  for (const r of rows) {
    assert.ok(r.track > 0, `${what}: ${r.value} has a bar`);
    const share = r.fill / r.track;
    assert.ok(Math.abs(share - r.count / max) < 0.03,
      `${what}: bar of ${r.value} is ${share.toFixed(2)} of its track, want ${r.count}/${max}`);
  }
}

// Markup that would mean page content was taken as HTML: elements the page
// never makes, event-handler attributes, javascript: links.
export async function injectedMarkup(page) {
  return page.evaluate(() => {
    const found = [];
    for (const e of document.querySelectorAll('img, svg, iframe, object, embed, b, script:not([src])')) {
      found.push(e.outerHTML.slice(0, 80));
    }
    for (const e of document.querySelectorAll('*')) {
      for (const a of e.attributes) if (/^on/i.test(a.name)) found.push(`${e.tagName} ${a.name}`);
    }
    for (const a of document.querySelectorAll('a[href]')) {
      if (a.protocol !== 'http:' && a.protocol !== 'https:') found.push(`a ${a.href}`);
    }
    return found;
  });
}

// axe-core's serious and critical violations on what `page` shows, as
// "impact id: how many nodes" lines (empty: none). axe runs in the page
// through the DevTools protocol, so the page's strict CSP stays as it is.
const axeSource = readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
export async function seriousViolations(page) {
  await page.evaluate(axeSource);
  // label-content-name-mismatch is off by default in axe (experimental): on.
  const found = await page.evaluate(async () => (await window.axe.run(document, {
    resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } },
  })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })));
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical'
    || v.id === 'label-content-name-mismatch' || v.id === 'page-has-heading-one')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes}`);
}

