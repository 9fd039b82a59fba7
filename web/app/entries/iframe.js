// web/embed.html (the iframe embed): <conv-playground sync-hash> reads the case from the URL
// hash, in the page's format; `controls` and `view` may ride along in the same hash. "Open in
// ConvLab" and the element's "Copy link" point at the full playground with the same case.
import '../element/conv-playground.js';
import { stateToQuery } from '../model/state.js';

const el = document.querySelector('conv-playground');
const open = document.querySelector('[data-testid=open-full]');
const full = new URL('index.html', location.href).href;
el.setAttribute('link-base', full);

function applyLayout() {
  const q = new URLSearchParams(location.hash.slice(1));
  for (const name of ['controls', 'view']) {
    if (q.has(name)) el.setAttribute(name, q.get(name));
  }
}
applyLayout();
window.addEventListener('hashchange', applyLayout);

const follow = (state) => (open.href = `${full}#${stateToQuery(state)}`);
el.addEventListener('statechange', (e) => follow(e.detail));
follow(el.state);
