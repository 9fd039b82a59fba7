// formatLayer(layer): parseLayer's result back as PyTorch code, the way people write it:
// channels positional, then kernel_size and every parameter that is not PyTorch's default.
// parseLayer(formatLayer(x)) gives x back.
import { ConvLabError } from '../errors.js';
import { asConvLabError } from '../conv/tensor-input.js';
import { PARAM, takes } from '../ops.js';

// The order people write the keywords in (not PyTorch's repr order); names, spellings and defaults
// come from the op table, bias (a module argument, not a call parameter) is added here.
const FIELDS = ['stride', 'padding', 'output_padding', 'dilation', 'groups', 'bias', 'padding_mode'].map((name) =>
  name === 'bias'
    ? { key: 'bias', python: 'bias', fallback: true }
    : { key: PARAM[name].camel, python: name, fallback: PARAM[name].default },
);

/**
 * @param {{op: string, inChannels: number, outChannels: number, kernelSize: number}} layer
 *   parseLayer's result (fields left out take PyTorch's defaults)
 * @param {{prefix?: string}} [options] module prefix, 'nn.' by default ('torch.nn.', '')
 */
export function formatLayer(layer, options = {}) {
  try {
    return format(layer, options);
  } catch (e) {
    throw asConvLabError(e, 'layer'); // a Proxy trap or a hostile getter throwing its own error
  }
}

function format(layer, options) {
  if (layer === null || typeof layer !== 'object') {
    throw new ConvLabError(
      `formatLayer: expected a layer object as parseLayer returns, got ${layer === null ? 'null' : typeof layer}.`,
      {
        field: 'layer',
      },
    );
  }
  const name = { conv1d: 'Conv1d', conv_transpose1d: 'ConvTranspose1d' }[layer.op];
  if (!name)
    throw new ConvLabError(`formatLayer: op must be 'conv1d' or 'conv_transpose1d', got ${String(layer.op)}.`, {
      field: 'op',
    });
  const prefix = options?.prefix ?? 'nn.';
  if (typeof prefix !== 'string') {
    throw new ConvLabError(`formatLayer: prefix must be a string such as 'nn.', got ${typeof prefix}.`, {
      field: 'prefix',
    });
  }
  const args = [];
  for (const key of ['inChannels', 'outChannels', 'kernelSize']) {
    if (!Number.isSafeInteger(layer[key])) {
      throw new ConvLabError(`formatLayer: ${key} must be a whole number, got ${String(layer[key])}.`, {
        field: key,
      });
    }
  }
  args.push(String(layer.inChannels), String(layer.outChannels), `kernel_size=${layer.kernelSize}`);
  for (const { key, python, fallback } of FIELDS) {
    const value = layer[key] ?? fallback;
    if (value === fallback) continue;
    if (key !== 'bias' && !takes(layer.op, python)) continue;
    if (typeof value === 'boolean') args.push(`${python}=${value ? 'True' : 'False'}`);
    else if (typeof value === 'string') args.push(`${python}='${value}'`);
    else args.push(`${python}=${value}`);
  }
  return `${prefix}${name}(${args.join(', ')})`;
}
