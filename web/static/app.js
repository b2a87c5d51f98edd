// Quarry's search page: results as you type, facets, spelling suggestions.
//
// Safety rule: text from the bank or from the query is only ever set with
// textContent. The one exception is a hit's `snippet`, which the server
// HTML-escapes and marks up with <mark> alone.
'use strict';

(() => {
  const DEBOUNCE_MS = 120;
  const PAGE_SIZE = 20;
  const RELATED_LIMIT = 5;
  const FACETS = ['part', 'section'];

  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $('search-form'),
    q: $('q'),
    summary: $('summary'),
    correction: $('correction'),
    error: $('error'),
    hits: $('results'),
    pager: $('pager'),
    prev: $('prev'),
    next: $('next'),
    facet: { part: $('facet-part'), section: $('facet-section') },
  };

  // ---- State, mirrored in the URL: ?q=&part=&section=&offset= ----

  let state = readUrl();

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    const offset = Number.parseInt(params.get('offset') || '0', 10);
    return {
      q: params.get('q') || '',
      part: params.getAll('part').filter(Boolean),
      section: params.getAll('section').filter(Boolean),
      offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
    };
  }

  function writeUrl(push) {
    const params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    for (const key of FACETS) for (const value of state[key]) params.append(key, value);
    if (state.offset) params.set('offset', String(state.offset));
    const query = params.toString();
    const url = query ? `?${query}` : window.location.pathname;
    if (url === window.location.search) return;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  // ---- Talking to the API ----

  // The search URL for `s`, leaving out the filter named `omit` (if any).
  function searchUrl(s, omit, limit) {
    const params = new URLSearchParams();
    params.set('q', s.q);
    for (const key of FACETS) {
      if (key === omit) continue;
      for (const value of s[key]) params.append(key, value);
    }
    params.set('limit', String(limit));
    params.set('offset', String(omit ? 0 : s.offset));
    return `/api/search?${params}`;
  }

  function questionUrl(id, suffix) {
    // Ids hold a slash ("python-core/13"): encode each segment on its own.
    return `/api/questions/${id.split('/').map(encodeURIComponent).join('/')}${suffix}`;
  }

  async function fetchJson(url, signal) {
    const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      // Not JSON: reported below by status.
    }
    if (!response.ok) {
      throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    }
    return body;
  }

  // ---- Searching ----

  let latest = 0;  // number of the newest search started
  let controller = null;
  let timer = null;

  function searchSoon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DEBOUNCE_MS);
  }

  async function search() {
    window.clearTimeout(timer);
    const mine = ++latest;
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    const s = { ...state, part: [...state.part], section: [...state.section] };
    document.body.classList.add('loading');
    try {
      // A facet's counts ignore its own filter, so that its other values stay
      // visible and can be added (values of one facet are OR-ed).
      const [main, partCounts, sectionCounts] = await Promise.all([
        fetchJson(searchUrl(s, null, PAGE_SIZE), signal),
        s.part.length ? fetchJson(searchUrl(s, 'part', 1), signal) : null,
        s.section.length ? fetchJson(searchUrl(s, 'section', 1), signal) : null,
      ]);
      if (mine !== latest) return;  // a late answer to an older query
      render(s, main, {
        part: (partCounts || main).facets.part,
        section: (sectionCounts || main).facets.section,
      });
    } catch (err) {
      if (mine !== latest || err.name === 'AbortError') return;
      showError(err.message);
    } finally {
      if (mine === latest) document.body.classList.remove('loading');
    }
  }

  // ---- Rendering ----

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(message) {
    ui.error.textContent = `Search failed: ${message}`;
    ui.error.hidden = false;
  }

  function render(s, response, facets) {
    ui.error.hidden = true;
    renderSummary(response);
    renderCorrection(s, response);
    ui.hits.replaceChildren(...response.hits.map(renderHit));
    ui.hits.start = response.offset + 1;
    for (const key of FACETS) renderFacet(key, facets[key], s[key]);
    renderPager(response);
  }

  function renderSummary(r) {
    const took = `${Number(r.took_ms).toFixed(1)} ms`;
    if (r.total === 0) {
      ui.summary.textContent = `No questions found · ${took}`;
    } else if (r.hits.length === r.total) {
      ui.summary.textContent = `${r.total} ${r.total === 1 ? 'question' : 'questions'} · ${took}`;
    } else {
      const first = r.offset + 1;
      const last = r.offset + r.hits.length;
      ui.summary.textContent = `${first}–${last} of ${r.total} questions · ${took}`;
    }
  }

  function renderCorrection(s, r) {
    ui.correction.replaceChildren();
    // A correction that finds nothing either is not worth mentioning.
    if (!r.corrected_query || (r.showing_corrected && r.total === 0)) {
      ui.correction.hidden = true;
      return;
    }
    if (r.showing_corrected) {
      ui.correction.append('No results for ', el('q', null, s.q), '. Showing results for ',
                           el('strong', null, r.corrected_query), '.');
    } else {
      const link = el('a', 'suggestion', r.corrected_query);
      link.href = `?q=${encodeURIComponent(r.corrected_query)}`;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        setQuery(r.corrected_query);
      });
      ui.correction.append('Did you mean ', link, '?');
    }
    ui.correction.hidden = false;
  }

  function renderHit(hit) {
    const item = el('li', 'hit');
    const meta = el('div', 'hit-meta');
    meta.append(el('span', 'hit-section', hit.section || hit.part || ''),
                el('code', 'hit-id', hit.id));
    const text = el('p', 'hit-text');
    text.innerHTML = hit.snippet;  // escaped by the server; only <mark> inside
    const toggle = el('button', 'related-toggle', 'Related');
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', 'false');
    const related = el('div', 'related');
    related.hidden = true;
    toggle.addEventListener('click', () => toggleRelated(hit.id, toggle, related));
    item.append(meta, text, toggle, related);
    return item;
  }

  async function toggleRelated(id, toggle, box) {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    box.hidden = !open;
    if (!open || box.dataset.loaded) return;
    box.dataset.loaded = 'yes';
    box.replaceChildren(el('p', 'related-note', 'Loading…'));
    try {
      const body = await fetchJson(questionUrl(id, `/related?limit=${RELATED_LIMIT}`));
      if (body.related.length === 0) {
        box.replaceChildren(el('p', 'related-note', 'No related questions.'));
        return;
      }
      const list = el('ul', 'related-list');
      for (const hit of body.related) {
        const item = el('li', 'related-item');
        item.append(el('span', 'related-text', hit.text), ' ',
                    el('code', 'hit-id', hit.id));
        list.append(item);
      }
      box.replaceChildren(list);
    } catch (err) {
      delete box.dataset.loaded;
      box.replaceChildren(el('p', 'related-note error', `Could not load: ${err.message}`));
    }
  }

  function renderFacet(key, values, selected) {
    const shown = values.map((v) => ({ value: v.value, count: v.count }));
    // Keep selected values listed (and removable) even when nothing matches.
    for (const value of selected) {
      if (!shown.some((v) => v.value === value)) shown.unshift({ value, count: 0 });
    }
    const items = shown.map(({ value, count }) => {
      const active = selected.includes(value);
      const button = el('button', active ? 'facet-value active' : 'facet-value');
      button.type = 'button';
      button.setAttribute('aria-pressed', String(active));
      button.dataset.facet = key;
      button.dataset.value = value;
      button.append(el('span', 'facet-name', value), el('span', 'facet-count', String(count)));
      button.addEventListener('click', () => toggleFacet(key, value));
      const item = el('li');
      item.append(button);
      return item;
    });
    ui.facet[key].replaceChildren(...items);
  }

  function renderPager(r) {
    const hasPrev = r.offset > 0;
    const hasNext = r.offset + r.hits.length < r.total;
    ui.pager.hidden = !hasPrev && !hasNext;
    ui.prev.disabled = !hasPrev;
    ui.next.disabled = !hasNext;
  }

  // ---- Actions ----

  function setQuery(q) {
    ui.q.value = q;
    state.q = q;
    state.offset = 0;
    writeUrl(true);
    search();
  }

  function toggleFacet(key, value) {
    const values = state[key];
    state[key] = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
    state.offset = 0;
    writeUrl(true);
    search();
  }

  function page(direction) {
    state.offset = Math.max(0, state.offset + direction * PAGE_SIZE);
    writeUrl(true);
    search();
    window.scrollTo({ top: 0 });
  }

  ui.q.addEventListener('input', () => {
    state.q = ui.q.value;
    state.offset = 0;
    writeUrl(false);
    searchSoon();
  });
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.q = ui.q.value;
    state.offset = 0;
    writeUrl(false);
    search();
  });
  ui.prev.addEventListener('click', () => page(-1));
  ui.next.addEventListener('click', () => page(1));
  window.addEventListener('popstate', () => {
    state = readUrl();
    ui.q.value = state.q;
    search();
  });

  ui.q.value = state.q;
  search();
})();
