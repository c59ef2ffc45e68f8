// Asking for a graph slice. Kept apart from graph.js (and Cytoscape) so that a page can send
// its first request before the graph code has even arrived.

import { ApiError, graphql, isNotFound, toApiError } from './api.js';
import { GRAPH_SLICE } from './queries.js';

// The slices the page asks for; tests/test_explorer_browser.py asks graphSlice the same.
// The first one reaches two steps out, so that an author's first view holds the nearby papers,
// people, topics, institutions and venues (ring 1 of an author is only its works, co-authors and
// affiliations); tight limits (per ring and type) and an edge cap keep it readable. Ten people
// per ring keep a typical researcher's co-authors in ring 1.
export const FIRST_SLICE = {
  depth: 2,
  minStrength: 0,
  limits: { authors: 10, works: 6, topics: 6, institutions: 4, sources: 2 },
  maxEdges: 150,
};
// null: the API's default limits and edge cap.
export const EXPAND_SLICE = { depth: 1, minStrength: 0, limits: null, maxEdges: null };

// The variables of a slice request: an argument left at null is left out, so the API applies
// its default (maxEdges is `Int! = 300`: an explicit null would be refused).
export function sliceVariables(center, { depth, minStrength, limits = null, maxEdges = null }) {
  const variables = { center, depth, minStrength };
  if (limits !== null) variables.limits = limits;
  if (maxEdges !== null) variables.maxEdges = maxEdges;
  return variables;
}

export async function fetchSlice(center, options) {
  const started = performance.now();
  const { data, errors } = await graphql(GRAPH_SLICE, sliceVariables(center, options));
  const finished = performance.now();
  const slice = data?.graphSlice;
  if (!slice || (!errors.length && !slice.nodes.length)) {
    if (isNotFound(errors) || (slice && !slice.nodes.length)) {
      throw new ApiError(`Nothing in the graph has the id “${center}”.`, { code: 'NOT_FOUND' });
    }
    throw toApiError(errors, 'The graph slice could not be built.');
  }
  return { slice, timing: { started, finished } };
}

// Starts the first slice's request now; its failure is handled by whoever awaits it later.
export function prefetchFirstSlice(center) {
  const request = fetchSlice(center, FIRST_SLICE);
  request.catch(() => {});
  return request;
}
