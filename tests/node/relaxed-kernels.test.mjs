// The relaxed-SIMD side module (cpp/src/simd/correlate_relaxed.cpp): what it holds, that it is
// chosen exactly where the engine validates it, and that it computes what the SIMD128 kernels
// compute up to float rounding. scripts/test.sh runs this file twice: plainly (node 20 has no
// relaxed SIMD) and in the "node-relaxed" pass under --experimental-wasm-relaxed-simd, which
// also runs the golden, property, thread and analysis suites on the relaxed kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import RELAXED_WASM_BASE64 from '../../web/lib/wasm/convlab-relaxed.mjs';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';
import { conv1dReference, convTranspose1dReference } from './reference.mjs';

const FLAG = '--experimental-wasm-relaxed-simd';
const relaxedEngine = process.execArgv.includes(FLAG);
const lab = await loadConvLab();
const bytes = Buffer.from(RELAXED_WASM_BASE64, 'base64');

// f32x4.relaxed_madd is 0xfd + LEB128(0x105) = fd 85 02; f32x4.mul is fd e6 01.
const count = (pattern) => {
  let n = 0;
  for (let i = bytes.indexOf(Buffer.from(pattern)); i >= 0; i = bytes.indexOf(Buffer.from(pattern), i + 1)) n += 1;
  return n;
};

test('the side module is relaxed-SIMD code: fused multiply-adds, no separate multiplies', () => {
  assert.equal(bytes.readUInt32BE(0), 0x0061736d);
  assert.ok(count([0xfd, 0x85, 0x02]) >= 8, 'too few f32x4.relaxed_madd');
  assert.equal(count([0xfd, 0xe6, 0x01]), 0, 'f32x4.mul in the relaxed kernels');
  assert.equal(WebAssembly.validate(bytes), relaxedEngine, 'validates exactly where the engine has relaxed SIMD');
});

test('the lab runs the relaxed kernels where the engine has relaxed SIMD, else says why not', () => {
  if (relaxedEngine) {
    assert.equal(lab.kernels, 'relaxed-simd');
    assert.match(lab.buildInfo, /relaxed SIMD kernels/);
    return;
  }
  assert.equal(lab.kernels, 'simd');
  assert.throws(
    () => lab.setKernels('relaxed-simd'),
    (e) => e instanceof ConvLabError && e.field === 'kernels' && /no relaxed SIMD/.test(e.message),
  );
});

test('setKernels switches both ways and rejects unknown names', () => {
  lab.setKernels('simd');
  assert.equal(lab.kernels, 'simd');
  if (relaxedEngine) {
    lab.setKernels('relaxed-simd');
    assert.equal(lab.kernels, 'relaxed-simd');
  }
  assert.throws(
    () => lab.setKernels('avx512'),
    (e) => e instanceof ConvLabError && /'simd' or 'relaxed-simd'/.test(e.message),
  );
});

// Seeded values in [-1, 1).
function values(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

// Shapes that reach every micro-kernel width (4, 2 and 1 channels), tails, phases and groups.
const CASES = [
  { op: 'conv1d', x: [2, 8, 77], w: [7, 8, 3], p: { padding: 1 } },
  { op: 'conv1d', x: [1, 16, 300], w: [13, 16, 8], p: { stride: 4, padding: 2 } },
  { op: 'conv1d', x: [1, 12, 129], w: [6, 4, 5], p: { groups: 3, dilation: 3, padding: 6 } },
  { op: 'conv1d', x: [1, 32, 200], w: [32, 1, 31], p: { groups: 32, padding: 15 } },
  { op: 'conv_transpose1d', x: [1, 12, 50], w: [12, 5, 16], p: { stride: 8, padding: 4 } },
  { op: 'conv_transpose1d', x: [2, 6, 33], w: [6, 3, 7], p: { stride: 3, padding: 2, outputPadding: 1, groups: 2 } },
];

test('relaxed (or SIMD128) kernels match the float64 reference on every kernel shape', () => {
  lab.setTinyLimit(0);
  try {
    for (const [i, c] of CASES.entries()) {
      const input = {
        shape: c.x,
        data: values(
          c.x.reduce((a, b) => a * b),
          11 + i,
        ),
      };
      const weight = {
        shape: c.w,
        data: values(
          c.w.reduce((a, b) => a * b),
          97 + i,
        ),
      };
      const params = { stride: 1, padding: 0, dilation: 1, groups: 1, mode: 'zeros', outputPadding: 0, ...c.p };
      const ref =
        c.op === 'conv1d'
          ? conv1dReference(input, weight, null, params)
          : convTranspose1dReference(input, weight, null, params);
      const got =
        c.op === 'conv1d' ? lab.conv1d(input, weight, null, c.p) : lab.convTranspose1d(input, weight, null, c.p);
      assert.deepEqual(got.shape, ref.shape, `case ${i}`);
      let worst = 0;
      for (let j = 0; j < got.data.length; j++) worst = Math.max(worst, Math.abs(got.data[j] - ref.data[j]));
      assert.ok(worst <= 1e-5, `case ${i} (${lab.kernels}): max abs diff ${worst}`);
    }
  } finally {
    lab.setTinyLimit(256);
  }
});
