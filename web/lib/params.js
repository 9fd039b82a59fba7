// PyTorch's parameter names and defaults, checked for JS types before they reach C++.
// C++ sees only numbers; everything a number cannot express (a misspelt key, an unknown
// padding string, 1.5) is explained here.
import { ConvLabError } from './errors.js';

export const OPS = { conv1d: 0, conv_transpose1d: 1 };
export const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];
const PADDING_KIND = { number: 0, same: 1, valid: 2 };
const EMPTY = Object.freeze({});

// Accepted spellings -> canonical camelCase name.
const NAMES = {
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  groups: 'groups',
  paddingMode: 'paddingMode',
  padding_mode: 'paddingMode',
  outputPadding: 'outputPadding',
  output_padding: 'outputPadding',
};
const SNAKE = { paddingMode: 'padding_mode', outputPadding: 'output_padding' };

export function normalizeOp(op) {
  if (op === 'conv1d' || op === 'Conv1d') return OPS.conv1d;
  if (op === 'conv_transpose1d' || op === 'convTranspose1d' || op === 'ConvTranspose1d') return OPS.conv_transpose1d;
  throw new ConvLabError(`op: ${describe(op)} is not an operation; use 'conv1d' or 'conv_transpose1d'.`);
}

/** Returns {stride, paddingKind, padding, dilation, groups, paddingMode, outputPadding} as numbers. */
export function normalizeParams(opCode, params) {
  if (params === null || params === undefined) params = EMPTY;
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ConvLabError(`params: expected an object such as {stride: 2, padding: 1}, got ${describe(params)}.`);
  }
  // One pass over the caller's keys, straight into the result (this runs on every call).
  let stride = 1,
    dilation = 1,
    groups = 1,
    outputPadding = 0,
    mode = 'zeros',
    padding = 0;
  for (const key in params) {
    if (!Object.hasOwn(params, key)) continue;
    const value = params[key];
    if (value === undefined) continue;
    switch (Object.hasOwn(NAMES, key) ? NAMES[key] : undefined) {
      case 'stride':
        stride = value;
        break;
      case 'dilation':
        dilation = value;
        break;
      case 'groups':
        groups = value;
        break;
      case 'outputPadding':
        outputPadding = value;
        break;
      case 'paddingMode':
        mode = value;
        break;
      case 'padding':
        padding = value;
        break;
      default:
        throw new ConvLabError(unknownKey(key));
    }
  }
  const isTranspose = opCode === OPS.conv_transpose1d;
  if (!isTranspose && !isZero(outputPadding)) {
    throw new ConvLabError(
      `output_padding=${describe(outputPadding)} is a conv_transpose1d parameter; conv1d has none. ` +
        `Remove it, or use conv_transpose1d.`,
    );
  }
  const out = {
    stride: wholeNumber('stride', stride),
    dilation: wholeNumber('dilation', dilation),
    groups: wholeNumber('groups', groups),
    outputPadding: isTranspose ? wholeNumber('output_padding', outputPadding) : 0,
    paddingMode: paddingMode(mode),
    paddingKind: PADDING_KIND.number,
    padding: 0,
  };
  if (typeof padding === 'string') {
    if (padding !== 'same' && padding !== 'valid') {
      throw new ConvLabError(
        `padding='${truncate(padding)}' is not a padding PyTorch knows: use a number, 'same' or 'valid'` +
          ` (strings are case-sensitive).`,
      );
    }
    out.paddingKind = PADDING_KIND[padding];
  } else {
    out.padding = wholeNumber('padding', padding);
  }
  return out;
}

// PyTorch accepts an int or a one-element tuple for 1-D convolutions.
function wholeNumber(name, value) {
  if (Number.isInteger(value)) return value; // the common case, first
  if (Array.isArray(value) && value.length === 1) value = value[0];
  if (typeof value === 'boolean' || typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    throw new ConvLabError(
      `${name}=${describe(value)} is not allowed: ${name} must be a whole number (PyTorch takes an int or a ` +
        `1-tuple), e.g. ${name}=${Number.isFinite(value) ? Math.max(0, Math.round(value)) : name === 'padding' || name === 'output_padding' ? 0 : 1}.`,
    );
  }
  return value;
}

function paddingMode(value) {
  if (value === 'zeros') return 0;
  const code = PADDING_MODES.indexOf(value);
  if (code < 0) {
    throw new ConvLabError(
      `padding_mode=${describe(value)} is not one of 'zeros', 'reflect', 'replicate', 'circular'. ` +
        `Use padding_mode='zeros' for the default.`,
    );
  }
  return code;
}

function isZero(value) {
  return value === 0 || (Array.isArray(value) && value.length === 1 && value[0] === 0);
}

function unknownKey(key) {
  const known = [...new Set(Object.values(NAMES))].map((n) => SNAKE[n] ?? n);
  const close = known.find((n) => n.startsWith(String(key).slice(0, 3).toLowerCase()));
  return (
    `unknown parameter '${truncate(String(key))}'` +
    (close ? ` — did you mean '${close}'?` : '') +
    ` Parameters are: ${known.join(', ')}.`
  );
}

function truncate(text, max = 40) {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function describe(value) {
  if (typeof value === 'string') return `'${truncate(value)}'`;
  if (Array.isArray(value)) return `[${truncate(value.map(String).join(', '))}]`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return truncate(String(value));
}
