// Edits of the playground's case that the design tools apply with one click: a pasted layer, a
// solver row, the ConvTranspose1d that inverts a Conv1d. Pure: state in, state out; shapes come
// from the case's own tensors (parsed) and lengths from the API, never computed here.
import { parseTensor } from '../../../lib/tensor-text.js';
import { completeState } from '../../model/state.js';
import { fieldsOf } from '../../../lib/ops.js';

const MAX_PARSE_CHARS = 4096; // tensor text longer than this is not worth re-reading for a shape

/** The shape a tensor field's text gives, or null (unparseable or long). */
export function shapeOf(text) {
  if (typeof text !== 'string' || text.length > MAX_PARSE_CHARS) return null;
  try {
    return parseTensor(text, { maxElements: 1 << 18 }).shape;
  } catch {
    return null;
  }
}

/** {batch, channels, length} of the case's input, each null when unknown. */
export function inputDims(state) {
  const s = shapeOf(state.input);
  if (!s || (s.length !== 2 && s.length !== 3)) return { batch: null, channels: null, length: null };
  return s.length === 3 ? { batch: s[0], channels: s[1], length: s[2] } : { batch: null, channels: s[0], length: s[1] };
}

export const ones = (shape) => `torch.ones(${shape.join(', ')})`;

/** An input text of `channels` × `length`, batched as the case's input is. */
export function inputText(state, channels, length) {
  const { batch } = inputDims(state);
  return ones(
    batch === null && shapeOf(state.input)?.length === 2 ? [channels, length] : [batch ?? 1, channels, length],
  );
}

/** The case running `layer` (parseLayer's result) on an input of `length` cells. */
export function caseOfLayer(state, layer, length) {
  return completeState({
    op: layer.op,
    input: inputText(state, layer.inChannels, length),
    weight: ones(layer.weightShape),
    biasOn: layer.bias,
    bias: `torch.zeros(${layer.outChannels})`,
    ...fieldsOf(layer),
  });
}

/**
 * The case with a solver row applied: op, kernel_size (the weight keeps its channels), the row's
 * parameters, padding_mode zeros, and an input of inLength cells (channels kept).
 */
export function caseOfSolution(state, op, solution, inLength) {
  const w = shapeOf(state.weight);
  const groups = Number(state.groups);
  const keep = w && w.length === 3 && Number.isInteger(groups) && groups >= 1;
  const weight = keep ? [w[0], w[1], solution.kernelSize] : [1, 1, solution.kernelSize];
  const inChannels = op === 'conv1d' ? weight[1] * (keep ? groups : 1) : weight[0];
  return completeState({
    ...state,
    op,
    input: inputText(state, inChannels, inLength),
    weight: ones(weight),
    groups: keep ? state.groups : '1',
    ...fieldsOf(solution),
    padding_mode: 'zeros',
  });
}
