// Errors are values inside wasm: 100,000 invalid calls leave memory and results unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';

const lab = await loadConvLab();
const x = { shape: [1, 2, 16], data: Float32Array.from({ length: 32 }, (_, i) => Math.sin(i)) };
const w = { shape: [3, 2, 4], data: Float32Array.from({ length: 24 }, (_, i) => Math.cos(i)) };

const invalid = [
  () => lab.conv1d(x, w, null, { groups: 3 }),
  () => lab.conv1d(x, w, null, { stride: 0 }),
  () => lab.conv1d({ shape: [1, 3, 16], data: new Float32Array(48) }, w),
  () => lab.convTranspose1d(x, { shape: [2, 1, 4], data: new Float32Array(8) }, null, { output_padding: 5 }),
  () => lab.conv1d(x, { shape: [3, 2, 40], data: new Float32Array(240) }),
];

test('100,000 invalid calls leak nothing and leave results unchanged', () => {
  const before = lab.conv1d(x, w, [1, 2, 3], { padding: 1 });
  const memory = lab.memoryBytes;
  for (let i = 0; i < 100_000; ++i) {
    try {
      invalid[i % invalid.length]();
      assert.fail('should have thrown');
    } catch (e) {
      if (!(e instanceof ConvLabError)) throw e;
    }
  }
  assert.equal(lab.memoryBytes, memory);
  const after = lab.conv1d(x, w, [1, 2, 3], { padding: 1 });
  assert.deepEqual(Array.from(after.data), Array.from(before.data));
});

test('10,000 valid calls leave memory unchanged', () => {
  lab.convTranspose1d(x, { shape: [2, 3, 4], data: w.data }, null, { stride: 2 });
  const memory = lab.memoryBytes;
  let last;
  for (let i = 0; i < 10_000; ++i)
    last = lab.convTranspose1d(x, { shape: [2, 3, 4], data: w.data }, null, { stride: 2 });
  assert.equal(lab.memoryBytes, memory);
  assert.deepEqual(last.shape, [1, 3, 34]);
});
