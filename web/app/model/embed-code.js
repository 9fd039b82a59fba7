// "Copy embed code": the two ways to put the current case into another page, as text.
//   - the script tag + element: <script src=".../dist/conv-playground.js"> and
//     <conv-playground op=… input=… …>, each parameter under its attribute name (web/lib/ops.js);
//   - the iframe: embed.html#<the page's URL hash>.
// Pure; views/embed-panel.js shows them.
import { VIEW_ATTRIBUTES, casePairs, stateToQuery } from './state.js';
import { OPS, PARAM } from '../../lib/ops.js';

/** Attribute-value escaping: anything typed into a tensor field stays text. */
export function escapeAttr(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The element's attributes for a state: op, input, weight, bias (when on), non-default parameters. */
export function stateToAttributes(state) {
  return casePairs(state).map(([name, value]) => [PARAM[name]?.attribute ?? VIEW_ATTRIBUTES[name] ?? name, value]);
}

/** A short description of the case, for an iframe's title. */
export function caseTitle(state) {
  const op = OPS[state.op]?.module ?? state.op;
  const params = casePairs(state)
    .filter(([name]) => PARAM[name])
    .map(([name, value]) => `${name}=${value.trim()}`);
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
