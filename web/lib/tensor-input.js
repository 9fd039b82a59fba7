// Turns what callers pass as a tensor ({shape, data} or nested arrays) into {shape, data},
// rejecting what would otherwise silently become NaN or a wrong shape.
import { ConvLabError } from './errors.js';

const MAX_DEPTH = 8;

export function toTensor(value, name) {
  if (Array.isArray(value)) return fromNested(value, name);
  if (value === null || typeof value !== 'object') {
    throw new ConvLabError(
      `${name}: expected a tensor {shape, data} or a nested array, got ${value === null ? 'null' : typeof value}.`,
    );
  }
  const { shape, data } = value;
  if (!Array.isArray(shape)) throw badShape(name);
  let count = 1;
  for (let i = 0; i < shape.length; ++i) {
    const d = shape[i];
    if (!Number.isInteger(d) || d < 0) throw badShape(name);
    count *= d;
  }
  if (!ArrayBuffer.isView(data) && !Array.isArray(data)) {
    throw new ConvLabError(`${name}: data must be a Float32Array or an array of numbers.`);
  }
  if (data.length !== count) {
    throw new ConvLabError(
      `${name}: shape [${shape.join(', ')}] holds ${count} elements but data has ${data.length}. ` +
        `Make them agree (reshape the data or fix the shape).`,
    );
  }
  if (Array.isArray(data)) checkNumbers(data, name);
  return value;
}

function badShape(name) {
  return new ConvLabError(`${name}: shape must be an array of whole numbers >= 0, such as [1, 1, 8].`);
}

export function toBias(value) {
  if (value === null || value === undefined || value === false) return null;
  return toTensor(value, 'bias');
}

function fromNested(value, name) {
  const shape = [];
  for (let level = value; Array.isArray(level); level = level[0]) {
    if (shape.length >= MAX_DEPTH) throw new ConvLabError(`${name}: nested more than ${MAX_DEPTH} levels deep.`);
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const data = [];
  flatten(value, 0, shape, data, name, []);
  return { shape, data: Float32Array.from(data) };
}

function flatten(value, depth, shape, out, name, path) {
  if (depth === shape.length) {
    if (typeof value !== 'number') {
      throw new ConvLabError(
        `${name}${path.map((i) => `[${i}]`).join('')}: expected a number, got ${Array.isArray(value) ? 'a list' : typeof value}.`,
      );
    }
    out.push(value);
    return;
  }
  if (!Array.isArray(value) || value.length !== shape[depth]) {
    throw new ConvLabError(
      `${name}${path.map((i) => `[${i}]`).join('')}: ragged nested array — expected ${shape[depth]} elements at depth ${depth}, ` +
        `got ${Array.isArray(value) ? value.length : 'a number'}. Every row must have the same length.`,
    );
  }
  for (let i = 0; i < value.length; ++i) flatten(value[i], depth + 1, shape, out, name, [...path, i]);
}

function checkNumbers(data, name) {
  for (let i = 0; i < data.length; ++i) {
    if (typeof data[i] !== 'number') {
      throw new ConvLabError(`${name}: data[${i}] is ${typeof data[i]}, not a number.`);
    }
  }
}
