var s=class extends Error{constructor(e,{code:r="ERROR"}={}){super(e),this.name="ApiError",this.code=r}};async function l(t,e={},{signal:r}={}){let n;try{n=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/json"},body:JSON.stringify({query:t,variables:e}),signal:r})}catch(i){throw i.name==="AbortError"?i:new s("The service could not be reached. Check the connection and try again.",{code:"NETWORK"})}let o;try{o=await n.json()}catch{throw new s(`The service answered ${n.status} without a GraphQL result.`,{code:"HTTP"})}return{data:o.data??null,errors:o.errors??[]}}function d(t,e){let[r]=t;if(!r)return new s(e);let n=r.extensions?.code??"ERROR";return new s(r.message||e,{code:n})}function u(t){return t.some(e=>e.extensions?.code==="NOT_FOUND"||/not found/i.test(e.message??""))}function y(t,e={},...r){let n=document.createElement(t);return p(n,e),c(n,r),n}var m="http://www.w3.org/2000/svg";function E(t,e={},...r){let n=document.createElementNS(m,t);return p(n,e),c(n,r),n}function p(t,e){for(let[r,n]of Object.entries(e))n==null||n===!1||(r==="text"?t.textContent=n:r.startsWith("on")?t.addEventListener(r.slice(2),n):t.setAttribute(r==="className"?"class":r,n===!0?"":String(n)))}function c(t,e){for(let r of e.flat(1/0))r==null||r===!1||t.append(r instanceof Node?r:String(r))}function I(t,...e){return t.replaceChildren(),c(t,e),t}function N(t){return document.getElementById(t)}function g(t){return new Intl.NumberFormat("en").format(t)}function b(t){return t==null||Number.isNaN(t)?"":Number.isInteger(t)?String(t):t.toFixed(2).replace(/0$/,"")}function C(t,e,r=`${e}s`){return`${g(t)} ${t===1?e:r}`}var f=`
  id title abstract year type doi arxivId citedByCount
  venue { id name }
`,A=`
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
}`,O=`
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
}`,T=`
query SearchAuthors($query: String!, $first: Int!) {
  searchAuthors(query: $query, first: $first) {
    totalCount
    edges { node { id name affiliation { name } counts { works } } }
  }
}`;var x={depth:2,minStrength:0,limits:{authors:10,works:6,topics:6,institutions:4,sources:2},maxEdges:150},P={depth:1,minStrength:0,limits:null,maxEdges:null};function S(t,{depth:e,minStrength:r,limits:n=null,maxEdges:o=null}){let i={center:t,depth:e,minStrength:r};return n!==null&&(i.limits=n),o!==null&&(i.maxEdges=o),i}async function $(t,e){let r=performance.now(),{data:n,errors:o}=await l(h,S(t,e)),i=performance.now(),a=n?.graphSlice;if(!a||!o.length&&!a.nodes.length)throw u(o)||a&&!a.nodes.length?new s(`Nothing in the graph has the id \u201C${t}\u201D.`,{code:"NOT_FOUND"}):d(o,"The graph slice could not be built.");return{slice:a,timing:{started:r,finished:i}}}function D(t){let e=$(t,x);return e.catch(()=>{}),e}export{l as a,d as b,u as c,y as d,E as e,I as f,N as g,g as h,b as i,C as j,A as k,O as l,T as m,x as n,P as o,$ as p,D as q};
