// PyTorch's rules for a whole layer (groups divide the channels, stride and dilation positive,
// output_padding below max(stride, dilation), …), checked in the order PyTorch checks them so the
// first problem reported is the one PyTorch reports, with when it raises (building or calling).
import { layerError } from './layer-values.js';

const BUILD = 'when the layer is built';
const CALL = 'when the layer is called, on any input';

export function checkRules(v, op, layer) {
  const transposed = op === 'conv_transpose1d';
  const { in_channels: cin, out_channels: cout, groups, kernel_size: k, stride, dilation } = v;
  // In nn's __init__ order, so the first problem reported is the one PyTorch reports.
  if (groups <= 0) {
    throw layerError(
      'groups',
      `groups=${groups} is not allowed (PyTorch raises ValueError: "groups must be a positive integer" ${BUILD}). ` +
        `Use groups=${divisorsText(cin, cout)}.`,
    );
  }
  for (const [name, count] of [
    ['in_channels', cin],
    ['out_channels', cout],
  ]) {
    if (count % groups !== 0) {
      throw layerError(
        'groups',
        `groups=${groups} does not divide ${name}=${count} (PyTorch raises ValueError: "${name} must be divisible ` +
          `by groups" ${BUILD}): in_channels=${cin} and out_channels=${cout} must both be multiples of groups. ` +
          `Use groups=${divisorsText(cin, cout)}.`,
      );
    }
  }
  if (v.padding === 'same' && stride !== 1) {
    throw layerError(
      'padding',
      `padding='same' is not supported with stride=${stride} (PyTorch raises ValueError: "padding='same' is not ` +
        `supported for strided convolutions" ${BUILD}). Use stride=1, or a number: padding=` +
        `${Math.floor((dilation * (k - 1)) / 2)} gives ceil(length/${stride}) outputs when dilation*(kernel_size-1) is even.`,
    );
  }
  for (const [name, value] of [
    ['out_channels', cout],
    ['in_channels', cin],
    ['kernel_size', k],
  ]) {
    if (value < 0) {
      throw layerError(
        name,
        `${name}=${value} is not allowed: sizes cannot be negative (PyTorch raises RuntimeError: "Trying to ` +
          `create tensor with negative dimension ${value}" ${BUILD}). Use ${name}=${name === 'kernel_size' ? 3 : 1} or more.`,
      );
    }
  }
  if (stride <= 0) {
    throw layerError(
      'stride',
      `stride=${stride} is not allowed (PyTorch raises RuntimeError: "non-positive stride is not supported" ${CALL}). ` +
        `Use stride=1 (the default) or more.`,
    );
  }
  if (typeof v.padding === 'number' && v.padding < 0) {
    throw layerError(
      'padding',
      `padding=${v.padding} is not allowed (PyTorch raises RuntimeError: "negative padding is not supported" ${CALL}). ` +
        `Use padding=0 or more${transposed ? '' : '; to trim the input, slice it (x[..., 1:-1]) before the layer'}.`,
    );
  }
  if (dilation <= 0) {
    throw layerError(
      'dilation',
      `dilation=${dilation} is not allowed (PyTorch raises RuntimeError: "dilation should be greater than zero" ` +
        `${CALL}). Use dilation=1 (the default) or more.`,
    );
  }
  if (transposed && v.output_padding < 0) {
    throw layerError(
      'output_padding',
      `output_padding=${v.output_padding} is not allowed (PyTorch raises RuntimeError: "negative output_padding is ` +
        `not supported" ${CALL}). Use output_padding=0 or more; to shorten the output use padding.`,
    );
  }
  if (k === 0) {
    throw layerError(
      'kernel_size',
      `kernel_size=0 is not allowed (PyTorch builds the layer, then raises RuntimeError: "kernel size should be ` +
        `greater than zero" ${CALL}). Use kernel_size=1 or more.`,
    );
  }
  // ConvTranspose1d's weight is (in_channels, out_channels/groups, K); Conv1d's (out, in/groups, K).
  const [first, second] = transposed ? ['in_channels', 'out_channels'] : ['out_channels', 'in_channels'];
  if (v[first] === 0) {
    throw layerError(
      first,
      `${first}=0 is not allowed: a ${layer} needs at least one ${first === 'in_channels' ? 'input' : 'output'} ` +
        `channel (PyTorch builds the layer, then raises RuntimeError: "expected weight to be at least 1 at ` +
        `dimension 0" ${CALL}). Use ${first}=1 or more.`,
    );
  }
  if (v[second] === 0) {
    throw layerError(
      second,
      `${second}=0 is not allowed: a ${layer} needs at least one ${second === 'in_channels' ? 'input' : 'output'} ` +
        `channel (${transposed ? `PyTorch raises RuntimeError: "non-empty 2D or 4D weight tensor expected" ${CALL}` : 'torch 1.13 accepts it and returns a tensor with no channels; ConvLab and newer PyTorch refuse it'}). ` +
        `Use ${second}=1 or more.`,
    );
  }
  if (transposed && v.output_padding >= stride && v.output_padding >= dilation) {
    const limit = Math.max(stride, dilation);
    throw layerError(
      'output_padding',
      `output_padding=${v.output_padding} must be smaller than either stride=${stride} or dilation=${dilation} ` +
        `(PyTorch builds the layer, then raises RuntimeError: "output padding must be smaller than either stride ` +
        `or dilation" ${CALL}). It only picks among the lengths that collapse to one Conv1d output length, so it ` +
        `stays below max(stride, dilation). Use output_padding between 0 and ` +
        `${limit - 1}${limit === 1 ? ', or stride=2 or more' : ''}.`,
    );
  }
}

/** "1, 2 or 4": groups values that divide both channel counts (a few of them). */
function divisorsText(a, b) {
  const found = [];
  for (let d = 1; d <= Math.max(1, Math.min(Math.abs(a) || 1, Math.abs(b) || 1)) && found.length < 6; d++) {
    if (a % d === 0 && b % d === 0) found.push(d);
  }
  return found.length === 1 ? '1' : `${found.slice(0, -1).join(', ')} or ${found[found.length - 1]}`;
}
