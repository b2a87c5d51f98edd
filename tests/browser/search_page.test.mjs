// The search page in a real Chromium: quarry-index builds a temporary index
// of tests/browser/data, quarry-serve serves it on 127.0.0.1 with an
// ephemeral port, and playwright-core drives Debian's Chromium.
//
// Environment (set by CTest, see CMakeLists.txt):
//   QUARRY_INDEX_BIN, QUARRY_SERVE_BIN  the built programs
//   QUARRY_BINARY_DIR                   build folder; screenshots go to
//                                       $QUARRY_BINARY_DIR/browser-screenshots
//   CHROMIUM                            the browser (default /usr/bin/chromium)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const dataDir = path.join(here, 'data');
const binaryDir = process.env.QUARRY_BINARY_DIR || path.join(here, '..', '..', 'build');
const indexBin = process.env.QUARRY_INDEX_BIN || path.join(binaryDir, 'quarry-index');
const serveBin = process.env.QUARRY_SERVE_BIN || path.join(binaryDir, 'quarry-serve');
const chromiumBin = process.env.CHROMIUM || '/usr/bin/chromium';
const screenshotDir = path.join(binaryDir, 'browser-screenshots');
const TEST_TIMEOUT = 60_000;
const PAGE_SIZE = 20;  // results per page in web/static/app.js

// Questions in the test banks, counted from the files themselves.
function countQuestions() {
  let count = 0;
  for (const name of readdirSync(dataDir)) {
    const lines = readFileSync(path.join(dataDir, name), 'utf8').split('\n');
    if (name.endsWith('.md')) count += lines.filter((l) => /^\d+\.\s+\S/.test(l)).length;
    if (name.endsWith('.jsonl')) count += lines.filter((l) => l.trim().startsWith('{')).length;
  }
  return count;
}

// Starts quarry-serve on an ephemeral port; resolves with the child and its
// base URL once it prints the line saying where it listens.
function startServer(dbPath) {
  return new Promise((resolve, reject) => {
    const child = spawn(serveBin,
      ['--db', dbPath, '--host', '127.0.0.1', '--port', '0', '--threads', '4'],
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

async function api(baseUrl, pathAndQuery) {
  const response = await fetch(baseUrl + pathAndQuery);
  assert.equal(response.status, 200, `GET ${pathAndQuery}`);
  return response.json();
}

describe('search page', { timeout: 5 * TEST_TIMEOUT }, () => {
  let tempDir;
  let server;
  let baseUrl;
  let browser;

  before(async () => {
    tempDir = mkdtempSync(path.join(tmpdir(), 'quarry-browser-'));
    const dbPath = path.join(tempDir, 'index');
    execFileSync(indexBin, ['--db', dbPath, dataDir], { stdio: ['ignore', 'ignore', 'inherit'] });
    ({ child: server, baseUrl } = await startServer(dbPath));
    mkdirSync(screenshotDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: chromiumBin,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const code = await exited;
      assert.equal(code, 0, 'quarry-serve stops cleanly on SIGTERM');
    }
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  // A fresh browser context (no cookies, no cache) on `query`, watching for
  // dialogs, script errors, CSP violations and requests leaving the server.
  async function openPage(query = '') {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const watch = { dialogs: [], errors: [], offsite: [] };
    const origin = new URL(baseUrl).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
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
      if (msg.type() === 'error') watch.errors.push(msg.text());
    });
    const response = await page.goto(`${baseUrl}/${query}`);
    await settled(page);
    const check = async () => {
      assert.deepEqual(watch.dialogs, [], 'no dialog opened');
      assert.deepEqual(watch.errors, [], 'no script error or CSP violation');
      assert.deepEqual(watch.offsite, [], 'nothing requested from elsewhere');
      await context.close();
    };
    return { page, response, watch, check };
  }

  // Waits until no search is in flight and results or a message are shown.
  async function settled(page) {
    await page.waitForFunction(() => !document.body.classList.contains('loading')
      && document.getElementById('summary').textContent !== '');
  }

  async function hitCount(page) {
    return page.locator('#results .hit').count();
  }

  async function facetValues(page, facet) {
    return page.$$eval(`#facet-${facet} .facet-value`, (buttons) => buttons.map((b) => ({
      value: b.dataset.value,
      count: Number(b.querySelector('.facet-count').textContent),
      active: b.getAttribute('aria-pressed') === 'true',
    })));
  }

  test('loads, focuses the search box and browses the whole bank', { timeout: TEST_TIMEOUT },
    async () => {
      const { page, response, check } = await openPage();
      assert.match(response.headers()['content-type'], /^text\/html/);
      assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
      assert.equal(await page.locator('label[for="q"]').count(), 1);

      const questions = countQuestions();
      assert.ok(questions > PAGE_SIZE, 'the test bank fills more than one page');
      assert.equal(await hitCount(page), PAGE_SIZE);
      assert.match(await page.locator('#summary').textContent(),
        new RegExp(`^1–${PAGE_SIZE} of ${questions} questions`));
      const browse = await api(baseUrl, `/api/search?q=&limit=${PAGE_SIZE}`);
      const ids = await page.$$eval('#results .hit-id', (els) => els.map((e) => e.textContent));
      assert.deepEqual(ids, browse.hits.map((h) => h.id), 'bank order');
      for (const facet of ['part', 'section']) {
        const values = await facetValues(page, facet);
        assert.ok(values.length > 1, `${facet} facet listed`);
        assert.equal(values.reduce((sum, v) => sum + v.count, 0), questions);
      }
      await page.screenshot({ path: path.join(screenshotDir, 'browse.png'), fullPage: true });
      await check();
    });

  test('shows highlighted results as you type', { timeout: TEST_TIMEOUT }, async () => {
    const { page, check } = await openPage();
    await page.locator('#q').pressSequentially('deadlock', { delay: 40 });
    await page.waitForFunction(() => new URLSearchParams(window.location.search).get('q')
      === 'deadlock');
    await page.waitForFunction(() => {
      const hits = [...document.querySelectorAll('#results .hit')];
      return hits.length > 0 && hits.every((h) => h.querySelector('mark'));
    });
    await settled(page);

    const expected = await api(baseUrl, '/api/search?q=deadlock&limit=20');
    assert.ok(expected.total > 0);
    assert.equal(await hitCount(page), expected.hits.length);
    const ids = await page.$$eval('#results .hit-id', (els) => els.map((e) => e.textContent));
    assert.deepEqual(ids, expected.hits.map((h) => h.id));
    const marks = await page.$$eval('#results mark', (els) => els.map((e) => e.textContent));
    assert.ok(marks.length > 0);
    for (const mark of marks) assert.match(mark, /deadlock/i);
    const sections = await facetValues(page, 'section');
    assert.equal(sections.reduce((sum, v) => sum + v.count, 0), expected.total);
    assert.match(await page.locator('#summary').textContent(), /\d+(\.\d+)? ms/);
    await page.screenshot({ path: path.join(screenshotDir, 'typed-query.png'), fullPage: true });
    await check();
  });

  test('facets filter when clicked: several values, toggled off again',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage();
      const sections = await facetValues(page, 'section');
      assert.ok(sections.length >= 2);
      const [first, second] = sections;
      const button = (value) => page.locator(
        `#facet-section .facet-value[data-value="${value.replace(/"/g, '\\"')}"]`);
      const waitForHits = (n) => page.waitForFunction(
        (want) => !document.body.classList.contains('loading')
          && document.querySelectorAll('#results .hit').length === want, n);

      await button(first.value).click();
      await waitForHits(first.count);
      assert.equal(await button(first.value).getAttribute('aria-pressed'), 'true');
      const shown = await page.$$eval('#results .hit-section', (els) => els.map((e) => e.textContent));
      assert.ok(shown.every((s) => s === first.value), `only ${first.value}: ${shown}`);
      assert.deepEqual(new URL(page.url()).searchParams.getAll('section'), [first.value]);

      // A second value of the same facet widens the results (OR).
      await button(second.value).click();
      await waitForHits(first.count + second.count);
      assert.deepEqual(new URL(page.url()).searchParams.getAll('section'),
        [first.value, second.value]);

      // Clicking an active value removes it.
      await button(first.value).click();
      await waitForHits(second.count);
      assert.equal(await button(first.value).getAttribute('aria-pressed'), 'false');
      assert.equal(await button(second.value).getAttribute('aria-pressed'), 'true');

      // The state lives in the URL: a reload shows the same filter.
      await page.reload();
      await waitForHits(second.count);
      assert.equal(await button(second.value).getAttribute('aria-pressed'), 'true');
      await page.screenshot({ path: path.join(screenshotDir, 'facet.png'), fullPage: true });
      await check();
    });

  test('pages through the results', { timeout: TEST_TIMEOUT }, async () => {
    const { page, check } = await openPage();
    const questions = countQuestions();
    const next = page.locator('#next');
    const prev = page.locator('#prev');
    assert.ok(await next.isVisible());
    assert.ok(await prev.isDisabled());
    await next.click();
    await page.waitForFunction((want) => !document.body.classList.contains('loading')
      && document.querySelectorAll('#results .hit').length === want, questions - PAGE_SIZE);
    assert.equal(new URL(page.url()).searchParams.get('offset'), String(PAGE_SIZE));
    assert.match(await page.locator('#summary').textContent(),
      new RegExp(`^${PAGE_SIZE + 1}–${questions} of ${questions}`));
    const rest = await api(baseUrl, `/api/search?q=&limit=${PAGE_SIZE}&offset=${PAGE_SIZE}`);
    const ids = await page.$$eval('#results .hit-id', (els) => els.map((e) => e.textContent));
    assert.deepEqual(ids, rest.hits.map((h) => h.id));
    assert.ok(await next.isDisabled());
    await page.goBack();
    await page.waitForFunction((want) => !document.body.classList.contains('loading')
      && document.querySelectorAll('#results .hit').length === want, PAGE_SIZE);
    assert.equal(new URL(page.url()).searchParams.get('offset'), null);
    await check();
  });

  test('offers "Did you mean" and says when it shows corrected results',
    { timeout: TEST_TIMEOUT }, async () => {
      // What the API answers decides what the page must say.
      const corrected = await api(baseUrl, '/api/search?q=deadlok');
      assert.ok(corrected.corrected_query && corrected.showing_corrected,
        'the test bank makes "deadlok" a corrected search');
      const { page, check } = await openPage('?q=deadlok');
      const correction = page.locator('#correction');
      assert.ok(await correction.isVisible());
      assert.match(await correction.textContent(),
        new RegExp(`Showing results for ${corrected.corrected_query}`));
      assert.equal(await hitCount(page), corrected.hits.length);

      const suggested = await api(baseUrl, `/api/search?q=${encodeURIComponent('deadlock timout')}`);
      assert.ok(suggested.corrected_query && !suggested.showing_corrected,
        'the test bank makes "deadlock timout" a suggestion');
      await page.locator('#q').fill('deadlock timout');
      const link = page.locator('#correction a');
      await link.waitFor();
      assert.equal(await link.textContent(), suggested.corrected_query);
      assert.match(await correction.textContent(), /^Did you mean/);
      await link.click();
      await page.waitForFunction((want) => document.getElementById('q').value === want
        && new URLSearchParams(window.location.search).get('q') === want,
      suggested.corrected_query);
      await settled(page);
      await check();
    });

  test('shows related questions under a result', { timeout: TEST_TIMEOUT }, async () => {
    const { page, check } = await openPage('?q=deadlock');
    const firstId = await page.locator('#results .hit-id').first().textContent();
    const expected = await api(baseUrl,
      `/api/questions/${firstId.split('/').map(encodeURIComponent).join('/')}/related?limit=5`);
    assert.ok(expected.related.length > 0);
    const toggle = page.locator('#results .related-toggle').first();
    await toggle.click();
    await page.locator('#results .related-item').first().waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const ids = await page.$$eval('#results .hit:first-child .related-item .hit-id',
      (els) => els.map((e) => e.textContent));
    assert.deepEqual(ids, expected.related.map((h) => h.id));
    assert.ok(!ids.includes(firstId));
    await toggle.click();
    assert.equal(await page.locator('#results .related').first().isVisible(), false);
    await check();
  });

  test('shows hostile question text literally and runs none of it',
    { timeout: TEST_TIMEOUT }, async () => {
      const { page, check } = await openPage('?q=sanitizer');
      await page.waitForFunction(() => document.querySelectorAll('#results .hit').length >= 2);
      const texts = await page.$$eval('#results .hit-text', (els) => els.map((e) => e.textContent));
      assert.ok(texts.some((t) => t.includes('<img src=x onerror=alert(1)>')), texts.join('\n'));
      assert.ok(texts.some((t) => t.includes('<script>alert(2)</script>')), texts.join('\n'));
      assert.equal(await page.locator('#results img, #results script').count(), 0);

      // Related lists and the query itself are text too.
      await page.locator('#results .related-toggle').first().click();
      await page.locator('#results .related-item, #results .related-note').first().waitFor();
      await page.locator('#q').fill('<img src=x onerror=alert(3)> "<script>alert(4)</script>');
      await page.waitForFunction(() => new URLSearchParams(window.location.search).get('q')
        .startsWith('<img'));
      await settled(page);
      await page.waitForTimeout(300);  // give any injected handler time to fire
      assert.equal(await page.locator('img, body script:not([src])').count(), 0);
      assert.equal(await page.locator('#q').inputValue(),
        '<img src=x onerror=alert(3)> "<script>alert(4)</script>');
      await page.screenshot({ path: path.join(screenshotDir, 'hostile.png'), fullPage: true });
      await check();  // asserts no dialog fired
    });

  test('ignores a late answer to an older query', { timeout: TEST_TIMEOUT }, async () => {
    const { page, check } = await openPage();
    // Hold back the answers for "gil" until after "deadlock" is answered.
    await page.route('**/api/search?*', async (route) => {
      const q = new URL(route.request().url()).searchParams.get('q');
      if (q === 'gil') await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue().catch(() => {});  // the page may have aborted it
    });
    await page.locator('#q').fill('gil');
    await page.waitForTimeout(300);  // past the debounce: the "gil" request is out
    await page.locator('#q').fill('deadlock');
    await page.waitForFunction(() => document.querySelector('#results mark')
      && /deadlock/i.test(document.querySelector('#results mark').textContent));
    await page.waitForTimeout(1000);  // the "gil" answer would have arrived by now
    const marks = await page.$$eval('#results mark', (els) => els.map((e) => e.textContent));
    assert.ok(marks.length > 0);
    for (const mark of marks) assert.match(mark, /deadlock/i);
    assert.equal(await page.locator('#q').inputValue(), 'deadlock');
    await check();
  });

  test('follows the system colour scheme', { timeout: TEST_TIMEOUT }, async () => {
    const { page, check } = await openPage('?q=index');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    assert.notEqual(light, dark);
    await page.screenshot({ path: path.join(screenshotDir, 'dark.png'), fullPage: true });
    await check();
  });
});
