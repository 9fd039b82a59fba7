// The playground's whole state, as text the user typed, and its URL form: URLSearchParams
// with PyTorch's names (op, input, weight, bias and every parameter of the op table,
// web/lib/ops.js). Pure functions; no DOM.
import { OPS, OP_NAMES, PARAMS, PARAM_ATTRIBUTES, PARAM_NAMES, defaultText } from '../../lib/ops.js';

/** PyTorch's defaults, as the text a field shows. */
export const PARAM_DEFAULTS = Object.freeze(Object.fromEntries(PARAM_NAMES.map((name) => [name, defaultText(name)])));

/**
 * Longest text a field takes (characters). Longer text (a pasted megabyte, a huge link) stays
 * in the state, where it gets a clear error, but never in the page: laying out a megabyte in a
 * textarea blocks Chromium for up to seconds.
 */
export const MAX_FIELD_CHARS = 1 << 15;

/**
 * The diagram card's views (the `diagram=` hash key and the element's `diagram` attribute):
 * the overlap map, the equivalent stride-1 Conv1d, the matrix, the gradients, step by step.
 */
export const DIAGRAMS = Object.freeze(['overlap', 'equivalent', 'matrix', 'gradient', 'steps']);

/** The state keys beyond the case's tensors and parameters: [state key, URL name, attribute]. */
const VIEW_KEYS = Object.freeze([
  ['diagram', 'diagram', 'diagram'],
  ['gradOutput', 'grad_output', 'grad-output'],
]);

/** What the page opens with (the seed notebook's "stride=4, kernel_size=8, padding=2"). */
export const DEFAULT_STATE = Object.freeze({
  op: 'conv_transpose1d',
  input: 'torch.ones(1, 1, 2)',
  weight: 'torch.ones(1, 1, 8)',
  biasOn: false,
  bias: 'torch.full((1,), 0.5)',
  ...PARAM_DEFAULTS,
  stride: '4',
  padding: '2',
  diagram: 'overlap',
  gradOutput: '', // the gradient view's grad_output ('' = torch.ones_like(y))
});

/** A complete state from a partial one: missing parameters take PyTorch's defaults. */
export function completeState(partial = {}, base = DEFAULT_STATE) {
  const state = {
    op: OP_NAMES.includes(partial.op) ? partial.op : base.op,
    input: str(partial.input, base.input),
    weight: str(partial.weight, base.weight),
    biasOn: typeof partial.biasOn === 'boolean' ? partial.biasOn : false,
    bias: str(partial.bias, base.bias),
  };
  for (const name of PARAM_NAMES) state[name] = str(partial[name], PARAM_DEFAULTS[name]);
  state.diagram = DIAGRAMS.includes(partial.diagram) ? partial.diagram : 'overlap';
  state.gradOutput = str(partial.gradOutput, '');
  return state;
}

function str(value, fallback) {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : String(value);
}

// URLSearchParams' encoding (application/x-www-form-urlencoded of UTF-8: space as '+', only
// A-Z a-z 0-9 * - . _ left as they are, lone surrogates as U+FFFD), except that characters a
// URL fragment carries fine stay readable in links: ( ) , [ ] ' : / =. One pass over the
// bytes: URLSearchParams plus a replace took a second for a megabyte of tensor text.
const KEEP = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._(),[]':/=")
  KEEP[c.charCodeAt(0)] = 1;
const HEX = '0123456789ABCDEF';
let utf8 = null;
let ascii = null;

function encodeValue(value) {
  if (/^[A-Za-z0-9*\-._(),[\]':/=]*$/.test(value)) return value; // the usual case: nothing to escape
  utf8 ??= new TextEncoder();
  ascii ??= new TextDecoder();
  const bytes = utf8.encode(value);
  const out = new Uint8Array(bytes.length * 3);
  let n = 0;
  for (const b of bytes) {
    if (b < 128 && KEEP[b]) out[n++] = b;
    else if (b === 0x20)
      out[n++] = 0x2b; // '+'
    else {
      out[n++] = 0x25; // '%'
      out[n++] = HEX.charCodeAt(b >> 4);
      out[n++] = HEX.charCodeAt(b & 15);
    }
  }
  return ascii.decode(out.subarray(0, n));
}

/** The case's fields as [URL name, value] pairs, defaults left out (the URL, the attributes and titles list these). */
export function casePairs(state) {
  const pairs = [
    ['op', state.op],
    ['input', state.input],
    ['weight', state.weight],
  ];
  if (state.biasOn) pairs.push(['bias', state.bias]);
  for (const name of PARAM_NAMES) {
    if (state[name].trim() !== PARAM_DEFAULTS[name]) pairs.push([name, state[name]]);
  }
  if (state.diagram && state.diagram !== 'overlap') pairs.push(['diagram', state.diagram]);
  if (state.gradOutput?.trim()) pairs.push(['grad_output', state.gradOutput]);
  return pairs;
}

/** state -> "op=conv_transpose1d&input=torch.ones(1,+1,+2)&…" (defaults left out). */
export function stateToQuery(state) {
  return casePairs(state)
    .map(([name, value]) => `${name}=${encodeValue(value)}`)
    .join('&');
}

/**
 * "op=…&input=…" (with or without a leading '#' or '?') -> a complete state. Parameters
 * the query leaves out take PyTorch's defaults; input/weight/op left out take the page's.
 * Returns null for a query that names none of them (an empty hash, or an anchor like #top).
 */
export function queryToState(query) {
  const text = String(query ?? '').replace(/^[#?]/, '');
  if (!text.trim()) return null;
  const q = new URLSearchParams(text);
  const viewUrls = VIEW_KEYS.map(([, url]) => url);
  if (!['op', 'input', 'weight', 'bias', ...PARAM_NAMES, ...viewUrls].some((key) => q.has(key))) return null; // e.g. '#top'
  const partial = {};
  for (const key of ['op', 'input', 'weight', ...PARAM_NAMES]) {
    if (q.has(key)) partial[key] = q.get(key);
  }
  if (q.has('bias')) {
    partial.biasOn = true;
    partial.bias = q.get('bias');
  }
  for (const [key, url] of VIEW_KEYS) if (q.has(url)) partial[key] = q.get(url);
  return completeState(partial);
}

/**
 * What a link's unknown values became, as [{field, message}], for the page to show beside the
 * case: an op the page does not know (op=conv1D) opens the default op; a padding_mode it does
 * not know is used as 'zeros' by conv_transpose1d, which has no other (conv1d reports it as an
 * error itself).
 */
export function queryNotes(query, state = queryToState(query)) {
  if (!state) return [];
  const notes = [];
  const clipped = (v) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);
  // Only the op's raw text is needed: found without parsing a (possibly megabyte) query again.
  const op = /(?:^|[#?&])op=([^&]*)/.exec(String(query ?? ''));
  let given = null;
  try {
    given = op ? decodeURIComponent(op[1].replace(/\+/g, ' ')) : null;
  } catch {
    given = op[1]; // malformed escapes: URLSearchParams keeps them as they are too
  }
  if (given !== null && !OP_NAMES.includes(given)) {
    notes.push({
      field: 'op',
      message: `The link's op='${clipped(given)}' is not an operation (names are case-sensitive); showing ${state.op} instead. Use ${OP_NAMES.map((name) => `op=${name}`).join(' or ')}.`,
    });
  }
  const diagram = /(?:^|[#?&])diagram=([^&]*)/.exec(String(query ?? ''));
  if (diagram && !DIAGRAMS.includes(diagram[1])) {
    notes.push({
      field: null,
      message: `The link's diagram='${clipped(diagram[1])}' is not a view; showing the overlap diagram. Use ${DIAGRAMS.map((d) => `diagram=${d}`).join(', ')}.`,
    });
  }
  // A choice (padding_mode) for an op that does not take it: the op uses its default. (An op
  // that takes it rejects an unknown value itself, by name, as an error.)
  for (const p of PARAMS) {
    if (p.kind !== 'mode' || p.ops.includes(state.op) || p.choices.includes(state[p.name])) continue;
    notes.push({
      field: p.name,
      message: `The link's ${p.url}='${clipped(state[p.name])}' is not one of ${p.choices.map((m) => `'${m}'`).join(', ')}; ${state.op} uses '${p.default}'.`,
    });
  }
  return notes;
}

/** Longest URL hash the page writes: history.replaceState takes about 0.5 s per megabyte of URL. */
export const MAX_HASH_CHARS = 1 << 17;

/** '#op=…' for a state, or null when that is longer than MAX_HASH_CHARS (checked cheaply first). */
export function stateToHash(state) {
  let chars = 0;
  for (const [, value] of casePairs(state)) chars += value.length;
  if (chars > MAX_HASH_CHARS) return null;
  const hash = `#${stateToQuery(state)}`;
  return hash.length <= MAX_HASH_CHARS ? hash : null;
}

/** The URL keys of the case itself; any other key in the hash belongs to the page's tools. */
// The view keys (diagram=, grad_output=) belong to the case's writer too, or they would be kept
// as a tool's extras after the state dropped them.
const CASE_KEYS = new Set(['op', 'input', 'weight', 'bias', ...PARAM_NAMES, ...VIEW_KEYS.map(([, url]) => url)]);

/**
 * The pairs of a hash that are not the case (tool=design, in_length, layer=… of the page's design
 * tools), as '&key=value…' to append to the case's hash ('' for none). The case's writer keeps
 * them, so a tool's settings survive every edit of the case.
 */
export function extraQuery(hash) {
  const text = String(hash ?? '').replace(/^[#?]/, '');
  if (!text) return '';
  const kept = text.split('&').filter((pair) => {
    const key = pairKey(pair);
    return key && !CASE_KEYS.has(key);
  });
  return kept.length ? `&${kept.join('&')}` : '';
}

function pairKey(pair) {
  const raw = pair.split('=')[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a stray '%': URLSearchParams keeps it as it is too
  }
}

/** The case's part of a hash ('op=…&input=…'), its pairs as written. */
export function caseQuery(hash) {
  const text = String(hash ?? '').replace(/^[#?]/, '');
  return text
    .split('&')
    .filter((pair) => CASE_KEYS.has(pairKey(pair)))
    .join('&');
}

/** True when two states describe the same computation (as their URLs would). */
export function sameState(a, b) {
  const pa = casePairs(a);
  const pb = casePairs(b);
  // Spacing does not make a different case: "torch.ones(1, 1, 7)" is "torch.ones(1,1,7)".
  const same = (x, y) => x === y || unspaced(String(x)) === unspaced(String(y));
  return pa.length === pb.length && pa.every(([name, value], i) => pb[i][0] === name && same(value, pb[i][1]));
}

/** Text without whitespace outside quotes (a tensor's or a parameter's spacing is not its value). */
function unspaced(text) {
  return text.length > 4096 ? text : text.replace(/\s+(?=(?:[^'"]*['"][^'"]*['"])*[^'"]*$)/g, '');
}

/** Attribute -> URL-state key: the tensors, and each parameter by both of its attribute names. Later entries win: a hyphenated attribute beats its underscored twin. */
export const CASE_ATTRIBUTES = Object.freeze({
  op: 'op',
  input: 'input',
  weight: 'weight',
  bias: 'bias',
  ...Object.fromEntries(Object.entries(PARAM_ATTRIBUTES).map(([attr, p]) => [attr, p.url])),
  grad_output: 'grad_output',
  ...Object.fromEntries(VIEW_KEYS.map(([, url, attr]) => [attr, url])),
});

/** URL name -> attribute name for the view keys (embed snippets). */
export const VIEW_ATTRIBUTES = Object.freeze(Object.fromEntries(VIEW_KEYS.map(([, url, attr]) => [url, attr])));

/**
 * The case an element's attributes describe: `state` (a query string) overridden by the separate
 * attributes. getAttribute(name) -> string | null. Returns null when none is set, and an error
 * for an op no state can hold.
 */
export function attributesToState(getAttribute) {
  const stateText = getAttribute('state');
  const q = new URLSearchParams(String(stateText ?? '').replace(/^[#?]/, ''));
  let any = stateText !== null;
  for (const [attr, key] of Object.entries(CASE_ATTRIBUTES)) {
    const value = getAttribute(attr);
    if (value === null) continue;
    q.set(key, value);
    any = true;
  }
  if (!any) return null;
  const op = q.get('op');
  const names = OP_NAMES.map((name) => `op="${name}" (nn.${OPS[name].module})`).join(' or ');
  const error =
    op !== null && !OP_NAMES.includes(op) ? `op="${op}" is not an operation ConvLab computes: use ${names}.` : null;
  return { state: queryToState(q.toString()) ?? completeState(), error };
}
