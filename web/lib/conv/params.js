// PyTorch's parameters, checked for JS types before they reach C++. Names, spellings, defaults
// and which op takes what come from the op table (web/lib/ops.js); C++ sees only numbers, so
// everything a number cannot express (a misspelt key, an unknown padding string, 1.5, a getter)
// is explained here.
import { ConvLabError } from '../errors.js';
import { OPS as OP_TABLE, PARAMS, PARAM_NAMES, PARAM_SPELLINGS, PADDING_STRINGS, opOf } from '../ops.js';
import { describe, truncate } from './describe.js';
import { kindOf, asConvLabError } from './tensor-input.js';

/** Op name -> wire code. */
export const OPS = Object.freeze(Object.fromEntries(Object.values(OP_TABLE).map((op) => [op.name, op.code])));
const OP_BY_CODE = Object.values(OP_TABLE).sort((a, b) => a.code - b.code);
const EMPTY = Object.freeze({});
const MAX_PARAM = 2 ** 24; // limits::max_param (cpp/include/convlab/limits.hpp); C++ re-checks

export function normalizeOp(op) {
  const found = typeof op === 'string' ? opOf(op) : null;
  if (found) return found.code;
  throw new ConvLabError(
    `op: ${kindOf(op)} is not an operation; use ${OP_BY_CODE.map((o) => `'${o.name}'`).join(' or ')}.`,
    { field: 'op' },
  );
}

/**
 * The call block's parameter fields (ops.js PARAMS by camelCase name, with padding as
 * paddingKind and padding): normalizeParams returns their values in this order, and
 * FIELD.<name> is each one's index (p[FIELD.stride]).
 */
export const FIELDS = Object.freeze(['paddingKind', ...PARAMS.map((e) => e.camel)]);
export const FIELD = Object.freeze(Object.fromEntries(FIELDS.map((name, i) => [name, i])));

/** normalizeParams' values as {paddingKind, stride, ...} (for the few callers that want names). */
export function namedFields(values) {
  return Object.fromEntries(FIELDS.map((name, i) => [name, values[i]]));
}

/**
 * Snapshots params into the call block's field values (FIELDS order), all plain numbers: an
 * array, not an object, since tiny calls spend a good part of their time here. Reads only own
 * enumerable data properties of a plain object ({...} or Object.create(null)), each exactly
 * once; anything else is an error.
 */
export function normalizeParams(opCode, params) {
  try {
    return readParams(OP_BY_CODE[opCode], params);
  } catch (e) {
    throw asConvLabError(e, 'params'); // a Proxy trap or a revoked Proxy throwing its own error
  }
}

function readParams(op, given) {
  const params = given ?? EMPTY; // null and undefined: every default
  const names = ownNames(params);
  const out = DEFAULT_VALUES.slice();
  // Defaults need no checks: start from them and check only what was given. A whole number
  // for a parameter the op takes (the per-call path of tiny calls) goes straight in; anything
  // else waits in `rest` and is checked after, in PARAMS order, so the first wrong parameter
  // is the one reported.
  const takes = TAKES[op.code];
  let seen = 0; // bit i: PARAMS[i] was given
  let rest = null;
  for (let k = 0; k < names.length; ++k) {
    const key = names[k];
    const desc = Reflect.getOwnPropertyDescriptor(params, key);
    if (desc === undefined || !desc.enumerable) continue;
    const index = SPELLING_INDEX.get(key);
    if (index === undefined) throw new ConvLabError(unknownKey(key), { field: 'params' });
    if (!('value' in desc)) {
      throw new ConvLabError(
        `${key}: is a getter; pass parameters as plain values, e.g. {${key}: ${JSON.stringify(PARAMS[index].default)}}.`,
        { field: PARAMS[index].name },
      );
    }
    const value = desc.value;
    if (value === undefined) continue;
    if (seen & (1 << index)) throw duplicate(op, index, names, key);
    seen |= 1 << index;
    if (takes[index] && NUMERIC[index] && Number.isSafeInteger(value) && Math.abs(value) <= MAX_PARAM) {
      out[FIELD_OF[index]] = value;
    } else {
      rest ??= ALL_NOT_GIVEN.slice();
      rest[index] = snapshotValue(value);
    }
  }
  checkSymbols(params);
  if (rest !== null) checkRest(op, rest, out);
  return out;
}

// A plain object's own string keys (Reflect.ownKeys' order: names, then symbols in checkSymbols).
function ownNames(params) {
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ConvLabError(`params: expected an object such as {stride: 2, padding: 1}, got ${kindOf(params)}.`, {
      field: 'params',
    });
  }
  const proto = Object.getPrototypeOf(params);
  if (proto !== Object.prototype && proto !== null) {
    const kind = kindOf(params);
    throw new ConvLabError(
      `params: expected a plain object such as {stride: 2, padding: 1}, got ${kind === 'an object' ? 'an object with a prototype of its own (a class instance or Object.create(...))' : kind}. ` +
        `ConvLab reads only a plain object's own properties; write the parameters as an object literal.`,
      { field: 'params' },
    );
  }
  return Object.getOwnPropertyNames(params);
}

// The values the fast path left (snapshots, NOT_GIVEN elsewhere), checked in PARAMS order.
function checkRest(op, rest, out) {
  const takes = TAKES[op.code];
  for (let i = 0; i < PARAMS.length; ++i) {
    const v = rest[i];
    if (v === NOT_GIVEN) continue;
    const entry = PARAMS[i];
    if (entry.kind === 'mode') {
      // Codes travel as they are: C++ says which ops support which modes (as PyTorch does).
      out[FIELD_OF[i]] = modeCode(entry, v);
    } else if (!takes[i]) {
      if (!isZero(v)) {
        const owner = entry.ops.join(' and ');
        throw new ConvLabError(
          `${entry.name}=${show(v)} is a ${owner} parameter; ${op.name} has none. Remove it, or use ${owner}.`,
          { field: entry.name },
        );
      }
    } else if (entry.kind === 'padding' && typeof v === 'string') {
      const kind = PADDING_STRINGS.indexOf(v);
      if (kind < 0) {
        throw new ConvLabError(
          `${entry.name}='${truncate(v)}' is not a padding PyTorch knows: use a number, ` +
            `${PADDING_STRINGS.map((s) => `'${s}'`).join(' or ')} (strings are case-sensitive).`,
          { field: entry.name },
        );
      }
      out[FIELD.paddingKind] = kind + 1;
    } else {
      out[FIELD_OF[i]] = wholeNumber(entry, v);
    }
  }
}

// PyTorch's "got multiple values" for a parameter given as both its spellings.
function duplicate(op, index, names, key) {
  const name = PARAMS[index].name;
  const first = names.find((n) => SPELLING_INDEX.get(n) === index); // the spelling read first
  return new ConvLabError(
    `${op.name}() got multiple values for argument '${name}' (given as '${first}' and '${key}'). Give it once.`,
    { field: name },
  );
}

// Per call, arrays indexed like PARAMS instead of objects keyed by name: the tiny-call path
// spends most of its time here. NOT_GIVEN marks a parameter the caller left out.
const NOT_GIVEN = Symbol('not given');
const ALL_NOT_GIVEN = PARAMS.map(() => NOT_GIVEN); // never written: only copied
const FIELD_OF = PARAMS.map((entry) => FIELD[entry.camel]); // PARAMS index -> FIELDS index
const NUMERIC = PARAMS.map((entry) => entry.kind !== 'mode'); // a whole number is a valid value
const SPELLING_INDEX = new Map(Object.entries(PARAM_SPELLINGS).map(([key, entry]) => [key, PARAMS.indexOf(entry)]));
const TAKES = OP_BY_CODE.map((op) => PARAMS.map((entry) => entry.ops.includes(op.name)));
if (PARAMS.length > 31) throw new Error('params.js: readParams keeps one bit per parameter in an int');

function checkSymbols(params) {
  for (const key of Object.getOwnPropertySymbols(params)) {
    if (Reflect.getOwnPropertyDescriptor(params, key)?.enumerable) {
      throw new ConvLabError(`params: symbol keys are not parameters (got ${describe(key)}).`, { field: 'params' });
    }
  }
}

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

// The field values when nothing is given: every default as its wire value.
const DEFAULT_VALUES = FIELDS.map(() => 0); // paddingKind 0: a number
PARAMS.forEach((e, i) => (DEFAULT_VALUES[FIELD_OF[i]] = e.kind === 'mode' ? e.choices.indexOf(e.default) : e.default));

// A whole number >= entry.min. PyTorch takes an int or (except groups) a one-element tuple.
function wholeNumber(entry, value) {
  if (Number.isSafeInteger(value) && Math.abs(value) <= MAX_PARAM) return value; // the common case, first
  const name = entry.name;
  const asGiven = value;
  const tuple = entry.tuple !== false;
  if (tuple && Array.isArray(value) && value.length === 1) value = value[0];
  const rule = entry.min >= 1 ? 'a positive whole number' : 'a whole number >= 0';
  const form = tuple ? 'an int or a 1-tuple' : 'an int';
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (Math.abs(value) <= MAX_PARAM) return value;
    throw new ConvLabError(
      `${name} is too large: ConvLab's limit is ${MAX_PARAM} (got ${name}=${show(asGiven)}; ${name} must be ` +
        `${rule}). Use ${name}=${suggest(entry, value)}.`,
      { field: name },
    );
  }
  throw new ConvLabError(
    `${name}=${show(asGiven)} is not allowed: ${name} must be ${rule} (PyTorch takes ${form}), ` +
      `e.g. ${name}=${suggest(entry, value)}.`,
    { field: name },
  );
}

function show(value) {
  if (value === OBJECT) return 'an object';
  if (value !== null && typeof value === 'object' && 'list' in value) return `a list of ${describe(value.list)} items`;
  return describe(value);
}

// A valid value near what was given: 0.4 -> 1 for stride, 2n -> 2, -1e300 -> the default.
function suggest(entry, value) {
  let n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return entry.default;
  n = Math.round(n);
  return n < entry.min || n > MAX_PARAM ? entry.default : n;
}

function modeCode(entry, value) {
  const code = typeof value === 'string' ? entry.choices.indexOf(value) : -1;
  if (code < 0) {
    throw new ConvLabError(
      `${entry.name}=${show(value)} is not one of ${entry.choices.map((c) => `'${c}'`).join(', ')}. ` +
        `Use ${entry.name}='${entry.default}' for the default.`,
      { field: entry.name },
    );
  }
  return code;
}

function isZero(value) {
  return value === 0 || (Array.isArray(value) && value.length === 1 && value[0] === 0);
}

function unknownKey(key) {
  const close = PARAM_NAMES.find((n) => n.startsWith(String(key).slice(0, 3).toLowerCase()));
  return (
    `unknown parameter '${truncate(String(key))}'` +
    (close ? ` — did you mean '${close}'?` : '') +
    ` Parameters are: ${PARAM_NAMES.join(', ')}.`
  );
}
