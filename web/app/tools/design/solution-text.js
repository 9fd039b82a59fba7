// A solver row and a layer written the way PyTorch names them. Pure.

/** "kernel_size=4, stride=2, padding=1, output_padding=1, dilation=1" (no output_padding for conv1d). */
export function solutionText(op, s) {
  const parts = [`kernel_size=${s.kernelSize}`, `stride=${s.stride}`, `padding=${s.padding}`];
  if (op === 'conv_transpose1d') parts.push(`output_padding=${s.outputPadding}`);
  parts.push(`dilation=${s.dilation}`);
  return parts.join(', ');
}

/** The ConvLab params of a playground state's text fields, or null when one is not a plain value. */
export function paramsOfState(state) {
  const int = (text) => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);
  const paddingText = state.padding.trim();
  const padding = /^'?(same|valid)'?$/.test(paddingText) ? paddingText.replace(/'/g, '') : int(paddingText);
  const params = {
    stride: int(state.stride),
    padding,
    dilation: int(state.dilation),
    groups: int(state.groups),
    outputPadding: int(state.output_padding),
    paddingMode: state.padding_mode,
  };
  return Object.values(params).some((v) => v === null) ? null : params;
}

/** (N, C, L) or (C, L). */
export const shapeText = (shape) => `(${shape.join(', ')})`;
