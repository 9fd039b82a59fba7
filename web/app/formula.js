// The output-length formula, in general and with the current numbers filled in.
// (L_out itself comes from the API; the filled-in arithmetic is for reading.)
import { OPS, PARAM, REPR_ORDER, pythonValue, takes } from '../lib/ops.js';

/** -> {general, filled, note} */
export function lengthFormula(model) {
  const { dims, params, isConv } = model;
  const { L, K, Lout } = dims;
  const s = params.stride;
  const d = params.dilation;
  if (isConv) {
    const pl = model.padLeft;
    const pr = model.padRight;
    const pads = pl === pr ? `2·${pl}` : `(${pl} + ${pr})`;
    let note = '';
    if (typeof params.padding === 'string') {
      note =
        params.padding === 'same'
          ? `padding='same' pads dilation·(kernel_size − 1) = ${pl + pr} cells: ${pl} on the left, ${pr} on the right.`
          : "padding='valid' means no padding.";
    }
    return {
      general: OPS.conv1d.lengthFormula,
      filled: `L_out = ⌊(${L} + ${pads} − ${d}·(${K}−1) − 1) / ${s}⌋ + 1 = ${Lout}`,
      note,
    };
  }
  const p = params.padding;
  const op = params.output_padding;
  return {
    general: OPS.conv_transpose1d.lengthFormula,
    filled: `L_out = (${L}−1)·${s} − 2·${p} + ${d}·(${K}−1) + ${op} + 1 = ${Lout}`,
    note: '',
  };
}

/** nn.Conv1d(1, 1, kernel_size=3, padding=1, bias=False): the module these settings describe (as PyTorch's repr orders it). */
export function moduleSignature(model) {
  const { dims, params, state } = model;
  const op = OPS[model.op];
  const parts = [String(dims.inChannels), String(dims.outChannels), `kernel_size=${dims.K}`];
  for (const name of REPR_ORDER) {
    if (name === 'bias') {
      if (!state.biasOn) parts.push('bias=False');
    } else if (takes(op.name, name) && params[name] !== PARAM[name].default) {
      parts.push(`${name}=${pythonValue(params[name])}`);
    }
  }
  return `nn.${op.module}(${parts.join(', ')})`;
}
