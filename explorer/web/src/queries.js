// The GraphQL documents the pages send (see docs/api-contract.graphql).

const WORK_FIELDS = `
  id title abstract year type doi arxivId citedByCount
  venue { id name }
`;

export const AUTHOR_PROFILE = `
query AuthorProfile($id: ID!, $first: Int!) {
  author(id: $id) {
    id name orcid unresolved openToCollaborate affiliationImported
    affiliation { id name countryCode }
    counts { works followers topics collaborators closeCollaborators citations }
    trust {
      score status level claimed explanation
      components { key label points maxPoints detail }
    }
    topics(first: 5) { weight topic { id name } }
    works(first: $first, orderBy: { field: YEAR, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${WORK_FIELDS} } }
    }
  }
}`;

export const MORE_WORKS = `
query MoreWorks($id: ID!, $first: Int!, $after: String) {
  author(id: $id) {
    works(first: $first, after: $after, orderBy: { field: YEAR, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${WORK_FIELDS} } }
    }
  }
}`;

export const GRAPH_SLICE = `
query GraphSlice(
  $center: ID!, $depth: Int!, $minStrength: Float!, $limits: SliceLimits, $maxEdges: Int
) {
  graphSlice(
    center: $center, depth: $depth, minStrength: $minStrength, limits: $limits, maxEdges: $maxEdges
  ) {
    depth truncated
    center { id type label }
    nodes { id type label weight depth }
    edges { source target type weight }
  }
}`;

export const SEARCH_AUTHORS = `
query SearchAuthors($query: String!, $first: Int!) {
  searchAuthors(query: $query, first: $first) {
    totalCount
    edges { node { id name affiliation { name } counts { works } } }
  }
}`;
