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

// Characters URLSearchParams escapes but a URL fragment carries fine, kept readable in links.
const READABLE = { '%28': '(', '%29': ')', '%2C': ',', '%5B': '[', '%5D': ']', '%27': "'", '%3A': ':', '%2F': '/', '%3D': '=' };

/** state -> "op=conv_transpose1d&input=torch.ones(1,+1,+2)&…" (defaults left out). */
export function stateToQuery(state) {
  const q = new URLSearchParams();
  q.set('op', state.op);
  q.set('input', state.input);
  q.set('weight', state.weight);
  if (state.biasOn) q.set('bias', state.bias);
  for (const name of PARAM_NAMES) {
    const value = state[name].trim();
    if (value !== PARAM_DEFAULTS[name]) q.set(name, state[name]);
  }
  return q.toString().replace(/%2[89CF]|%5[BD]|%27|%3[AD]/g, (m) => READABLE[m]);
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
  return completeState(partial);
}

/** True when two states describe the same computation (as their URLs would). */
export function sameState(a, b) {
  return stateToQuery(a) === stateToQuery(b);
}
