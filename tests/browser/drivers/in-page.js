// Runs inside the page (serialized with Function.prototype.toString, never eval'd there, so it
// works under a strict CSP): finds the elements a locator names. Like Playwright's CSS engine it
// looks through open shadow roots, and a `frame` step continues inside a same-origin iframe.
// steps: [{css, hasText?, nth?, frame?}] -> Element[]
export function resolveSteps(steps) {
  const split = (selector) => {
    // Descendant combinators only (all the tests use): split on whitespace outside [] () and quotes.
    const parts = [];
    let depth = 0;
    let quote = '';
    let cur = '';
    for (const ch of selector.trim()) {
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[' || ch === '(') depth++;
      else if (ch === ']' || ch === ')') depth--;
      else if (/\s/.test(ch) && depth === 0) {
        if (cur) parts.push(cur);
        cur = '';
        continue;
      }
      cur += ch;
    }
    if (cur) parts.push(cur);
    return parts;
  };
  const parentOf = (el) => el.parentElement ?? (el.parentNode instanceof ShadowRoot ? el.parentNode.host : null);
  const within = (el, scope) => {
    if (scope.nodeType === 9) return el.ownerDocument === scope;
    for (let p = parentOf(el); p; p = parentOf(p)) if (p === scope) return true;
    return false;
  };
  const all = (scope) => {
    const out = [];
    const walk = (node) => {
      for (const child of node.children) {
        out.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    if (scope.shadowRoot) walk(scope.shadowRoot);
    walk(scope);
    return out;
  };
  const matches = (el, parts, scope) => {
    if (!el.matches(parts.at(-1))) return false;
    let i = parts.length - 2;
    for (let p = parentOf(el); p && i >= 0; p = parentOf(p)) {
      if (p === scope) break;
      if (p.matches(parts[i])) i--;
    }
    return i < 0;
  };
  const norm = (s) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  let scopes = [document];
  for (const step of steps) {
    if (step.frame) {
      scopes = scopes.flatMap((s) =>
        all(s)
          .filter((el) => el.matches(step.frame) && el.contentDocument)
          .map((el) => el.contentDocument),
      );
      continue;
    }
    const parts = split(step.css);
    let found = [];
    for (const scope of scopes) {
      for (const el of all(scope))
        if (matches(el, parts, scope) && within(el, scope) && !found.includes(el)) found.push(el);
    }
    if (step.hasText !== undefined) found = found.filter((el) => norm(el.textContent).includes(norm(step.hasText)));
    if (step.nth !== undefined)
      found = step.nth < 0 ? found.slice(step.nth).slice(0, 1) : found.slice(step.nth, step.nth + 1);
    scopes = found;
  }
  return scopes;
}

/** The centre of an element in the top window's viewport (CSS pixels), scrolling it into view first. */
export function pointOf(el) {
  const r0 = el.getBoundingClientRect();
  const win = el.ownerDocument.defaultView;
  if (r0.top < 0 || r0.left < 0 || r0.bottom > win.innerHeight || r0.right > win.innerWidth)
    el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' }); // not smooth: measured at once
  const r = el.getBoundingClientRect();
  let x = r.left + r.width / 2;
  let y = r.top + r.height / 2;
  // Would an event there reach el (Playwright's "receives events" check)? While the layout still
  // moves, something else is there: the caller measures again before it clicks.
  let reaches = true;
  if (x >= 0 && y >= 0 && x < win.innerWidth && y < win.innerHeight) {
    let hit = el.ownerDocument.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    let n = hit;
    while (n && n !== el) n = n.parentNode ?? n.host;
    reaches = n === el;
  }
  for (let w = win; w !== w.top; w = w.parent) {
    const f = w.frameElement.getBoundingClientRect();
    x += f.left + w.frameElement.clientLeft;
    y += f.top + w.frameElement.clientTop;
  }
  // Inside the top viewport (a wide cell in a clipped scroller can hang over its edge).
  const top = win.top;
  x = Math.min(Math.max(x, 1), top.innerWidth - 2);
  y = Math.min(Math.max(y, 1), top.innerHeight - 2);
  return { x, y, width: r.width, height: r.height, reaches };
}
