// The output-length formula, in general and with the current numbers filled in.
// (L_out itself comes from the API; the filled-in arithmetic is for reading.)
import { OPS, PARAM, REPR_ORDER, pythonValue, takes } from '../../lib/ops.js';

// Per op: the filled-in formula and a note, from the model's numbers (padding from the plan).
const FILLED = {
  conv1d(model) {
    const { L, K, Lout } = model.dims;
    const { stride: s, dilation: d, padding } = model.params;
    const { padLeft: pl, padRight: pr } = model;
    const pads = pl === pr ? `2·${pl}` : `(${pl} + ${pr})`;
    let note = '';
    if (padding === 'same')
      note = `padding='same' pads dilation·(kernel_size − 1) = ${pl + pr} cells: ${pl} on the left, ${pr} on the right.`;
    else if (padding === 'valid') note = "padding='valid' means no padding.";
    const parts = [
      ['L_out = ⌊('],
      [String(L), 'L'],
      [' + '],
      [pads, 'padding'],
      [' − '],
      [`${d}·(${K}−1) − 1`, 'span'],
      [') / '],
      [String(s), 'stride'],
      [`⌋ + 1 = ${Lout}`],
    ];
    return { parts, filled: parts.map(([t]) => t).join(''), note };
  },
  conv_transpose1d(model) {
    const { L, K, Lout } = model.dims;
    const p = model.params;
    const parts = [
      ['L_out = '],
      [`(${L}−1)·${p.stride}`, 'stride'],
      [' − '],
      [`2·${p.padding}`, 'padding'],
      [' + '],
      [`${p.dilation}·(${K}−1)`, 'span'],
      [' + '],
      [String(p.output_padding), 'output_padding'],
      [' + '],
      ['1', 'span'],
      [' = '],
      [String(Lout), 'Lout'],
    ];
    return { parts, filled: parts.map(([t]) => t).join(''), note: '' };
  },
};

/** -> {general, filled, parts: [[text, term | undefined]] (filled, split at its terms), note} */
export function lengthFormula(model) {
  return { general: OPS[model.op].lengthFormula, ...FILLED[model.op](model) };
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
