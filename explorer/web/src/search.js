// Search for authors (searchAuthors) from any form marked data-search="authors".

import { graphql, toApiError } from './api.js';
import { h, plural } from './dom.js';
import { SEARCH_AUTHORS } from './queries.js';

const DEBOUNCE_MS = 250;
const MIN_LENGTH = 2;
const RESULTS = 10;

export function attachSearch(form, { hrefFor, prefill = false }) {
  const input = form.querySelector('input[type=search]');
  const status = form.querySelector('.search-status');
  const results = form.querySelector('.search-results');
  let controller = null;
  let timer = 0;

  async function run(text) {
    controller?.abort();
    const query = text.trim();
    if (query.length < MIN_LENGTH) {
      results.replaceChildren();
      status.textContent = '';
      return;
    }
    controller = new AbortController();
    status.textContent = 'Searching…';
    try {
      const { data, errors } = await graphql(
        SEARCH_AUTHORS,
        { query, first: RESULTS },
        { signal: controller.signal },
      );
      if (!data?.searchAuthors) throw toApiError(errors, 'The search failed.');
      show(data.searchAuthors, query);
    } catch (error) {
      if (error.name === 'AbortError') return;
      results.replaceChildren(h('li', { className: 'alert', role: 'alert', text: error.message }));
      status.textContent = '';
    }
  }

  function show(connection, query) {
    const items = connection.edges.map(({ node }) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: hrefFor(node.id) },
          h('span', { className: 'result-name', text: node.name }),
          h('span', {
            className: 'result-meta',
            text: [node.affiliation?.name, plural(node.counts.works, 'work')]
              .filter(Boolean)
              .join(' · '),
          }),
        ),
      ),
    );
    if (!items.length)
      items.push(h('li', { className: 'muted', text: `No researcher matches “${query}”.` }));
    results.replaceChildren(...items);
    status.textContent = `${plural(connection.totalCount, 'researcher')} found.`;
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    if (prefill) history.replaceState(null, '', `?q=${encodeURIComponent(input.value.trim())}`);
    run(input.value);
  });
  // A header search shows its results as a pop-up: close it when the focus or a click leaves.
  if (results.classList.contains('search-popup')) {
    document.addEventListener('click', (event) => {
      if (!form.contains(event.target)) results.replaceChildren();
    });
    form.addEventListener('focusout', (event) => {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) results.replaceChildren();
    });
  }
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      results.replaceChildren();
      input.focus();
    }
  });
  if (prefill) {
    const initial = new URLSearchParams(location.search).get('q');
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }
}
