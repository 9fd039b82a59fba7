// parseLayer(text): what PyTorch builds from pasted nn.Conv1d / nn.ConvTranspose1d text, or a
// ConvLabError wherever PyTorch would raise, building the layer or calling it on any input, with
// PyTorch's reason and the fix. Input-dependent failures (a too-short input, a channel mismatch)
// are not the layer's: lab.conv1d and friends report those. Golden: tests/golden/layer_cases.json.
import { parseCall, syntaxError } from './layer-syntax.js';
import { REQUIRED, SIGNATURES, opOfCallee } from './layer-signatures.js';
import { convert, editDistance, layerError, show } from './layer-values.js';
import { checkRules } from './layer-rules.js';
import { PARAMS, takes } from '../ops.js';

/**
 * @param {string} text e.g. "nn.Conv1d(4, 8, 3, stride=2, bias=False)" or PyTorch's repr
 * @returns {{op: 'conv1d'|'conv_transpose1d', inChannels: number, outChannels: number,
 *   kernelSize: number, bias: boolean, weightShape: number[]}} and every parameter of ops.js PARAMS
 *   by its camelCase name (stride, padding, dilation, groups, …), the default where the op takes
 *   none; typed in convlab.d.ts.
 */
export function parseLayer(text) {
  const call = parseCall(text);
  const op = opOfCallee(call.callee);
  if (!op) throw layerError('text', notALayer(call.callee));
  const signature = SIGNATURES[op];
  const given = bind(text, call, signature);
  const v = convert(given, op);
  checkRules(v, op, signature.name);
  const weightShape =
    op === 'conv1d'
      ? [v.out_channels, v.in_channels / v.groups, v.kernel_size]
      : [v.in_channels, v.out_channels / v.groups, v.kernel_size];
  const layer = { op, inChannels: v.in_channels, outChannels: v.out_channels, kernelSize: v.kernel_size };
  // Every parameter by its camelCase name; one the op does not take has its default.
  for (const p of PARAMS) layer[p.camel] = takes(op, p.name) ? v[p.name] : p.default;
  return { ...layer, bias: v.bias, weightShape };
}

function notALayer(callee) {
  const last = callee.split('.').pop();
  const lower = last.toLowerCase().replace(/_/g, '');
  if (lower === 'conv1d' || lower === 'convtranspose1d') {
    const proper = lower === 'conv1d' ? 'Conv1d' : 'ConvTranspose1d';
    const functional = last === 'conv1d' || last === 'conv_transpose1d';
    return (
      `${callee} is not a layer${functional ? ' (it is the functional form, called with tensors)' : ''}: ` +
      `names are case-sensitive. Use nn.${proper}(in_channels, out_channels, kernel_size, ...).`
    );
  }
  return (
    `${callee} is not a layer ConvLab runs: it reads nn.Conv1d and nn.ConvTranspose1d (also written ` +
    `torch.nn.Conv1d or Conv1d). Paste one of those, e.g. nn.Conv1d(1, 8, kernel_size=3).`
  );
}

// ---------------------------------------------------------------------------- Python's call rules

function bind(text, call, signature) {
  const given = new Map(); // parameter -> value node
  const { name, params } = signature;
  let positional = 0;
  let keywordSeen = null;
  for (const arg of call.args) {
    if (arg.name === null) {
      if (keywordSeen) {
        throw syntaxError(
          text,
          arg.pos,
          `positional argument follows keyword argument ${keywordSeen} (Python's SyntaxError). Name it ` +
            `(e.g. ${params[positional] ?? 'stride'}=${show(arg.value)}) or move it before ${keywordSeen}=.`,
        );
      }
      if (positional >= params.length) {
        throw layerError(
          'text',
          `${name} takes at most ${params.length} arguments (${params.join(', ')}), but ` +
            `${call.args.filter((a) => a.name === null).length} were given positionally (PyTorch raises TypeError: ` +
            `"${name}.__init__() takes from 4 to ${params.length + 1} positional arguments but ` +
            `${call.args.filter((a) => a.name === null).length + 1} were given"). Remove the extra ones.`,
        );
      }
      given.set(params[positional++], arg.value);
      continue;
    }
    keywordSeen = arg.name;
    if (!params.includes(arg.name)) throw layerError('text', unknownKeyword(name, arg.name, params));
    if (given.has(arg.name)) {
      const index = params.indexOf(arg.name);
      const earlier = call.args.find((a) => a !== arg && a.name === arg.name);
      throw layerError(
        arg.name,
        earlier
          ? `${arg.name} is given twice (Python's SyntaxError: "keyword argument repeated: ${arg.name}"). Keep one.`
          : `${arg.name} is given twice: the ${ordinal(index + 1)} positional argument of ${name} already is ` +
              `${arg.name} (the order is ${params.slice(0, index + 1).join(', ')}, ...; PyTorch raises TypeError: ` +
              `"got multiple values for argument '${arg.name}'"). Keep one.`,
      );
    }
    given.set(arg.name, arg.value);
  }
  const missing = REQUIRED.filter((p) => !given.has(p));
  if (missing.length > 0) {
    throw layerError(
      missing[0],
      `${name} needs ${missing.join(' and ')} (PyTorch raises TypeError: "missing ${missing.length} required ` +
        `positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(', ')}"). ` +
        `Give in_channels, out_channels and kernel_size, e.g. nn.${name}(1, 8, kernel_size=3).`,
    );
  }
  return given;
}

function unknownKeyword(layer, key, params) {
  const close = params
    .map((p) => [p, editDistance(key.toLowerCase(), p)])
    .filter(([p, d]) => d <= Math.max(2, Math.floor(p.length / 3)))
    .sort((a, b) => a[1] - b[1])[0];
  return (
    `${layer} has no parameter '${key}' (PyTorch raises TypeError: "got an unexpected keyword argument ` +
    `'${key}'").${close ? ` Did you mean ${close[0]}?` : ''} Its parameters are ${params.join(', ')}.`
  );
}

function ordinal(n) {
  return `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
}
