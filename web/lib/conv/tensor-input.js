// Snapshots what callers pass as a tensor ({shape, data} or nested arrays) into private
// {shape: number[], data: Float32Array}. Every caller value (a getter, a Proxy trap, an
// element) is read exactly once, here, before anything is planned: nothing later touches the
// caller's objects, so a value that changes between reads, or a getter that calls ConvLab
// again, cannot make a call disagree with itself. Typed-array data can instead be borrowed
// (borrowTensor): its elements are then read once, later, straight into wasm memory, which
// saves a copy of every big tensor; reading a typed array's elements runs no caller code, and
// settle() re-checks its length after the last caller code of the call has run.
import { ConvLabError } from '../errors.js';
import { describe } from './describe.js';

// Intrinsic getters read a typed array's internal slots: no caller code runs.
const TYPED_ARRAY = Object.getPrototypeOf(Int8Array.prototype);
const typedLength = Object.getOwnPropertyDescriptor(TYPED_ARRAY, 'length').get;
const typedTag = Object.getOwnPropertyDescriptor(TYPED_ARRAY, Symbol.toStringTag).get;
const typedBuffer = Object.getOwnPropertyDescriptor(TYPED_ARRAY, 'buffer').get;
const copyInto = Float32Array.prototype.set;
const sliceBuffer = ArrayBuffer.prototype.slice;
const isView = ArrayBuffer.isView;

/**
 * @param {unknown} value the caller's tensor
 * @param {string} name 'input', 'weight' or 'bias' (for messages and err.field)
 * @param {{maxElements: number, maxRank: number}} limits
 */
export function snapshotTensor(value, name, limits, mismatch = null) {
  return readTensor(value, name, limits, mismatch, false);
}

/**
 * snapshotTensor, except that Float32Array data stays the caller's own view (checked, not
 * copied): {shape, data, borrowed: true, count}. settle() it once no more caller code can run
 * in the call, then copy its elements once.
 */
export function borrowTensor(value, name, limits) {
  return readTensor(value, name, limits, null, true);
}

/** The bias as borrowTensor reads it (null for none). */
export function borrowBias(value, limits) {
  return noBias(value) ? null : borrowTensor(value, 'bias', limits);
}

/**
 * A borrowed tensor once the call's last caller code has run: throws if its view no longer
 * holds its elements (a getter of a later argument detached or shrank it), and copies it
 * when it lives in `memory` (wasm memory, which reserving the call's buffers may move).
 * Anything else comes back as it is.
 */
export function settle(tensor, name, memory) {
  if (!tensor?.borrowed) return tensor;
  const length = typedLength.call(tensor.data);
  if (length !== tensor.count) {
    throw fail(
      name,
      `data changed during the call: it held ${tensor.count} elements when read and ${length} later ` +
        `(a getter of another argument transferred or resized its buffer). Pass data that stays put during the call.`,
    );
  }
  if (typedBuffer.call(tensor.data) !== memory) return tensor;
  const data = new Float32Array(tensor.count);
  copyInto.call(data, tensor.data);
  return { shape: tensor.shape, data };
}

function readTensor(value, name, limits, mismatch, borrow) {
  try {
    if (Array.isArray(value)) return fromNested(value, name, limits);
    if (value === null || typeof value !== 'object') {
      throw fail(name, `expected a tensor {shape, data} or a nested array, got ${describe(value)}.`);
    }
    if (isView(value)) {
      throw fail(
        name,
        `a bare ${viewKind(value)} has no shape: pass {shape: [...], data} (e.g. {shape: [1, 1, n], data}) ` +
          `or a nested array.`,
      );
    }
    const shapeValue = value.shape;
    const dataValue = value.data;
    const shape = readShape(shapeValue, name, limits);
    let count = 1;
    for (let i = 0; i < shape.length; ++i) count *= shape[i];
    if (count > limits.maxElements) throw tooMany(name, shape, limits);
    if (borrow && isView(dataValue) && viewKind(dataValue) === 'Float32Array') {
      checkLength(dataValue, count, shape, name, mismatch);
      return { shape, data: dataValue, borrowed: true, count };
    }
    return { shape, data: snapshotData(dataValue, count, shape, name, mismatch) };
  } catch (e) {
    throw asConvLabError(e, name);
  }
}

export function snapshotBias(value, limits) {
  return noBias(value) ? null : snapshotTensor(value, 'bias', limits);
}

// null, undefined and false all mean "no bias" (PyTorch's bias=False).
const noBias = (value) => value === null || value === undefined || value === false;

/** A shape array read once into plain whole numbers >= 0 (or an error naming the value). */
export function snapshotShape(value, name, limits) {
  try {
    return readShape(value, name, limits);
  } catch (e) {
    throw asConvLabError(e, name);
  }
}

function readShape(value, name, limits) {
  if (!Array.isArray(value)) {
    throw fail(name, `shape must be an array of whole numbers >= 0, such as [1, 1, 8], got ${kindOf(value)}.`);
  }
  const rank = value.length;
  if (!Number.isSafeInteger(rank) || rank < 0) throw fail(name, `shape has length ${describe(rank)}.`);
  if (rank > limits.maxRank) {
    const reshape = { input: '1, 1, -1', weight: 'out_channels, -1, kernel_size', bias: '-1' }[name];
    throw fail(
      name,
      `expected ${rankRule(name, limits)}, but the shape has ${rank} dimensions.` +
        (reshape ? ` Reshape it, e.g. ${name}.reshape(${reshape}).` : ''),
    );
  }
  const shape = new Array(rank);
  for (let i = 0; i < rank; ++i) {
    const d = value[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      const given = typeof d === 'object' && d !== null ? kindOf(d) : describe(d);
      throw fail(name, `shape[${i}] = ${given} is not allowed: every dimension must be a whole number >= 0.`);
    }
    if (d > limits.maxLength) {
      throw fail(
        name,
        `dimension ${describe(d)} (shape[${i}]) exceeds ConvLab's limit of ${limits.maxLength} per dimension.`,
      );
    }
    shape[i] = d;
  }
  return shape;
}

function snapshotData(data, count, shape, name, mismatch) {
  if (isView(data)) {
    checkView(data, count, shape, name, mismatch);
    const out = new Float32Array(count);
    copyInto.call(out, data);
    return out;
  }
  if (!Array.isArray(data)) {
    throw fail(name, `data must be a Float32Array or an array of numbers, got ${kindOf(data)}.`);
  }
  const length = data.length;
  if (length !== count) throw lengthMismatch(name, shape, count, length, mismatch);
  const out = new Float32Array(count);
  for (let i = 0; i < count; ++i) {
    const v = data[i];
    if (typeof v !== 'number') throw fail(name, `data[${i}] is ${kindOf(v)}, not a number.`);
    out[i] = v;
  }
  return out;
}

// A typed array of the tensor's element count that converts to float32 (intrinsics only).
function checkView(data, count, shape, name, mismatch) {
  const kind = viewKind(data);
  if (kind === 'DataView') {
    throw fail(
      name,
      `data is a DataView; pass a Float32Array, e.g. new Float32Array(view.buffer, view.byteOffset, ` +
        `view.byteLength / 4).`,
    );
  }
  if (kind.startsWith('Big')) {
    throw fail(name, `data is a ${kind}: 64-bit integers do not convert to float32 exactly; pass a Float32Array.`);
  }
  checkLength(data, count, shape, name, mismatch);
}

// A typed array (not a DataView) holding the tensor's element count.
function checkLength(data, count, shape, name, mismatch) {
  const length = typedLength.call(data);
  if (length === 0 && count > 0 && isDetached(data)) {
    throw fail(name, `data's ArrayBuffer is detached (transferred or resized away); pass a live Float32Array.`);
  }
  if (length !== count) throw lengthMismatch(name, shape, count, length, mismatch);
}

// Nested arrays, read depth-first in one pass: the first path down fixes the shape and every
// later row is checked against it. Innermost rows may be typed arrays (a common layout).
function fromNested(value, name, limits) {
  const shape = [];
  const values = [];
  let leafDepth = -1; // depth of the numbers, known once the first one (or an empty row) is seen
  const error = (path, text) =>
    new ConvLabError(`${name}${path.map((i) => `[${i}]`).join('')}: ${text}`, { field: name });
  const visit = (node, depth, path) => {
    const typed = isView(node) && viewKind(node) !== 'DataView' && !viewKind(node).startsWith('Big');
    if (!typed && !Array.isArray(node)) {
      if (typeof node !== 'number') throw error(path, `expected a number, got ${kindOf(node)}.`);
      if (leafDepth < 0) leafDepth = depth;
      else if (depth !== leafDepth)
        throw error(path, 'expected a list, got a number. Every row must have the same depth.');
      if (values.length >= limits.maxElements) throw tooMany(name, shape, limits);
      values.push(node);
      return;
    }
    if (leafDepth >= 0 && depth >= leafDepth) {
      throw error(path, 'expected a number, got a list. Every row must have the same depth.');
    }
    const length = typed ? typedLength.call(node) : node.length;
    if (!Number.isSafeInteger(length) || length < 0) throw error(path, `has length ${describe(length)}.`);
    if (depth === shape.length) {
      if (depth >= limits.maxRank) throw fail(name, `nested more than ${limits.maxRank} levels deep.`);
      shape.push(length);
    } else if (length !== shape[depth]) {
      throw error(
        path,
        `ragged nested array — expected ${shape[depth]} elements at depth ${depth}, got ${describe(length)}. ` +
          `Every row must have the same length.`,
      );
    }
    if (values.length + length > limits.maxElements) throw tooMany(name, shape, limits);
    if (typed || length === 0) {
      if (leafDepth < 0) leafDepth = depth + 1;
      else if (leafDepth !== depth + 1) throw error(path, 'expected a list of lists here.');
      if (!typed) return;
      const row = new Float32Array(length);
      copyInto.call(row, node);
      for (let i = 0; i < length; ++i) values.push(row[i]);
      return;
    }
    for (let i = 0; i < length; ++i) visit(node[i], depth + 1, [...path, i]);
  };
  visit(value, 0, []);
  return { shape, data: Float32Array.from(values) };
}

function rankRule(name, limits) {
  if (name === 'weight') return 'a 3-D weight (out_channels, in_channels/groups, kernel_size)';
  if (name === 'bias') return 'a 1-D bias (out_channels)';
  if (name === 'input') return 'a 2-D (channels, length) or 3-D (batch, channels, length) input';
  return `a tensor of at most ${limits.maxRank} dimensions`;
}

function viewKind(view) {
  return typedTag.call(view) ?? 'DataView';
}

function isDetached(view) {
  try {
    sliceBuffer.call(typedBuffer.call(view), 0, 0);
    return false;
  } catch {
    return true; // detached (or shared, which can never be detached: not reached for those)
  }
}

/** What a caller's value is, without running its code ('a Map', 'an object', 'undefined'). */
export function kindOf(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return describe(value);
  if (typeof value === 'function') return 'a function';
  try {
    if (Array.isArray(value)) return 'a list';
    if (isView(value)) return `a ${viewKind(value)}`;
    if (value instanceof Map) return 'a Map';
    if (value instanceof Set) return 'a Set';
  } catch {
    // a revoked Proxy, or a getPrototypeOf trap that throws
  }
  return 'an object';
}

function fail(name, text) {
  return new ConvLabError(`${name}: ${text}`, { field: name });
}

function lengthMismatch(name, shape, count, length, mismatch) {
  if (mismatch) return new ConvLabError(mismatch(shape, count, describe(length)), { field: name });
  return fail(
    name,
    `shape [${shape.join(', ')}] holds ${count} elements but data has ${describe(length)}. ` +
      `Make them agree (reshape the data or fix the shape).`,
  );
}

function tooMany(name, shape, limits) {
  return fail(
    name,
    `shape [${shape.join(', ')}] exceeds ConvLab's limit of ${limits.maxElements} elements per tensor. ` +
      `Use a smaller tensor.`,
  );
}

// A caller's getter or Proxy trap may throw anything; the API throws only ConvLabErrors.
export function asConvLabError(e, name) {
  if (e instanceof ConvLabError) return e;
  let text = 'it threw';
  try {
    const message = e instanceof Error ? Object.getOwnPropertyDescriptor(e, 'message')?.value : undefined;
    text = typeof message === 'string' ? message : describe(typeof e === 'object' ? {} : e);
  } catch {
    // a hostile exception object: keep the generic text
  }
  return new ConvLabError(`${name}: reading it failed: ${truncateText(String(text))}`, { field: name, cause: e });
}

function truncateText(text) {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
