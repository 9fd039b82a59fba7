// The built WASM module against real PyTorch outputs: every valid case and the notebook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab } from '../../web/lib/convlab.js';
import { loadCases, runCase, tensor, tolerance, assertClose } from './golden.mjs';

const lab = await loadConvLab();

test('the module is the SIMD build', () => {
  assert.match(lab.buildInfo, /sse4\.1/);
});

// Tiny calls take the reference loops by default; limit 0 forces the SIMD kernels for all.
for (const [label, tinyLimit] of [
  ['default dispatch', 256],
  ['SIMD kernels forced', 0],
]) {
  test(`every valid golden case matches PyTorch (${label})`, () => {
    const cases = loadCases('conv_cases.json');
    assert.ok(cases.length >= 300, `only ${cases.length} cases`);
    lab.setTinyLimit(tinyLimit);
    try {
      for (const c of cases) {
        const got = runCase(lab, c);
        assertClose(assert, got, tensor(c.expected), tolerance(c), c.name);
      }
    } finally {
      lab.setTinyLimit(256);
    }
  });
}

test('the 12 notebook cells match PyTorch exactly, on both paths', () => {
  const cells = loadCases('notebook.json');
  assert.equal(cells.length, 12);
  for (const limit of [256, 0]) {
    lab.setTinyLimit(limit);
    for (const c of cells) {
      const got = runCase(lab, c);
      assert.deepEqual(got.shape, c.expected.shape, c.title);
      assert.deepEqual(Array.from(got.data), Array.from(tensor(c.expected).data), c.title);
    }
  }
  lab.setTinyLimit(256);
});

test('outputShape agrees with the computed output for every golden case', () => {
  for (const c of loadCases('conv_cases.json')) {
    const params = { ...c.params };
    if (c.op === 'conv1d') delete params.output_padding;
    assert.deepEqual(lab.outputShape(c.op, c.input.shape, c.weight.shape, params), c.expected.shape, c.name);
  }
});
