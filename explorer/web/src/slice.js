// Asking for a graph slice. Kept apart from graph.js (and Cytoscape) so that a page can send
// its first request before the graph code has even arrived.

import { ApiError, graphql, isNotFound, toApiError } from './api.js';
import { GRAPH_SLICE } from './queries.js';

// The slices the page asks for; tests/test_explorer_browser.py asks graphSlice the same.
export const FIRST_SLICE = { depth: 1, minStrength: 0 };
export const EXPAND_SLICE = { depth: 1, minStrength: 0 };

export async function fetchSlice(center, { depth, minStrength }) {
  const started = performance.now();
  const { data, errors } = await graphql(GRAPH_SLICE, { center, depth, minStrength });
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
