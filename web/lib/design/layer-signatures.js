// PyTorch 1.13's constructor signatures of nn.Conv1d and nn.ConvTranspose1d: the order positional
// arguments bind in (each op's moduleArgs in ops.js: ConvTranspose1d puts dilation after bias) and
// the defaults. Which callee names mean which layer.
import { OPS, OP_NAMES, PARAMS } from '../ops.js';

export const REQUIRED = ['in_channels', 'out_channels', 'kernel_size'];

// After the op's own arguments: padding_mode (ConvTranspose1d takes only 'zeros'), device, dtype.
const TAIL = ['padding_mode', 'device', 'dtype'];

export const SIGNATURES = Object.fromEntries(
  OP_NAMES.map((op) => [
    op,
    { name: OPS[op].module, params: [...new Set([...REQUIRED, ...OPS[op].moduleArgs, ...TAIL])] },
  ]),
);

export const DEFAULTS = {
  ...Object.fromEntries(PARAMS.map((p) => [p.name, p.default])),
  bias: true,
  device: null,
  dtype: null,
};

// Module paths PyTorch users write for the two layers.
const PREFIXES = ['', 'nn.', 'torch.nn.', 'nn.modules.conv.', 'torch.nn.modules.conv.', 'modules.conv.'];

/** 'conv1d' | 'conv_transpose1d' for a callee such as nn.Conv1d, or null. */
export function opOfCallee(callee) {
  for (const prefix of PREFIXES) {
    if (callee === `${prefix}Conv1d`) return 'conv1d';
    if (callee === `${prefix}ConvTranspose1d`) return 'conv_transpose1d';
  }
  return null;
}
