// "View the query": under a panel, the named Cypher query that produced it and the parameters it
// ran with (GET /cypher/views/{panel}: the same parameters the resolver passes for this page's
// GraphQL request). For an analyst, Run (POST /cypher through the guard, the first rows shown)
// and Download CSV (the whole result, streamed) of `view.analyst`: the panel's own query, or,
// when that one reads private data (the profile's), its public variant, which the panel names.

import { currentAccount } from './account.js';
import { fill, formatNumber, h } from './dom.js';

const ANALYST_ROLES = new Set(['ANALYST', 'ADMIN']);
const SHOWN_ROWS = 10;

// A <details> element; the query is asked for when it is first opened.
export function viewQuery(panel, variables) {
  const body = h('div', { className: 'view-query-body' });
  const details = h(
    'details',
    { className: 'view-query', 'data-panel': panel },
    h('summary', { text: 'View the query' }),
    body,
  );
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    fill(body, h('p', { className: 'muted', role: 'status', text: 'Loading the query…' }));
    show(body, panel, variables).catch((error) => {
      loaded = false;
      fill(body, h('p', { className: 'alert', role: 'alert', text: error.message }));
    });
  });
  return details;
}

async function show(body, panel, variables) {
  const url = `/cypher/views/${encodeURIComponent(panel)}?variables=${encodeURIComponent(
    JSON.stringify(variables),
  )}`;
  const [response, account] = await Promise.all([fetch(url), currentAccount()]);
  const view = await response.json();
  if (!response.ok) throw new Error(view.errors?.[0]?.message ?? 'The query could not be loaded.');
  const analyst = account && ANALYST_ROLES.has(account.role);
  const result = h('div', { className: 'view-query-result' });
  fill(
    body,
    h(
      'p',
      {},
      'This panel is the result of the named query ',
      h('code', { text: view.query }),
      ` (${view.file}), run with these parameters:`,
    ),
    h('pre', { className: 'view-query-parameters' }, h('code', { text: pretty(view.parameters) })),
    h('pre', { className: 'view-query-cypher' }, h('code', { text: view.cypher })),
    analyst && view.analyst.variant
      ? h(
          'div',
          { className: 'view-query-variant' },
          h(
            'p',
            {},
            'Analysts run its public variant ',
            h('code', { text: view.analyst.query }),
            ` (${view.analyst.file}). ${view.analyst.note}`,
          ),
          h(
            'pre',
            { className: 'view-query-variant-cypher' },
            h('code', { text: view.analyst.cypher }),
          ),
        )
      : null,
    analyst
      ? h(
          'p',
          { className: 'actions' },
          h('button', {
            type: 'button',
            className: 'view-query-run',
            text: 'Run it',
            onclick: () => run(view.analyst, result),
          }),
          h('button', {
            type: 'button',
            className: 'view-query-download',
            text: 'Download CSV',
            onclick: () => download(view.analyst, result),
          }),
        )
      : h('p', {
          className: 'muted',
          text: 'Analysts can run it or download its rows here (POST /cypher, docs/analysts.md).',
        }),
    result,
  );
}

function pretty(parameters) {
  return JSON.stringify(parameters, null, 2);
}

async function post(view, format) {
  return fetch('/cypher', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ statement: view.cypher, parameters: view.parameters, format }),
  });
}

async function refusal(response) {
  try {
    const body = await response.json();
    const error = body.errors?.[0];
    if (error) return `${error.extensions?.code ?? 'ERROR'}: ${error.message}`;
  } catch {
    // not JSON: the status says enough
  }
  return `The service answered ${response.status}.`;
}

async function run(view, result) {
  fill(result, h('p', { role: 'status', text: 'Running…' }));
  const response = await post(view, 'json');
  if (!response.ok) {
    fill(result, h('p', { className: 'alert', role: 'alert', text: await refusal(response) }));
    return;
  }
  const body = await response.json();
  if (body.error) {
    fill(result, h('p', { className: 'alert', role: 'alert', text: body.error.message }));
    return;
  }
  const rows = body.rows.slice(0, SHOWN_ROWS);
  fill(
    result,
    h('p', {
      role: 'status',
      className: 'view-query-summary',
      text: `${formatNumber(body.summary.rows)} row(s) in ${Math.round(body.summary.durationMs)} ms`,
    }),
    h(
      'div',
      { className: 'view-query-table' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            body.columns.map((column) => h('th', { text: column })),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((row) =>
            h(
              'tr',
              {},
              row.map((cell) => h('td', { text: cellText(cell) })),
            ),
          ),
        ),
      ),
    ),
  );
}

function cellText(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

async function download(view, result) {
  fill(result, h('p', { role: 'status', text: 'Preparing the CSV…' }));
  const response = await post(view, 'csv');
  if (!response.ok) {
    fill(result, h('p', { className: 'alert', role: 'alert', text: await refusal(response) }));
    return;
  }
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = h('a', {
    href,
    download: `${view.query.replace('/', '-')}.csv`,
    className: 'view-query-file',
    text: `${view.query.replace('/', '-')}.csv (${formatNumber(blob.size)} bytes)`,
  });
  fill(result, h('p', { role: 'status' }, 'Downloaded: ', link));
  link.click();
}
