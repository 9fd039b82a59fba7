// The other op with the same weight, for the matrix and gradient views: Conv1d's C and
// ConvTranspose1d's Cᵀ. Lengths come from the C++ plan (lab.outputShape), never from JS
// shape math; output_padding is whatever makes ConvTranspose1d's length come back to Conv1d's
// input length. Pure over the lab; no DOM.
import { ConvLabError } from '../../lib/errors.js';
import { OP_NAMES, PARAMS, takes } from '../../lib/ops.js';

/** The parameters both ops share, as the op's own call had them. */
function shared(params) {
  const both = PARAMS.filter((p) => OP_NAMES.every((op) => takes(op, p.name)));
  return Object.fromEntries(both.map((p) => [p.name, params[p.name]]));
}

/**
 * Conv1d and ConvTranspose1d for the model's weight, both on one batch element:
 * {conv: {inShape, params}, transpose: {inShape, params} | null, reason}. `conv` maps
 * [C, L] -> [C', L'], `transpose` maps [C', L'] back to [C, L] (null, with a reason, when no
 * ConvTranspose1d does: a padding mode other than zeros, 'same'/'valid' padding, or an
 * output_padding PyTorch refuses).
 */
export function counterparts(lab, model) {
  const { params, w, dims } = model;
  const base = shared(params);
  let convIn;
  if (model.op === 'conv1d') convIn = [dims.Cin, dims.L];
  else convIn = [dims.Cout, dims.Lout];
  const convParams = { ...base, padding_mode: model.op === 'conv1d' ? params.padding_mode : 'zeros' };
  const convOut = lab.outputShape('conv1d', [1, ...convIn], w.shape, convParams).slice(1);
  const conv = { inShape: convIn, outShape: convOut, params: convParams };
  if (typeof params.padding === 'string')
    return { conv, transpose: null, reason: `padding='${params.padding}' exists only for Conv1d` };
  if (convParams.padding_mode !== 'zeros')
    return { conv, transpose: null, reason: `padding_mode='${convParams.padding_mode}' exists only for Conv1d` };
  const zeroPad = { ...base, output_padding: 0 };
  const plain = lab.outputShape('conv_transpose1d', [1, ...convOut], w.shape, zeroPad);
  const outputPadding = convIn[1] - plain[2];
  const tParams = { ...base, output_padding: outputPadding };
  try {
    lab.outputShape('conv_transpose1d', [1, ...convOut], w.shape, tParams);
  } catch (e) {
    if (!(e instanceof ConvLabError)) throw e;
    return { conv, transpose: null, reason: `it would need output_padding=${outputPadding}: ${e.message}` };
  }
  return { conv, transpose: { inShape: convOut, outShape: convIn, params: tParams }, reason: null };
}

/** A seeded generator of floats in [-1, 1) (mulberry32): the adjoint check's x and y. */
export function seededValues(seed, count) {
  let a = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
  }
  return out;
}

/** ⟨a, b⟩ in float64. */
export function dot(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * The adjoint check for seeded x (Conv1d's input) and y (its output): ⟨Cx, y⟩ and ⟨x, Cᵀy⟩,
 * with C and Cᵀ run as the ops themselves (or, without a ConvTranspose1d, as Cᵀ's matrix).
 */
export function adjointCheck(lab, model, pair, seed = 0) {
  const { conv, transpose } = pair;
  const x = { shape: [1, ...conv.inShape], data: seededValues(seed, conv.inShape[0] * conv.inShape[1]) };
  const y = { shape: [1, ...conv.outShape], data: seededValues(seed + 1, conv.outShape[0] * conv.outShape[1]) };
  const cx = lab.conv1d(x, model.w, null, conv.params).data;
  let cty;
  if (transpose) cty = lab.convTranspose1d(y, model.w, null, transpose.params).data;
  else {
    const m = lab.matrix('conv1d', conv.inShape, model.w, conv.params);
    const [rows, cols] = m.shape;
    cty = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cty[c] += m.data[r * cols + c] * y.data[r];
  }
  return { left: dot(cx, y.data), right: dot(x.data, cty), viaOp: Boolean(transpose) };
}
