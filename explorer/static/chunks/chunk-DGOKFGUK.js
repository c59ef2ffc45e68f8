var s=class extends Error{constructor(t,{code:o="ERROR"}={}){super(t),this.name="ApiError",this.code=o}};async function l(e,t={},{signal:o}={}){let r;try{r=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/json"},body:JSON.stringify({query:e,variables:t}),signal:o})}catch(i){throw i.name==="AbortError"?i:new s("The service could not be reached. Check the connection and try again.",{code:"NETWORK"})}let n;try{n=await r.json()}catch{throw new s(`The service answered ${r.status} without a GraphQL result.`,{code:"HTTP"})}return{data:n.data??null,errors:n.errors??[]}}function u(e,t){let[o]=e;if(!o)return new s(t);let r=o.extensions?.code??"ERROR";return new s(o.message||t,{code:r})}function p(e){return e.some(t=>t.extensions?.code==="NOT_FOUND"||/not found/i.test(t.message??""))}function S(e,t={},...o){let r=document.createElement(e);return m(r,t),c(r,o),r}var $="http://www.w3.org/2000/svg";function y(e,t={},...o){let r=document.createElementNS($,e);return m(r,t),c(r,o),r}function m(e,t){for(let[o,r]of Object.entries(t))r==null||r===!1||(o==="text"?e.textContent=r:o.startsWith("on")?e.addEventListener(o.slice(2),r):e.setAttribute(o==="className"?"class":o,r===!0?"":String(r)))}function c(e,t){for(let o of t.flat(1/0))o==null||o===!1||e.append(o instanceof Node?o:String(o))}function C(e,...t){return e.replaceChildren(),c(e,t),e}function R(e){return document.getElementById(e)}var d=null;function g(e){return Number.isInteger(e)&&Math.abs(e)<1e3?String(e):(d??(d=new Intl.NumberFormat("en")),d.format(e))}function A(e){return e==null||Number.isNaN(e)?"":Number.isInteger(e)?String(e):e.toFixed(2).replace(/0$/,"")}function O(e,t,o=`${t}s`){return`${g(e)} ${e===1?t:o}`}var f=`
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
}`,b=`
query MoreWorks($id: ID!, $first: Int!, $after: String) {
  author(id: $id) {
    works(first: $first, after: $after, orderBy: { field: YEAR, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${f} } }
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
}`,_=`
query SearchAuthors($query: String!, $first: Int!) {
  searchAuthors(query: $query, first: $first) {
    totalCount
    edges { node { id name affiliation { name } counts { works } } }
  }
}`,D="query Me { me { id email orcid role } }",L=`
query Viewer($id: ID!) {
  me { id isFollowing(authorId: $id) }
  myClaims { id status level author { id name } }
}`,P="mutation VerifyOrcid { verifyClaimWithOrcid { id status level } }",q=`
mutation StartEmail($address: String!) {
  startClaimEmailVerification(address: $address) { address institution expiresAt delivery }
}`,k=`
mutation RequestReview($evidence: String!) {
  requestClaimReview(evidence: $evidence) { id status level review }
}`,F=`
mutation Claim($id: ID!) { claimAuthor(authorId: $id) { id status level author { id name } } }`,W=`
mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { account { id email } }
}`,U=`
mutation SignUp($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id email } }
}`,V="mutation SignOut { signOut }",M=`
mutation Follow($id: ID!) { follow(authorId: $id) { following followers } }`,G=`
mutation Unfollow($id: ID!) { unfollow(authorId: $id) { following followers } }`,H=`
query MyAccount {
  me {
    id email orcid role
    tokens { id name role createdAt expiresAt }
    following(first: 50) { totalCount edges { node { id name } } }
  }
}`,B=`
mutation CreateToken($name: String!, $role: Role, $days: Int) {
  createApiToken(name: $name, role: $role, expiresInDays: $days) {
    secret token { id name role expiresAt }
  }
}`,K="mutation RevokeToken($id: ID!) { revokeApiToken(id: $id) }",j=`
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
}`;var w={depth:2,minStrength:0,limits:{authors:10,works:6,topics:6,institutions:4,sources:2},maxEdges:150},ee={depth:1,minStrength:0,limits:null,maxEdges:null};function x(e,{depth:t,minStrength:o,limits:r=null,maxEdges:n=null}){let i={center:e,depth:t,minStrength:o};return r!==null&&(i.limits=r),n!==null&&(i.maxEdges=n),i}async function I(e,t){let o=performance.now(),{data:r,errors:n}=await l(h,x(e,t)),i=performance.now(),a=r?.graphSlice;if(!a||!n.length&&!a.nodes.length)throw p(n)||a&&!a.nodes.length?new s(`Nothing in the graph has the id \u201C${e}\u201D.`,{code:"NOT_FOUND"}):u(n,"The graph slice could not be built.");return{slice:a,timing:{started:o,finished:i}}}function te(e){let t=I(e,w);return t.catch(()=>{}),t}export{l as a,u as b,p as c,S as d,y as e,C as f,R as g,g as h,A as i,O as j,T as k,b as l,v as m,_ as n,D as o,L as p,P as q,q as r,k as s,F as t,W as u,U as v,V as w,M as x,G as y,H as z,B as A,K as B,j as C,Y as D,Q as E,J as F,w as G,ee as H,I,te as J};
