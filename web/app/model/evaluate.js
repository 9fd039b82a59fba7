// State (text as typed) -> a model of one computed convolution, or an error naming the field
// to fix. The numbers come from the JS API (the wasm kernels and their index math), the shapes
// from model/geometry.js (the plan); this file parses, checks the page's limits, calls and
// indexes. No DOM.
import { parseTensor, formatTensor } from '../../lib/tensor-text.js';
import { OPS } from '../../lib/ops.js';
import { MAX_FIELD_CHARS } from './state.js';
import { FieldError, fieldOfMessage, formField, readParams } from './fields.js';
import { fromPlan, geometryKey, planGeometry } from './geometry.js';
import { fmtCount, fmtShape } from './num-format.js';

/** Largest input length × kernel_size (and axis length) for which the page builds the overlap map. */
export const MAX_MAP_TAPS = 65536;

/**
 * The playground's own limits, tighter than the JS API's, so that no edit blocks the page: a
 * case inside them parses, computes and redraws in tens of milliseconds (no main-thread task
 * over 200 ms). Checked before the work they bound; the JS API keeps its larger limits.
 */
export const PAGE_LIMITS = Object.freeze({
  chars: MAX_FIELD_CHARS, // per tensor field, before parsing (a pasted megabyte is refused at once)
  elements: 1 << 18, // 262,144 per typed tensor, before allocating (torch.randn of more is slow)
  outputElements: 1 << 19, // 524,288, from the output shape, before computing
  multiplyAdds: 1 << 25, // 33,554,432 per computation (up to ~60 ms in WASM SIMD, for 1×1 kernels)
});

const product = (shape) => shape.reduce((a, b) => a * b, 1);
const EXAMPLES = { input: 'torch.ones(1, 1, 7)', weight: 'torch.ones(1, 1, 3)', bias: 'torch.zeros(1)' };

/** Turns states into models, reusing the parse of unchanged fields, the geometry and the overlap map. */
export class CaseEvaluator {
  #lab;
  #parsed = new Map(); // field -> {text, tensor | error}: unchanged fields are not re-parsed
  #geometry = { key: null, value: null }; // reused while only tensor values change
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
        `${field} is ${fmtCount(text.length)} characters long; the playground's limit is ${fmtCount(PAGE_LIMITS.chars)} ` +
        'characters per tensor. Make big tensors with torch.randn(…), torch.ones(…) or torch.arange(…).';
      entry = { text, error: new FieldError(field, message, PAGE_LIMITS.chars) };
    } else if (!text.trim()) {
      entry = { text, error: new FieldError(field, `${field} is empty: type a tensor, e.g. ${EXAMPLES[field]}.`) };
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

  /**
   * -> {ok: true, model} or {ok: false, error: {message, field, position, geometry}}; geometry
   * (or null) is the plan's when only the lengths failed, so the diagram can draw the axis.
   */
  evaluate(state) {
    try {
      return { ok: true, model: this.#evaluate(state) };
    } catch (e) {
      if (e instanceof FieldError)
        return { ok: false, error: { message: e.message, field: e.field, position: e.position } };
      const message = String(e?.message ?? e);
      const field = formField(e?.field) ?? fieldOfMessage(message);
      const geometry = e?.geometry ? fromPlan(e.geometry) : null;
      return { ok: false, error: { message, field, position: null, geometry } };
    }
  }

  #evaluate(state) {
    const x = this.#parse('input', state.input);
    const w = this.#parse('weight', state.weight);
    const b = state.biasOn ? this.#parse('bias', state.bias) : null;
    const params = readParams(state);
    const op = state.op;
    const geometry = this.#plan(op, x.shape, w.shape, b ? b.shape : null, params);
    checkWork(op, geometry);
    const y = this.#lab.run(geometry.plan, x, w, b);
    const model = buildModel(state, op, params, x, w, b, y, geometry, this.#overlap(op, params, geometry));
    model.lab = this.#lab; // the diagram's matrix, equivalent and gradient views compute with it
    return model;
  }

  /**
   * The geometry, planned once per shape or parameter change: typing new tensor values reuses
   * the plan (and plans nothing in wasm).
   */
  #plan(op, inputShape, weightShape, biasShape, params) {
    const key = geometryKey(op, inputShape, weightShape, biasShape, params);
    if (this.#geometry.key !== key) {
      this.#geometry = { key, value: planGeometry(this.#lab, op, inputShape, weightShape, biasShape, params) };
    }
    return this.#geometry.value;
  }

  /**
   * The overlap map, indexed, or null when it would be too big to build (a very long input, or
   * a huge stride, padding or dilation: an axis of millions of cells). It depends on the op,
   * the lengths and the parameters, not on channels or values, so it is reused while they change.
   */
  #overlap(op, params, g) {
    const key = JSON.stringify([op, g.L, g.K, params]);
    if (this.#maps.key !== key) {
      const mappable = g.L * g.K <= MAX_MAP_TAPS && g.axisLength <= MAX_MAP_TAPS;
      this.#maps = { key, value: mappable ? indexOverlap(this.#lab.overlap(g.plan), g.L) : null };
    }
    return this.#maps.value;
  }
}

/** Refuses, before computing, a case over the page's output or multiply-add limit (the API would compute it, but for seconds on the main thread). */
function checkWork(op, g) {
  const outputs = product(g.outShape);
  if (outputs > PAGE_LIMITS.outputElements) {
    throw new FieldError(
      null,
      `The output would have ${fmtCount(outputs)} elements (shape ${fmtShape(g.outShape)}); the playground's limit is ` +
        `${fmtCount(PAGE_LIMITS.outputElements)}. Use a shorter input or a smaller ${OPS[op].lengthening.join(', ')}.`,
    );
  }
  if (g.multiplyAdds > PAGE_LIMITS.multiplyAdds) {
    throw new FieldError(
      null,
      `This case needs ${fmtCount(g.multiplyAdds)} multiply-adds; the playground's limit is ${fmtCount(PAGE_LIMITS.multiplyAdds)} per ` +
        'edit, so that the page stays responsive. Use a shorter input, a smaller kernel or fewer channels.',
    );
  }
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
  return { overlap, byOutput, byAxis, byInput };
}

const NO_MAP = Object.freeze({ overlap: null, byOutput: null, byAxis: null, byInput: null });

function buildModel(state, op, params, x, w, b, y, g, maps) {
  const { N, L, K, Lout, inChannels: Cin, outChannels: Cout, inPerGroup: CinG, outPerGroup: CoutG } = g;
  const index = OPS[op].weight.index;
  return {
    state,
    op,
    params,
    x,
    w,
    b,
    y,
    geometry: g,
    ...(maps ?? NO_MAP),
    padLeft: g.padLeft,
    padRight: g.padRight,
    printed: formatTensor(y),
    dims: { ...g, Cin, Cout, CinG, CoutG },
    /** the single-channel case: short labels y[o], w[k] */
    simple: N === 1 && Cin === 1 && Cout === 1,
    xAt: (n, ci, i) => x.data[(n * Cin + ci) * L + i],
    yAt: (n, co, o) => y.data[(n * Cout + co) * Lout + o],
    bAt: (co) => (b ? b.data[co] : 0),
    /** the weight's index for the (in channel ci, out channel co, tap k) pair, in the op's layout */
    wIndex: (ci, co, k) => index(ci, co, k, CinG, CoutG),
    wAt: (ci, co, k) => {
      const [i0, i1, i2] = index(ci, co, k, CinG, CoutG);
      return w.data[(i0 * w.shape[1] + i1) * K + i2];
    },
    /** in channels feeding out channel co */
    inChannelsOf: (co) => {
      const first = Math.floor(co / CoutG) * CinG;
      return Array.from({ length: CinG }, (_, j) => first + j);
    },
    groupOfOut: (co) => Math.floor(co / CoutG),
    groupOfIn: (ci) => Math.floor(ci / CinG),
  };
}
