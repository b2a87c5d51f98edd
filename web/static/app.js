// Quarry's search page: a small single-page app over the JSON API.
//
// Two views, both real URLs (the server serves this page at /q/<id> too):
// /?q=&bank=&part=&section=&type=&topic=&page=&verbatim=1, a search (none:
// the bank's overview); /q/<id>, a question, its neighbours and related.
// Where the server offers it (quarry-serve --admin, opened on its machine:
// the outline's X-Quarry-Report: 1), a link to the report, static/report.html.
//
// Safety rule: text from the bank, the URL or the query is only ever set
// with textContent or as an attribute value. The one exception is a hit's
// `snippet`, which the server HTML-escapes and marks up with <mark> alone
// (a snippet of the question, or of its answer when only the answer
// matched: matched_in "answer").
// Links are built from ids and values with URL encoding, never from markup.
'use strict';

(() => {
  const DEBOUNCE_MS = 50;  // answers take ~1 ms; stale ones are cancelled
  const REST_MS = 1000;  // see commitTyping
  const PAGE_SIZE = 20;
  const MAX_PAGES = 50;
  const API_LIMIT = 100;  // the API's largest page
  const SLOW_MS = 2000;
  const TIMEOUT_MS = 15000;
  const RELATED_LIMIT = 6;
  const MAX_EXAMPLES = 6;
  // Example searches, shown when the bank finds something for them.
  const EXAMPLES = ['GIL', 'select_related', 'deadlock', 'isolation levels', 'idempotent',
    'N+1', 'asyncio', 'decorator'];
  // The filters, in URL and chip order: the API's facets. Part and section
  // are drawn as one tree; bank (when the index has several), type and
  // topic as lists.
  const FACETS = [['bank', 'Bank'], ['part', 'Part'], ['section', 'Section'], ['type', 'Type'],
    ['topic', 'Topic']];
  const TREE = ['part', 'section'];
  const LISTS = FACETS.filter(([key]) => !TREE.includes(key));

  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $('search-form'), q: $('q'), main: $('main'),
    searchView: $('search-view'), questionView: $('question-view'),
    toggle: $('filters-toggle'), facets: $('facets'), tree: $('facet-tree'),
    chips: $('chips'), summary: $('summary'), correction: $('correction'), relaxed: $('relaxed'),
    notice: $('notice'), noticeText: $('notice-text'), retry: $('retry'),
    reportLink: $('report-link'),
    hits: $('results'), more: $('more'), noResults: $('no-results'),
    overview: $('overview'), overviewSummary: $('overview-summary'),
    examples: $('examples'), exampleList: $('example-list'), chart: $('chart'),
    labels: $('overview-labels'), bankName: $('bank-name'),
    lists: $('facet-lists'), treeBox: $('facet-tree-box'), bankList: $('facet-bank-list'),
    facetsCount: $('facets-count'),
  };

  // ---- Small helpers ----

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function paragraph(className, ...children) {
    const p = el('p', className);
    p.append(...children);
    return p;
  }

  // A link the page follows itself (history.pushState), see the click handler.
  function navLink(href, className, text) {
    const a = el('a', className, text);
    a.href = href;
    a.dataset.nav = '';
    return a;
  }

  function bar(count, max) {
    const outer = el('span', 'bar');
    outer.setAttribute('aria-hidden', 'true');
    const fill = el('span', 'bar-fill');
    fill.style.width = `${max > 0 ? (100 * count / max).toFixed(1) : 0}%`;
    outer.append(fill);
    return outer;
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const encodeId = (id) => id.split('/').map(encodeURIComponent).join('/');
  const questionHref = (id) => `/q/${encodeId(id)}`;

  // Re-renders `container` and, if it had the focus, puts it back on the
  // element with the same data-key, else on its first button, else on the
  // search box.
  function keepFocus(container, render) {
    const had = container.contains(document.activeElement) ? document.activeElement : null;
    render();
    if (!had) return;
    const key = had.dataset.key;
    const same = key && [...container.querySelectorAll('[data-key]')].find((e) => e.dataset.key === key);
    (same || container.querySelector('button') || ui.q).focus();
  }

  // ---- State, mirrored in the URL ----

  const noFilters = () => Object.fromEntries(FACETS.map(([key]) => [key, []]));
  const blank = () => ({ q: '', ...noFilters(), page: 1, verbatim: false });
  const copy = (s) => ({ ...s, ...Object.fromEntries(FACETS.map(([key]) => [key, [...s[key]]])) });
  const filterCount = (s) => FACETS.reduce((n, [key]) => n + s[key].length, 0);
  let state = blank();

  function readState(search) {
    const params = new URLSearchParams(search);
    const page = Number.parseInt(params.get('page') || '1', 10);
    const s = {
      q: params.get('q') || '',
      page: Number.isFinite(page) ? Math.min(Math.max(page, 1), MAX_PAGES) : 1,
      verbatim: params.get('verbatim') === '1',
    };
    for (const [key] of FACETS) s[key] = [...new Set(params.getAll(key).filter(Boolean))];
    return s;
  }

  function searchHref(s) {
    const params = new URLSearchParams();
    if (s.q) params.set('q', s.q);
    for (const [key] of FACETS) for (const value of s[key] || []) params.append(key, value);
    if (s.page > 1) params.set('page', String(s.page));
    if (s.verbatim) params.set('verbatim', '1');
    const query = params.toString();
    return query ? `/?${query}` : '/';
  }

  const isBlank = (s) => !s.q.trim() && filterCount(s) === 0;
  const here = () => window.location.pathname + window.location.search;

  // ---- Talking to the API ----

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  // `seeResponse` (optional) is shown the response before its body is read.
  async function getJson(url, signal, seeResponse) {
    let response;
    try {
      response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (signal && signal.aborted) throw signal.reason;
      throw new ApiError('Cannot reach the Quarry server.', 0);
    }
    if (seeResponse) seeResponse(response);
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      if (signal && signal.aborted) throw signal.reason;
    }
    if (!response.ok || !body) {
      const detail = body && body.error ? `: ${body.error}` : '';
      throw new ApiError(`The server answered HTTP ${response.status}${detail}.`, response.status);
    }
    return body;
  }

  // `promise`, or the abort reason once `signal` aborts.
  function until(promise, signal) {
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      promise.then(resolve, reject);
    });
  }

  function apiSearch(s, offset, limit) {
    const params = new URLSearchParams({ q: s.q });
    for (const [key] of FACETS) for (const value of s[key]) params.append(key, value);
    params.set('limit', String(limit));
    params.set('offset', String(offset));
    if (s.verbatim) params.set('verbatim', '1');
    return `/api/search?${params}`;
  }

  // Hits offset..offset+count of `s`, in as few API pages as the limit allows.
  async function fetchHits(s, offset, count, signal) {
    const calls = [];
    for (let o = offset; o < offset + count; o += API_LIMIT) {
      calls.push(getJson(apiSearch(s, o, Math.min(API_LIMIT, offset + count - o)), signal));
    }
    const answers = await Promise.all(calls);
    const first = answers[0];
    first.hits = answers.flatMap((a) => a.hits);
    first.took_ms = answers.reduce((sum, a) => sum + a.took_ms, 0);
    return first;
  }

  let outlinePromise = null;  // the bank's parts and sections, fetched once
  // The header names what is searched: the bank, or how many.
  function nameBanks(outline) {
    const banks = outline.banks || [];
    ui.bankName.textContent = banks.length === 1 ? banks[0].bank : `${banks.length} banks`;
    ui.bankName.title = banks.map((b) => b.bank).join(', ');
    ui.bankName.hidden = banks.length === 0;
    return outline;
  }

  function seeOutline(response) {
    ui.reportLink.hidden = response.headers.get('X-Quarry-Report') !== '1';
  }

  function getOutline() {
    if (!outlinePromise) {
      outlinePromise = getJson('/api/outline', undefined, seeOutline).then(nameBanks).catch((err) => {
        outlinePromise = null;
        throw err;
      });
    }
    return outlinePromise;
  }

  // ---- Loads: one at a time, the newest wins ----
  //
  // Starting a load aborts the one in flight; an answer that arrives for a
  // load that is no longer current is dropped, so the page never shows an
  // older query's results over a newer one's.

  let current = null;
  let retry = null;  // what the Retry button runs again

  function begin(again) {
    if (current) finish(current, true);
    const load = { controller: new AbortController() };
    load.slow = window.setTimeout(() => load === current && showSlow(), SLOW_MS);
    load.timeout = window.setTimeout(() => load.controller.abort(
      new DOMException('timed out', 'TimeoutError')), TIMEOUT_MS);
    current = load;
    retry = again;
    document.body.classList.add('loading');
    ui.main.setAttribute('aria-busy', 'true');
    return load;
  }

  function finish(load, abort) {
    window.clearTimeout(load.slow);
    window.clearTimeout(load.timeout);
    if (abort) load.controller.abort();
    if (load !== current) return;
    current = null;
    document.body.classList.remove('loading');
    ui.main.removeAttribute('aria-busy');
  }

  function describe(err) {
    if (err && err.name === 'TimeoutError') {
      return `The server did not answer within ${TIMEOUT_MS / 1000} seconds.`;
    }
    if (err instanceof ApiError) return err.message;
    return `Something went wrong: ${err && err.message ? err.message : err}`;
  }

  function setNotice(text, slow) {
    ui.noticeText.textContent = text;
    ui.notice.classList.toggle('slow', slow);
    ui.notice.hidden = false;
  }

  function hideNotice() {
    ui.notice.hidden = true;
  }

  // Nothing stale stays on show as if it were current.
  function clearShown() {
    shown = null;
    ui.hits.replaceChildren();
    setActive(-1);
    ui.summary.textContent = '';
    for (const node of [ui.correction, ui.relaxed, ui.facetsCount, ui.more, ui.noResults, ui.overview,
      ui.facets, ui.toggle]) {
      node.hidden = true;
    }
    ui.searchView.classList.add('no-facets');
    ui.bankList.replaceChildren();
    ui.tree.replaceChildren();
    ui.lists.replaceChildren();
    ui.questionView.replaceChildren();
    document.body.dataset.state = 'waiting';
  }

  function showSlow() {
    setNotice('The server is slow to answer. Still waiting…', true);
    clearShown();
  }

  function showFailure(err) {
    setNotice(describe(err), false);
    clearShown();
    document.body.dataset.state = 'error';
  }

  // ---- Views and routing ----

  let view = null;
  let lastSearch = '/';  // the search to go back to from a question
  let routed = 0;  // routes taken since the page loaded
  let openedId = null;  // the question on screen, or last on screen
  let returnTo = null;  // back from that question: the result to focus

  function showView(name) {
    view = name;
    ui.searchView.hidden = name !== 'search';
    ui.questionView.hidden = name !== 'question';
    ui.q.setAttribute('aria-expanded', String(name === 'search' && ui.hits.children.length > 0));
  }

  function route() {
    routed += 1;
    const match = /^\/q\/(.+)$/.exec(window.location.pathname);
    if (match) {
      let id = match[1];
      try {
        id = id.split('/').map(decodeURIComponent).join('/');
      } catch (err) {
        // Not valid percent-encoding: looked up as it is.
      }
      openQuestion(id);
      return;
    }
    // Back from a question to its search: the focus returns to its result.
    returnTo = view === 'question' ? openedId : null;
    state = readState(window.location.search);
    ui.q.value = state.q;
    // The box takes the focus on a search page with a mouse (on a phone it
    // would pop a keyboard up).
    if (routed === 1 && window.matchMedia('(pointer: fine)').matches) ui.q.focus();
    runSearch();
  }

  function go(href) {
    window.history.pushState(null, '', href);
    route();
  }

  // ---- Searching ----

  let shown = null;  // {s, r}: the search on screen and its answer
  let manyBanks = false;  // the index holds several banks: hits say which
  let debounce = null;

  // Puts the typed query in the URL (one history entry per run of typing)
  // and searches.
  // A search left alone REST_MS before the next key was read: what is typed
  // next gets its own history entry.
  let committedAt = 0;  // the last typed search put in the URL
  let keyAt = 0;        // the first key since (0: none)
  function commitTyping() {
    window.clearTimeout(debounce);
    const href = searchHref(state);
    if (href !== here()) {
      const rested = keyAt > 0 && keyAt - committedAt >= REST_MS;
      const typing = view === 'search' && window.history.state && window.history.state.typing && !rested;
      window.history[typing ? 'replaceState' : 'pushState']({ typing: true }, '', href);
    }
    committedAt = Date.now();
    keyAt = 0;
    runSearch();
  }

  async function runSearch() {
    window.clearTimeout(debounce);
    showView('search');
    const s = copy(state);
    lastSearch = searchHref(s);
    document.title = s.q.trim() ? `${s.q.trim()} · Quarry` : 'Quarry · interview question search';
    renderChips(s);
    const load = begin(runSearch);
    const { signal } = load.controller;
    try {
      if (isBlank(s)) {
        const outline = await until(getOutline(), signal);
        if (load !== current) return;
        renderOverview(outline);
      } else {
        const [outline, r] = await Promise.all([
          until(getOutline(), signal).catch(() => null),
          fetchHits(s, 0, s.page * PAGE_SIZE, signal),
        ]);
        if (load !== current) return;
        renderResults(s, r, outline);
        focusReturned();
      }
      document.body.dataset.shown = lastSearch;
    } catch (err) {
      if (load === current) showFailure(err);
    } finally {
      finish(load);
    }
  }

  async function moreResults() {
    if (!shown) return;
    const { s, r } = shown;
    const next = { ...s, page: s.page + 1 };
    state = copy(next);
    window.history.pushState(null, '', searchHref(next));
    lastSearch = searchHref(next);
    const hadFocus = document.activeElement === ui.more;
    const load = begin(runSearch);
    try {
      const page = await fetchHits(next, r.hits.length, PAGE_SIZE, load.controller.signal);
      if (load !== current) return;
      const from = r.hits.length;
      r.hits.push(...page.hits);
      r.total = page.total;
      r.related_total = page.related_total;
      r.took_ms = page.took_ms;
      shown = { s: next, r };
      ui.hits.append(...page.hits.map((hit, i) => hitItem(hit, from + i, r)));
      renderSummary(r);
      ui.more.hidden = r.hits.length >= listed(r) || next.page >= MAX_PAGES;
      const first = ui.hits.children[from];
      if (hadFocus && first) first.querySelector('a').focus();
      document.body.dataset.shown = lastSearch;
    } catch (err) {
      if (load === current) showFailure(err);
    } finally {
      finish(load);
    }
  }

  // On a phone a filter chosen closes the filters and shows the results.
  let revealResults = false;
  function toggleFilter(key, value) {
    const values = state[key].includes(value)
      ? state[key].filter((v) => v !== value) : [...state[key], value];
    if (getComputedStyle(ui.toggle).display !== 'none' && ui.facets.classList.contains('open')) {
      setFiltersOpen(false);
      revealResults = true;
    }
    go(searchHref({ ...state, [key]: values, page: 1 }));
  }

  function setFiltersOpen(open) {
    ui.facets.classList.toggle('open', open);
    ui.toggle.setAttribute('aria-expanded', String(open));
  }

  // ---- Rendering the search view ----

  function focusReturned() {
    if (!returnTo) return;
    const link = [...ui.hits.querySelectorAll('.hit-link')].find((a) => a.dataset.id === returnTo);
    returnTo = null;
    if (link) link.focus();
  }

  function renderResults(s, r, outline) {
    hideNotice();
    shown = { s, r };
    manyBanks = bankCount(outline, r.facets) > 1;
    ui.searchView.classList.remove('overview-shown');
    ui.overview.hidden = true;
    renderFacets(s, r.facets, outline);
    renderFacetsCount(r);
    renderSummary(r);
    renderCorrection(s, r);
    renderRelaxed(r);
    ui.hits.replaceChildren(...r.hits.map((hit, i) => hitItem(hit, i, r)));
    setActive(-1);
    ui.q.setAttribute('aria-expanded', String(r.hits.length > 0));
    ui.more.hidden = r.hits.length >= listed(r) || s.page >= MAX_PAGES;
    renderNoResults(s, r, outline);
    document.body.dataset.state = listed(r) > 0 ? 'results' : 'no-results';
    if (revealResults) {
      revealResults = false;
      ui.toggle.scrollIntoView({ block: 'start' });
    }
  }

  // Questions with the words, then those on related subjects: both listed.
  function listed(r) { return r.total + (r.related_total || 0); }

  function renderSummary(r) {
    const took = `${Number(r.took_ms).toFixed(r.took_ms < 10 ? 1 : 0)} ms on the server`;
    const related = r.related_total || 0;
    let text = r.total > 0 ? plural(r.total, 'question')
      : related ? 'No question has these words' : 'No questions found';
    if (r.total > 0 && r.hits.length < listed(r) && !related) text = `${r.hits.length} of ${text}`;
    if (related) text += ` · ${related} on related subjects`;
    ui.summary.replaceChildren(`${text} · `, el('span', 'summary-time', took));
  }

  // What the filter counts count, when the list holds more than matches.
  function renderFacetsCount(r) {
    const related = r.related_total || 0;
    ui.facetsCount.hidden = !related;
    if (r.facets_count === 'related') {
      ui.facetsCount.textContent = `Counts: the ${plural(related, 'question')} on related subjects`;
    } else {
      ui.facetsCount.textContent = `Counts: the ${plural(r.total, 'question')} with the words`;
    }
  }

  function renderCorrection(s, r) {
    ui.correction.replaceChildren();
    ui.correction.hidden = !(r.corrected_query && r.total > 0);
    if (ui.correction.hidden) return;
    if (r.showing_corrected) {
      ui.correction.append('No results for ', el('q', null, s.q.trim()), '. Showing results for ',
        el('strong', null, r.corrected_query), '. ',
        navLink(searchHref({ ...s, page: 1, verbatim: true }), 'verbatim',
          `Search instead for “${s.q.trim()}”`));
    } else {
      ui.correction.append('Did you mean ', suggestionLink(s, r.corrected_query), '?');
    }
  }

  // The server relaxes a query whose words are found together too rarely;
  // say so, so fewer words in a hit are no surprise.
  function renderRelaxed(r) {
    const m = r.matching;
    ui.relaxed.hidden = !(m && m.relaxed && r.total > 0);
    if (ui.relaxed.hidden) return;
    ui.relaxed.textContent =
      `Few questions have all ${m.words} words: showing those with at least ${m.required}.`;
  }

  function suggestionLink(s, corrected) {
    return navLink(searchHref({ ...s, q: corrected, page: 1, verbatim: false }), 'suggestion',
      corrected);
  }

  // A hit; the first on a related subject opens their part of the list.
  function hitItem(hit, index, r) {
    const item = el('li', hit.related ? 'hit hit-related' : 'hit');
    if (hit.related && (index === 0 || !r.hits[index - 1].related)) {
      item.classList.add('related-first');
      item.dataset.divider = `Related subjects (${r.related_total}): questions without the words`;
    }
    item.id = `hit-${index}`;
    // The link is the option, the card inside it (no control in a control).
    item.setAttribute('role', 'none');
    const link = navLink(questionHref(hit.id), 'hit-link');
    link.id = `option-${index}`;
    link.dataset.id = hit.id;
    // One tab stop for the list: the arrow keys move within it.
    link.tabIndex = index === 0 ? 0 : -1;
    link.setAttribute('role', 'option');
    link.setAttribute('aria-selected', 'false');
    const text = el('span', 'hit-text');
    const inAnswer = hit.matched_in === 'answer';
    if (inAnswer) text.textContent = hit.text;
    else text.innerHTML = hit.snippet;  // escaped by the server; only <mark> inside
    link.append(text, ...(inAnswer ? [answerLine(hit)] : []), hitMeta(hit));
    item.append(link);
    return item;
  }

  // Where the answer of a hit found only in its answer has the words: a
  // quieter line under the question.
  function answerLine(hit) {
    const answer = el('span', 'hit-answer-text');
    answer.innerHTML = hit.snippet;  // escaped by the server; only <mark> inside
    return paragraph('hit-answer', el('span', 'hit-answer-label', 'In the answer: '), answer);
  }

  function hitMeta(hit) {
    const meta = el('span', 'hit-meta');
    const section = el('span', 'hit-section', hit.section || hit.part || '');
    if (hit.part) section.title = hit.part;
    const where = el('span', 'hit-where');
    // Which bank, when there is a choice of them.
    if (manyBanks && hit.bank) where.append(el('span', 'hit-bank', hit.bank), ' › ');
    where.append(section);
    meta.append(where, el('code', 'hit-id', hit.id));
    // The same question asked in other sections (near-duplicates).
    if (hit.also_in && hit.also_in.length) {
      meta.append(el('span', 'hit-also',
        `also asked in ${hit.also_in.map((p) => p.section || p.id).join(', ')}`));
    }
    return meta;
  }

  function renderChips(s) {
    const chips = [];
    for (const [key, label] of FACETS) {
      for (const value of s[key]) {
        const chip = el('button', 'chip');
        chip.type = 'button';
        chip.dataset.key = `chip:${key}:${value}`;
        chip.setAttribute('aria-label', `Remove filter ${label}: ${value}`);
        const x = el('span', 'chip-x', '×');
        x.setAttribute('aria-hidden', 'true');
        chip.append(el('span', 'chip-label', `${label}: `), el('span', 'chip-value', value), x);
        chip.addEventListener('click', () => toggleFilter(key, value));
        chips.push(chip);
      }
    }
    const count = chips.length;
    if (count) {
      const clear = el('button', 'chip-clear', 'Clear all');
      clear.type = 'button';
      clear.dataset.key = 'clear';
      clear.addEventListener('click', () => go(searchHref({ ...state, ...noFilters(), page: 1 })));
      chips.push(clear);
    }
    keepFocus(ui.chips, () => ui.chips.replaceChildren(...chips));
    ui.chips.hidden = count === 0;
    ui.toggle.textContent = count ? `Filters (${count})` : 'Filters';
  }

  // The part > section tree: outline order, facet counts, unknown values
  // (an index rebuilt since the outline was fetched) under "Other".
  function facetGroups(outline, facets, s) {
    const groups = outline ? outline.parts.map((p) => ({
      part: p.part, sections: p.sections.map((x) => x.section),
    })) : [];
    const knownParts = new Set(groups.map((g) => g.part));
    const knownSections = new Set(groups.flatMap((g) => g.sections));
    const other = { part: '', sections: [] };
    const parts = [...facets.part.map((v) => v.value), ...s.part];
    for (const part of new Set(parts)) {
      if (!knownParts.has(part)) groups.push({ part, sections: [] });
      knownParts.add(part);
    }
    for (const section of new Set([...facets.section.map((v) => v.value), ...s.section])) {
      if (!knownSections.has(section)) other.sections.push(section);
    }
    if (other.sections.length) {
      groups.push(other);
      if (outline) outlinePromise = null;  // fetch a fresh one next time
    }
    return groups;
  }

  // How many banks the index holds: the outline says, else the answer's
  // facet (which only counts those the query matches).
  const bankCount = (outline, facets) => (outline && outline.banks
    ? outline.banks.length : (facets.bank || []).length);

  function renderFacets(s, facets, outline) {
    const count = {};
    const max = {};
    for (const [key] of FACETS) {
      count[key] = new Map((facets[key] || []).map((v) => [v.value, v.count]));
      max[key] = Math.max(1, ...(facets[key] || []).map((v) => v.count));
    }
    const button = (key, value) => facetButton(key, value, count[key].get(value) || 0, max[key],
      s[key].includes(value));
    const shown = (key, value) => count[key].get(value) || s[key].includes(value);
    const items = facetTree(facetGroups(outline, facets, s), button, shown);
    // Bank, type and topic: values in the API's order (most first), chosen
    // ones kept. The bank list only when there is a choice of banks.
    const boxes = {};
    for (const [key, label] of LISTS) {
      if (key === 'bank' && bankCount(outline, facets) < 2) continue;
      const values = [...new Set([...(facets[key] || []).map((v) => v.value), ...s[key]])]
        .filter((v) => shown(key, v));
      if (values.length) boxes[key] = facetList(key, label, values.map((v) => button(key, v)));
    }
    const lists = LISTS.filter(([key]) => key !== 'bank' && boxes[key]).map(([key]) => boxes[key]);
    keepFocus(ui.facets, () => {
      ui.bankList.replaceChildren(...(boxes.bank ? [boxes.bank] : []));
      ui.tree.replaceChildren(...items);
      ui.lists.replaceChildren(...lists);
    });
    ui.bankList.hidden = !boxes.bank;
    ui.treeBox.hidden = items.length === 0;
    ui.facets.hidden = items.length + Object.keys(boxes).length === 0;
    ui.toggle.hidden = ui.facets.hidden;
    // With no filter to show, the results take the whole width.
    ui.searchView.classList.toggle('no-facets', ui.facets.hidden);
  }

  // The part > section tree's items: a part's button with its sections'.
  function facetTree(groups, button, shown) {
    const items = [];
    for (const group of groups) {
      const sections = group.sections.filter((v) => shown('section', v)).map((v) => {
        const li = el('li');
        li.append(button('section', v));
        return li;
      });
      if (!shown('part', group.part) && !sections.length) continue;
      const item = el('li', 'facet-group');
      item.append(group.part ? button('part', group.part) : el('span', 'facet-other', 'Other'));
      if (sections.length) {
        const list = el('ul', 'facet-sections');
        list.append(...sections);
        item.append(list);
      }
      items.push(item);
    }
    return items;
  }

  // A titled list of facet buttons.
  function facetList(key, label, buttons) {
    const box = el('section', 'facet-block');
    const title = el('h2', 'facets-title', label);
    title.id = `facet-${key}-title`;
    const list = el('ul', 'facet-list');
    list.setAttribute('aria-labelledby', title.id);
    list.append(...buttons.map((b) => {
      const li = el('li');
      li.append(b);
      return li;
    }));
    box.append(title, list);
    return box;
  }

  function facetButton(key, value, count, max, active) {
    const button = el('button', `facet facet-${key}`);
    button.type = 'button';
    button.dataset.facet = key;
    button.dataset.value = value;
    button.dataset.key = `facet:${key}:${value}`;
    button.setAttribute('aria-pressed', String(active));
    button.title = value;  // a long name is cut to two lines
    // The name read out is the one shown, the count's unit added unseen.
    button.append(el('span', 'facet-name', value), el('span', 'facet-count', String(count)),
      el('span', 'sr-only', count === 1 ? ' question' : ' questions'), bar(count, max));
    button.addEventListener('click', () => toggleFilter(key, value));
    return button;
  }

  // ---- No results ----

  function trigrams(word) {
    const padded = ` ${word} `;
    const out = new Set();
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
    return out;
  }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
  }

  // How alike `query` and a section title look: for each query word, the
  // best Dice coefficient of trigrams against the title's words, averaged.
  function likeness(queryWords, title) {
    const titleGrams = words(title).map(trigrams);
    if (!queryWords.length || !titleGrams.length) return 0;
    let sum = 0;
    for (const word of queryWords) {
      const grams = trigrams(word);
      let best = 0;
      for (const other of titleGrams) {
        let shared = 0;
        for (const g of grams) if (other.has(g)) shared += 1;
        best = Math.max(best, (2 * shared) / (grams.size + other.size));
      }
      sum += best;
    }
    return sum / queryWords.length;
  }

  // The sections closest to a search that found nothing: those where the
  // query does match (when filters kept it out), else those whose titles
  // look like the query, else the largest ones.
  function closestSections(s, r, outline) {
    const matching = r.facets.section.filter((v) => v.count > 0);
    if (matching.length) {
      return {
        title: 'The words match questions in these sections:',
        items: matching.slice(0, 5).map((v) => ({
          href: searchHref({ ...s, section: [v.value], page: 1 }), value: v.value, count: v.count,
        })),
      };
    }
    if (!outline) return { items: [] };
    const all = outline.parts.flatMap((p) => p.sections);
    const queryWords = words(s.q);
    const alike = all.map((x) => ({ ...x, score: likeness(queryWords, x.section) }))
      .filter((x) => x.score >= 0.3).sort((a, b) => b.score - a.score);
    const browse = (list) => list.slice(0, 3).map((x) => ({
      href: searchHref({ ...blank(), section: [x.section] }), value: x.section, count: x.count,
    }));
    if (alike.length) return { title: 'Closest sections by name:', items: browse(alike) };
    return {
      title: 'Browse a section instead:',
      items: browse([...all].sort((a, b) => b.count - a.count)),
    };
  }

  function renderNoResults(s, r, outline) {
    ui.noResults.hidden = listed(r) > 0;
    if (listed(r) > 0) return;
    const filtered = filterCount(s) > 0;
    const typed = s.q.trim();
    const parts = [el('h2', 'no-results-title',
      `${typed ? `No questions match “${typed}”` : 'No questions'}${filtered ? ' with these filters' : ''}.`)];
    if (r.corrected_query && !r.showing_corrected) {
      parts.push(paragraph(null, 'Did you mean ', suggestionLink(s, r.corrected_query), '?'));
    }
    const closest = closestSections(s, r, outline);
    if (closest.items.length) {
      const list = el('ul', 'closest');
      for (const item of closest.items) {
        const li = el('li');
        li.append(navLink(item.href, 'closest-link', item.value), ' ',
          el('span', 'muted', `(${item.count})`));
        list.append(li);
      }
      parts.push(el('p', 'closest-title', closest.title), list);
    }
    parts.push(filtered
      ? paragraph('muted', navLink(searchHref({ ...s, ...noFilters(), page: 1 }), null,
        'Search the whole bank instead'), '.')
      : paragraph('muted', 'Try other or fewer words, or ', navLink('/', null, 'browse the bank'),
        '.'));
    ui.noResults.replaceChildren(...parts);
  }

  // ---- The empty state: the bank at a glance ----

  function renderOverview(outline) {
    hideNotice();
    shown = null;
    ui.searchView.classList.add('overview-shown');
    // Nothing said of a search stays above the bank's overview.
    for (const node of [ui.correction, ui.relaxed, ui.facetsCount, ui.more, ui.noResults]) node.hidden = true;
    ui.hits.replaceChildren();
    setActive(-1);
    ui.q.setAttribute('aria-expanded', 'false');
    ui.bankList.replaceChildren();
    ui.tree.replaceChildren();
    ui.lists.replaceChildren();
    const sections = outline.parts.flatMap((p) => p.sections);
    ui.summary.textContent = '';
    const banks = (outline.banks || []).length;
    ui.overviewSummary.textContent = `${plural(outline.questions, 'question')} in `
      + `${banks > 1 ? `${plural(banks, 'bank')}, ` : ''}`
      + `${plural(sections.length, 'section')} and ${plural(outline.parts.length, 'part')}. `
      + 'Pick a section to read it in order, or search.';
    const max = Math.max(1, ...sections.map((x) => x.count));
    const parts = outline.parts.map((p) => {
      const box = el('section', 'chart-part');
      const title = el('h3', 'chart-part-title');
      title.append(p.part ? navLink(searchHref({ ...blank(), part: [p.part] }), null, p.part)
        : 'Other', ' ', el('span', 'muted', `${p.count}`));
      const list = el('ul', 'chart-list');
      for (const x of p.sections) {
        const li = el('li');
        const row = navLink(searchHref({ ...blank(), section: [x.section] }), 'chart-row');
        row.append(el('span', 'chart-name', x.section), bar(x.count, max),
          el('span', 'chart-count', String(x.count)),
          el('span', 'sr-only', x.count === 1 ? ' question' : ' questions'));
        li.append(row);
        list.append(li);
      }
      box.append(title, list);
      return box;
    });
    ui.chart.replaceChildren(...parts);
    // Sections all about as large: bars would say nothing, the counts do.
    const least = Math.min(...sections.map((x) => x.count));
    ui.chart.classList.toggle('uniform', sections.length > 1 && max <= 1.25 * least);
    ui.overview.hidden = false;
    document.body.dataset.state = 'overview';
    showExamples(outline);
    showLabels();
  }

  let examples = null;  // the example searches that find something

  // Tried one after the other (one connection), the curated ones first, then
  // words of the bank's section titles, which find their sections. Rejects
  // when the server does not answer.
  async function findExamples(outline) {
    const titleWords = outline.parts.flatMap((p) => p.sections)
      .flatMap((x) => words(x.section).filter((w) => w.length >= 4));
    const found = [];
    for (const q of [...new Set([...EXAMPLES, ...titleWords])].slice(0, 2 * MAX_EXAMPLES)) {
      if (found.length === MAX_EXAMPLES) break;
      // log=0: the page's probe, not a search anyone made.
      const r = await getJson(`${apiSearch({ ...blank(), q }, 0, 1)}&log=0`);
      if (r.total > 0 && !r.showing_corrected) found.push({ q, total: r.total });
    }
    return found;
  }

  // The bank's question types and topics, with counts, each a way in.
  let labels = null;
  async function showLabels() {
    if (!labels) labels = getJson(apiSearch(blank(), 0, 1)).catch(() => { labels = null; return null; });
    const r = await labels;
    if (ui.overview.hidden || !r) return;
    const groups = [['type', 'Types'], ['topic', 'Topics']].filter(([key]) => (r.facets[key] || []).length)
      .map(([key, title]) => {
        const p = el('p', 'overview-label-group', `${title}: `);
        for (const [i, v] of r.facets[key].entries()) {
          p.append(i ? ', ' : '', navLink(searchHref({ ...blank(), [key]: [v.value] }), 'label', v.value),
            ' ', el('span', 'muted', `${v.count}`));
        }
        return p;
      });
    ui.labels.replaceChildren(...groups);
    ui.labels.hidden = groups.length === 0;
  }

  async function showExamples(outline) {
    if (!examples) {
      examples = findExamples(outline).catch(() => {
        examples = null;  // ask again next time
        return [];
      });
    }
    const found = await examples;
    if (ui.overview.hidden) return;
    ui.exampleList.replaceChildren(...found.map(({ q, total }) => {
      const li = el('li');
      const a = navLink(searchHref({ ...blank(), q }), 'example', q);
      a.append(' ', el('span', 'muted', `${total}`));
      li.append(a);
      return li;
    }));
    ui.examples.hidden = found.length === 0;
  }

  // ---- The question view ----

  async function openQuestion(id) {
    openedId = id;
    showView('question');
    hideNotice();
    const load = begin(() => openQuestion(id));
    const { signal } = load.controller;
    const api = `/api/questions/${encodeId(id)}`;
    try {
      const [question, related] = await Promise.all([
        getJson(api, signal),
        getJson(`${api}/related?limit=${RELATED_LIMIT}`, signal).catch((err) => err),
      ]);
      if (load !== current) return;
      renderQuestion(question, related);
      document.body.dataset.shown = here();
    } catch (err) {
      if (load !== current) return;
      if (err instanceof ApiError && err.status === 404) {
        renderMissing(id);
        document.body.dataset.shown = here();
      }
      else showFailure(err);
    } finally {
      finish(load);
    }
  }

  function renderQuestion(q, related) {
    hideNotice();
    document.title = `${q.text} · Quarry`;
    const back = navLink(lastSearch, 'back', lastSearch === '/' ? '← The whole bank'
      : '← Back to results');
    const crumbs = el('nav', 'crumbs');
    crumbs.setAttribute('aria-label', 'Where it is in the bank');
    const trail = el('ol');
    if (q.part) trail.append(crumb(navLink(searchHref({ ...blank(), part: [q.part] }), null, q.part)));
    if (q.section) {
      trail.append(crumb(navLink(searchHref({ ...blank(), section: [q.section] }), null,
        q.section)));
    }
    const last = crumb(el('span', null, q.number ? `Question ${q.number}` : q.id));
    last.setAttribute('aria-current', 'page');
    trail.append(last);
    crumbs.append(trail);
    const title = el('h1', 'question-title', q.text);
    title.id = 'question-title';
    title.tabIndex = -1;
    const parts = [back, crumbs, title, paragraph('question-meta', el('code', 'question-id', q.id))];
    if (q.body) parts.push(answerBody(q.body));
    const labels = el('p', 'labels');
    if (q.type) labels.append('Type: ', navLink(searchHref({ ...blank(), type: [q.type] }), 'label', q.type));
    for (const [i, topic] of (q.topics || []).entries()) {
      labels.append(i ? ', ' : `${q.type ? ' · ' : ''}Topics: `,
        navLink(searchHref({ ...blank(), topic: [topic] }), 'label', topic));
    }
    if (labels.childNodes.length) parts.push(labels);
    if (q.tags && q.tags.length) {
      const tags = el('ul', 'tags');
      tags.setAttribute('aria-label', 'Tags');
      tags.append(...q.tags.map((t) => el('li', 'tag', t)));
      parts.push(tags);
    }
    // The same question asked elsewhere in the bank (near-duplicates).
    if (q.also_in && q.also_in.length) {
      const also = el('p', 'also-asked', 'Also asked as: ');
      for (const [i, p] of q.also_in.entries()) {
        also.append(i ? ', ' : '', navLink(questionHref(p.id), null, p.section || p.id));
      }
      parts.push(also);
    }
    parts.push(neighbours(q), relatedSection(related));
    ui.questionView.replaceChildren(...parts);
    document.body.dataset.state = 'question';
    if (routed > 1) title.focus();
    window.scrollTo(0, 0);
  }

  // A question's answer as written: its line breaks kept, and its ```
  // fenced blocks as monospaced code (an unclosed fence runs to the end).
  // `text` into `node`, its [words](https://...) links as links.
  function inline(node, text) {
    const link = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;
    let at = 0;
    for (let m; (m = link.exec(text));) {
      node.append(text.slice(at, m.index));
      const a = el('a', null, m[1]);
      a.href = m[2];
      a.rel = 'noopener noreferrer nofollow';
      node.append(a);
      at = m.index + m[0].length;
    }
    node.append(text.slice(at));
    return node;
  }

  function answerBody(body) {
    const box = el('div', 'question-body');
    box.setAttribute('aria-label', 'Answer');
    let lines = [];
    let code = null;  // the lines of the fenced block being read
    // Paragraphs, and lists of "- ", "* " or "1. " lines; text only.
    const flush = () => {
      let list = null;
      let para = [];
      const endPara = () => {
        const text = para.join('\n').replace(/^\n+|\s+$/g, '');
        if (text) box.append(inline(el('div', 'answer-text'), text));
        para = [];
      };
      for (const line of lines) {
        const item = /^\s*(?:[-*]|\d+[.)])\s+(.*)$/.exec(line);
        if (item) {
          endPara();
          if (!list) box.append(list = el(/^\s*\d/.test(line) ? 'ol' : 'ul', 'answer-list'));
          list.append(inline(el('li'), item[1]));
        } else {
          if (line.trim()) list = null;
          para.push(line);
        }
      }
      endPara();
      lines = [];
    };
    const closeCode = () => {
      const pre = el('pre', 'answer-code');
      pre.append(el('code', null, code.join('\n')));
      box.append(pre);
      code = null;
    };
    for (const line of body.split('\n')) {
      const fence = /^\s*(```|~~~)/.test(line);
      if (code && fence) closeCode();
      else if (code) code.push(line);
      else if (fence) {
        flush();
        code = [];
      } else lines.push(line);
    }
    if (code) closeCode();
    flush();
    return box;
  }

  function crumb(child) {
    const li = el('li');
    li.append(child);
    return li;
  }

  function neighbours(q) {
    const nav = el('nav', 'neighbours');
    nav.setAttribute('aria-label', 'Previous and next in the bank');
    for (const [key, rel, label] of [['previous', 'prev', '← Previous'], ['next', 'next', 'Next →']]) {
      const n = q[key];
      if (!n) {
        nav.append(el('span', `neighbour ${rel} none`, key === 'previous'
          ? 'First question of the bank' : 'Last question of the bank'));
        continue;
      }
      const a = navLink(questionHref(n.id), `neighbour ${rel}`);
      a.rel = rel;
      a.append(el('span', 'neighbour-label', label), el('span', 'neighbour-text', n.text),
        el('span', 'neighbour-where muted', n.section || n.part || ''));
      nav.append(a);
    }
    return nav;
  }

  function relatedSection(related) {
    const box = el('section', 'related');
    box.setAttribute('aria-labelledby', 'related-title');
    const title = el('h2', null, 'Related questions');
    title.id = 'related-title';
    box.append(title);
    if (related instanceof Error) {
      box.append(el('p', 'muted', `Could not load them: ${describe(related)}`));
    } else if (!related.related.length) {
      box.append(el('p', 'muted', 'No related questions.'));
    } else {
      const list = el('ol', 'related-list');
      for (const hit of related.related) {
        const li = el('li', 'related-item');
        li.append(navLink(questionHref(hit.id), 'related-link', hit.text),
          el('span', 'related-where muted', hit.section || hit.part || ''),
          el('code', 'hit-id', hit.id));
        list.append(li);
      }
      box.append(list);
    }
    return box;
  }

  function renderMissing(id) {
    document.title = 'No such question · Quarry';
    const title = el('h1', 'question-title', 'No such question');
    title.id = 'question-title';
    title.tabIndex = -1;
    ui.questionView.replaceChildren(title,
      paragraph(null, 'There is no question with the id ', el('code', null, id), '.'),
      paragraph(null, navLink(lastSearch, 'back', 'Search the bank')));
    document.body.dataset.state = 'missing';
    if (routed > 1) title.focus();
  }

  // ---- Keyboard ----

  let active = -1;  // the result highlighted with the arrow keys

  function setActive(index) {
    const items = ui.hits.children;
    const option = (i) => items[i].querySelector('.hit-link');
    if (items[active]) {
      items[active].classList.remove('active');
      option(active).setAttribute('aria-selected', 'false');
    }
    active = items[index] ? index : -1;
    if (active < 0) {
      ui.q.removeAttribute('aria-activedescendant');
      return;
    }
    items[active].classList.add('active');
    option(active).setAttribute('aria-selected', 'true');
    ui.q.setAttribute('aria-activedescendant', option(active).id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function clearSearch() {
    window.clearTimeout(debounce);
    ui.q.value = '';
    state = { ...state, q: '', page: 1, verbatim: false };
    commitTyping();
  }

  ui.q.addEventListener('keydown', (event) => {
    const count = view === 'search' ? ui.hits.children.length : 0;
    if (event.key === 'ArrowDown' && count) {
      event.preventDefault();
      setActive(Math.min(active + 1, count - 1));
    } else if (event.key === 'ArrowUp' && count) {
      event.preventDefault();
      setActive(active - 1);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      ui.hits.children[active].querySelector('a').click();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (ui.q.value) clearSearch();
      else setActive(-1);
    }
  });

  // Within the results, the arrow keys move the focus from one to the next.
  ui.hits.addEventListener('keydown', (event) => {
    const link = event.target instanceof Element && event.target.closest('.hit-link');
    if (!link || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    const links = [...ui.hits.querySelectorAll('.hit-link')];
    const next = links[links.indexOf(link) + (event.key === 'ArrowDown' ? 1 : -1)];
    event.preventDefault();
    if (!next) return;
    link.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });

  const typingInto = (node) => node instanceof HTMLElement
    && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));

  // Esc on a question goes back to the search it came from.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || view !== 'question' || typingInto(event.target)) return;
    event.preventDefault();
    go(lastSearch);
  });

  document.addEventListener('keydown', (event) => {
    const ctrlK = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey
      && !typingInto(event.target);
    if (!ctrlK && !slash) return;
    event.preventDefault();
    ui.q.focus();
    ui.q.select();
  });

  // ---- Events ----

  ui.q.addEventListener('input', () => {
    if (!keyAt) keyAt = Date.now();
    state = { ...state, q: ui.q.value, page: 1, verbatim: false };
    window.clearTimeout(debounce);
    debounce = window.setTimeout(commitTyping, DEBOUNCE_MS);
  });

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    state = { ...state, q: ui.q.value, page: 1, verbatim: false };
    commitTyping();
  });

  // Links marked data-nav are followed without reloading the page.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element && event.target.closest('a[data-nav]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
      || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(link.getAttribute('href'));
  });

  ui.more.addEventListener('click', moreResults);
  ui.retry.addEventListener('click', () => retry && retry());
  ui.toggle.addEventListener('click', () => {
    const open = !ui.facets.classList.contains('open');
    setFiltersOpen(open);
    // Opened, the filters are where the focus goes next.
    if (open) (ui.facets.querySelector('button') || ui.toggle).focus();
  });
  window.addEventListener('popstate', route);

  route();
})();
