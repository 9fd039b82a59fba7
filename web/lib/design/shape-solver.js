// lab.solveShapes: the JS side of the C++ shape solver (cpp/src/shape_solver.cpp). Checks what C++
// cannot see (types, unknown keys), sends plain numbers, builds the solution objects. The ranges'
// defaults, their limits and every rule live in C++.
import { ConvLabError } from '../errors.js';
import { truncate } from '../conv/describe.js';
import { asConvLabError, kindOf } from '../conv/tensor-input.js';
import { normalizeOp, OPS } from '../conv/params.js';
import { callSolveShapes } from './design-block.js';

// Query keys and range keys, camelCase or snake_case (never both).
const QUERY_KEYS = {
  op: 'op',
  inLength: 'inLength',
  in_length: 'inLength',
  outLength: 'outLength',
  out_length: 'outLength',
  ranges: 'ranges',
};
const RANGE_KEYS = {
  kernelSize: 'kernelSize',
  kernel_size: 'kernelSize',
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  outputPadding: 'outputPadding',
  output_padding: 'outputPadding',
};
// The order of the wasm query array (after transpose, inLength, outLength).
const RANGE_ORDER = ['kernelSize', 'stride', 'padding', 'dilation', 'outputPadding'];

/**
 * Reads a plain object's own data properties once, by canonical name. `field` names the object in
 * errors ('query', 'ranges'); `prefix` turns a key into its field ('ranges.' + 'stride').
 */
export function readPlain(object, keys, { label, example, field, prefix = '' }) {
  const fail = (text, at = field) => new ConvLabError(text, { field: at });
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    throw fail(`${label}: expected an object such as ${example}, got ${kindOf(object)}.`);
  }
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    throw fail(`${label}: expected a plain object such as ${example}, got ${kindOf(object)} of another kind.`);
  }
  const out = {};
  const from = {};
  for (const key of Object.keys(object)) {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    const name = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (!name) {
      const known = [...new Set(Object.values(keys))];
      throw fail(`${label}: unknown key '${truncate(String(key))}'. Known keys: ${known.join(', ')}.`);
    }
    if (!descriptor || !('value' in descriptor)) {
      throw fail(`${label}.${key}: getters are not read; give a plain value.`, prefix + name);
    }
    if (descriptor.value === undefined) continue;
    if (Object.hasOwn(out, name)) {
      throw fail(`${label}: ${from[name]} and ${key} are the same setting; give one of them.`, prefix + name);
    }
    out[name] = descriptor.value;
    from[name] = key;
  }
  return out;
}

/** A whole number as a double (its range is C++'s business), or a ConvLabError naming it. */
export function wholeNumber(name, value, field = name) {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new ConvLabError(
    `${name}=${kindOf(value)} is not allowed: ${name} must be a whole number${
      typeof value === 'number' && Number.isFinite(value) ? `, e.g. ${Math.max(1, Math.round(value))}` : ''
    }.`,
    { field },
  );
}

function rangeOf(name, value) {
  const field = `ranges.${name}`;
  if (typeof value === 'number') {
    const v = wholeNumber(field, value);
    return [v, v];
  }
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ConvLabError(
      `${field}=${kindOf(value)} is not a range: give [min, max] (inclusive), e.g. ${name}: [1, 8], ` +
        `or one number for a fixed value.`,
      { field },
    );
  }
  const [min, max] = [value[0], value[1]];
  return [wholeNumber(`${field} min`, min, field), wholeNumber(`${field} max`, max, field)];
}

// The query as plain numbers for the wasm block, every caller value read once.
function readQuery(query) {
  const q = readPlain(query, QUERY_KEYS, {
    label: 'solveShapes',
    example: "{op: 'conv_transpose1d', inLength: 3, outLength: 8}",
    field: 'query',
  });
  if (q.op === undefined) {
    throw new ConvLabError("solveShapes: op is missing; use op: 'conv1d' or op: 'conv_transpose1d'.", { field: 'op' });
  }
  const code = normalizeOp(q.op);
  for (const key of ['inLength', 'outLength']) {
    if (q[key] === undefined) {
      throw new ConvLabError(`solveShapes: ${key} is missing; give a length such as ${key}: 8.`, { field: key });
    }
  }
  const ranges =
    q.ranges === undefined || q.ranges === null
      ? {}
      : readPlain(q.ranges, RANGE_KEYS, {
          label: 'solveShapes: ranges',
          example: '{kernelSize: [1, 8], stride: [1, 4]}',
          field: 'ranges',
          prefix: 'ranges.',
        });
  const numbers = [code === OPS.conv_transpose1d ? 1 : 0, wholeNumber('inLength', q.inLength)];
  numbers.push(wholeNumber('outLength', q.outLength));
  for (const name of RANGE_ORDER) {
    if (ranges[name] === undefined) numbers.push(NaN, NaN);
    else numbers.push(...rangeOf(name, ranges[name]));
  }
  return numbers;
}

/**
 * @param {object} wasm the Emscripten module
 * @param {{op: string, inLength: number, outLength: number, ranges?: object}} query
 */
export function solveShapes(wasm, query) {
  let numbers;
  try {
    numbers = readQuery(query);
  } catch (e) {
    throw asConvLabError(e, 'query'); // a Proxy trap or a revoked Proxy throwing its own error
  }
  const raw = callSolveShapes(wasm, numbers);
  if (raw.error) throw new ConvLabError(`solveShapes: ${raw.error}`, { field: raw.field || 'ranges' });
  const flat = raw.solutions;
  const solutions = new Array(flat.length / 5);
  for (let i = 0, j = 0; j < flat.length; i++, j += 5) {
    solutions[i] = {
      kernelSize: flat[j],
      stride: flat[j + 1],
      padding: flat[j + 2],
      dilation: flat[j + 3],
      outputPadding: flat[j + 4],
    };
  }
  return solutions;
}
