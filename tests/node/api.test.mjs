// The public API's shapes: entry points, tensor forms, batch and unbatched, outputLength, overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pkg from 'convlab';
import { loadConvLab } from '../../web/lib/convlab.js';

const lab = await loadConvLab();
const ones = (...shape) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1) });

test('the package export gives loadConvLab, parseTensor, formatTensor', async () => {
  assert.equal(typeof pkg.loadConvLab, 'function');
  assert.equal(typeof pkg.parseTensor, 'function');
  assert.equal(typeof pkg.formatTensor, 'function');
  assert.equal(await pkg.loadConvLab(), lab, 'loads once and caches');
});

test('results are {shape, data: Float32Array}, fresh arrays every call', () => {
  const a = lab.conv1d(ones(1, 1, 7), ones(1, 1, 3));
  const b = lab.conv1d(ones(1, 1, 7), ones(1, 1, 3));
  assert.deepEqual(a.shape, [1, 1, 5]);
  assert.ok(a.data instanceof Float32Array);
  assert.notEqual(a.data.buffer, b.data.buffer);
  a.data[0] = 99;
  assert.equal(b.data[0], 3);
});

test('nested arrays, number arrays and typed arrays are all accepted', () => {
  const nested = lab.convTranspose1d([[[1, 1]]], [[[1, 1, 1]]], null, { stride: 2 });
  const flat = lab.convTranspose1d(
    { shape: [1, 1, 2], data: [1, 1] },
    { shape: [1, 1, 3], data: new Float64Array([1, 1, 1]) },
    null,
    { stride: 2 },
  );
  assert.deepEqual(Array.from(nested.data), [1, 1, 2, 1, 1]);
  assert.deepEqual(Array.from(flat.data), [1, 1, 2, 1, 1]);
});

test('unbatched input gives unbatched output; batch 0 gives an empty batch', () => {
  assert.deepEqual(lab.conv1d(ones(2, 9), ones(3, 2, 4)).shape, [3, 6]);
  const empty = lab.convTranspose1d(ones(0, 2, 5), ones(2, 3, 4), [1, 2, 3], { stride: 2 });
  assert.deepEqual(empty.shape, [0, 3, 12]);
  assert.equal(empty.data.length, 0);
});

test('bias accepts an array or a tensor and is added to every cell', () => {
  const y = lab.conv1d(ones(1, 1, 4), ones(2, 1, 2), [10, 20]);
  assert.deepEqual(Array.from(y.data), [12, 12, 12, 22, 22, 22]);
  const z = lab.conv1d(ones(1, 1, 4), ones(2, 1, 2), { shape: [2], data: [10, 20] });
  assert.deepEqual(Array.from(z.data), Array.from(y.data));
});

test('camelCase and snake_case parameter names and 1-tuples are equivalent', () => {
  const a = lab.convTranspose1d(ones(1, 1, 2), ones(1, 1, 8), null, { stride: 4, padding: 2, outputPadding: 1 });
  const b = lab.convTranspose1d(ones(1, 1, 2), ones(1, 1, 8), null, { stride: [4], padding: [2], output_padding: 1 });
  assert.deepEqual(Array.from(a.data), [1, 1, 2, 2, 2, 2, 1, 1, 1]);
  assert.deepEqual(Array.from(b.data), Array.from(a.data));
});

test('params null, undefined or {} mean every default', () => {
  const want = Array.from(lab.conv1d(ones(1, 1, 4), ones(1, 1, 2)).data);
  assert.deepEqual(want, [2, 2, 2]);
  for (const params of [null, undefined, {}]) {
    assert.deepEqual(Array.from(lab.conv1d(ones(1, 1, 4), ones(1, 1, 2), null, params).data), want);
    assert.deepEqual(lab.outputShape('conv1d', [1, 1, 4], [1, 1, 2], params), [1, 1, 3]);
  }
});

test('outputLength follows PyTorch formulas', () => {
  assert.equal(lab.outputLength('conv1d', 7, 3), 5);
  assert.equal(lab.outputLength('conv1d', 7, 3, { padding: 1 }), 7);
  assert.equal(lab.outputLength('conv1d', 10, 4, { padding: 'same', dilation: 3 }), 10);
  assert.equal(lab.outputLength('conv1d', 16, 8, { stride: 4, padding: 2 }), 4);
  assert.equal(lab.outputLength('conv_transpose1d', 2, 8, { stride: 4, padding: 2, output_padding: 1 }), 9);
  assert.equal(lab.outputLength('convTranspose1d', 2, 3, { stride: 4 }), 7);
});

test('overlap: transpose marks cropped and output_padding cells and sums to the output', () => {
  const map = lab.overlap('conv_transpose1d', 2, 8, { stride: 4, padding: 2, output_padding: 1 });
  assert.equal(map.axisLength, 12);
  assert.equal(map.outLength, 9);
  assert.deepEqual(map.axisKind.slice(0, 3), ['padding', 'padding', 'kept']);
  assert.equal(map.axisKind[10], 'output_padding');
  assert.deepEqual(map.axisCount, [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1]);
  const sums = new Array(map.outLength).fill(0);
  for (const e of map.entries) if (e.output >= 0) sums[e.output] += 1;
  assert.deepEqual(sums, [1, 1, 2, 2, 2, 2, 1, 1, 1]);
});

test('overlap: conv1d reflect padding names the copied indices', () => {
  const map = lab.overlap('conv1d', 5, 3, { padding: 2, padding_mode: 'reflect' });
  assert.deepEqual(map.axisSource, [2, 1, 0, 1, 2, 3, 4, 3, 2]);
  assert.deepEqual(map.axisKind.slice(0, 3), ['padding', 'padding', 'kept']);
  assert.equal(map.entries.length, 7 * 3);
  assert.deepEqual(map.entries[0], { output: 0, axis: 0, input: 2, tap: 0 });
});
