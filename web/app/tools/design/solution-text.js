// A solver row and a layer written the way PyTorch names them. Pure.
import { PARAMS, keywordsText } from '../../../lib/ops.js';

/** "kernel_size=4, stride=2, padding=1, …" with the parameters `op` takes, in its functional order. */
export function solutionText(op, s) {
  return `kernel_size=${s.kernelSize}, ${keywordsText(op, s)}`;
}

/** The ConvLab params of a playground state's text fields, or null when one is not a plain value. */
export function paramsOfState(state) {
  const int = (text) => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);
  const paddingText = state.padding.trim();
  const padding = /^'?(same|valid)'?$/.test(paddingText) ? paddingText.replace(/'/g, '') : int(paddingText);
  const valueOf = { int: (p) => int(state[p.name]), padding: () => padding, mode: (p) => state[p.name] };
  const params = Object.fromEntries(PARAMS.map((p) => [p.camel, valueOf[p.kind](p)]));
  return Object.values(params).some((v) => v === null) ? null : params;
}

/** (N, C, L) or (C, L). */
export const shapeText = (shape) => `(${shape.join(', ')})`;
