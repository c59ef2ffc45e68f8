// The GraphQL documents the pages send (see docs/api-contract.graphql).

const WORK_FIELDS = `
  id title abstract year type doi arxivId citedByCount
  venue { id name }
`;

export const AUTHOR_PROFILE = `
query AuthorProfile($id: ID!, $first: Int!) {
  author(id: $id) {
    id name orcid unresolved openToCollaborate affiliationImported description
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

export const AUTHOR_COLLABORATORS = `
query AuthorCollaborators($id: ID!, $first: Int!) {
  author(id: $id) {
    collaborators(first: $first) {
      totalCount
      edges { node { sharedWorks strength close author { id name } } }
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

// -- accounts (docs/api.md, "Accounts, sessions and Follow") -------------------------------------

export const ME = `query Me { me { id email orcid role } }`;

export const VIEWER = `
query Viewer($id: ID!) {
  me { id isFollowing(authorId: $id) }
  myClaims { id status level author { id name } }
}`;

export const VERIFY_ORCID = `mutation VerifyOrcid { verifyClaimWithOrcid { id status level } }`;

export const START_EMAIL = `
mutation StartEmail($address: String!) {
  startClaimEmailVerification(address: $address) { address institution expiresAt delivery }
}`;

export const REQUEST_REVIEW = `
mutation RequestReview($evidence: String!) {
  requestClaimReview(evidence: $evidence) { id status level review }
}`;

export const CLAIM = `
mutation Claim($id: ID!) { claimAuthor(authorId: $id) { id status level author { id name } } }`;

export const SIGN_IN = `
mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { account { id email } }
}`;

export const SIGN_UP = `
mutation SignUp($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id email } }
}`;

export const SIGN_OUT = `mutation SignOut { signOut }`;

export const FOLLOW = `
mutation Follow($id: ID!) { follow(authorId: $id) { following followers } }`;

export const UNFOLLOW = `
mutation Unfollow($id: ID!) { unfollow(authorId: $id) { following followers } }`;

export const MY_ACCOUNT = `
query MyAccount {
  me {
    id email orcid role
    tokens { id name role createdAt expiresAt }
    following(first: 50) { totalCount edges { node { id name } } }
  }
}`;

export const CREATE_TOKEN = `
mutation CreateToken($name: String!, $role: Role, $days: Int) {
  createApiToken(name: $name, role: $role, expiresInDays: $days) {
    secret token { id name role expiresAt }
  }
}`;

export const REVOKE_TOKEN = `mutation RevokeToken($id: ID!) { revokeApiToken(id: $id) }`;

export const CHANGE_PASSWORD = `
mutation ChangePassword($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) { account { id } }
}`;

export const CLAIM_REVIEWS = `
query ClaimReviews {
  claimReviews { id reviewKind evidence claimantId claimantEmail author { id name } }
}`;

export const DECIDE_REVIEW = `
mutation Decide($id: ID!, $approve: Boolean!, $reason: String!) {
  decideClaimReview(claimId: $id, approve: $approve, reason: $reason) { id status review }
}`;

export const EDIT_PROFILE = `
mutation EditProfile($open: Boolean, $description: String) {
  editProfile(openToCollaborate: $open, description: $description) {
    id openToCollaborate description
  }
}`;
