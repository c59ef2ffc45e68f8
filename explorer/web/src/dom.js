// Elements are built with textContent, never innerHTML: every string here comes from the graph.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

// replaceChildren, skipping null and false as h() does (for `condition && h(...)` children).
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function byId(id) {
  return document.getElementById(id);
}

// One formatter, made when first needed: making one costs a first visit some 20 ms (ICU's data),
// and counts under 1,000 (most of what the pages print) read the same without it.
let numberFormat = null;
export function formatNumber(value) {
  if (Number.isInteger(value) && Math.abs(value) < 1000) return String(value);
  numberFormat ??= new Intl.NumberFormat('en');
  return numberFormat.format(value);
}

export function formatWeight(value) {
  if (value == null || Number.isNaN(value)) return '';
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, '');
}

export function plural(count, one, many = `${one}s`) {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
