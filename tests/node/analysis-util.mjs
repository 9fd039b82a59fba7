// Shared by the analysis tests: a seeded generator, random valid calls of both ops, and
// tolerance comparisons that name the first bad element.
import { ConvLabError } from '../../web/lib/convlab.js';

/** mulberry32: small, seeded, good enough to sweep parameters reproducibly. */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: (values) => values[Math.floor(next() * values.length)],
    tensor: (shape) => ({
      shape,
      data: Float32Array.from(
        { length: shape.reduce((n, d) => n * d, 1) },
        () => Math.round((next() * 2 - 1) * 32) / 32,
      ),
    }),
  };
}

export const MODES = ['zeros', 'reflect', 'replicate', 'circular'];
// (groups, in per group, out per group): dense, grouped, depthwise, depthwise multiplier.
const LAYOUTS = [
  [1, 1, 1],
  [1, 3, 2],
  [1, 2, 4],
  [2, 2, 3],
  [3, 1, 1],
  [4, 1, 2],
  [2, 3, 1],
];

/**
 * Random valid calls: {op, input, weight, bias, params} with params as PyTorch names. `batch`
 * picks the input's form: 'one' ([C, L] or [1, C, L]), or 'any' (also batches 0..3).
 */
export function* randomCalls(lab, seed, count, { op, batch = 'any', modes = MODES, withBias = true } = {}) {
  const r = random(seed);
  let made = 0;
  for (let trial = 0; made < count && trial < count * 50; ++trial) {
    const [g, perIn, perOut] = r.pick(LAYOUTS);
    const K = r.pick([1, 2, 3, 4, 5, 8]);
    const L = r.pick([1, 2, 3, 5, 7, 8, 9, 16, 17]);
    const n = batch === 'one' ? r.pick([null, 1]) : r.pick([null, 0, 1, 2, 3]);
    const xShape = n === null ? [g * perIn, L] : [n, g * perIn, L];
    const params = { stride: r.pick([1, 1, 2, 3, 4]), dilation: r.pick([1, 1, 2, 3]), groups: g };
    let wShape;
    if (op === 'conv1d') {
      wShape = [g * perOut, perIn, K];
      params.padding = r.pick([0, 1, 2, 3, 'same', 'valid']);
      if (params.padding === 'same') params.stride = 1;
      params.padding_mode = r.pick(modes);
    } else {
      wShape = [g * perIn, perOut, K];
      params.padding = r.pick([0, 0, 1, 2, 4]);
      params.output_padding = r.pick([0, 0, 1, 2, 3]);
    }
    try {
      lab.outputShape(op, xShape, wShape, params); // valid for PyTorch?
    } catch (e) {
      if (e instanceof ConvLabError) continue;
      throw e;
    }
    made++;
    const bias = withBias && r.next() < 0.6 ? r.tensor([op === 'conv1d' ? wShape[0] : g * perOut]) : null;
    yield { op, input: r.tensor(xShape), weight: r.tensor(wShape), bias, params, r };
  }
}

export function describe(c) {
  return `${c.op} input [${c.input.shape}] weight [${c.weight.shape}] ${JSON.stringify(c.params)}${c.bias ? ' bias' : ''}`;
}

export function assertClose(assert, got, want, label, tol = 1e-5) {
  assert.deepEqual(got.shape, want.shape, `${label}: shape`);
  const scale = want.data.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  for (let i = 0; i < want.data.length; ++i) {
    if (!(Math.abs(got.data[i] - want.data[i]) <= tol * scale)) {
      assert.fail(`${label}: element ${i}: got ${got.data[i]}, want ${want.data[i]}`);
    }
  }
}

export function dot(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; ++i) sum += a[i] * b[i];
  return sum;
}
