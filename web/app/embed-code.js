// "Copy embed code": the two ways to put the current case into another page, as text.
//   - the script tag + element: <script src=".../dist/conv-playground.js"> and
//     <conv-playground op=… input=… …>, the element's attributes having the URL state's names;
//   - the iframe: embed.html#<the page's URL hash>.
// The snippet builders are pure; EmbedPanel is the small panel that shows them.
import { h } from './dom.js';
import { PARAM_DEFAULTS, stateToQuery } from './state.js';
import { OPS, PARAMS, PARAM_NAMES } from '../lib/ops.js';

/** Attribute-value escaping: anything typed into a tensor field stays text. */
export function escapeAttr(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The element's attributes for a state: op, input, weight, bias (when on), non-default parameters. */
export function stateToAttributes(state) {
  const attrs = [
    ['op', state.op],
    ['input', state.input],
    ['weight', state.weight],
  ];
  if (state.biasOn) attrs.push(['bias', state.bias]);
  for (const p of PARAMS) {
    if (String(state[p.name]).trim() !== PARAM_DEFAULTS[p.name]) attrs.push([p.attribute, state[p.name]]);
  }
  return attrs;
}

/** A short description of the case, for an iframe's title. */
export function caseTitle(state) {
  const op = OPS[state.op]?.module ?? state.op;
  const params = PARAM_NAMES.filter((n) => String(state[n]).trim() !== PARAM_DEFAULTS[n]).map(
    (n) => `${n}=${String(state[n]).trim()}`,
  );
  return `ConvLab: ${op}${params.length ? `, ${params.join(', ')}` : ''}`;
}

/** `<script src>` + `<conv-playground …>` for a state. extra: more attributes ({controls: 'params'}). */
export function tagSnippet(state, scriptUrl, extra = {}) {
  const attrs = [...stateToAttributes(state), ...Object.entries(extra)].map(([k, v]) => `\n  ${k}="${escapeAttr(v)}"`);
  return `<script src="${escapeAttr(scriptUrl)}"></script>\n<conv-playground${attrs.join('')}\n></conv-playground>`;
}

/** `<iframe src="…/embed.html#…">` for a state. */
export function iframeSnippet(state, embedUrl, { height = 720 } = {}) {
  const src = `${embedUrl}#${stateToQuery(state)}`;
  return `<iframe src="${escapeAttr(src)}" title="${escapeAttr(caseTitle(state))}" width="100%" height="${height}" style="border: 0" loading="lazy"></iframe>`;
}

/**
 * The panel behind the "Embed" button: both snippets, each with its copy button.
 * copy(text, what) is the element's copy routine (clipboard, with a fallback and a status line).
 */
export class EmbedPanel {
  constructor({ scriptUrl, embedUrl, copy }) {
    this.scriptUrl = scriptUrl;
    this.embedUrl = embedUrl;
    this.text = { tag: '', iframe: '' };
    this.areas = {};
    const block = (kind, title, note) => {
      const id = `embed-${kind}`;
      const area = h('textarea', {
        id,
        class: 'embed-snippet',
        readonly: true,
        rows: kind === 'tag' ? 8 : 3,
        spellcheck: 'false',
        'data-testid': id,
      });
      area.addEventListener('focus', () => area.select());
      this.areas[kind] = area;
      return h(
        'div',
        { class: 'embed-block' },
        h(
          'div',
          { class: 'embed-head' },
          h('label', { for: id }, title),
          h(
            'button',
            {
              type: 'button',
              class: 'btn small',
              'data-testid': `copy-${id}`,
              onclick: () => copy(this.text[kind], title),
            },
            'Copy',
          ),
        ),
        area,
        h('p', { class: 'embed-note' }, note),
      );
    };
    this.root = h(
      'div',
      { class: 'embed-panel', id: 'embed-panel', 'data-testid': 'embed-panel', hidden: true },
      block(
        'tag',
        'Script tag + element',
        'One file with the WebAssembly inside: works from disk, offline and under a strict Content-Security-Policy. Copy dist/conv-playground.js next to your page, or point src at it.',
      ),
      block('iframe', 'iframe', 'No script on your page: the playground in its own frame, minimal chrome.'),
    );
  }

  get open() {
    return !this.root.hidden;
  }

  /** Fills both snippets for the state. */
  update(state) {
    this.text.tag = tagSnippet(state, this.scriptUrl);
    this.text.iframe = iframeSnippet(state, this.embedUrl);
    this.areas.tag.value = this.text.tag;
    this.areas.tag.rows = Math.min(14, this.text.tag.split('\n').length + 1);
    this.areas.iframe.value = this.text.iframe;
  }
}
