// parseLayer(text): what PyTorch builds from pasted nn.Conv1d / nn.ConvTranspose1d text, or a
// ConvLabError wherever PyTorch would raise, building the layer or calling it on any input, with
// PyTorch's reason and the fix. Input-dependent failures (a too-short input, a channel mismatch)
// are not the layer's: lab.conv1d and friends report those. Golden: tests/golden/layer_cases.json.
import { ConvLabError } from '../errors.js';
import { parseCall, syntaxError } from './layer-syntax.js';
import { DEFAULTS, REQUIRED, SIGNATURES, opOfCallee } from './layer-signatures.js';
import { PADDING_MODES, PADDING_STRINGS } from '../ops.js';

const FLOAT32_DTYPES = ['torch.float32', 'torch.float'];

/**
 * @param {string} text e.g. "nn.Conv1d(4, 8, 3, stride=2, bias=False)" or PyTorch's repr
 * @returns {{op: 'conv1d'|'conv_transpose1d', inChannels: number, outChannels: number,
 *   kernelSize: number, stride: number, padding: number|'same'|'valid', dilation: number,
 *   groups: number, bias: boolean, paddingMode: string, outputPadding: number, weightShape: number[]}}
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
  return {
    op,
    inChannels: v.in_channels,
    outChannels: v.out_channels,
    kernelSize: v.kernel_size,
    stride: v.stride,
    padding: v.padding,
    dilation: v.dilation,
    groups: v.groups,
    bias: v.bias,
    paddingMode: v.padding_mode,
    outputPadding: op === 'conv1d' ? 0 : v.output_padding,
    weightShape,
  };
}

/** A ConvLabError about one parameter (PyTorch's name) or 'text' (the text as a whole). */
function layerError(field, message) {
  return new ConvLabError(message, { field });
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

function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function ordinal(n) {
  return `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
}

// ---------------------------------------------------------------------------- values

/** The value as Python source, for messages: 3, -1, 'same', (3,), torch.float64. */
function show(node) {
  switch (node.kind) {
    case 'int':
    case 'float':
      return `${node.negative ? '-' : ''}${node.raw}`;
    case 'str':
      return `'${node.value.length > 30 ? `${node.value.slice(0, 30)}…` : node.value}'`;
    case 'bool':
      return node.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'name':
      return node.name;
    case 'call':
      return `${node.callee}(...)`;
    default: {
      const inner = node.items.map(show).join(', ');
      return node.kind === 'tuple' ? `(${inner}${node.items.length === 1 ? ',' : ''})` : `[${inner}]`;
    }
  }
}

/** A Python int literal's value, or null when it is not a safe JS integer. */
function intOf(node) {
  const digits = node.raw.replace(/_/g, '');
  const big = /^0[xob]/i.test(digits) ? BigInt(digits.toLowerCase()) : BigInt(digits);
  const value = node.negative ? -big : big;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

function wholeNumberError(param, node, expects) {
  let kind = node.kind === 'float' ? 'a float' : node.kind === 'bool' ? 'a bool' : `a ${node.kind}`;
  if (node.kind === 'str') kind = 'a string';
  if (node.kind === 'none') kind = 'None';
  if (node.kind === 'name') kind = `the name ${node.name}, which ConvLab cannot evaluate`;
  const example = node.kind === 'float' && Number.isInteger(Number(node.raw)) ? Number(node.raw) : DEFAULTS[param];
  const why =
    node.kind === 'name'
      ? 'Python would look the name up (NameError where it is not defined): paste its value'
      : 'PyTorch cannot build or call a layer with it (TypeError or ValueError)';
  return layerError(
    param,
    `${param}=${show(node)} is not allowed: ${param} must be ${expects}, and this is ${kind}; ${why}. ` +
      `Write it as a whole number, e.g. ${param}=${example ?? 1}.`,
  );
}

function int(param, node) {
  if (node.kind !== 'int') throw wholeNumberError(param, node, 'an int');
  const value = intOf(node);
  if (value === null) {
    throw layerError(param, `${param}=${show(node)} is far too large for a layer parameter; use a realistic value.`);
  }
  return value;
}

// kernel_size, stride, padding, dilation, output_padding: an int or a 1-tuple / 1-list of ints.
function intOrSingle(param, node) {
  if (node.kind === 'tuple' || node.kind === 'list') {
    if (node.items.length !== 1) {
      throw layerError(
        param,
        `${param}=${show(node)} has ${node.items.length} values, but a 1-D layer takes one (PyTorch raises ` +
          `${param === 'kernel_size' ? 'an error that a 4-dimensional weight needs 4-dimensional input' : `"expected ${param} to be a single integer value or a list of 1 values"`} ` +
          `when the layer is called). Use ${param}=${node.items[0] ? show(node.items[0]) : (DEFAULTS[param] ?? 3)}.`,
      );
    }
    return int(param, node.items[0]);
  }
  return int(param, node);
}

const EXPECTS = {
  in_channels: 'an int',
  out_channels: 'an int',
  groups: 'an int',
};

function convert(given, op) {
  const v = {};
  for (const param of SIGNATURES[op].params) {
    const node = given.get(param);
    if (node === undefined) {
      v[param] = DEFAULTS[param];
      continue;
    }
    switch (param) {
      case 'in_channels':
      case 'out_channels':
      case 'groups':
        if (node.kind === 'tuple' || node.kind === 'list') throw wholeNumberError(param, node, EXPECTS[param]);
        v[param] = int(param, node);
        break;
      case 'padding':
        v.padding = node.kind === 'str' || node.kind === 'name' ? paddingString(node, op) : intOrSingle(param, node);
        break;
      case 'bias':
        v.bias = biasOf(node);
        break;
      case 'padding_mode':
        v.padding_mode = paddingModeOf(node, op);
        break;
      case 'device':
        deviceOf(node);
        break;
      case 'dtype':
        dtypeOf(node);
        break;
      default:
        v[param] = intOrSingle(param, node);
    }
  }
  return v;
}

// A string, or the bare word PyTorch's repr prints (padding=same).
function paddingString(node, op) {
  const value = node.kind === 'str' ? node.value : node.name;
  if (node.kind === 'name' && !PADDING_STRINGS.includes(value)) throw wholeNumberError('padding', node, 'an int');
  if (!PADDING_STRINGS.includes(value)) {
    const hint = PADDING_STRINGS.find((s) => s === value.toLowerCase());
    throw layerError(
      'padding',
      `padding=${show(node)} is not a padding PyTorch knows (it raises ValueError: "Invalid padding string ` +
        `${show(node)}, should be one of {'same', 'valid'}" when the layer is built). ` +
        `${hint ? `Strings are case-sensitive: use padding='${hint}'.` : "Use a number, 'same' or 'valid'."}`,
    );
  }
  if (op === 'conv_transpose1d') {
    throw layerError(
      'padding',
      `padding='${value}' is not supported by ConvTranspose1d: its padding must be a number (PyTorch builds the ` +
        `layer, then raises TypeError: "conv_transpose1d(): argument 'padding' must be tuple of ints" when it is ` +
        `called). ${value === 'valid' ? 'Use padding=0, which is what valid means.' : 'For an output as long as the input with stride=1, use padding=(dilation*(kernel_size-1))//2 when that product is even.'}`,
    );
  }
  return value;
}

function biasOf(node) {
  if (node.kind === 'bool') return node.value;
  if (node.kind === 'none') return false;
  if (node.kind === 'int') return intOf(node) !== 0; // Python truthiness, as nn.Conv1d uses `if bias:`
  if (node.kind === 'str') {
    throw layerError(
      'bias',
      `bias=${show(node)} is a string: Python counts every non-empty string as true, so PyTorch would add a ` +
        `bias whatever the text says. Write bias=True or bias=False.`,
    );
  }
  throw layerError('bias', `bias=${show(node)} is not allowed: bias is True or False. Write bias=True or bias=False.`);
}

function paddingModeOf(node, op) {
  const value = node.kind === 'str' ? node.value : node.kind === 'name' ? node.name : null;
  if (op === 'conv_transpose1d' && value !== 'zeros') {
    throw layerError(
      'padding_mode',
      `padding_mode=${show(node)} is not supported by ConvTranspose1d (PyTorch raises ValueError: "Only "zeros" ` +
        `padding mode is supported for ConvTranspose1d" when the layer is built). Use padding_mode='zeros' ` +
        `(or leave it out), or pad the input yourself with F.pad before the layer.`,
    );
  }
  if (!PADDING_MODES.includes(value)) {
    const close = PADDING_MODES.find((m) => value && editDistance(String(value).toLowerCase(), m) <= 2);
    throw layerError(
      'padding_mode',
      `padding_mode=${show(node)} is not one of 'zeros', 'reflect', 'replicate', 'circular' (PyTorch raises ` +
        `ValueError: "padding_mode must be one of ..." when the layer is built). ` +
        `${close ? `Did you mean padding_mode='${close}'?` : "Use padding_mode='zeros' for the default."}`,
    );
  }
  return value;
}

function deviceOf(node) {
  if (node.kind === 'none' || node.kind === 'str') return;
  if (node.kind === 'call' && /^(torch\.)?device$/.test(node.callee)) return;
  throw layerError(
    'device',
    `device=${show(node)} cannot be read: give a string such as device='cpu', or leave it out (ConvLab runs in ` +
      `the browser either way).`,
  );
}

function dtypeOf(node) {
  if (node.kind === 'none') return;
  if (node.kind === 'name' && FLOAT32_DTYPES.includes(node.name)) return;
  throw layerError(
    'dtype',
    `dtype=${show(node)}: ConvLab computes in float32 only${node.kind === 'name' && /^torch\./.test(node.name) ? ` (PyTorch would build a ${node.name.slice(6)} layer)` : ''}. ` +
      `Use dtype=torch.float32 or leave it out.`,
  );
}

// ---------------------------------------------------------------------------- PyTorch's rules

const BUILD = 'when the layer is built';
const CALL = 'when the layer is called, on any input';

function checkRules(v, op, layer) {
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
