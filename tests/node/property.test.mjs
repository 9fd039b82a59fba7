// Property tests (fast-check) over every public function: random shapes, params, values and
// hostile objects give either a ConvLabError or a result equal to the plain-JS reference, and
// the module keeps working afterwards. Run counts are printed (and fixed by the seed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';
import { parseTensor, formatTensor } from '../../web/lib/index.js';
import { conv1dReference, convTranspose1dReference } from './reference.mjs';

const lab = await loadConvLab();
const SEED = 20260901;
const ones = (...shape) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1) });
const healthy = Array.from(lab.conv1d(ones(1, 1, 8), ones(1, 1, 3)).data);

function assertHealthy() {
  assert.deepEqual(Array.from(lab.conv1d(ones(1, 1, 8), ones(1, 1, 3)).data), healthy, 'module still works');
}

function run(name, property, numRuns) {
  const result = fc.check(property, { seed: SEED, numRuns });
  console.log(`# property ${name}: ${result.numRuns} runs`);
  if (result.failed) assert.fail(fc.defaultReportMessage(result));
}

const small = fc.integer({ min: 0, max: 5 });
const value = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });
const values = (n) => fc.array(value, { minLength: n, maxLength: n });
// Picked by index: fast-check itself cannot hold a revoked Proxy.
const HOSTILE = [
  null,
  undefined,
  -1,
  1.5,
  2n,
  '2',
  Symbol('s'),
  [],
  [1, 2],
  new Map(),
  Object.create({ stride: 2 }),
  new Float32Array(2),
  new BigInt64Array(2),
  () => 1,
  new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
    },
  ),
  revoked(),
  new Proxy([1, 1, 8], {
    get(target, key) {
      if (key === 'length') throw new TypeError('length trap');
      return target[key];
    },
  }),
  new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error('prototype trap');
      },
      ownKeys() {
        throw new Error('keys trap');
      },
    },
  ),
];
const hostile = fc.nat(HOSTILE.length - 1);

function revoked() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function tolerance(ref) {
  let max = 1;
  for (const v of ref.data) max = Math.max(max, Math.abs(v));
  return 1e-4 * max;
}

function matches(got, ref) {
  assert.deepEqual(got.shape, ref.shape);
  const tol = tolerance(ref);
  for (let i = 0; i < ref.data.length; ++i) assert.ok(Math.abs(got.data[i] - ref.data[i]) <= tol, `element ${i}`);
}

const convCase = fc
  .record({
    transpose: fc.boolean(),
    batched: fc.boolean(),
    n: fc.integer({ min: 0, max: 2 }),
    groups: fc.integer({ min: 1, max: 3 }),
    cig: fc.integer({ min: 0, max: 3 }),
    cog: fc.integer({ min: 0, max: 3 }),
    length: fc.integer({ min: 0, max: 12 }),
    k: fc.integer({ min: 0, max: 5 }),
    stride: fc.integer({ min: 0, max: 4 }),
    dilation: fc.integer({ min: 0, max: 3 }),
    padding: fc.oneof(small, fc.constantFrom('same', 'valid')),
    mode: fc.constantFrom('zeros', 'reflect', 'replicate', 'circular'),
    outputPadding: fc.integer({ min: 0, max: 3 }),
    bias: fc.boolean(),
    snake: fc.boolean(),
    tinyLimit: fc.constantFrom(0, 256),
  })
  .chain((c) => {
    const cin = c.cig * c.groups;
    const inShape = c.batched ? [c.n, cin, c.length] : [cin, c.length];
    const wShape = c.transpose ? [cin, c.cog, c.k] : [c.cog * c.groups, c.cig, c.k];
    const count = (s) => s.reduce((a, b) => a * b, 1);
    const outChannels = c.cog * c.groups;
    return fc.record({
      c: fc.constant(c),
      input: values(count(inShape)).map((d) => ({ shape: inShape, data: Float32Array.from(d) })),
      weight: values(count(wShape)).map((d) => ({ shape: wShape, data: Float32Array.from(d) })),
      bias: values(outChannels).map((d) => Float32Array.from(d)),
    });
  });

test('conv1d / convTranspose1d: a ConvLabError or the reference, for random shapes and params', () => {
  run(
    'conv',
    fc.property(convCase, ({ c, input, weight, bias }) => {
      lab.setTinyLimit(c.tinyLimit);
      const params = c.transpose
        ? {
            stride: c.stride,
            padding: c.padding,
            dilation: c.dilation,
            groups: c.groups,
            [c.snake ? 'output_padding' : 'outputPadding']: c.outputPadding,
          }
        : {
            stride: c.stride,
            padding: c.padding,
            dilation: c.dilation,
            groups: c.groups,
            [c.snake ? 'padding_mode' : 'paddingMode']: c.mode,
          };
      const p = {
        stride: c.stride,
        padding: c.padding,
        dilation: c.dilation,
        groups: c.groups,
        mode: c.mode,
        outputPadding: c.outputPadding,
      };
      const positive = c.stride > 0 && c.dilation > 0;
      let ref = null;
      if (positive && !(c.transpose && typeof c.padding === 'string')) {
        ref = c.transpose
          ? convTranspose1dReference(input, weight, c.bias ? bias : null, p)
          : conv1dReference(input, weight, c.bias ? bias : null, p);
      }
      const call = c.transpose ? lab.convTranspose1d.bind(lab) : lab.conv1d.bind(lab);
      let got;
      try {
        got = call(input, weight, c.bias ? { shape: [bias.length], data: bias } : null, params);
      } catch (e) {
        assert.ok(e instanceof ConvLabError, String(e));
        assert.equal(ref, null, `ConvLab refused what the reference computes: ${e.message}`);
        return;
      }
      assert.notEqual(ref, null, 'ConvLab computed what PyTorch rejects');
      matches(got, ref);
    }),
    600,
  );
  lab.setTinyLimit(256);
  assertHealthy();
});

test('every public function given hostile arguments throws only ConvLabErrors', () => {
  const x = ones(1, 1, 8);
  const w = ones(1, 1, 3);
  const calls = [
    (h) => lab.conv1d(h, w),
    (h) => lab.conv1d(x, h),
    (h) => lab.conv1d(x, w, h),
    (h) => lab.conv1d(x, w, null, h),
    (h) => lab.convTranspose1d(x, w, null, { stride: h }),
    (h) => lab.conv1d(x, w, null, { padding: h }),
    (h) => lab.conv1d(x, w, null, { padding_mode: h }),
    (h) => lab.conv1d({ shape: h, data: [1] }, w),
    (h) => lab.conv1d({ shape: [1, 1, 8], data: h }, w),
    (h) => lab.outputShape(h, [1, 1, 8], [1, 1, 3]),
    (h) => lab.outputShape('conv1d', h, [1, 1, 3]),
    (h) => lab.outputLength('conv1d', h, 3),
    (h) => lab.overlap('conv_transpose1d', 4, h),
    (h) => lab.setTinyLimit(h),
    (h) => formatTensor(h),
    (h) => formatTensor({ shape: h, data: [1, 2] }),
    (h) => parseTensor(h),
  ];
  run(
    'hostile',
    fc.property(fc.nat(calls.length - 1), hostile, (which, index) => {
      try {
        calls[which](HOSTILE[index]);
      } catch (e) {
        assert.ok(e instanceof ConvLabError, `call ${which}: ${e}`);
      }
    }),
    1500,
  );
  lab.setTinyLimit(256);
  assertHealthy();
});

test('outputShape / outputLength / overlap agree with the computed result', () => {
  run(
    'shapes',
    fc.property(convCase, ({ c, input, weight }) => {
      const op = c.transpose ? 'conv_transpose1d' : 'conv1d';
      const params = { stride: c.stride, dilation: c.dilation, groups: c.groups, padding: c.padding };
      let shape;
      try {
        shape = lab.outputShape(op, input.shape, weight.shape, params);
      } catch (e) {
        assert.ok(e instanceof ConvLabError);
        return;
      }
      const got = (c.transpose ? lab.convTranspose1d : lab.conv1d).call(lab, input, weight, null, params);
      assert.deepEqual(got.shape, shape);
      const length = input.shape[input.shape.length - 1];
      const map = lab.overlap(op, length, c.k, { ...params, groups: 1 });
      assert.equal(map.outLength, shape[shape.length - 1]);
      assert.equal(lab.outputLength(op, length, c.k, { ...params, groups: 1 }), map.outLength);
    }),
    400,
  );
  assertHealthy();
});

test('parseTensor: random text gives a tensor or a ConvLabError; formatTensor round-trips', () => {
  const token = fc.constantFrom(
    'torch.',
    'tensor(',
    'ones(',
    '[',
    ']',
    '(',
    ')',
    ',',
    '1',
    '0x1f',
    '01',
    '1.5',
    '-',
    'True',
    'a',
    '=',
    '\n',
    'math.pi',
    '__proto__',
    '.reshape(',
    '-1',
    'e3',
  );
  run(
    'parse',
    fc.property(fc.array(token, { maxLength: 24 }), (tokens) => {
      try {
        const t = parseTensor(tokens.join(''), { maxElements: 10000 });
        assert.ok(t.data instanceof Float32Array);
        assert.equal(typeof formatTensor(t), 'string');
      } catch (e) {
        assert.ok(e instanceof ConvLabError, String(e));
      }
    }),
    3000,
  );
  run(
    'format',
    fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }), fc.integer(), (shape, seed) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(seed + i) * 100));
      const text = formatTensor({ shape, data });
      const back = parseTensor(text);
      assert.deepEqual(back.shape, shape);
    }),
    500,
  );
});
