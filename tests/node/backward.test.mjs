// lab.conv1dBackward / lab.convTranspose1dBackward in WASM: every PyTorch autograd golden case on
// both dispatch paths, the identities the gradients obey over parameter sweeps, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';
import { loadCases, tensor } from './golden.mjs';
import { assertClose, describe, dot, randomCalls } from './analysis-util.mjs';

const lab = await loadConvLab();
const cases = loadCases('backward_cases.json');

function backward(lab, c, gradOutput = tensor(c.grad_output)) {
  const params = { ...c.params };
  if (c.op === 'conv1d') delete params.output_padding;
  const call = c.op === 'conv1d' ? lab.conv1dBackward : lab.convTranspose1dBackward;
  return call.call(lab, tensor(c.input), tensor(c.weight), tensor(c.bias), gradOutput, params);
}

// Max |a - b| allowed for float32 sums in another order (randn cases; the rest are exact).
function tolerance(c) {
  const max = (t) => (t ? t.data.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0) : 0);
  const gy = max(c.grad_output);
  const terms = c.grad_output.data.length + c.weight.data.length;
  return 2e-6 * Math.max(1, gy * (max(c.input) + max(c.weight)) * terms);
}

for (const [label, tinyLimit] of [
  ['default dispatch', 256],
  ['fast path forced', 0],
]) {
  test(`every backward golden case matches torch.autograd (${label})`, () => {
    assert.ok(cases.length >= 200, `only ${cases.length} cases`);
    lab.setTinyLimit(tinyLimit);
    let exact = 0;
    try {
      for (const c of cases) {
        const got = backward(lab, c);
        const bitExact = !c.name.includes('/randn');
        exact += bitExact;
        for (const what of ['input', 'weight', 'bias']) {
          const want = tensor(c.expected[what]);
          // Where PyTorch's kernels disagree (NaN in one, a number in another), either is right.
          for (const cell of c.nonfinite_ambiguous?.[what] ?? [])
            if (Number.isNaN(got[what].data[cell])) got[what].data[cell] = want.data[cell];
          if (!want) {
            assert.equal(got[what], null, `${c.name}: ${what} gradient should be null without bias`);
            continue;
          }
          assert.deepEqual(got[what].shape, want.shape, `${c.name}: ${what} shape`);
          assert.ok(got[what].data instanceof Float32Array);
          if (bitExact) assert.deepEqual(Array.from(got[what].data), Array.from(want.data), `${c.name}: ${what}`);
          else {
            const tol = tolerance(c);
            want.data.forEach((v, i) =>
              assert.ok(
                Math.abs(got[what].data[i] - v) <= tol,
                `${c.name}: ${what}[${i}] ${got[what].data[i]} vs ${v}`,
              ),
            );
          }
        }
      }
    } finally {
      lab.setTinyLimit(256);
    }
    assert.ok(exact >= 150, `only ${exact} bit-exact cases`);
  });
}

test('the golden cases cover every parameter the issue names', () => {
  const seen = new Set();
  for (const c of cases) {
    const p = c.params;
    seen.add(`${c.op}:${p.padding_mode}`);
    if (typeof p.padding === 'string') seen.add(`padding:${p.padding}`);
    if (p.groups > 1) seen.add(`${c.op}:groups`);
    if (p.output_padding > 0) seen.add('output_padding');
    if (p.output_padding >= p.stride && p.output_padding > 0) seen.add('output_padding>=stride');
    if (p.stride > 1) seen.add(`${c.op}:stride`);
    if (p.dilation > 1) seen.add(`${c.op}:dilation`);
    seen.add(`${c.op}:${c.input.shape.length === 2 ? 'unbatched' : 'batched'}`);
    if (c.input.shape[0] === 0 && c.input.shape.length === 3) seen.add(`${c.op}:batch0`);
    seen.add(`${c.op}:${c.bias ? 'bias' : 'nobias'}`);
  }
  for (const want of [
    ...['zeros', 'reflect', 'replicate', 'circular'].map((m) => `conv1d:${m}`),
    'conv_transpose1d:zeros',
    'padding:same',
    'padding:valid',
    'output_padding',
    'output_padding>=stride',
    ...['conv1d', 'conv_transpose1d'].flatMap((op) =>
      ['groups', 'stride', 'dilation', 'unbatched', 'batched', 'batch0', 'bias', 'nobias'].map((k) => `${op}:${k}`),
    ),
  ])
    assert.ok(seen.has(want), `no golden case for ${want}`);
});

// sum(op(x) * gy) is linear in x and in w: its gradients are the adjoints, so for any x and w
// <gradInput, x> = <gy, op(x, w)> and <gradWeight, w> = <gy, op(x, w)> (no bias), and
// gradBias is gy summed per channel. This holds for every padding mode (the fold included).
for (const op of ['conv1d', 'conv_transpose1d']) {
  test(`${op}: gradients are the adjoints of the op over a parameter sweep`, () => {
    let checked = 0;
    for (const c of randomCalls(lab, op === 'conv1d' ? 11 : 12, 400, { op })) {
      const forward = op === 'conv1d' ? lab.conv1d : lab.convTranspose1d;
      const y = forward.call(lab, c.input, c.weight, null, c.params);
      const gy = c.r.tensor(y.shape);
      const call = op === 'conv1d' ? lab.conv1dBackward : lab.convTranspose1dBackward;
      const g = call.call(lab, c.input, c.weight, c.bias, gy, c.params);
      const label = describe(c);
      assert.deepEqual(g.input.shape, c.input.shape, label);
      assert.deepEqual(g.weight.shape, c.weight.shape, label);
      const inner = dot(gy.data, y.data);
      const scale = 1 + Math.abs(inner) + gy.data.length;
      assert.ok(Math.abs(dot(g.input.data, c.input.data) - inner) <= 1e-5 * scale, `${label}: <gradInput, x>`);
      assert.ok(Math.abs(dot(g.weight.data, c.weight.data) - inner) <= 1e-5 * scale, `${label}: <gradWeight, w>`);
      if (c.bias) {
        const channels = y.shape.at(-2);
        const length = y.shape.at(-1);
        const sums = new Float64Array(channels);
        gy.data.forEach((v, i) => (sums[Math.floor(i / length) % channels] += v));
        assertClose(assert, g.bias, { shape: [channels], data: sums }, `${label}: gradBias`);
      } else assert.equal(g.bias, null);
      checked++;
    }
    assert.ok(checked >= 400);
  });
}

// PYTORCH_SEMANTICS.md: the input gradient of one op is the other op with the same weight.
test("conv1d's input gradient is conv_transpose1d of gradOutput (zero padding, output_padding fits the length)", () => {
  let checked = 0;
  for (const c of randomCalls(lab, 21, 300, { op: 'conv1d', modes: ['zeros'] })) {
    if (typeof c.params.padding === 'string') continue; // 'same' may split unevenly: no crop equals it
    const y = lab.conv1d(c.input, c.weight, null, c.params);
    const gy = c.r.tensor(y.shape);
    const { stride, padding, dilation, groups } = c.params;
    const L = c.input.shape.at(-1);
    const K = c.weight.shape[2];
    const outputPadding = L - ((y.shape.at(-1) - 1) * stride - 2 * padding + dilation * (K - 1) + 1);
    const want = lab.convTranspose1d(gy, c.weight, null, {
      stride,
      padding,
      dilation,
      groups,
      output_padding: outputPadding,
    });
    assertClose(assert, lab.conv1dBackward(c.input, c.weight, null, gy, c.params).input, want, describe(c));
    checked++;
  }
  assert.ok(checked >= 150, `${checked}`);
});

test("conv_transpose1d's input gradient is conv1d of gradOutput", () => {
  let checked = 0;
  for (const c of randomCalls(lab, 22, 300, { op: 'conv_transpose1d' })) {
    const y = lab.convTranspose1d(c.input, c.weight, null, c.params);
    const gy = c.r.tensor(y.shape);
    const { stride, padding, dilation, groups } = c.params;
    const direct = lab.conv1d(gy, c.weight, null, { stride, padding, dilation, groups });
    // output_padding >= stride (allowed when < dilation) adds conv1d cells no input cell has.
    const L = c.input.shape.at(-1);
    const keep = direct.data.filter((_, i) => i % direct.shape.at(-1) < L);
    const want = { shape: c.input.shape, data: Float32Array.from(keep) };
    assertClose(assert, lab.convTranspose1dBackward(c.input, c.weight, c.bias, gy, c.params).input, want, describe(c));
    checked++;
  }
  assert.ok(checked >= 300);
});

test('gradOutput of the wrong shape is a ConvLabError naming both shapes', () => {
  const x = { shape: [2, 3, 10], data: new Float32Array(60) };
  const w = { shape: [4, 3, 3], data: new Float32Array(36) };
  assert.throws(
    () => lab.conv1dBackward(x, w, null, { shape: [2, 4, 9], data: new Float32Array(72) }),
    (e) =>
      e instanceof ConvLabError &&
      e.message.includes('gradOutput') &&
      e.message.includes('[2, 4, 9]') &&
      e.message.includes('[2, 4, 8]'),
  );
  assert.throws(
    () =>
      lab.convTranspose1dBackward(x, { shape: [3, 2, 3], data: new Float32Array(18) }, null, [[1, 2]], { stride: 2 }),
    (e) => e instanceof ConvLabError && e.message.includes('[1, 2]') && e.message.includes('[2, 2, 21]'),
  );
  // Unbatched input wants an unbatched gradient.
  assert.throws(
    () =>
      lab.conv1dBackward({ shape: [3, 10], data: new Float32Array(30) }, w, null, {
        shape: [1, 4, 8],
        data: new Float32Array(32),
      }),
    (e) => e instanceof ConvLabError && e.message.includes('[4, 8]'),
  );
  assert.throws(
    () => lab.conv1dBackward(x, w, null, { shape: [1, 1, 1, 1, 1, 1, 1, 1, 1], data: [0] }),
    (e) => e instanceof ConvLabError && e.message.includes('gradOutput'),
  );
  assert.throws(
    () => lab.conv1dBackward(x, w, null, undefined),
    (e) => e instanceof ConvLabError && e.message.startsWith('gradOutput'),
  );
  assert.throws(
    () => lab.conv1dBackward(x, w, null, { shape: [2, 4, 8], data: [1, 2] }),
    (e) => e instanceof ConvLabError && e.message.startsWith('gradOutput'),
  );
  // The forward call's own errors come first, with the forward messages.
  assert.throws(
    () => lab.conv1dBackward(x, w, null, { shape: [2, 4, 8], data: new Float32Array(64) }, { groups: 2 }),
    (e) => e instanceof ConvLabError && /groups=2/.test(e.message),
  );
  assert.throws(
    () => lab.convTranspose1dBackward(x, w, null, [[[0]]], { padding_mode: 'reflect' }),
    (e) => e instanceof ConvLabError && e.message.includes("padding_mode='reflect'"),
  );
});

test('the seed notebook: ConvTranspose1d(k=8, s=4) with gradOutput = ones', () => {
  const g = lab.convTranspose1dBackward([[[1, 1]]], [[[1, 1, 1, 1, 1, 1, 1, 1]]], null, [[Array(12).fill(1)]], {
    stride: 4,
  });
  assert.deepEqual(Array.from(g.input.data), [8, 8]);
  assert.deepEqual(Array.from(g.weight.data), Array(8).fill(2));
  assert.equal(g.bias, null);
  // padding=2 crops two cells off each end: the outer taps of each stamp get less gradient.
  const p = lab.convTranspose1dBackward([[[1, 1]]], [[[1, 1, 1, 1, 1, 1, 1, 1]]], [0], [[Array(8).fill(1)]], {
    stride: 4,
    padding: 2,
  });
  assert.deepEqual(Array.from(p.input.data), [6, 6]);
  assert.deepEqual(Array.from(p.weight.data), [1, 1, 2, 2, 2, 2, 1, 1]);
  assert.deepEqual(Array.from(p.bias.data), [8]);
});

test('backward calls and their errors leak nothing', () => {
  const x = { shape: [2, 3, 33], data: Float32Array.from({ length: 198 }, (_, i) => Math.sin(i)) };
  const w = { shape: [4, 3, 5], data: Float32Array.from({ length: 60 }, (_, i) => Math.cos(i)) };
  const gy = { shape: [2, 4, 33], data: Float32Array.from({ length: 264 }, (_, i) => Math.sin(3 * i)) };
  const params = { padding: 'same', padding_mode: 'reflect' };
  const first = lab.conv1dBackward(x, w, [1, 2, 3, 4], gy, params);
  const memory = lab.memoryBytes;
  let last;
  for (let i = 0; i < 5000; ++i) {
    last = lab.conv1dBackward(x, w, [1, 2, 3, 4], gy, params);
    assert.throws(() => lab.conv1dBackward(x, w, null, x, params), ConvLabError);
  }
  assert.equal(lab.memoryBytes, memory);
  assert.deepEqual(Array.from(last.input.data), Array.from(first.input.data));
  assert.deepEqual(Array.from(last.weight.data), Array.from(first.weight.data));
});

test('every caller value is read exactly once, and errors carry the field at fault', () => {
  // Each getter counts its reads and hands out a different value on a second read.
  const counted = (tensor) => {
    const reads = { shape: 0, data: 0 };
    const value = {
      get shape() {
        reads.shape++;
        return reads.shape === 1 ? tensor.shape : [1];
      },
      get data() {
        reads.data++;
        return reads.data === 1 ? tensor.data : [];
      },
    };
    return { value, reads };
  };
  const x = counted({ shape: [1, 2, 9], data: Float32Array.from({ length: 18 }, (_, i) => i) });
  const w = counted({ shape: [2, 2, 3], data: Float32Array.from({ length: 12 }, (_, i) => i - 6) });
  const b = counted({ shape: [2], data: [1, -1] });
  const gy = counted({ shape: [1, 2, 9], data: new Float32Array(18).fill(1) });
  const g = lab.conv1dBackward(x.value, w.value, b.value, gy.value, { padding: 1, padding_mode: 'circular' });
  for (const t of [x, w, b, gy]) assert.deepEqual(t.reads, { shape: 1, data: 1 });
  assert.deepEqual(g.bias.data, Float32Array.from([9, 9]));

  const w2 = counted({ shape: [2, 2, 3], data: Float32Array.from({ length: 12 }, (_, i) => i) });
  let shapeReads = 0;
  const shape = new Proxy([2, 5], {
    get(t, k) {
      if (k === 'length') shapeReads++;
      return t[k];
    },
  });
  assert.deepEqual(lab.matrix('conv_transpose1d', shape, w2.value, { stride: 2 }).shape, [22, 10]);
  assert.deepEqual(w2.reads, { shape: 1, data: 1 });
  assert.equal(shapeReads, 1);

  const x3 = counted({ shape: [1, 2, 4], data: new Float32Array(8).fill(1) });
  const w3 = counted({ shape: [2, 1, 3], data: [1, 2, 3, 4, 5, 6] });
  lab.equivalentConv1d(x3.value, w3.value, null, { stride: 2 });
  for (const t of [x3, w3]) assert.deepEqual(t.reads, { shape: 1, data: 1 });

  const fieldOf = (f) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof ConvLabError, String(e));
      return e.field;
    }
    assert.fail('should have thrown');
  };
  const ones = (...s) => ({ shape: s, data: new Float32Array(s.reduce((a, c) => a * c, 1)).fill(1) });
  assert.equal(
    fieldOf(() => lab.conv1dBackward(ones(1, 1, 5), ones(1, 1, 3), null, ones(1, 1, 5))),
    'gradOutput',
  );
  assert.equal(
    fieldOf(() => lab.conv1dBackward(ones(1, 1, 5), ones(1, 1, 3), null, 'ones')),
    'gradOutput',
  );
  assert.equal(
    fieldOf(() => lab.conv1dBackward(ones(1, 1, 5), ones(1, 1, 3), null, ones(1, 1, 3), { stride: 0 })),
    'stride',
  );
  assert.equal(
    fieldOf(() => lab.matrix('conv1d', [1, 4096], ones(1, 1, 1))),
    'matrix',
  );
  assert.equal(
    fieldOf(() => lab.matrix('conv1d', [2, 1, 8], ones(1, 1, 1))),
    'inputShape',
  );
  assert.equal(
    fieldOf(() => lab.matrix('conv1d', 'x', ones(1, 1, 1))),
    'inputShape',
  );
  assert.equal(
    fieldOf(() => lab.equivalentConv1d(ones(1, 64, 200), ones(64, 1, 1), null, { stride: 65536 })),
    'equivalentConv1d',
  );
});
