// The maintainer's report: GET /api/stats as a page (static/report.html),
// linked from the search page only where the server offers it
// (quarry-serve --admin, the page opened on its machine).
//
// Safety rule, as in app.js: text from the log (queries are whatever
// people typed) and the bank is only ever set with textContent. Nothing
// here is a link to a search or a question: reading the report adds
// nothing to the log it reports on.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  // A part of the report: its title, a line of totals, then its list.
  function part(id, title, totals, items) {
    const box = el('section', 'report-part');
    box.id = id;
    box.append(el('h2', null, title));
    if (totals) box.append(el('p', 'muted report-totals', totals));
    if (!items.length) {
      box.append(el('p', 'muted report-none', 'None.'));
      return box;
    }
    const list = el('ol', 'report-list');
    list.append(...items);
    box.append(list);
    return box;
  }

  // Each query as typed, how many searches, its latest hits.
  function queryItems(queries) {
    return queries.map((q) => {
      const li = el('li');
      li.append(el('span', 'report-query', q.query), ' ',
        el('span', 'muted', `${plural(q.count, 'search', 'searches')}, ${plural(q.hits, 'hit', 'hits')}`));
      return li;
    });
  }

  function render(r) {
    const status = $('report-status');
    if (!r.logging) {
      status.textContent = 'The server keeps no query log: start it with --query-log FILE '
        + 'to see what people search.';
      document.body.dataset.state = 'logging-off';
      return;
    }
    const when = r.first_time ? ` from ${r.first_time} to ${r.last_time}` : '';
    status.textContent = `${plural(r.searches, 'search', 'searches')} of `
      + `${plural(r.distinct_queries, 'query', 'queries')}, `
      + `${plural(r.opens, 'question', 'questions')} opened${when}.`;
    const never = r.never_opened;
    const ids = never.ids.map((id) => {
      const li = el('li');
      li.append(el('code', null, id));
      return li;
    });
    const parts = [
      part('report-top', 'Top queries', '', queryItems(r.top_queries)),
      part('report-no-hits', 'Queries with no hit',
        `${plural(r.no_hits.searches, 'search', 'searches')} of `
        + `${plural(r.no_hits.queries, 'query', 'queries')} found nothing.`, queryItems(r.no_hits.list)),
      part('report-relaxed', 'Queries with only relaxed hits',
        `${plural(r.relaxed.searches, 'search', 'searches')} of `
        + `${plural(r.relaxed.queries, 'query', 'queries')} found only questions with fewer of `
        + 'their words, the corrected query\'s, or questions on related subjects.',
        queryItems(r.relaxed.list)),
      part('report-never-opened', 'Questions never opened',
        `${never.total} of ${never.questions} questions`
        + `${never.ids.length < never.total ? ` (the first ${never.ids.length} listed)` : ''}.`, ids),
    ];
    if (r.skipped_lines) {
      parts.push(el('p', 'muted', `${plural(r.skipped_lines, 'line', 'lines')} of the log were not `
        + 'records and were skipped.'));
    }
    $('report').replaceChildren(...parts);
    document.body.dataset.state = 'report';
  }

  async function load() {
    const main = $('main');
    try {
      const response = await fetch('/api/stats', { headers: { Accept: 'application/json' } });
      if (response.status === 404) {
        $('report-status').textContent = 'This server shows no report here: it is shown by a '
          + 'server started with --admin, to its own machine.';
        document.body.dataset.state = 'no-report';
        return;
      }
      const body = await response.json();
      if (!response.ok) throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
      render(body);
    } catch (err) {
      $('report-status').textContent = `The report could not be read: ${err.message}`;
      document.body.dataset.state = 'error';
    } finally {
      main.removeAttribute('aria-busy');
    }
  }

  load();
})();
