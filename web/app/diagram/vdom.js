// A very small virtual SVG tree. The diagram is described as plain objects; the first draw
// creates the elements, and every later draw with the same structure (the common case while
// typing new numbers) only touches the attributes and texts that changed. Creating and laying
// out hundreds of fresh SVG nodes is the expensive part of a redraw; this skips it.
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A node: tag, attributes (strings/numbers), children, or a text. */
export function v(tag, attrs = {}, children = [], text = null) {
  return { tag, attrs, children, text, el: null };
}

/** Creates the DOM for a tree (sets .el on every node) and returns the root element. */
export function mount(node) {
  const el = document.createElementNS(SVG_NS, node.tag);
  for (const key in node.attrs) {
    const value = node.attrs[key];
    if (value !== null && value !== undefined) el.setAttribute(key, value);
  }
  if (node.text !== null) el.textContent = node.text;
  else for (const child of node.children) el.append(mount(child));
  node.el = el;
  return el;
}

function sameShape(a, b) {
  if (a.tag !== b.tag || a.children.length !== b.children.length || (a.text === null) !== (b.text === null))
    return false;
  for (let i = 0; i < a.children.length; i++) if (!sameShape(a.children[i], b.children[i])) return false;
  return true;
}

function update(prev, next) {
  const el = prev.el;
  next.el = el;
  const pa = prev.attrs;
  const na = next.attrs;
  for (const key in na) {
    const value = na[key];
    if (value === null || value === undefined) {
      if (pa[key] !== null && pa[key] !== undefined) el.removeAttribute(key);
    } else if (pa[key] !== value) el.setAttribute(key, value);
  }
  for (const key in pa) if (!(key in na) && pa[key] !== null && pa[key] !== undefined) el.removeAttribute(key);
  if (next.text !== null) {
    if (prev.text !== next.text) el.textContent = next.text;
  } else {
    for (let i = 0; i < next.children.length; i++) update(prev.children[i], next.children[i]);
  }
}

/**
 * Brings the DOM of `prev` (already mounted) to `next` in place when both trees have the
 * same structure. Returns false (and does nothing) otherwise.
 */
export function patch(prev, next) {
  if (!prev || !prev.el || !sameShape(prev, next)) return false;
  update(prev, next);
  return true;
}
