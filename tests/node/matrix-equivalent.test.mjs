// lab.matrix and lab.equivalentConv1d in WASM, over parameter sweeps: M · x = op(x), the
// transposed convolution's matrix is exactly Cᵀ, ⟨Cx, y⟩ = ⟨x, Cᵀy⟩, and the equivalent stride-1
// Conv1d equals the transposed convolution. Plus the limits and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';
import { assertClose, describe, dot, random, randomCalls } from './analysis-util.mjs';

const lab = await loadConvLab();
const forward = (op) => (op === 'conv1d' ? lab.conv1d : lab.convTranspose1d).bind(lab);

function multiply(m, x) {
  const [rows, cols] = m.shape;
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; ++i) {
    let sum = 0;
    for (let j = 0; j < cols; ++j) sum += m.data[i * cols + j] * x[j];
    y[i] = sum;
  }
  return y;
}

for (const op of ['conv1d', 'conv_transpose1d']) {
  test(`${op}: matrix × input = the op, for one batch element, over a parameter sweep`, () => {
    let checked = 0;
    for (const c of randomCalls(lab, op === 'conv1d' ? 31 : 32, 400, { op, batch: 'one', withBias: false })) {
      const m = lab.matrix(op, c.input.shape, c.weight, c.params);
      const y = forward(op)(c.input, c.weight, null, c.params);
      const [cin, L] = c.input.shape.slice(-2);
      const [cout, lout] = y.shape.slice(-2);
      const label = describe(c);
      assert.deepEqual(m.shape, [cout * lout, cin * L], label);
      assert.deepEqual(m.inputShape, [cin, L], label);
      assert.deepEqual(m.outputShape, [cout, lout], label);
      assert.equal(m.data.length, cout * lout * cin * L);
      assertClose(
        assert,
        { shape: [y.data.length], data: multiply(m, c.input.data) },
        { shape: [y.data.length], data: y.data },
        label,
      );
      checked++;
    }
    assert.ok(checked >= 400);
  });
}

test("conv_transpose1d's matrix is exactly the transpose of conv1d's (same weight, output_padding matches the lengths)", () => {
  const r = random(41);
  let checked = 0;
  for (const c of randomCalls(lab, 42, 300, { op: 'conv1d', batch: 'one', modes: ['zeros'], withBias: false })) {
    if (typeof c.params.padding === 'string') continue;
    const { stride, padding, dilation, groups } = c.params;
    const C = lab.matrix('conv1d', c.input.shape, c.weight, c.params);
    const [cout, lout] = C.outputShape;
    const [cin, L] = C.inputShape;
    const K = c.weight.shape[2];
    const outputPadding = L - ((lout - 1) * stride - 2 * padding + dilation * (K - 1) + 1);
    const tParams = { stride, padding, dilation, groups, output_padding: outputPadding };
    const T = lab.matrix('conv_transpose1d', [cout, lout], c.weight, tParams);
    const label = `${describe(c)} output_padding ${outputPadding}`;
    assert.deepEqual(T.shape, [cin * L, cout * lout], label);
    const [rows, cols] = C.shape;
    for (let i = 0; i < rows; ++i)
      for (let j = 0; j < cols; ++j)
        if (C.data[i * cols + j] !== T.data[j * rows + i]) assert.fail(`${label}: C[${i}][${j}] != Cᵀ[${j}][${i}]`);
    // The adjoint check the matrix view shows: ⟨Cx, y⟩ = ⟨x, Cᵀy⟩ through the ops themselves.
    const x = r.tensor([cin, L]);
    const y = r.tensor([cout, lout]);
    const left = dot(lab.conv1d(x, c.weight, null, c.params).data, y.data);
    const right = dot(x.data, lab.convTranspose1d(y, c.weight, null, tParams).data);
    assert.ok(Math.abs(left - right) <= 1e-5 * (1 + Math.abs(left)), `${label}: ⟨Cx, y⟩ ${left} vs ⟨x, Cᵀy⟩ ${right}`);
    checked++;
  }
  assert.ok(checked >= 150, `${checked}`);
});

test('reflect padding folds two taps onto one cell: matrix entries add up', () => {
  // L=3, K=3, padding 2, reflect: padded [x2 x1 x0 x1 x2 x1 x0]; output 0 reads x2 x1 x0.
  const m = lab.matrix('conv1d', [1, 3], [[[1, 10, 100]]], { padding: 2, padding_mode: 'reflect' });
  assert.deepEqual(m.shape, [5, 3]);
  assert.deepEqual(Array.from(m.data), [100, 10, 1, 10, 101, 0, 1, 10, 100, 0, 101, 10, 100, 10, 1]);
  const unbatched = lab.matrix('conv1d', [1, 1, 3], [[[1, 10, 100]]], { padding: 2, padding_mode: 'reflect' });
  assert.deepEqual(Array.from(unbatched.data), Array.from(m.data));
});

test('matrix: a clear error beyond 2^22 entries, for a batch, and for a bad inputShape', () => {
  const w = { shape: [1, 1, 1], data: [1] };
  assert.equal(lab.matrix('conv1d', [1, 2048], w).data.length, 2 ** 22); // exactly the limit
  assert.throws(
    () => lab.matrix('conv1d', [1, 2049], w),
    (e) => e instanceof ConvLabError && e.message.includes('4194304 (2^22)') && e.message.includes('2049 x 2049'),
  );
  assert.throws(
    () => lab.matrix('conv_transpose1d', [64, 4096], { shape: [64, 64, 3], data: new Float32Array(64 * 64 * 3) }),
    (e) => e instanceof ConvLabError && e.message.startsWith('matrix: the conv_transpose1d matrix'),
  );
  assert.throws(
    () => lab.matrix('conv1d', [2, 1, 8], w),
    (e) => e instanceof ConvLabError && e.message.includes('one batch element') && e.message.includes('[1, 8]'),
  );
  assert.throws(
    () => lab.matrix('conv1d', 8, w),
    (e) => e instanceof ConvLabError && e.message.startsWith('inputShape'),
  );
  assert.throws(
    () => lab.matrix('conv1d', [1, 0], w),
    (e) => e instanceof ConvLabError && e.message.includes('length 0'),
  );
  assert.throws(
    () => lab.matrix('conv2d', [1, 8], w),
    (e) => e instanceof ConvLabError && e.message.startsWith('op'),
  );
  assert.throws(
    () => lab.matrix('conv1d', [2, 8], w),
    (e) => e instanceof ConvLabError && e.message.includes('channels'),
  );
});

test('equivalentConv1d: conv1d of the returned parts = output = convTranspose1d, over a parameter sweep', () => {
  let checked = 0;
  let cropped = 0;
  for (const c of randomCalls(lab, 51, 500, { op: 'conv_transpose1d' })) {
    const label = describe(c);
    const e = lab.equivalentConv1d(c.input, c.weight, c.bias, c.params);
    const direct = lab.convTranspose1d(c.input, c.weight, c.bias, c.params);
    assertClose(assert, e.output, direct, `${label}: output`);
    assertClose(assert, lab.conv1d(e.input, e.weight, e.bias, e.params), e.output, `${label}: conv1d of the parts`);
    const { stride, padding, dilation, groups } = c.params;
    const [cin, L] = c.input.shape.slice(-2);
    const K = c.weight.shape[2];
    assert.deepEqual(e.params, { stride: 1, padding: 0, dilation, groups }, label);
    assert.equal(e.inserted, stride - 1);
    assert.equal(e.padLeft, dilation * (K - 1) - padding);
    assert.equal(e.padRight, e.padLeft + c.params.output_padding);
    assert.deepEqual(
      e.input.shape,
      [...c.input.shape.slice(0, -1), (L - 1) * stride + 1 + e.padLeft + e.padRight],
      label,
    );
    const cout = direct.shape.at(-2);
    assert.deepEqual(e.weight.shape, [cout, cin / groups, K], label);
    // The stuffed input holds the original values at padLeft + i*stride, zeros elsewhere.
    const length = e.input.shape.at(-1);
    const rows = e.input.data.length / length;
    for (let row = 0; row < rows; ++row)
      for (let j = 0; j < length; ++j) {
        const u = j - e.padLeft;
        const want = u >= 0 && u % stride === 0 && u / stride < L ? c.input.data[row * L + u / stride] : 0;
        if (e.input.data[row * length + j] !== want) assert.fail(`${label}: stuffed[${row}][${j}]`);
      }
    if (c.bias) assert.deepEqual(Array.from(e.bias.data), Array.from(c.bias.data));
    else assert.equal(e.bias, null);
    cropped += e.padLeft < 0;
    checked++;
  }
  assert.ok(checked >= 500);
  assert.ok(cropped >= 20, `only ${cropped} cropping cases`);
});

test('equivalentConv1d: the kernel is flipped with in/out channels swapped per group', () => {
  // weight (C_in=4, C_out/g=1, K=3), groups 2: out channel 0 reads in channels 0,1; 1 reads 2,3.
  const w = { shape: [4, 1, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };
  const e = lab.equivalentConv1d({ shape: [1, 4, 2], data: new Float32Array(8).fill(1) }, w, null, { groups: 2 });
  assert.deepEqual(e.weight.shape, [2, 2, 3]);
  assert.deepEqual(Array.from(e.weight.data), [3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10]);
  // The seed notebook: k=8, s=4, padding 2 -> 3 zeros between, 7 - 2 = 5 zeros at each end.
  const nb = lab.equivalentConv1d([[[1, 1]]], [[[1, 1, 1, 1, 1, 1, 1, 1]]], null, { stride: 4, padding: 2 });
  assert.deepEqual(Array.from(nb.input.data), [0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(nb.output.data), [1, 1, 2, 2, 2, 2, 1, 1]);
  // padding beyond dilation*(K-1) crops the stuffed input itself.
  const crop = lab.equivalentConv1d([[[1, 2, 3]]], [[[1, 1]]], null, { stride: 2, padding: 2 });
  assert.equal(crop.padLeft, -1);
  assert.deepEqual(Array.from(crop.input.data), [0, 2, 0]);
  assert.deepEqual(
    Array.from(crop.output.data),
    Array.from(lab.convTranspose1d([[[1, 2, 3]]], [[[1, 1]]], null, { stride: 2, padding: 2 }).data),
  );
});

test('equivalentConv1d: errors are the transposed call’s, plus the stuffed-input limit', () => {
  assert.throws(
    () => lab.equivalentConv1d([[[1, 2]]], [[[1, 1, 1]]], null, { padding_mode: 'reflect' }),
    (e) => e instanceof ConvLabError && e.message.includes("padding_mode='reflect'"),
  );
  assert.throws(
    () => lab.equivalentConv1d([[[1, 2]]], [[[1, 1, 1]]], null, { padding: 'same' }),
    (e) => e instanceof ConvLabError && e.message.includes("padding='same'"),
  );
  assert.throws(
    () =>
      lab.equivalentConv1d(
        { shape: [1, 64, 200], data: new Float32Array(12800) },
        { shape: [64, 1, 1], data: new Float32Array(64) },
        null,
        { stride: 65536 },
      ),
    (e) =>
      e instanceof ConvLabError &&
      e.message.startsWith('equivalentConv1d: the zero-stuffed input') &&
      e.message.includes('65535 zeros'),
  );
});

test('matrix and equivalentConv1d calls and their errors leak nothing', () => {
  const w = { shape: [3, 2, 4], data: Float32Array.from({ length: 24 }, (_, i) => Math.cos(i)) };
  const x = { shape: [1, 3, 9], data: Float32Array.from({ length: 27 }, (_, i) => Math.sin(i)) };
  lab.matrix('conv1d', [2, 30], w, { padding: 2, padding_mode: 'circular' });
  lab.equivalentConv1d(x, w, null, { stride: 3, padding: 1, output_padding: 2 });
  const memory = lab.memoryBytes;
  for (let i = 0; i < 3000; ++i) {
    lab.matrix('conv1d', [2, 30], w, { padding: 2, padding_mode: 'circular' });
    lab.equivalentConv1d(x, w, null, { stride: 3, padding: 1, output_padding: 2 });
    assert.throws(() => lab.matrix('conv1d', [2, 3000], w), ConvLabError);
    assert.throws(() => lab.equivalentConv1d(x, w, null, { output_padding: 9 }), ConvLabError);
  }
  assert.equal(lab.memoryBytes, memory);
});

test('big analysis calls give their memory back: repeating one does not grow the module', () => {
  const n = 1 << 21; // 8 MiB per tensor: beyond what the buffers keep between calls
  const x = { shape: [1, 4, n / 4], data: new Float32Array(n).fill(0.5) };
  const w = { shape: [4, 4, 3], data: new Float32Array(48).fill(0.25) };
  const gy = { shape: [1, 4, n / 4], data: new Float32Array(n).fill(1) };
  const params = { padding: 1, padding_mode: 'reflect' };
  for (let i = 0; i < 2; ++i) {
    lab.conv1dBackward(x, w, null, gy, params);
    lab.equivalentConv1d(x, w, null, { stride: 2 });
    lab.conv1d(x, w, null, params);
  }
  const memory = lab.memoryBytes;
  for (let i = 0; i < 5; ++i) {
    const g = lab.conv1dBackward(x, w, null, gy, params);
    assert.equal(g.input.data[n / 8], 3); // 4 out channels x 3 taps x 0.25 x 1
    lab.equivalentConv1d(x, w, null, { stride: 2 });
    assert.equal(lab.conv1d(x, w, null, params).data[7], 1.5);
  }
  assert.equal(lab.memoryBytes, memory);
});
