// The design tools' part of the page URL: tool=design, in_length, out_length, layer= (repeated, in
// order) and weights=, next to the playground's own case keys (which the element keeps in step).
// A tool's edit replaces only its own keys; the case's stay as the element wrote them.
import { caseQuery, extraQuery } from '../../model/state.js';

const OWN = ['tool', 'in_length', 'out_length', 'layer', 'weights', 'cell'];

/** The tools' keys in the current hash: URLSearchParams over them alone. */
export function readTools(hash = location.hash) {
  return new URLSearchParams(extraQuery(hash).slice(1));
}

/**
 * Sets the tools' keys (null/undefined/[] removes one; an array repeats it), keeping the case's
 * pairs and any other key. Replaces the history entry, then tells the element's HashSync (which
 * re-reads the hash on hashchange and so keeps writing edits after ours).
 */
export function writeTools(changes, hash = location.hash) {
  const tools = readTools(hash);
  for (const [key, value] of Object.entries(changes)) {
    if (!OWN.includes(key)) throw new Error(`writeTools: ${key} is not a design-tool URL key`);
    tools.delete(key);
    for (const v of Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]) {
      tools.append(key, String(v));
    }
  }
  const extra = tools
    .toString()
    .replace(/%28/g, '(')
    .replace(/%29/g, ')')
    .replace(/%2C/g, ',')
    .replace(/%3D/g, '=')
    .replace(/%27/g, "'");
  const head = caseQuery(hash);
  const next = `#${[head, extra].filter(Boolean).join('&')}`;
  if (next === location.hash) return;
  history.replaceState(history.state, '', next);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
