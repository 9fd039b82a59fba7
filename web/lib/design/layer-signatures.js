// PyTorch 1.13's constructor signatures of nn.Conv1d and nn.ConvTranspose1d: the order positional
// arguments bind in (note that ConvTranspose1d puts output_padding, groups, bias before dilation)
// and the defaults. Which callee names mean which layer.

export const SIGNATURES = {
  conv1d: {
    name: 'Conv1d',
    params: [
      'in_channels',
      'out_channels',
      'kernel_size',
      'stride',
      'padding',
      'dilation',
      'groups',
      'bias',
      'padding_mode',
      'device',
      'dtype',
    ],
  },
  conv_transpose1d: {
    name: 'ConvTranspose1d',
    params: [
      'in_channels',
      'out_channels',
      'kernel_size',
      'stride',
      'padding',
      'output_padding',
      'groups',
      'bias',
      'dilation',
      'padding_mode',
      'device',
      'dtype',
    ],
  },
};

export const REQUIRED = ['in_channels', 'out_channels', 'kernel_size'];

export const DEFAULTS = {
  stride: 1,
  padding: 0,
  dilation: 1,
  groups: 1,
  bias: true,
  padding_mode: 'zeros',
  output_padding: 0,
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
