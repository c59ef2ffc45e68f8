var s=class extends Error{constructor(t,{code:o="ERROR"}={}){super(t),this.name="ApiError",this.code=o}};async function c(e,t={},{signal:o}={}){let r;try{r=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/json"},body:JSON.stringify({query:e,variables:t}),signal:o})}catch(i){throw i.name==="AbortError"?i:new s("The service could not be reached. Check the connection and try again.",{code:"NETWORK"})}let n;try{n=await r.json()}catch{throw new s(`The service answered ${r.status} without a GraphQL result.`,{code:"HTTP"})}return{data:n.data??null,errors:n.errors??[]}}function l(e,t){let[o]=e;if(!o)return new s(t);let r=o.extensions?.code??"ERROR";return new s(o.message||t,{code:r})}function u(e){return e.some(t=>t.extensions?.code==="NOT_FOUND"||/not found/i.test(t.message??""))}function I(e,t={},...o){let r=document.createElement(e);return p(r,t),d(r,o),r}var h="http://www.w3.org/2000/svg";function S(e,t={},...o){let r=document.createElementNS(h,e);return p(r,t),d(r,o),r}function p(e,t){for(let[o,r]of Object.entries(t))r==null||r===!1||(o==="text"?e.textContent=r:o.startsWith("on")?e.addEventListener(o.slice(2),r):e.setAttribute(o==="className"?"class":o,r===!0?"":String(r)))}function d(e,t){for(let o of t.flat(1/0))o==null||o===!1||e.append(o instanceof Node?o:String(o))}function y(e,...t){return e.replaceChildren(),d(e,t),e}function C(e){return document.getElementById(e)}function $(e){return new Intl.NumberFormat("en").format(e)}function R(e){return e==null||Number.isNaN(e)?"":Number.isInteger(e)?String(e):e.toFixed(2).replace(/0$/,"")}function A(e,t,o=`${t}s`){return`${$(e)} ${e===1?t:o}`}var m=`
  id title abstract year type doi arxivId citedByCount
  venue { id name }
`,N=`
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
      edges { node { ${m} } }
    }
  }
}`,T=`
query MoreWorks($id: ID!, $first: Int!, $after: String) {
  author(id: $id) {
    works(first: $first, after: $after, orderBy: { field: YEAR, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${m} } }
    }
  }
}`,v=`
query AuthorCollaborators($id: ID!, $first: Int!) {
  author(id: $id) {
    collaborators(first: $first) {
      totalCount
      edges { node { sharedWorks strength close author { id name } } }
    }
  }
}`,f=`
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
}`,b=`
query SearchAuthors($query: String!, $first: Int!) {
  searchAuthors(query: $query, first: $first) {
    totalCount
    edges { node { id name affiliation { name } counts { works } } }
  }
}`,_="query Me { me { id email orcid role } }",D=`
query Viewer($id: ID!) {
  me { id isFollowing(authorId: $id) }
  myClaims { id status level author { id name } }
}`,L="mutation VerifyOrcid { verifyClaimWithOrcid { id status level } }",P=`
mutation StartEmail($address: String!) {
  startClaimEmailVerification(address: $address) { address institution expiresAt delivery }
}`,q=`
mutation RequestReview($evidence: String!) {
  requestClaimReview(evidence: $evidence) { id status level review }
}`,k=`
mutation Claim($id: ID!) { claimAuthor(authorId: $id) { id status level author { id name } } }`,F=`
mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { account { id email } }
}`,W=`
mutation SignUp($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id email } }
}`,U="mutation SignOut { signOut }",V=`
mutation Follow($id: ID!) { follow(authorId: $id) { following followers } }`,G=`
mutation Unfollow($id: ID!) { unfollow(authorId: $id) { following followers } }`,M=`
query MyAccount {
  me {
    id email orcid role
    tokens { id name role createdAt expiresAt }
    following(first: 50) { totalCount edges { node { id name } } }
  }
}`,H=`
mutation CreateToken($name: String!, $role: Role, $days: Int) {
  createApiToken(name: $name, role: $role, expiresInDays: $days) {
    secret token { id name role expiresAt }
  }
}`,B="mutation RevokeToken($id: ID!) { revokeApiToken(id: $id) }",K=`
mutation ChangePassword($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) { account { id } }
}`,j=`
query ClaimReviews {
  claimReviews { id reviewKind evidence claimantId claimantEmail author { id name } }
}`,Y=`
mutation Decide($id: ID!, $approve: Boolean!, $reason: String!) {
  decideClaimReview(claimId: $id, approve: $approve, reason: $reason) { id status review }
}`,Q=`
mutation EditProfile($open: Boolean, $description: String) {
  editProfile(openToCollaborate: $open, description: $description) {
    id openToCollaborate description
  }
}`;var g={depth:2,minStrength:0,limits:{authors:10,works:6,topics:6,institutions:4,sources:2},maxEdges:150},Z={depth:1,minStrength:0,limits:null,maxEdges:null};function w(e,{depth:t,minStrength:o,limits:r=null,maxEdges:n=null}){let i={center:e,depth:t,minStrength:o};return r!==null&&(i.limits=r),n!==null&&(i.maxEdges=n),i}async function x(e,t){let o=performance.now(),{data:r,errors:n}=await c(f,w(e,t)),i=performance.now(),a=r?.graphSlice;if(!a||!n.length&&!a.nodes.length)throw u(n)||a&&!a.nodes.length?new s(`Nothing in the graph has the id \u201C${e}\u201D.`,{code:"NOT_FOUND"}):l(n,"The graph slice could not be built.");return{slice:a,timing:{started:o,finished:i}}}function ee(e){let t=x(e,g);return t.catch(()=>{}),t}export{c as a,l as b,u as c,I as d,S as e,y as f,C as g,$ as h,R as i,A as j,N as k,T as l,v as m,b as n,_ as o,D as p,L as q,P as r,q as s,k as t,F as u,W as v,U as w,V as x,G as y,M as z,H as A,B,K as C,j as D,Y as E,Q as F,g as G,Z as H,x as I,ee as J};
