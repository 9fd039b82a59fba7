// How a large call is cut into slices that run on different threads. Slices split the output
// (whole samples, whole output channels, or whole groups), never a reduction: every output
// cell is summed by one thread in the same order as on one thread, so results are bit-identical.
// Pure functions over shapes and Float32Arrays; no wasm, no workers.

/** Calls smaller than this many multiply-adds stay on the calling thread (a message round trip costs more). */
export const MIN_THREADED_MACS = 1 << 21;

const product = (shape) => shape.reduce((a, b) => a * b, 1);

/**
 * The call's dimensions, or null if it is not a plain {shape, data: Float32Array} call that the
 * single-thread path would accept as given (then the calling thread runs it and reports errors).
 */
export function callDims(op, input, weight, bias, params) {
  const plain = (t) =>
    t !== null &&
    typeof t === 'object' &&
    Array.isArray(t.shape) &&
    t.data instanceof Float32Array &&
    t.shape.every((d) => Number.isSafeInteger(d) && d >= 0) &&
    t.data.length === product(t.shape);
  if (!plain(input) || !plain(weight) || (bias != null && !plain(bias))) return null;
  if (weight.shape.length !== 3 || (input.shape.length !== 2 && input.shape.length !== 3)) return null;
  const groups = params.groups ?? 1;
  if (!Number.isSafeInteger(groups) || groups < 1) return null;
  const batched = input.shape.length === 3;
  const [n, cin, length] = batched ? input.shape : [1, ...input.shape];
  const [w0, w1, k] = weight.shape;
  const conv = op === 'conv1d';
  const cout = conv ? w0 : w1 * groups;
  if (cin % groups !== 0 || cout % groups !== 0 || cout === 0 || length === 0) return null;
  const macs = conv ? n * cout * length * (cin / groups) * k : n * cin * length * (cout / groups) * k;
  return { conv, batched, n, cin, cout, length, k, groups, macs };
}

/**
 * Whether to split at all: big enough to pay for the messages, and a geometry whose slices take
 * the same kernel path as the whole call (the kernels fall back to the reference loops for
 * degenerate strides, dilations and paddings, which would round differently).
 */
export function worthSplitting(dims, params, parts) {
  if (!dims || parts < 2 || dims.macs < MIN_THREADED_MACS) return false;
  const small = (v) => v === undefined || (Number.isSafeInteger(v) && v >= 0 && v <= 64);
  const padding = params.padding ?? 0;
  const paddingOk = typeof padding === 'string' || (Number.isSafeInteger(padding) && padding <= dims.length);
  return small(params.stride) && small(params.dilation) && paddingOk;
}

/** Splits [0, count) into at most `parts` contiguous ranges, each a multiple of `align` but the last. */
export function splitRange(count, parts, align = 1) {
  const units = Math.ceil(count / align);
  const used = Math.min(parts, units);
  const ranges = [];
  for (let i = 0, start = 0; i < used; i++) {
    const end = Math.min(count, Math.round((units * (i + 1)) / used) * align);
    if (end > start) ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

/**
 * The slices of a call: each has the tensors and params of a smaller call of the same op, and
 * where its output goes ({n0, n1, c0, c1}: samples and output channels of the full output).
 */
export function planSlices(dims, input, weight, bias, params, parts) {
  const { conv, batched, n, cin, cout, length, groups } = dims;
  const [, w1, k] = weight.shape;
  const slices = [];
  if (batched && n >= parts) {
    const plane = cin * length;
    for (const [n0, n1] of splitRange(n, parts)) {
      slices.push({
        input: { shape: [n1 - n0, cin, length], data: input.data.subarray(n0 * plane, n1 * plane) },
        weight,
        bias,
        params,
        n0,
        n1,
        c0: 0,
        c1: cout,
      });
    }
    return slices;
  }
  if (groups === 1) {
    // Output channels in multiples of 4 (the kernels' channel block) so no slice loses speed.
    for (const [c0, c1] of splitRange(cout, parts, 4)) {
      const w = conv
        ? { shape: [c1 - c0, w1, k], data: weight.data.subarray(c0 * w1 * k, c1 * w1 * k) }
        : { shape: [cin, c1 - c0, k], data: gatherColumns(weight.data, cin, w1 * k, c0 * k, c1 * k) };
      const b = bias ? { shape: [c1 - c0], data: bias.data.subarray(c0, c1) } : null;
      slices.push({ input, weight: w, bias: b, params, n0: 0, n1: n, c0, c1 });
    }
    return slices;
  }
  // Grouped and depthwise: whole groups, with their input channels, weights and bias.
  const cinG = cin / groups;
  const coutG = cout / groups;
  const weightRows = conv ? coutG : cinG; // weight rows per group (dimension 0)
  for (const [g0, g1] of splitRange(groups, parts)) {
    const rows = gatherColumns(input.data, n, cin * length, g0 * cinG * length, g1 * cinG * length);
    const inShape = batched ? [n, (g1 - g0) * cinG, length] : [(g1 - g0) * cinG, length];
    const perRow = w1 * k;
    slices.push({
      input: { shape: inShape, data: rows },
      weight: {
        shape: [(g1 - g0) * weightRows, w1, k],
        data: weight.data.subarray(g0 * weightRows * perRow, g1 * weightRows * perRow),
      },
      bias: bias ? { shape: [(g1 - g0) * coutG], data: bias.data.subarray(g0 * coutG, g1 * coutG) } : null,
      params: { ...params, groups: g1 - g0 },
      n0: 0,
      n1: n,
      c0: g0 * coutG,
      c1: g1 * coutG,
    });
  }
  return slices;
}

/** Columns [from, to) of a row-major (rows x width) matrix, as a new contiguous array. */
function gatherColumns(data, rows, width, from, to) {
  if (rows === 1 || (from === 0 && to === width)) return data.subarray(from, (rows - 1) * width + to);
  const out = new Float32Array(rows * (to - from));
  for (let r = 0; r < rows; r++) out.set(data.subarray(r * width + from, r * width + to), r * (to - from));
  return out;
}

/** Writes a slice's output (shape [n1-n0, c1-c0, L] or unbatched) into the full output. */
export function placeSlice(out, outChannels, outLength, slice, data) {
  const width = (slice.c1 - slice.c0) * outLength;
  if (slice.c0 === 0 && slice.c1 === outChannels) {
    out.set(data, slice.n0 * outChannels * outLength);
    return;
  }
  for (let n = slice.n0; n < slice.n1; n++) {
    const from = (n - slice.n0) * width;
    out.set(data.subarray(from, from + width), (n * outChannels + slice.c0) * outLength);
  }
}
