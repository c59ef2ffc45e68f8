var n=class extends Error{constructor(e,{code:o="ERROR"}={}){super(e),this.name="ApiError",this.code=o}};async function l(t,e={},{signal:o}={}){let r;try{r=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/json"},body:JSON.stringify({query:t,variables:e}),signal:o})}catch(a){throw a.name==="AbortError"?a:new n("The service could not be reached. Check the connection and try again.",{code:"NETWORK"})}let i;try{i=await r.json()}catch{throw new n(`The service answered ${r.status} without a GraphQL result.`,{code:"HTTP"})}return{data:i.data??null,errors:i.errors??[]}}function u(t,e){let[o]=t;if(!o)return new n(e);let r=o.extensions?.code??"ERROR";return new n(o.message||e,{code:r})}function p(t){return t.some(e=>e.extensions?.code==="NOT_FOUND"||/not found/i.test(e.message??""))}function y(t,e={},...o){let r=document.createElement(t);return f(r,e),d(r,o),r}var w="http://www.w3.org/2000/svg";function O(t,e={},...o){let r=document.createElementNS(w,t);return f(r,e),d(r,o),r}function f(t,e){for(let[o,r]of Object.entries(e))r==null||r===!1||(o==="text"?t.textContent=r:o.startsWith("on")?t.addEventListener(o.slice(2),r):t.setAttribute(o==="className"?"class":o,r===!0?"":String(r)))}function d(t,e){for(let o of e.flat(1/0))o==null||o===!1||t.append(o instanceof Node?o:String(o))}function A(t,...e){return t.replaceChildren(),d(t,e),t}function N(t){return document.getElementById(t)}function x(t){return new Intl.NumberFormat("en").format(t)}function C(t){return t==null||Number.isNaN(t)?"":Number.isInteger(t)?String(t):t.toFixed(2).replace(/0$/,"")}function R(t,e,o=`${e}s`){return`${x(t)} ${t===1?e:o}`}var m=`
  id title abstract year type doi arxivId citedByCount
  venue { id name }
`,b=`
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
      edges { node { ${m} } }
    }
  }
}`,_=`
query MoreWorks($id: ID!, $first: Int!, $after: String) {
  author(id: $id) {
    works(first: $first, after: $after, orderBy: { field: YEAR, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${m} } }
    }
  }
}`,k=`
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
}`,D=`
query SearchAuthors($query: String!, $first: Int!) {
  searchAuthors(query: $query, first: $first) {
    totalCount
    edges { node { id name affiliation { name } counts { works } } }
  }
}`,P="query Me { me { id email orcid role } }",q=`
query Viewer($id: ID!) {
  me { id isFollowing(authorId: $id) }
}`,F=`
mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { account { id email } }
}`,L=`
mutation SignUp($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id email } }
}`,U="mutation SignOut { signOut }",W=`
mutation Follow($id: ID!) { follow(authorId: $id) { following followers } }`,G=`
mutation Unfollow($id: ID!) { unfollow(authorId: $id) { following followers } }`,H=`
query MyAccount {
  me {
    id email orcid role
    tokens { id name role createdAt expiresAt }
    following(first: 50) { totalCount edges { node { id name } } }
  }
}`,v=`
mutation CreateToken($name: String!, $role: Role, $days: Int) {
  createApiToken(name: $name, role: $role, expiresInDays: $days) {
    secret token { id name role expiresAt }
  }
}`,K="mutation RevokeToken($id: ID!) { revokeApiToken(id: $id) }",M=`
mutation ChangePassword($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) { account { id } }
}`;var S={depth:2,minStrength:0,limits:{authors:10,works:6,topics:6,institutions:4,sources:2},maxEdges:150},Y={depth:1,minStrength:0,limits:null,maxEdges:null};async function I(t,{depth:e,minStrength:o,limits:r=null,maxEdges:i=null}){let a=performance.now(),{data:g,errors:c}=await l(h,{center:t,depth:e,minStrength:o,limits:r,maxEdges:i}),$=performance.now(),s=g?.graphSlice;if(!s||!c.length&&!s.nodes.length)throw p(c)||s&&!s.nodes.length?new n(`Nothing in the graph has the id \u201C${t}\u201D.`,{code:"NOT_FOUND"}):u(c,"The graph slice could not be built.");return{slice:s,timing:{started:a,finished:$}}}function J(t){let e=I(t,S);return e.catch(()=>{}),e}export{l as a,u as b,p as c,y as d,O as e,A as f,N as g,x as h,C as i,R as j,b as k,_ as l,k as m,D as n,P as o,q as p,F as q,L as r,U as s,W as t,G as u,H as v,v as w,K as x,M as y,S as z,Y as A,I as B,J as C};
