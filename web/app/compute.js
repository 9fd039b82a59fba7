// State (text as typed) -> a model of one computed convolution, or an error naming the field
// to fix. The numbers come from the JS API (the wasm kernels and their index math); this file
// only parses, calls, and indexes. No DOM.
import { parseTensor } from '../lib/tensor-text.js';
import { formatTensor } from '../lib/tensor-text.js';
import { MAX_FIELD_CHARS, PARAM_DEFAULTS } from './state.js';
import { PADDING_STRINGS, PARAMS, PARAM_NAMES } from '../lib/ops.js';
import { fmtShape } from './num-format.js';

/** Largest input length × kernel_size for which the page builds the overlap map. */
export const MAX_MAP_TAPS = 65536;

/**
 * The playground's own limits, tighter than the JS API's, so that no edit blocks the page:
 * a case inside them parses, computes and redraws in tens of milliseconds (issue 6: no
 * main-thread task over 200 ms). Checked before the work they bound; the JS API keeps its
 * larger limits.
 */
export const PAGE_LIMITS = Object.freeze({
  chars: MAX_FIELD_CHARS, // per tensor field, before parsing (a pasted megabyte is refused at once)
  elements: 1 << 18, // 262,144 per typed tensor, before allocating (torch.randn of more is slow)
  outputElements: 1 << 19, // 524,288, from the output shape, before computing
  multiplyAdds: 1 << 25, // 33,554,432 per computation (up to ~60 ms in WASM SIMD, for 1×1 kernels)
});

const group = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const product = (shape) => shape.reduce((a, b) => a * b, 1);

// Longest names first, so padding_mode is not read as padding.
const FIELD_WORDS = new RegExp(
  `\\b(${[...PARAM_NAMES].sort((a, b) => b.length - a.length).join('|')}|input|weight|bias)\\b`,
);
const PREFIX_FIELD = { kernel: 'weight', channels: 'input' };

class FieldError extends Error {
  constructor(field, message, position = null) {
    super(message);
    this.field = field;
    this.position = position;
  }
}

const clip = (text, max = 24) => (text.length > max ? `${text.slice(0, max)}…` : text);

function readInt(name, text) {
  const t = String(text).trim();
  if (t === '') {
    throw new FieldError(
      name,
      `${name} is empty: enter a whole number (PyTorch's default is ${name}=${PARAM_DEFAULTS[name]}).`,
    );
  }
  if (/^[+-]?\d+$/.test(t)) return Number(t);
  const n = Number(t);
  if (Number.isFinite(n)) return n; // 1.5: the API says why that is not allowed
  throw new FieldError(
    name,
    `${name}='${clip(t)}' is not a number: enter a whole number, e.g. ${name}=${PARAM_DEFAULTS[name]}.`,
  );
}

function readPadding(name, text) {
  const t = String(text).trim();
  if (t === '')
    throw new FieldError(
      name,
      `${name} is empty: enter a whole number, ${PADDING_STRINGS.map((p) => `'${p}'`).join(' or ')} (PyTorch's default is ${name}=${PARAM_DEFAULTS[name]}).`,
    );
  if (/^[+-]?\d+$/.test(t)) return Number(t);
  const n = Number(t);
  if (Number.isFinite(n)) return n;
  return t.replace(/^(['"])(.*)\1$/, '$2'); // 'same' / "same" / same; anything else: the API explains
}

const READERS = { int: readInt, padding: readPadding, mode: (name, text) => String(text).trim() };

/** The API's params object (PyTorch's names) from the state's text fields (throws FieldError). */
export function readParams(state) {
  const params = {};
  for (const p of PARAMS) params[p.name] = READERS[p.kind](p.name, state[p.name]);
  return params;
}

/** Which field an API message is about, so the page can mark it. */
export function fieldOfMessage(message) {
  const prefix = /^(\w+):/.exec(message);
  if (prefix && PREFIX_FIELD[prefix[1]]) return PREFIX_FIELD[prefix[1]];
  const m = FIELD_WORDS.exec(message);
  return m ? m[1] : null;
}

export class Evaluator {
  #lab;
  #parsed = new Map(); // field -> {text, tensor | error}: unchanged fields are not re-parsed
  #maps = { key: null, value: null };

  constructor(lab) {
    this.#lab = lab;
  }

  /** The last parse of a tensor field: {text, tensor} or {text, error}, or undefined. */
  peek(field) {
    return this.#parsed.get(field);
  }

  #parse(field, text) {
    const hit = this.#parsed.get(field);
    if (hit && hit.text === text) {
      if (hit.error) throw hit.error;
      return hit.tensor;
    }
    let entry;
    if (text.length > PAGE_LIMITS.chars) {
      const message =
        `${field} is ${group(text.length)} characters long; the playground's limit is ${group(PAGE_LIMITS.chars)} ` +
        'characters per tensor. Make big tensors with torch.randn(…), torch.ones(…) or torch.arange(…).';
      entry = { text, error: new FieldError(field, message, PAGE_LIMITS.chars) };
    } else if (!text.trim()) {
      const example = { input: 'torch.ones(1, 1, 7)', weight: 'torch.ones(1, 1, 3)', bias: 'torch.zeros(1)' }[field];
      entry = { text, error: new FieldError(field, `${field} is empty: type a tensor, e.g. ${example}.`) };
    } else {
      try {
        entry = { text, tensor: parseTensor(text, { maxElements: PAGE_LIMITS.elements }) };
      } catch (e) {
        const message = e && e.name === 'TensorParseError' ? `${field}: ${e.message}` : `${field}: ${e?.message ?? e}`;
        entry = { text, error: new FieldError(field, message, typeof e?.position === 'number' ? e.position : null) };
      }
    }
    this.#parsed.set(field, entry);
    if (entry.error) throw entry.error;
    return entry.tensor;
  }

  /** -> {ok: true, model} or {ok: false, error: {message, field, position}} */
  evaluate(state) {
    try {
      return { ok: true, model: this.#evaluate(state) };
    } catch (e) {
      if (e instanceof FieldError)
        return { ok: false, error: { message: e.message, field: e.field, position: e.position } };
      const message = String(e?.message ?? e);
      return { ok: false, error: { message, field: fieldOfMessage(message), position: null } };
    }
  }

  #evaluate(state) {
    const x = this.#parse('input', state.input);
    const w = this.#parse('weight', state.weight);
    const b = state.biasOn ? this.#parse('bias', state.bias) : null;
    const params = readParams(state);
    const lab = this.#lab;
    const op = state.op;
    checkWork(lab, op, x, w, params);
    const y = op === 'conv1d' ? lab.conv1d(x, w, b, params) : lab.convTranspose1d(x, w, b, params);
    const L = x.shape[x.shape.length - 1];
    const K = w.shape[2];
    // The contribution map depends only on the op, lengths and parameters: while the user
    // types new numbers it is reused.
    // Very long inputs get no map (and no diagram): it would cost seconds and gigabytes. So do
    // huge strides, paddings and dilations (a padded axis of millions of cells).
    const key = JSON.stringify([
      op,
      L,
      K,
      params.stride,
      params.padding,
      params.dilation,
      params.output_padding,
      params.padding_mode,
    ]);
    if (this.#maps.key !== key) {
      const pad = typeof params.padding === 'number' ? params.padding : 0;
      const axis = L * params.stride + 2 * pad + params.dilation * K + params.output_padding;
      const mappable = L * K <= MAX_MAP_TAPS && axis <= MAX_MAP_TAPS;
      this.#maps = { key, value: mappable ? indexOverlap(lab.overlap(op, L, K, { ...params, groups: 1 }), L) : null };
    }
    return buildModel(state, op, params, x, w, b, y, this.#maps.value);
  }
}

/**
 * Refuses, before computing, a case over the page's output or multiply-add limit (the API
 * would compute it, but for seconds on the main thread). Invalid cases get the API's message.
 */
function checkWork(lab, op, x, w, params) {
  const shape = lab.outputShape(op, x.shape, w.shape, params);
  const outputs = product(shape);
  if (outputs > PAGE_LIMITS.outputElements) {
    throw new FieldError(
      null,
      `The output would have ${group(outputs)} elements (shape ${fmtShape(shape)}); the playground's limit is ` +
        `${group(PAGE_LIMITS.outputElements)}. Use a shorter input or a smaller stride, padding, dilation or output_padding.`,
    );
  }
  // conv1d: every output sums in_channels/groups × kernel_size products; conv_transpose1d:
  // every input element spreads over out_channels/groups × kernel_size outputs.
  const work = (op === 'conv1d' ? outputs : product(x.shape)) * w.shape[1] * w.shape[2];
  if (work > PAGE_LIMITS.multiplyAdds) {
    throw new FieldError(
      null,
      `This case needs ${group(work)} multiply-adds; the playground's limit is ${group(PAGE_LIMITS.multiplyAdds)} per ` +
        'edit, so that the page stays responsive. Use a shorter input, a smaller kernel or fewer channels.',
    );
  }
}

/** Left and right padding of conv1d when there is no map to read them from ('same' splits d·(K−1)). */
function padding(params, K) {
  if (params.padding === 'same') {
    const total = params.dilation * (K - 1);
    return { padLeft: Math.floor(total / 2), padRight: total - Math.floor(total / 2) };
  }
  const p = typeof params.padding === 'number' ? params.padding : 0;
  return { padLeft: p, padRight: p };
}

/** The overlap map with its entries indexed by output, axis cell and input element. */
function indexOverlap(overlap, L) {
  const byOutput = Array.from({ length: overlap.outLength }, () => []);
  const byAxis = Array.from({ length: overlap.axisLength }, () => []);
  const byInput = Array.from({ length: L }, () => []);
  for (const e of overlap.entries) {
    if (e.output >= 0) byOutput[e.output].push(e);
    byAxis[e.axis].push(e);
    if (e.input >= 0) byInput[e.input].push(e);
  }
  let padLeft = 0;
  while (padLeft < overlap.axisLength && overlap.axisKind[padLeft] === 'padding') padLeft++;
  let padRight = 0;
  while (padRight < overlap.axisLength - padLeft && overlap.axisKind[overlap.axisLength - 1 - padRight] === 'padding')
    padRight++;
  return { overlap, byOutput, byAxis, byInput, padLeft, padRight };
}

function buildModel(state, op, params, x, w, b, y, maps) {
  const { overlap, byOutput, byAxis, byInput, padLeft, padRight } = maps ?? {
    overlap: null,
    byOutput: null,
    byAxis: null,
    byInput: null,
    ...padding(params, w.shape[2]),
  };
  const batched = x.shape.length === 3;
  const N = batched ? x.shape[0] : 1;
  const Cin = x.shape[batched ? 1 : 0];
  const L = x.shape[x.shape.length - 1];
  const K = w.shape[2];
  const groups = params.groups;
  const isConv = op === 'conv1d';
  const Cout = isConv ? w.shape[0] : w.shape[1] * groups;
  const CinG = Cin / groups;
  const CoutG = Cout / groups;
  const Lout = y.shape[y.shape.length - 1];

  return {
    state,
    op,
    isConv,
    params,
    x,
    w,
    b,
    y,
    overlap,
    byOutput,
    byAxis,
    byInput,
    padLeft,
    padRight,
    printed: formatTensor(y),
    dims: { batched, N, Cin, Cout, L, K, groups, CinG, CoutG, Lout, inChannels: Cin, outChannels: Cout },
    /** the single-channel case: short labels y[o], w[k] */
    simple: N === 1 && Cin === 1 && Cout === 1,
    xAt: (n, ci, i) => x.data[(n * Cin + ci) * L + i],
    yAt: (n, co, o) => y.data[(n * Cout + co) * Lout + o],
    bAt: (co) => (b ? b.data[co] : 0),
    /** weight value for the (in channel ci, out channel co, tap k) pair, in either layout */
    wIndex: isConv ? (ci, co, k) => [co, ci % CinG, k] : (ci, co, k) => [ci, co % CoutG, k],
    wAt: isConv
      ? (ci, co, k) => w.data[(co * CinG + (ci % CinG)) * K + k]
      : (ci, co, k) => w.data[(ci * CoutG + (co % CoutG)) * K + k],
    /** in channels feeding out channel co */
    inChannelsOf: (co) => {
      const g = Math.floor(co / CoutG);
      return Array.from({ length: CinG }, (_, j) => g * CinG + j);
    },
    groupOfOut: (co) => Math.floor(co / CoutG),
    groupOfIn: (ci) => Math.floor(ci / CinG),
  };
}
