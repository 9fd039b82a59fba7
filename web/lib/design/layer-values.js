// Converting parseLayer's argument nodes to values: each parameter's accepted forms (an int, a
// 1-tuple, 'same', a bool, a dtype…) and, for anything else, a ConvLabError that shows the value
// as written, says what PyTorch would do with it and gives a value that works.
import { ConvLabError } from '../errors.js';
import { DEFAULTS, SIGNATURES } from './layer-signatures.js';
import { PADDING_MODES, PADDING_STRINGS } from '../ops.js';

const FLOAT32_DTYPES = ['torch.float32', 'torch.float'];

/** A ConvLabError about one parameter (PyTorch's name) or 'text' (the text as a whole). */
export function layerError(field, message) {
  return new ConvLabError(message, { field });
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a, b) {
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

// ---------------------------------------------------------------------------- values

/** The value as Python source, for messages: 3, -1, 'same', (3,), torch.float64. */
export function show(node) {
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

// kernel_size and the other length parameters: an int or a 1-tuple / 1-list of ints.
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

export function convert(given, op) {
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
