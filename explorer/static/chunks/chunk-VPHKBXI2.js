var n=class extends Error{constructor(t,{code:o="ERROR"}={}){super(t),this.name="ApiError",this.code=o}};async function l(e,t={},{signal:o}={}){let r;try{r=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/json"},body:JSON.stringify({query:e,variables:t}),signal:o})}catch(a){throw a.name==="AbortError"?a:new n("The service could not be reached. Check the connection and try again.",{code:"NETWORK"})}let i;try{i=await r.json()}catch{throw new n(`The service answered ${r.status} without a GraphQL result.`,{code:"HTTP"})}return{data:i.data??null,errors:i.errors??[]}}function u(e,t){let[o]=e;if(!o)return new n(t);let r=o.extensions?.code??"ERROR";return new n(o.message||t,{code:r})}function p(e){return e.some(t=>t.extensions?.code==="NOT_FOUND"||/not found/i.test(t.message??""))}function y(e,t={},...o){let r=document.createElement(e);return m(r,t),c(r,o),r}var w="http://www.w3.org/2000/svg";function C(e,t={},...o){let r=document.createElementNS(w,e);return m(r,t),c(r,o),r}function m(e,t){for(let[o,r]of Object.entries(t))r==null||r===!1||(o==="text"?e.textContent=r:o.startsWith("on")?e.addEventListener(o.slice(2),r):e.setAttribute(o==="className"?"class":o,r===!0?"":String(r)))}function c(e,t){for(let o of t.flat(1/0))o==null||o===!1||e.append(o instanceof Node?o:String(o))}function R(e,...t){return e.replaceChildren(),c(e,t),e}function A(e){return document.getElementById(e)}function E(e){return new Intl.NumberFormat("en").format(e)}function O(e){return e==null||Number.isNaN(e)?"":Number.isInteger(e)?String(e):e.toFixed(2).replace(/0$/,"")}function N(e,t,o=`${t}s`){return`${E(e)} ${e===1?t:o}`}var f=`
  id title abstract year type doi arxivId citedByCount
  venue { id name }
`,T=`
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
      edges { node { ${f} } }
    }
  }
}`,_=`
query MoreWorks($id: ID!, $first: Int!, $after: String) {
  author(id: $id) {
    works(first: $first, after: $after, orderBy: { field: YEAR, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${f} } }
    }
  }
}`,h=`
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
}`,D=`
query SearchAuthors($query: String!, $first: Int!) {
  searchAuthors(query: $query, first: $first) {
    totalCount
    edges { node { id name affiliation { name } counts { works } } }
  }
}`,b="query Me { me { id email orcid role } }",P=`
query Viewer($id: ID!) {
  me { id isFollowing(authorId: $id) }
  myClaims { id status level author { id name } }
}`,q="mutation VerifyOrcid { verifyClaimWithOrcid { id status level } }",F=`
mutation StartEmail($address: String!) {
  startClaimEmailVerification(address: $address) { address institution expiresAt delivery }
}`,L=`
mutation RequestReview($evidence: String!) {
  requestClaimReview(evidence: $evidence) { id status level review }
}`,k=`
mutation Claim($id: ID!) { claimAuthor(authorId: $id) { id status level author { id name } } }`,W=`
mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { account { id email } }
}`,U=`
mutation SignUp($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id email } }
}`,V="mutation SignOut { signOut }",G=`
mutation Follow($id: ID!) { follow(authorId: $id) { following followers } }`,M=`
mutation Unfollow($id: ID!) { unfollow(authorId: $id) { following followers } }`,H=`
query MyAccount {
  me {
    id email orcid role
    tokens { id name role createdAt expiresAt }
    following(first: 50) { totalCount edges { node { id name } } }
  }
}`,K=`
mutation CreateToken($name: String!, $role: Role, $days: Int) {
  createApiToken(name: $name, role: $role, expiresInDays: $days) {
    secret token { id name role expiresAt }
  }
}`,B="mutation RevokeToken($id: ID!) { revokeApiToken(id: $id) }",j=`
mutation ChangePassword($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) { account { id } }
}`,Y=`
query ClaimReviews {
  claimReviews { id reviewKind evidence claimantId claimantEmail author { id name } }
}`,Q=`
mutation Decide($id: ID!, $approve: Boolean!, $reason: String!) {
  decideClaimReview(claimId: $id, approve: $approve, reason: $reason) { id status review }
}`,J=`
mutation EditProfile($open: Boolean, $description: String) {
  editProfile(openToCollaborate: $open, description: $description) {
    id openToCollaborate description
  }
}`;var x={depth:2,minStrength:0,limits:{authors:10,works:6,topics:6,institutions:4,sources:2},maxEdges:150},ee={depth:1,minStrength:0,limits:null,maxEdges:null};async function I(e,{depth:t,minStrength:o,limits:r=null,maxEdges:i=null}){let a=performance.now(),{data:$,errors:d}=await l(h,{center:e,depth:t,minStrength:o,limits:r,maxEdges:i}),g=performance.now(),s=$?.graphSlice;if(!s||!d.length&&!s.nodes.length)throw p(d)||s&&!s.nodes.length?new n(`Nothing in the graph has the id \u201C${e}\u201D.`,{code:"NOT_FOUND"}):u(d,"The graph slice could not be built.");return{slice:s,timing:{started:a,finished:g}}}function te(e){let t=I(e,x);return t.catch(()=>{}),t}export{l as a,u as b,p as c,y as d,C as e,R as f,A as g,E as h,O as i,N as j,T as k,_ as l,D as m,b as n,P as o,q as p,F as q,L as r,k as s,W as t,U as u,V as v,G as w,M as x,H as y,K as z,B as A,j as B,Y as C,Q as D,J as E,x as F,ee as G,I as H,te as I};
