// PyTorch's parameter names and defaults, checked for JS types before they reach C++.
// C++ sees only numbers; everything a number cannot express (a misspelt key, an unknown
// padding string, 1.5) is explained here.
import { ConvLabError } from './errors.js';
import { describe, truncate } from './describe.js';
import { kindOf } from './tensor-input.js';

export { describe };

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
  throw new ConvLabError(`op: ${kindOf(op)} is not an operation; use 'conv1d' or 'conv_transpose1d'.`, {
    field: 'op',
  });
}

const POSITIVE = new Set(['stride', 'dilation', 'groups']);

/**
 * Snapshots params into {stride, paddingKind, padding, dilation, groups, paddingMode,
 * outputPadding}, all plain numbers. Reads only own enumerable data properties of a plain
 * object ({...} or Object.create(null)), each exactly once; anything else is an error.
 */
export function normalizeParams(opCode, params) {
  if (params === null || params === undefined) params = EMPTY;
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ConvLabError(`params: expected an object such as {stride: 2, padding: 1}, got ${kindOf(params)}.`, {
      field: 'params',
    });
  }
  const proto = Object.getPrototypeOf(params);
  if (proto !== Object.prototype && proto !== null) {
    throw new ConvLabError(
      `params: expected a plain object such as {stride: 2, padding: 1}, got ${kindOf(params) === 'an object' ? 'an object with a prototype of its own (a class instance or Object.create(...))' : kindOf(params)}. ` +
        `ConvLab reads only a plain object's own properties; write the parameters as an object literal.`,
      { field: 'params' },
    );
  }
  const op = opCode === OPS.conv_transpose1d ? 'conv_transpose1d' : 'conv1d';
  const given = {};
  const spelling = {};
  for (const key of Reflect.ownKeys(params)) {
    const desc = Reflect.getOwnPropertyDescriptor(params, key);
    if (!desc || !desc.enumerable) continue;
    if (typeof key === 'symbol') {
      throw new ConvLabError(`params: symbol keys are not parameters (got ${describe(key)}).`, { field: 'params' });
    }
    const name = Object.hasOwn(NAMES, key) ? NAMES[key] : undefined;
    if (name === undefined) throw new ConvLabError(unknownKey(key), { field: 'params' });
    if (!('value' in desc)) {
      throw new ConvLabError(
        `${key}: is a getter; pass parameters as plain values, e.g. {${key}: ${DEFAULTS[name]}}.`,
        { field: FIELD[name] },
      );
    }
    const value = snapshotValue(desc.value);
    if (value === undefined) continue;
    if (Object.hasOwn(given, name)) {
      throw new ConvLabError(
        `${op}() got multiple values for argument '${SNAKE[name] ?? name}' (given as '${spelling[name]}' and ` +
          `'${key}'). Give it once.`,
        { field: FIELD[name] },
      );
    }
    given[name] = value;
    spelling[name] = key;
  }
  const pick = (name) => (Object.hasOwn(given, name) ? given[name] : DEFAULTS[name]);
  const isTranspose = opCode === OPS.conv_transpose1d;
  const outputPadding = pick('outputPadding');
  if (!isTranspose && !isZero(outputPadding)) {
    throw new ConvLabError(
      `output_padding=${show(outputPadding)} is a conv_transpose1d parameter; conv1d has none. ` +
        `Remove it, or use conv_transpose1d.`,
      { field: 'output_padding' },
    );
  }
  const padding = pick('padding');
  const out = {
    stride: wholeNumber('stride', pick('stride')),
    dilation: wholeNumber('dilation', pick('dilation')),
    groups: wholeNumber('groups', pick('groups'), { tuple: false }),
    outputPadding: isTranspose ? wholeNumber('output_padding', outputPadding) : 0,
    paddingMode: paddingMode(pick('paddingMode')),
    paddingKind: PADDING_KIND.number,
    padding: 0,
  };
  if (typeof padding === 'string') {
    if (padding !== 'same' && padding !== 'valid') {
      throw new ConvLabError(
        `padding='${truncate(padding)}' is not a padding PyTorch knows: use a number, 'same' or 'valid'` +
          ` (strings are case-sensitive).`,
        { field: 'padding' },
      );
    }
    out.paddingKind = PADDING_KIND[padding];
  } else {
    out.padding = wholeNumber('padding', padding);
  }
  return out;
}

const DEFAULTS = { stride: 1, padding: 0, dilation: 1, groups: 1, paddingMode: 'zeros', outputPadding: 0 };
const FIELD = {
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  groups: 'groups',
  paddingMode: 'padding_mode',
  outputPadding: 'output_padding',
};
const MAX_PARAM = 2 ** 24; // limits::max_param (cpp/include/convlab/limits.hpp); C++ re-checks

// A parameter value read once: primitives as they are, a list as a plain copy of its items.
function snapshotValue(value) {
  if (!Array.isArray(value)) return typeof value === 'object' && value !== null ? OBJECT : value;
  const length = value.length;
  if (!Number.isSafeInteger(length) || length > 8) return { list: length };
  const items = new Array(length);
  for (let i = 0; i < length; ++i) {
    const item = value[i];
    items[i] = typeof item === 'object' && item !== null ? OBJECT : item;
  }
  return items;
}
const OBJECT = Object.freeze({ object: true });

// PyTorch takes an int or (except groups) a one-element tuple for 1-D convolutions.
function wholeNumber(name, value, { tuple = true } = {}) {
  if (Number.isSafeInteger(value) && Math.abs(value) <= MAX_PARAM) return value; // the common case, first
  const asGiven = value;
  if (tuple && Array.isArray(value) && value.length === 1) value = value[0];
  const positive = POSITIVE.has(name);
  const rule = positive ? 'a positive whole number' : 'a whole number >= 0';
  const form = tuple ? 'an int or a 1-tuple' : 'an int';
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (Math.abs(value) <= MAX_PARAM) return value;
    throw new ConvLabError(
      `${name} is too large: ConvLab's limit is ${MAX_PARAM} (got ${name}=${show(asGiven)}; ${name} must be ` +
        `${rule}). Use ${name}=${suggest(name, value)}.`,
      { field: name },
    );
  }
  throw new ConvLabError(
    `${name}=${show(asGiven)} is not allowed: ${name} must be ${rule} (PyTorch takes ${form}), ` +
      `e.g. ${name}=${suggest(name, value)}.`,
    { field: name },
  );
}

function show(value) {
  if (value === OBJECT) return 'an object';
  if (value !== null && typeof value === 'object' && 'list' in value) return `a list of ${describe(value.list)} items`;
  return describe(value);
}

// A valid value near what was given: 0.4 -> 1 for stride, 2n -> 2, -1e300 -> 1.
function suggest(name, value) {
  const low = POSITIVE.has(name) ? 1 : 0;
  let n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return DEFAULTS[NAMES[name] ?? name] ?? low;
  n = Math.round(n);
  return n < low || n > MAX_PARAM ? low : n;
}

function paddingMode(value) {
  if (value === 'zeros') return 0;
  const code = typeof value === 'string' ? PADDING_MODES.indexOf(value) : -1;
  if (code < 0) {
    throw new ConvLabError(
      `padding_mode=${show(value)} is not one of 'zeros', 'reflect', 'replicate', 'circular'. ` +
        `Use padding_mode='zeros' for the default.`,
      { field: 'padding_mode' },
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
