// The geometry of one call: output shape, channels and groups, the padding split, the diagram's
// axis and the multiply-adds. Every number the page shows about shapes comes from here.
import { OPS } from '../../lib/ops.js';

/**
 * @typedef {object} Geometry
 * @property {number[]} outShape   the output's shape (from the C++ plan)
 * @property {boolean} batched     (N, C, L) rather than (C, L)
 * @property {number} N            batch size (1 when unbatched)
 * @property {number} L            input length
 * @property {number} K            kernel_size
 * @property {number} Lout         output length
 * @property {number} groups
 * @property {number} inChannels
 * @property {number} outChannels
 * @property {number} inPerGroup   in_channels / groups
 * @property {number} outPerGroup  out_channels / groups
 * @property {number} padLeft      conv1d: cells added on the left ('same' splits dilation·(K−1))
 * @property {number} padRight     conv1d: cells added on the right
 * @property {number} axisLength   conv1d: the padded input; conv_transpose1d: the uncropped output
 * @property {number} multiplyAdds the call's multiply-adds
 */

/**
 * THE ADAPTER to the C++ plan. Today the JS API exports only the plan's output shape
 * (lab.outputShape: one wasm plan); the rest is read off the op table's weight layout and the
 * output shape here, and nowhere else. When the API exports the whole plan, this function
 * returns it (field for field, Geometry above) and nothing else on the page changes.
 * Throws the API's ConvLabError for an invalid case.
 * @returns {Geometry}
 */
export function planGeometry(lab, op, inputShape, weightShape, params) {
  const outShape = lab.outputShape(op, inputShape, weightShape, params);
  const batched = inputShape.length === 3;
  const L = inputShape[inputShape.length - 1];
  const K = weightShape[2];
  const Lout = outShape[outShape.length - 1];
  const { groups, dilation } = params;
  const { inChannels, outChannels } = OPS[op].weight.channels(weightShape, groups);
  const inPerGroup = inChannels / groups;
  const outPerGroup = outChannels / groups;
  const N = batched ? inputShape[0] : 1;
  let padLeft = typeof params.padding === 'number' ? params.padding : 0;
  let padRight = padLeft;
  if (params.padding === 'same') {
    const total = dilation * (K - 1);
    padLeft = Math.floor(total / 2);
    padRight = total - padLeft;
  }
  const isTranspose = op === 'conv_transpose1d';
  // conv1d: every output sums in_channels/groups × K products; conv_transpose1d: every input
  // element spreads over out_channels/groups × K outputs.
  const multiplyAdds = isTranspose ? N * inChannels * L * outPerGroup * K : N * outChannels * Lout * inPerGroup * K;
  return {
    outShape,
    batched,
    N,
    L,
    K,
    Lout,
    groups,
    inChannels,
    outChannels,
    inPerGroup,
    outPerGroup,
    padLeft,
    padRight,
    axisLength: isTranspose ? Lout + padLeft + padRight : L + padLeft + padRight,
    multiplyAdds,
  };
}

/** The geometry's cache key: what it depends on (not the tensors' values). */
export function geometryKey(op, inputShape, weightShape, params) {
  return JSON.stringify([op, inputShape, weightShape, params]);
}
