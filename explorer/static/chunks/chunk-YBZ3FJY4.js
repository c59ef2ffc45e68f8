var o=class extends Error{constructor(e,{code:r="ERROR"}={}){super(e),this.name="ApiError",this.code=r}};async function l(t,e={},{signal:r}={}){let n;try{n=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/json"},body:JSON.stringify({query:t,variables:e}),signal:r})}catch(a){throw a.name==="AbortError"?a:new o("The service could not be reached. Check the connection and try again.",{code:"NETWORK"})}let i;try{i=await n.json()}catch{throw new o(`The service answered ${n.status} without a GraphQL result.`,{code:"HTTP"})}return{data:i.data??null,errors:i.errors??[]}}function u(t,e){let[r]=t;if(!r)return new o(e);let n=r.extensions?.code??"ERROR";return new o(r.message||e,{code:n})}function p(t){return t.some(e=>e.extensions?.code==="NOT_FOUND"||/not found/i.test(e.message??""))}function I(t,e={},...r){let n=document.createElement(t);return f(n,e),d(n,r),n}var S="http://www.w3.org/2000/svg";function N(t,e={},...r){let n=document.createElementNS(S,t);return f(n,e),d(n,r),n}function f(t,e){for(let[r,n]of Object.entries(e))n==null||n===!1||(r==="text"?t.textContent=n:r.startsWith("on")?t.addEventListener(r.slice(2),n):t.setAttribute(r==="className"?"class":r,n===!0?"":String(n)))}function d(t,e){for(let r of e.flat(1/0))r==null||r===!1||t.append(r instanceof Node?r:String(r))}function b(t,...e){return t.replaceChildren(),d(t,e),t}function C(t){return document.getElementById(t)}function $(t){return new Intl.NumberFormat("en").format(t)}function R(t){return t==null||Number.isNaN(t)?"":Number.isInteger(t)?String(t):t.toFixed(2).replace(/0$/,"")}function A(t,e,r=`${e}s`){return`${$(t)} ${t===1?e:r}`}var h=`
  id title abstract year type doi arxivId citedByCount
  venue { id name }
`,T=`
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
      edges { node { ${h} } }
    }
  }
}`,q=`
query MoreWorks($id: ID!, $first: Int!, $after: String) {
  author(id: $id) {
    works(first: $first, after: $after, orderBy: { field: YEAR, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${h} } }
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
}`,F=`
query SearchAuthors($query: String!, $first: Int!) {
  searchAuthors(query: $query, first: $first) {
    totalCount
    edges { node { id name affiliation { name } counts { works } } }
  }
}`;var w={depth:2,minStrength:0,limits:{authors:10,works:6,topics:6,institutions:4,sources:2},maxEdges:150},L={depth:1,minStrength:0,limits:null,maxEdges:null};async function y(t,{depth:e,minStrength:r,limits:n=null,maxEdges:i=null}){let a=performance.now(),{data:g,errors:c}=await l(m,{center:t,depth:e,minStrength:r,limits:n,maxEdges:i}),x=performance.now(),s=g?.graphSlice;if(!s||!c.length&&!s.nodes.length)throw p(c)||s&&!s.nodes.length?new o(`Nothing in the graph has the id \u201C${t}\u201D.`,{code:"NOT_FOUND"}):u(c,"The graph slice could not be built.");return{slice:s,timing:{started:a,finished:x}}}function k(t){let e=y(t,w);return e.catch(()=>{}),e}export{l as a,u as b,p as c,I as d,N as e,b as f,C as g,$ as h,R as i,A as j,T as k,q as l,F as m,w as n,L as o,y as p,k as q};
