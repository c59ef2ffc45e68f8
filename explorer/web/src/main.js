// One entry for the three pages; <body data-page> says which one this is.

import { accountPage, renderAccountNav, signInPage, signUpPage } from './account.js';
import { adminClaimsPage } from './admin.js';
import { graphql, isNotFound, toApiError } from './api.js';
import { conversationPage, inboxPage, renderInvite } from './collaboration.js';
import { byId, h } from './dom.js';
import { renderProfile, renderWorks } from './profile.js';
import { AUTHOR_COLLABORATORS, AUTHOR_PROFILE, MORE_WORKS, VIEWER } from './queries.js';
import { attachSearch } from './search.js';
import { FIRST_SLICE, prefetchFirstSlice } from './slice.js';
import { viewQuery } from './viewquery.js';

const WORKS_PAGE = 20;
const COLLABORATORS_SHOWN = 10;

const authorHref = (id) => `/authors/${encodeURIComponent(id)}`;
const exploreHref = (id) => `/explore/${encodeURIComponent(id)}`;

function idFromPath(prefix) {
  const raw = location.pathname.slice(prefix.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function showPageAlert(...content) {
  const alert = byId('page-alert');
  alert.replaceChildren(...content);
  alert.hidden = false;
}

// The graph code (with Cytoscape, most of the bytes) arrives as its own chunk, while the first
// slice is already being asked for.
async function startGraph(id, options) {
  const slice = prefetchFirstSlice(id);
  let GraphView;
  try {
    ({ GraphView } = await import('./graph.js'));
  } catch {
    byId('graph-panel').replaceChildren(
      h('p', {
        className: 'alert',
        role: 'alert',
        text: 'The graph code could not be loaded. Reload the page to try again.',
      }),
    );
    return null;
  }
  const graph = new GraphView(byId('graph-panel'), options);
  return graph.load(id, slice);
}

async function authorPage() {
  const id = idFromPath('/authors/');
  attachSearch(document.querySelector('[data-search]'), { hrefFor: authorHref });
  byId('open-explorer').href = exploreHref(id);
  const graph = startGraph(id, { hrefForAuthor: authorHref, hrefForExplore: exploreHref });
  byId('graph-section').append(viewQuery('graph', { center: id, ...FIRST_SLICE }));
  const collaborators = loadCollaborators(id);
  const profiled = await loadProfile(id);
  if (profiled === 'not-found') {
    byId('graph-section').hidden = true;
    byId('works-section').hidden = true;
    byId('collaborators-section').hidden = true;
  } else if (profiled === 'ok') {
    renderInvite(byId('collaboration'), id);
  }
  await Promise.all([graph, collaborators]);
}

// The strongest collaborators (Author.collaborators), strength and shared works.
async function loadCollaborators(id) {
  const section = byId('collaborators-section');
  const list = byId('collaborators');
  let result;
  try {
    result = await graphql(AUTHOR_COLLABORATORS, { id, first: COLLABORATORS_SHOWN });
  } catch (error) {
    result = { data: null, errors: [{ message: error.message }] };
  }
  const connection = result.data?.author?.collaborators;
  if (!connection) {
    list.replaceWith(
      h('p', {
        className: 'alert',
        role: 'alert',
        text: toApiError(result.errors, 'The collaborators could not be loaded.').message,
      }),
    );
    return;
  }
  byId('collaborators-heading').textContent = `Collaborators (${connection.totalCount})`;
  list.replaceChildren(
    ...connection.edges.map(({ node }) =>
      h(
        'li',
        { className: 'collaborator' },
        h('a', { href: authorHref(node.author.id), text: node.author.name }),
        h('span', {
          className: 'muted',
          text: ` · strength ${node.strength.toFixed(2)} · ${node.sharedWorks} shared work${
            node.sharedWorks === 1 ? '' : 's'
          }${node.close ? ' · close' : ''}`,
        }),
      ),
    ),
  );
  section.append(viewQuery('collaborators', { id, first: COLLABORATORS_SHOWN }));
}

async function loadProfile(id) {
  const section = byId('profile');
  // Who is looking (to show Follow or "Sign in to follow"), asked beside the profile.
  const viewer = graphql(VIEWER, { id })
    .then(({ data }) =>
      data?.me
        ? {
            following: data.me.isFollowing,
            // The account's open claim, if any (one account claims one record).
            claim: (data.myClaims ?? []).find((c) => ['ACTIVE', 'IN_REVIEW'].includes(c.status)),
          }
        : null,
    )
    .catch(() => null);
  let result;
  try {
    result = await graphql(AUTHOR_PROFILE, { id, first: WORKS_PAGE });
  } catch (error) {
    result = { data: null, errors: [{ message: error.message }] };
  }
  const author = result.data?.author;
  if (!author) {
    const notFound = isNotFound(result.errors) || !result.errors.length;
    section.hidden = true;
    if (notFound) {
      document.title = 'Researcher not found · Scholarly knowledge graph';
      showPageAlert(
        h('strong', { text: 'No researcher has this id. ' }),
        `“${id}” is not in the graph. Search for them by name above, or `,
        h('a', { href: '/', text: 'start from the search page' }),
        '.',
      );
      return 'not-found';
    }
    showPageAlert(
      h('strong', { text: 'The researcher could not be loaded. ' }),
      toApiError(result.errors, 'The service did not answer.').message,
    );
    return 'error';
  }
  document.title = `${author.name} · Scholarly knowledge graph`;
  renderProfile(section, author, await viewer);
  section.append(viewQuery('profile', { id }));
  showWorks(id, author.works);
  byId('works-section').append(viewQuery('works', { id, first: WORKS_PAGE }));
  return 'ok';
}

function showWorks(id, connection, { append = false } = {}) {
  const list = byId('works');
  const more = byId('more-works');
  byId('works-heading').textContent = `Published works (${connection.totalCount})`;
  renderWorks(list, connection.edges, { append });
  more.hidden = !connection.pageInfo.hasNextPage;
  more.onclick = async () => {
    more.disabled = true;
    try {
      const { data, errors } = await graphql(MORE_WORKS, {
        id,
        first: WORKS_PAGE,
        after: connection.pageInfo.endCursor,
      });
      if (!data?.author) throw toApiError(errors, 'More works could not be loaded.');
      showWorks(id, data.author.works, { append: true });
    } catch (error) {
      list.after(h('p', { className: 'alert', role: 'alert', text: error.message }));
    } finally {
      more.disabled = false;
    }
  };
}

async function explorePage() {
  const id = idFromPath('/explore/');
  attachSearch(document.querySelector('[data-search]'), { hrefFor: exploreHref });
  const slice = await startGraph(id, {
    hrefForAuthor: authorHref,
    hrefForExplore: exploreHref,
    showExploreLink: false,
  });
  if (!slice) return;
  const center = slice.nodes.find((n) => n.id === slice.center.id) ?? slice.center;
  byId('explore-heading').textContent = `Explorer: ${center.label}`;
  document.title = `${center.label} · Explorer · Scholarly knowledge graph`;
  if (center.type === 'AUTHOR') {
    const back = byId('back-to-profile');
    back.href = authorHref(center.id);
    back.hidden = false;
  }
}

function searchPage() {
  attachSearch(document.querySelector('[data-search]'), { hrefFor: authorHref, prefill: true });
}

const pages = {
  search: searchPage,
  author: authorPage,
  explore: explorePage,
  signin: signInPage,
  signup: signUpPage,
  account: accountPage,
  'admin-claims': adminClaimsPage,
  inbox: inboxPage,
  conversation: conversationPage,
};
// The page's own requests go first: on the graph pages the first slice is then the first request
// the service answers.
pages[document.body.dataset.page]?.();
renderAccountNav();
