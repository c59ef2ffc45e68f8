var s=class extends Error{constructor(e,{code:o="ERROR"}={}){super(e),this.name="ApiError",this.code=o}};async function l(t,e={},{signal:o}={}){let r;try{r=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/json"},body:JSON.stringify({query:t,variables:e}),signal:o})}catch(i){throw i.name==="AbortError"?i:new s("The service could not be reached. Check the connection and try again.",{code:"NETWORK"})}let n;try{n=await r.json()}catch{throw new s(`The service answered ${r.status} without a GraphQL result.`,{code:"HTTP"})}return{data:n.data??null,errors:n.errors??[]}}function d(t,e){let[o]=t;if(!o)return new s(e);let r=o.extensions?.code??"ERROR";return new s(o.message||e,{code:r})}function u(t){return t.some(e=>e.extensions?.code==="NOT_FOUND"||/not found/i.test(e.message??""))}function E(t,e={},...o){let r=document.createElement(t);return p(r,e),c(r,o),r}var h="http://www.w3.org/2000/svg";function I(t,e={},...o){let r=document.createElementNS(h,t);return p(r,e),c(r,o),r}function p(t,e){for(let[o,r]of Object.entries(e))r==null||r===!1||(o==="text"?t.textContent=r:o.startsWith("on")?t.addEventListener(o.slice(2),r):t.setAttribute(o==="className"?"class":o,r===!0?"":String(r)))}function c(t,e){for(let o of e.flat(1/0))o==null||o===!1||t.append(o instanceof Node?o:String(o))}function y(t,...e){return t.replaceChildren(),c(t,e),t}function N(t){return document.getElementById(t)}function g(t){return new Intl.NumberFormat("en").format(t)}function O(t){return t==null||Number.isNaN(t)?"":Number.isInteger(t)?String(t):t.toFixed(2).replace(/0$/,"")}function A(t,e,o=`${e}s`){return`${g(t)} ${t===1?e:o}`}var f=`
  id title abstract year type doi arxivId citedByCount
  venue { id name }
`,R=`
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
      edges { node { ${f} } }
    }
  }
}`,T=`
query MoreWorks($id: ID!, $first: Int!, $after: String) {
  author(id: $id) {
    works(first: $first, after: $after, orderBy: { field: YEAR, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${f} } }
    }
  }
}`,m=`
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
}`,_="query Me { me { id email orcid role } }",k=`
query Viewer($id: ID!) {
  me { id isFollowing(authorId: $id) }
}`,P=`
mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { account { id email } }
}`,D=`
mutation SignUp($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id email } }
}`,F="mutation SignOut { signOut }",q=`
mutation Follow($id: ID!) { follow(authorId: $id) { following followers } }`,L=`
mutation Unfollow($id: ID!) { unfollow(authorId: $id) { following followers } }`,U=`
query MyAccount {
  me {
    id email orcid role
    tokens { id name role createdAt expiresAt }
    following(first: 50) { totalCount edges { node { id name } } }
  }
}`,W=`
mutation CreateToken($name: String!, $role: Role, $days: Int) {
  createApiToken(name: $name, role: $role, expiresInDays: $days) {
    secret token { id name role expiresAt }
  }
}`,G="mutation RevokeToken($id: ID!) { revokeApiToken(id: $id) }",v=`
mutation ChangePassword($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) { account { id } }
}`;var $={depth:2,minStrength:0,limits:{authors:10,works:6,topics:6,institutions:4,sources:2},maxEdges:150},V={depth:1,minStrength:0,limits:null,maxEdges:null};function w(t,{depth:e,minStrength:o,limits:r=null,maxEdges:n=null}){let i={center:t,depth:e,minStrength:o};return r!==null&&(i.limits=r),n!==null&&(i.maxEdges=n),i}async function x(t,e){let o=performance.now(),{data:r,errors:n}=await l(m,w(t,e)),i=performance.now(),a=r?.graphSlice;if(!a||!n.length&&!a.nodes.length)throw u(n)||a&&!a.nodes.length?new s(`Nothing in the graph has the id \u201C${t}\u201D.`,{code:"NOT_FOUND"}):d(n,"The graph slice could not be built.");return{slice:a,timing:{started:o,finished:i}}}function j(t){let e=x(t,$);return e.catch(()=>{}),e}export{l as a,d as b,u as c,E as d,I as e,y as f,N as g,g as h,O as i,A as j,R as k,T as l,b as m,_ as n,k as o,P as p,D as q,F as r,q as s,L as t,U as u,W as v,G as w,v as x,$ as y,V as z,x as A,j as B};
