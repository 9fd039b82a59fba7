// The playground's whole state, as text the user typed, and its URL form: URLSearchParams
// with PyTorch's names (op, input, weight, bias, stride, padding, dilation, groups,
// output_padding, padding_mode). Pure functions; no DOM.

export const OPS = ['conv1d', 'conv_transpose1d'];
export const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

/** PyTorch's defaults, as the text a field shows. */
export const PARAM_DEFAULTS = Object.freeze({
  stride: '1',
  padding: '0',
  dilation: '1',
  groups: '1',
  output_padding: '0',
  padding_mode: 'zeros',
});
export const PARAM_NAMES = Object.keys(PARAM_DEFAULTS);

/**
 * Longest text a field takes (characters). Longer text (a pasted megabyte, a huge link) stays
 * in the state, where it gets a clear error, but never in the page: laying out a megabyte in a
 * textarea blocks Chromium for up to seconds.
 */
export const MAX_FIELD_CHARS = 1 << 15;

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
});

/** A complete state from a partial one: missing parameters take PyTorch's defaults. */
export function completeState(partial = {}, base = DEFAULT_STATE) {
  const state = {
    op: OPS.includes(partial.op) ? partial.op : base.op,
    input: str(partial.input, base.input),
    weight: str(partial.weight, base.weight),
    biasOn: typeof partial.biasOn === 'boolean' ? partial.biasOn : false,
    bias: str(partial.bias, base.bias),
  };
  for (const name of PARAM_NAMES) state[name] = str(partial[name], PARAM_DEFAULTS[name]);
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

/** The fields stateToQuery writes, as [name, value] pairs (defaults left out). */
function queryPairs(state) {
  const pairs = [
    ['op', state.op],
    ['input', state.input],
    ['weight', state.weight],
  ];
  if (state.biasOn) pairs.push(['bias', state.bias]);
  for (const name of PARAM_NAMES) {
    if (state[name].trim() !== PARAM_DEFAULTS[name]) pairs.push([name, state[name]]);
  }
  return pairs;
}

/** state -> "op=conv_transpose1d&input=torch.ones(1,+1,+2)&…" (defaults left out). */
export function stateToQuery(state) {
  return queryPairs(state)
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
  if (!['op', 'input', 'weight', 'bias', ...PARAM_NAMES].some((key) => q.has(key))) return null; // e.g. '#top'
  const partial = {};
  for (const key of ['op', 'input', 'weight', ...PARAM_NAMES]) {
    if (q.has(key)) partial[key] = q.get(key);
  }
  if (q.has('bias')) {
    partial.biasOn = true;
    partial.bias = q.get('bias');
  }
  // A value no control can hold is replaced (queryNotes says by what).
  if (q.has('padding_mode') && !PADDING_MODES.includes(q.get('padding_mode'))) delete partial.padding_mode;
  return completeState(partial);
}

/**
 * What queryToState replaced, as [{field, message}]: an op or padding_mode the page does not
 * know (op=conv1D, padding_mode=reflekt) opens the case with the default, and says so.
 */
export function queryNotes(query) {
  const q = new URLSearchParams(String(query ?? '').replace(/^[#?]/, ''));
  const notes = [];
  const clipped = (v) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (q.has('op') && !OPS.includes(q.get('op'))) {
    notes.push({
      field: 'op',
      message: `The link's op='${clipped(q.get('op'))}' is not an operation (names are case-sensitive); showing ${DEFAULT_STATE.op} instead. Use op=conv1d or op=conv_transpose1d.`,
    });
  }
  if (q.has('padding_mode') && !PADDING_MODES.includes(q.get('padding_mode'))) {
    notes.push({
      field: 'padding_mode',
      message: `The link's padding_mode='${clipped(q.get('padding_mode'))}' is not one of ${PADDING_MODES.map((m) => `'${m}'`).join(', ')}; using '${PARAM_DEFAULTS.padding_mode}' instead.`,
    });
  }
  return notes;
}

/** Longest URL hash the page writes: history.replaceState takes about 0.5 s per megabyte of URL. */
export const MAX_HASH_CHARS = 1 << 17;

/** '#op=…' for a state, or null when that is longer than MAX_HASH_CHARS (checked cheaply first). */
export function stateToHash(state) {
  let chars = 0;
  for (const [, value] of queryPairs(state)) chars += value.length;
  if (chars > MAX_HASH_CHARS) return null;
  const hash = `#${stateToQuery(state)}`;
  return hash.length <= MAX_HASH_CHARS ? hash : null;
}

/** True when two states describe the same computation (as their URLs would). */
export function sameState(a, b) {
  const pa = queryPairs(a);
  const pb = queryPairs(b);
  return pa.length === pb.length && pa.every(([name, value], i) => pb[i][0] === name && pb[i][1] === value);
}
