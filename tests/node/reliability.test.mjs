// Issue 9's defects, one test each: values that change between reads, re-entrancy, memory
// growth mid-call, sequences of big valid calls, hostile params, and every failure being a
// ConvLabError. Cases that could break the shared wasm instance run in child processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';
import { isolated } from './isolated.mjs';
import { parseTensor, formatTensor } from '../../web/lib/index.js';

const lab = await loadConvLab();
const ones = (...shape) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1) });
const w3 = ones(1, 1, 3);
const expected = Array.from(lab.conv1d(ones(1, 1, 8), w3).data); // [3, 3, 3, 3, 3, 3]

// After a hostile case: the module still computes the right thing.
const stillWorks = `const after = lab.conv1d(ones(1, 1, 8), ones(1, 1, 3)); return { result, after: Array.from(after.data) };`;

function assertSurvived(outcome, check) {
  assert.ok(!outcome.crashed, outcome.crashed);
  assert.deepEqual(outcome.after, expected, 'the module keeps working');
  check(outcome.result);
}

test('defect 1: a data getter that returns a longer array on the second read', () => {
  const outcome = isolated(`
    let reads = 0;
    const input = { shape: [1, 1, 8], get data() { return ++reads === 1 ? new Float32Array(8).fill(1) : new Float32Array(1 << 20).fill(7); } };
    const result = { ...outcome(() => lab.conv1d(input, ones(1, 1, 3))), reads };
    ${stillWorks}`);
  assertSurvived(outcome, (r) => {
    assert.deepEqual(r.ok, expected, 'the value read once is the value used');
    assert.equal(r.reads, 1, 'data is read exactly once');
  });
});

test('defect 1: a Proxy whose length grows, and an array that grows while it is read', () => {
  const outcome = isolated(`
    let lengthReads = 0;
    const target = Array(8).fill(1);
    const data = new Proxy(target, { get(t, k) { if (k === 'length') return ++lengthReads === 1 ? 8 : 1 << 22; return t[k]; } });
    const growing = Array(8).fill(1);
    const grower = new Proxy(growing, { get(t, k) { if (k === '3') for (let i = 0; i < 1000; ++i) t.push(9); return t[k]; } });
    const result = [
      outcome(() => lab.conv1d({ shape: [1, 1, 8], data }, ones(1, 1, 3))),
      outcome(() => lab.conv1d({ shape: [1, 1, 8], data: grower }, ones(1, 1, 3))),
      lengthReads,
    ];
    ${stillWorks}`);
  assertSurvived(outcome, ([proxied, grown, lengthReads]) => {
    assert.deepEqual(proxied.ok, expected);
    assert.deepEqual(grown.ok, expected);
    assert.equal(lengthReads, 1);
  });
});

test('defect 1: a bias.data getter and a shape getter that change after the first read', () => {
  const outcome = isolated(`
    let biasReads = 0, shapeReads = 0;
    const bias = { shape: [1], get data() { return ++biasReads === 1 ? [10] : new Float32Array(1 << 20).fill(5); } };
    const input = { get shape() { return ++shapeReads === 1 ? [1, 1, 8] : [1, 1, 4]; }, data: new Float32Array(8).fill(1) };
    lab.conv1d(ones(1, 1, 4), ones(1, 1, 3)); // a previous call whose values must not leak into the next
    const result = [outcome(() => lab.conv1d(ones(1, 1, 8), ones(1, 1, 3), bias)), outcome(() => lab.conv1d(input, ones(1, 1, 3))), biasReads, shapeReads];
    ${stillWorks}`);
  assertSurvived(outcome, ([biased, shaped, biasReads, shapeReads]) => {
    assert.deepEqual(
      biased.ok,
      expected.map((v) => v + 10),
    );
    assert.deepEqual(shaped.ok, expected);
    assert.deepEqual([biasReads, shapeReads], [1, 1]);
  });
});

test('defect 1: a getter that calls conv1d re-entrantly, and one that grows wasm memory', () => {
  const outcome = isolated(`
    const inner = { shape: [1, 1, 8], get data() { lab.conv1d(ones(1, 1, 32), ones(1, 1, 5)); return new Float32Array(8).fill(1); } };
    const grow = { shape: [1, 1, 8], get data() { lab.conv1d(ones(1, 4, 1 << 20), ones(1, 4, 3)); return new Float32Array(8).fill(1); } };
    const before = lab.memoryBytes;
    const result = [outcome(() => lab.conv1d(inner, ones(1, 1, 3))), outcome(() => lab.conv1d(grow, ones(1, 1, 3))), lab.memoryBytes > before];
    ${stillWorks}`);
  assertSurvived(outcome, ([reentrant, grown, didGrow]) => {
    assert.deepEqual(reentrant.ok, expected, 'the outer call returns its own result');
    assert.deepEqual(grown.ok, expected);
    assert.ok(didGrow, 'the getter really grew memory mid-call');
  });
});

test('defect 2: the issue’s sequence of big valid calls ends in results or ConvLabErrors, never an abort', () => {
  const outcome = isolated(`
    const result = [];
    result.push(outcome(() => lab.conv1d(ones(1, 1, 2 ** 26), ones(1, 1, 1)).data.length));
    const r = outcome(() => lab.conv1d(ones(1, 1024, 65536), ones(1, 1024, 65536)));
    result.push(r.ok ? { ok: r.ok.slice(0, 1) } : r);
    result.push(outcome(() => lab.convTranspose1d(ones(1, 1, 2 ** 25), ones(1, 2, 1)).data.length));
    result.push(outcome(() => lab.conv1d(ones(1, 1, 2 ** 26), ones(1, 1, 1)).data.length));
    ${stillWorks}`);
  assertSurvived(outcome, (steps) => {
    for (const step of steps) assert.ok(step.ok !== undefined || step.error === 'ConvLabError', JSON.stringify(step));
    assert.equal(steps[1].ok.length, 1, 'the second call computes');
    assert.ok(steps[1].ok[0] > 0);
  });
});

test('defect 2: after a big call the memory is reused, not pinned (1,000 mixed calls stay within the first peak)', () => {
  const outcome = isolated(`
    lab.conv1d(ones(1, 8, 1 << 20), ones(8, 8, 3));
    const peak = lab.memoryBytes;
    for (let i = 0; i < 1000; ++i) lab.conv1d(ones(1, 1 + (i % 7), 100 + i), ones(2, 1 + (i % 7), 3));
    lab.conv1d(ones(1, 8, 1 << 20), ones(8, 8, 3));
    const result = { grew: lab.memoryBytes - peak };
    ${stillWorks}`);
  assertSurvived(outcome, (r) => assert.equal(r.grew, 0));
});

test('defect 4: a Map, a class instance, an inherited key and a getter are rejected, not ignored', () => {
  class Params {
    get stride() {
      return 2;
    }
  }
  const cases = [
    [new Map([['stride', 2]]), /params: expected a plain object.*a Map/],
    [new Params(), /params: expected a plain object/],
    [Object.create({ stride: 2 }), /params: expected a plain object/],
    [
      {
        get stride() {
          return 2;
        },
      },
      /stride: is a getter/,
    ],
    [{ paddingMode: 'reflect', padding_mode: 'zeros', padding: 1 }, /got multiple values for argument 'padding_mode'/],
    [{ stride: 1, [Symbol('x')]: 1 }, /symbol keys/],
  ];
  for (const [params, pattern] of cases) {
    assert.throws(
      () => lab.conv1d(ones(1, 1, 8), w3, null, params),
      (e) => e instanceof ConvLabError && pattern.test(e.message),
    );
  }
  assert.deepEqual(
    Array.from(lab.conv1d(ones(1, 1, 8), w3, null, Object.assign(Object.create(null), { stride: 2 })).data),
    [3, 3, 3],
  );
});

test('every failure is a ConvLabError: BigInt64Array, detached buffer, DataView, a bare Float32Array', () => {
  const detached = new Float32Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  const cases = [
    [{ shape: [1, 1, 8], data: new BigInt64Array(8) }, /BigInt64Array/],
    [{ shape: [1, 1, 8], data: detached }, /detached/],
    [{ shape: [1, 1, 8], data: new DataView(new ArrayBuffer(32)) }, /DataView/],
    [new Float32Array(8), /bare Float32Array has no shape/],
    [
      {
        shape: [1, 1, 8],
        get data() {
          throw new RangeError('boom');
        },
      },
      /input: reading it failed: boom/,
    ],
  ];
  for (const [input, pattern] of cases) {
    assert.throws(
      () => lab.conv1d(input, w3),
      (e) => e instanceof ConvLabError && pattern.test(e.message) && e.field === 'input',
    );
  }
});

test('nested rows given as Float32Arrays are accepted', () => {
  const rows = [[new Float32Array(8).fill(1)]];
  assert.deepEqual(Array.from(lab.conv1d(rows, [[new Float32Array([1, 1, 1])]]).data), expected);
});

test('messages show the value as given and suggest a valid one', () => {
  const x = ones(1, 1, 8);
  const cases = [
    [{ stride: -1e300 }, /stride=-1e\+300/],
    [{ stride: 2n }, /stride=2n .*e\.g\. stride=2/],
    [{ stride: 0.4 }, /stride=0\.4 .*e\.g\. stride=1\b/],
    [{ groups: [1] }, /groups=\[1\] .*PyTorch takes an int\)/],
  ];
  for (const [params, pattern] of cases) assert.throws(() => lab.conv1d(x, w3, null, params), pattern);
  assert.throws(() => lab.conv1d({ shape: [1, 2 ** 60], data: [] }, w3), /1152921504606847000/);
  assert.throws(
    () => lab.conv1d({ shape: Array(9).fill(1), data: [1] }, w3),
    /2-D .* or 3-D .* input, but the shape has 9 dimensions/,
  );
  assert.throws(
    () => lab.outputLength('conv1d', '5', 3),
    (e) => e.field === 'inLength' && /inLength='5'/.test(e.message),
  );
  assert.throws(() => lab.conv1d(ones(1, 1, 8), ones(4, 3)), /weight\.reshape\(4, 1, 3\)/);
  assert.throws(() => lab.conv1d(ones(1, 4, 8), ones(4, 3)), /weight\.reshape\(1, 4, 3\)/);
});

test('parity: conv_transpose1d with 0 input channels raises as PyTorch does; field codes name the parameter', () => {
  assert.throws(
    () => lab.convTranspose1d(ones(1, 0, 5), ones(0, 2, 3)),
    /expected weight to be at least 1 at dimension 0/,
  );
  assert.throws(
    () => lab.conv1d(ones(1, 1, 8), w3, null, { stride: 0 }),
    (e) => e.field === 'stride',
  );
  assert.throws(
    () => lab.conv1d(ones(1, 1, 8), w3, null, { padding: 'full' }),
    (e) => e.field === 'padding',
  );
  assert.throws(
    () => lab.conv1d(ones(1, 2, 8), w3),
    (e) => e.field === 'channels',
  );
});

// Float32Array data is borrowed, not snapshotted: its elements are copied once, straight into
// wasm memory, after every caller getter of the call has run (tensor-input.js borrowTensor).
test("borrowed data: a getter that detaches or shrinks an earlier tensor's buffer gets a clear error", () => {
  const outcome = isolated(`
    const detach = (view) => structuredClone(view.buffer, { transfer: [view.buffer] });
    const x = ones(1, 1, 8);
    const weight = { shape: [1, 1, 3], get data() { detach(x.data); return new Float32Array(3).fill(1); } };
    const resizable = new ArrayBuffer(32, { maxByteLength: 64 });
    const tracking = new Float32Array(resizable).fill(1); // tracks the buffer's length
    const shrink = { shape: [1, 1, 3], get data() { resizable.resize(16); return new Float32Array(3).fill(1); } };
    const written = ones(1, 1, 8);
    const writer = { shape: [1, 1, 3], get data() { written.data.fill(2); return new Float32Array(3).fill(1); } };
    const result = [
      outcome(() => lab.conv1d(x, weight)),
      outcome(() => lab.conv1d({ shape: [1, 1, 8], data: tracking }, shrink)),
      outcome(() => lab.conv1d(written, writer)),
    ];
    ${stillWorks}`);
  assertSurvived(outcome, ([detached, shrunk, written]) => {
    for (const r of [detached, shrunk]) {
      assert.equal(r.error, 'ConvLabError');
      assert.match(r.message, /^input: data changed during the call: it held 8 elements when read and [04] later/);
    }
    // Elements are read when they are copied in, once: after the getter that rewrote them.
    assert.deepEqual(written.ok, [6, 6, 6, 6, 6, 6]);
  });
});

test('borrowed data: a view of the wasm memory itself is copied before that memory can move', async () => {
  const { default: createWasmModule } = await import('../../web/lib/wasm/convlab-wasm.mjs');
  const { wrapWasmModule } = await import('../../web/lib/convlab.js');
  const wasm = await createWasmModule();
  const own = wrapWasmModule(wasm);
  own.conv1d(ones(1, 1, 8), w3);
  // The module's own input buffer, which now holds the eight ones, passed back in as input data;
  // 2^22 zeros of padding each side make an output bigger than the module's memory, so
  // reserving it grows (and so moves) that memory.
  const at = wasm._convlab_tensor_buffer(0) >>> 2;
  const view = wasm.HEAPF32.subarray(at, at + 8);
  const before = wasm.HEAPU8.length;
  const padding = 1 << 22;
  const out = own.conv1d({ shape: [1, 1, 8], data: view }, w3, null, { padding });
  assert.ok(wasm.HEAPU8.length > before, 'memory grew');
  assert.equal(out.data.length, 8 + 2 * padding - 2);
  assert.deepEqual(Array.from(out.data.subarray(padding, padding + 6)), expected);
  assert.equal(
    out.data.reduce((a, b) => a + b, 0),
    8 * 3,
    'every input one meets every tap once',
  );
});

test('defect 3: parseTensor counts every element an expression creates, torch.tensor(a) copies included', () => {
  const lines = ['a = torch.ones(512, 512)'];
  for (let i = 0; i < 2000; ++i) lines.push(`b${i} = torch.tensor(a)`);
  assert.throws(
    () => parseTensor(lines.join('\n')),
    (e) => e instanceof ConvLabError && /creates more than 4,000,000 elements in all/.test(e.message) && e.line === 16,
  );
  // The page's tighter budget refuses at the first copy past it.
  assert.throws(() => parseTensor('a = torch.ones(512, 512)\nb = torch.tensor(a)', { maxElements: 300_000 }), /in all/);
  assert.deepEqual(parseTensor('a = torch.ones(2)\ntorch.tensor(a)').shape, [2]);
});

test("parseTensor follows Python's literal rules", () => {
  assert.throws(() => parseTensor('[01]'), /leading zeros in decimal integer literals are not permitted/);
  assert.deepEqual(Array.from(parseTensor('[00, 0_0, 0.5, 01.5, 01e1]').data), [0, 0, 0.5, 1.5, 10]);
  assert.deepEqual(Array.from(parseTensor('torch.tensor([0x10, 0o17, 0b11, True, False])').data), [16, 15, 3, 1, 0]);
  for (const text of ['math.toString', 'math.constructor', '__proto__', "float('constructor')", 'math.__proto__']) {
    assert.throws(
      () => parseTensor(text),
      (e) => e instanceof ConvLabError,
      text,
    );
  }
  assert.throws(() => parseTensor('torch.ones(0, 100000000000000000000000)'), /too large/);
  assert.deepEqual(parseTensor('torch.ones(0, 4)').shape, [0, 4]);
});

test('formatTensor validates its argument', () => {
  const cases = [
    [{ shape: new Array(2000).fill(1), data: [1] }, /at most 64 dimensions/],
    [{ shape: [0.5, 2], data: [1] }, /shape\[0\] = 0\.5 is not allowed/],
    [{ shape: [-1, -1], data: [] }, /shape\[0\] = -1 is not allowed/],
    [null, /expected a tensor/],
  ];
  for (const [tensor, pattern] of cases) {
    assert.throws(
      () => formatTensor(tensor),
      (e) => e instanceof ConvLabError && pattern.test(e.message),
    );
  }
  assert.equal(formatTensor([[1, 2]]), 'tensor([[1., 2.]])');
});

test('a repeated call reuses its plan, and only an exact repeat does (the C++ plan memo)', () => {
  const x = { shape: [1, 2, 9], data: Float32Array.from({ length: 18 }, (_, i) => i - 4) };
  const w = { shape: [2, 2, 3], data: Float32Array.from({ length: 12 }, (_, i) => 0.5 * i - 1) };
  const first = lab.conv1d(x, w, null, { stride: 2 });
  // Between two equal calls: the analysis entry points rewrite the shared block's outputs.
  lab.conv1dBackward(x, w, null, { shape: [1, 2, 4], data: new Float32Array(8).fill(1) }, { stride: 2 });
  lab.outputLength('conv1d', 100, 7);
  const again = lab.conv1d(x, w, null, { stride: 2 });
  assert.deepEqual(again.shape, first.shape);
  assert.deepEqual(Array.from(again.data), Array.from(first.data));
  // Any slot that differs plans anew: a parameter, a dimension, the bias, the op.
  assert.deepEqual(lab.conv1d(x, w, null, { stride: 1 }).shape, [1, 2, 7]);
  assert.deepEqual(lab.conv1d(x, w, null, { stride: 2, padding: 1 }).shape, [1, 2, 5]);
  assert.deepEqual(lab.conv1d({ shape: [2, 9], data: x.data }, w, null, { stride: 2 }).shape, [2, 4]);
  const b = { shape: [2], data: new Float32Array([10, 20]) };
  assert.deepEqual(Array.from(lab.conv1d(x, w, b, { stride: 2 }).data.subarray(0, 1)), [first.data[0] + 10]);
  assert.deepEqual(lab.convTranspose1d(x, { shape: [2, 2, 3], data: w.data }, null, { stride: 2 }).shape, [1, 2, 19]);
  assert.throws(() => lab.conv1d(x, w, null, { stride: 2, dilation: 9 }), ConvLabError);
  assert.deepEqual(Array.from(lab.conv1d(x, w, null, { stride: 2 }).data), Array.from(first.data));
});
