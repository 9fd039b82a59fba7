// loadConvLab({threads: N}): large calls spread over worker_threads give bit-identical results
// to one thread for every way a call is split (samples, output channels, groups), small and
// unusual calls stay on the calling thread, and errors stay ConvLabErrors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';
import { planSlices, callDims, splitRange } from '../../web/lib/threads/partition.js';

const single = await loadConvLab();
const threaded = await loadConvLab({ threads: 3 });
after(() => threaded.close());

let seed = 12345;
const random = (n) => {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out[i] = seed / 2 ** 31 - 1;
  }
  return out;
};
const tensor = (...shape) => ({ shape, data: random(shape.reduce((a, b) => a * b, 1)) });
const bits = (t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

/** Per op: [what, input shape, weight shape, with a bias, parameters]. */
const cases = {
  conv1d: [
    ['dense, channels split', [1, 64, 2048], [130, 64, 3], true, { padding: 1 }],
    ['batch split', [4, 32, 4096], [48, 32, 8], false, { stride: 4, padding: 2 }],
    ['unbatched', [40, 3000], [36, 40, 5], true, { dilation: 2, padding: 'same' }],
    ['depthwise, groups split', [2, 96, 3000], [96, 1, 31], true, { groups: 96, padding: 15 }],
    ['grouped reflect', [1, 64, 3000], [64, 16, 5], false, { groups: 4, padding: 2, padding_mode: 'reflect' }],
  ],
  conv_transpose1d: [
    ['channels split', [1, 64, 512], [64, 70, 16], true, { stride: 8, padding: 4 }],
    ['batch split', [3, 32, 1024], [32, 16, 6], false, { stride: 3, padding: 1 }],
    ['grouped', [1, 48, 2000], [48, 8, 4], true, { stride: 2, groups: 3, output_padding: 1 }],
  ],
};

for (const [op, rows] of Object.entries(cases))
  for (const [what, inShape, wShape, withBias, params] of rows)
    test(`threads are bit-identical to one thread: ${op} ${what}`, async () => {
      const input = tensor(...inShape);
      const weight = tensor(...wShape);
      const cout = op === 'conv1d' ? wShape[0] : wShape[1] * (params.groups ?? 1);
      const bias = withBias ? tensor(cout) : null;
      const want = single[op === 'conv1d' ? 'conv1d' : 'convTranspose1d'](input, weight, bias, params);
      const got = await threaded[op === 'conv1d' ? 'conv1d' : 'convTranspose1d'](input, weight, bias, params);
      assert.deepEqual(got.shape, want.shape);
      assert.ok(bits(got).equals(bits(want)), 'every output bit equals the one-thread result');
      const dims = callDims(op, input, weight, bias, params);
      assert.ok(planSlices(dims, input, weight, bias, params, 3).length >= 2, 'the call was really split');
    });

test('a threaded lab reports its threads and keeps the synchronous helpers', () => {
  assert.equal(threaded.threads, 3);
  assert.equal(threaded.threadsRequested, 3);
  assert.equal(threaded.threadsFallback, null);
  assert.deepEqual(threaded.outputShape('conv1d', [1, 2, 10], [3, 2, 3]), [1, 3, 8]);
});

test('small calls and non-finite transposed weights run on the calling thread, still as promises', async () => {
  const small = threaded.conv1d(tensor(1, 1, 8), tensor(1, 1, 3));
  assert.ok(small instanceof Promise);
  assert.equal((await small).data.length, 6);
  const weight = tensor(16, 16, 8);
  weight.data[5] = Infinity;
  const input = tensor(1, 16, 4096);
  const want = single.convTranspose1d(input, weight, null, { stride: 4 });
  const got = await threaded.convTranspose1d(input, weight, null, { stride: 4 });
  assert.ok(bits(got).equals(bits(want)));
});

test('errors of threaded calls are ConvLabErrors naming the field', async () => {
  await assert.rejects(threaded.conv1d(tensor(1, 64, 4096), tensor(64, 64, 3), null, { stride: 0 }), (e) => {
    assert.ok(e instanceof ConvLabError);
    assert.equal(e.field, 'stride');
    return true;
  });
  await assert.rejects(threaded.conv1d(tensor(1, 64, 4096), tensor(64, 32, 3)), ConvLabError);
  await assert.rejects(threaded.conv1d({ shape: [1, 2, 3], data: new Float32Array(5) }, tensor(1, 2, 3)), ConvLabError);
});

test('threads must be a whole number from 1 to 64', async () => {
  for (const bad of [0, -1, 1.5, 65, '2', NaN]) {
    await assert.rejects(loadConvLab({ threads: bad }), (e) => e instanceof ConvLabError && e.field === 'threads');
  }
  assert.equal(await loadConvLab({ threads: 1 }), single, 'threads: 1 is the synchronous lab');
});

test('splitRange tiles the range in aligned pieces', () => {
  assert.deepEqual(splitRange(10, 3), [
    [0, 3],
    [3, 7],
    [7, 10],
  ]);
  assert.deepEqual(splitRange(130, 2, 4), [
    [0, 68],
    [68, 130],
  ]);
  assert.deepEqual(splitRange(2, 4), [
    [0, 1],
    [1, 2],
  ]);
});

test('workers follow lab.setKernels, so results stay bit-identical after a switch', async () => {
  const initial = single.kernels;
  const input = tensor(1, 64, 2048);
  const weight = tensor(130, 64, 3);
  try {
    for (const kernels of ['simd', initial]) {
      threaded.setKernels(kernels);
      assert.equal(single.kernels, kernels, 'the threaded lab wraps the same module');
      const want = single.conv1d(input, weight, null, { padding: 1 });
      const got = await threaded.conv1d(input, weight, null, { padding: 1 });
      assert.ok(bits(got).equals(bits(want)), `${kernels}: every output bit equals the one-thread result`);
    }
  } finally {
    single.setKernels(initial);
  }
});
