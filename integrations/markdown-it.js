// markdown-it plugin: a fenced ```conv-playground block becomes a <conv-playground> element.
// The block's body holds the element's attributes, one `name: value` per line (the element's own
// names: op, input, weight, bias, stride, padding, dilation, groups, output-padding, padding-mode,
// state, controls, view, loading, link-base, aria-label, id, class). Every value is escaped; a
// line that is not `name: value` or names no attribute renders a visible error instead of markup.
//
//   import MarkdownIt from 'markdown-it';
//   import convPlayground from 'convlab/markdown-it';
//   const md = new MarkdownIt().use(convPlayground);
//
// The page also needs the embed script once: <script src=".../conv-playground.js"></script>.

export const ATTRIBUTES = [
  'op',
  'input',
  'weight',
  'bias',
  'stride',
  'padding',
  'dilation',
  'groups',
  'output-padding',
  'output_padding',
  'padding-mode',
  'padding_mode',
  'state',
  'controls',
  'view',
  'loading',
  'link-base',
  'aria-label',
  'id',
  'class',
];

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The block's lines -> {attrs: [[name, value]], errors: [message]}. */
export function parseBlock(body) {
  const attrs = [];
  const errors = [];
  for (const [i, raw] of body.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z][\w-]*)\s*:\s?(.*)$/.exec(line);
    if (!m) {
      errors.push(`line ${i + 1}: expected "name: value", got ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    const name = m[1].toLowerCase();
    if (!ATTRIBUTES.includes(name)) {
      errors.push(
        `line ${i + 1}: "${m[1]}" is not an attribute of <conv-playground> (use one of ${ATTRIBUTES.join(', ')})`,
      );
      continue;
    }
    if (attrs.some(([n]) => n === name)) {
      errors.push(`line ${i + 1}: "${name}" is given twice`);
      continue;
    }
    attrs.push([name, m[2].trim()]);
  }
  return { attrs, errors };
}

/** The element's markup for a block body (or the error block). */
export function renderBlock(body, { className = 'conv-playground-error' } = {}) {
  const { attrs, errors } = parseBlock(body);
  if (errors.length)
    return `<pre class="${className}" role="alert">conv-playground: ${escape(errors.join('\n'))}</pre>\n`;
  const list = attrs.map(([name, value]) => `\n  ${name}="${escape(value)}"`).join('');
  return `<conv-playground${list}${list ? '\n' : ''}></conv-playground>\n`;
}

/** markdown-it plugin. options.info: the fence's info word (default "conv-playground"). */
export default function convPlayground(md, { info = 'conv-playground' } = {}) {
  const fallback =
    md.renderer.rules.fence ?? ((tokens, idx, options, env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token.info.trim().split(/\s+/)[0] !== info) return fallback(tokens, idx, options, env, self);
    return renderBlock(token.content);
  };
}
