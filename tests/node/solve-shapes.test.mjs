// lab.solveShapes against a brute-force search written here from PyTorch's formulas and rules
// (PYTORCH_SEMANTICS.md), independent of the C++ solver: the same complete set, in the documented
// order, on many random queries; and a clear ConvLabError for every malformed query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadConvLab, ConvLabError } from '../../web/lib/index.js';

const lab = await loadConvLab();

/** PyTorch's output length, or null where PyTorch raises. */
function torchLength(op, L, k, s, p, d, outputPadding) {
  if (op === 'conv1d') {
    if (outputPadding !== 0) return null; // Conv1d has none
    if (L + 2 * p < d * (k - 1) + 1) return null; // "Kernel size can't be greater than actual input size"
    return Math.floor((L + 2 * p - d * (k - 1) - 1) / s) + 1;
  }
  if (outputPadding >= s && outputPadding >= d) return null; // "output padding must be smaller ..."
  const out = (L - 1) * s - 2 * p + d * (k - 1) + outputPadding + 1;
  return out >= 1 ? out : null; // "Output size is too small"
}

const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
// The documented order: dilation; taps covering every stride phase first; padding + outputPadding;
// kernelSize; stride; padding; outputPadding.
const orderKey = (x) => [
  x.dilation,
  gcd(x.stride, x.dilation) === 1 && x.kernelSize >= x.stride ? 0 : 1,
  x.padding + x.outputPadding,
  x.kernelSize,
  x.stride,
  x.padding,
  x.outputPadding,
];
function compareKeys(a, b) {
  const ka = orderKey(a);
  const kb = orderKey(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return 0;
}

function bruteForce(op, L, out, r) {
  const found = [];
  for (let k = r.kernelSize[0]; k <= r.kernelSize[1]; k++)
    for (let s = r.stride[0]; s <= r.stride[1]; s++)
      for (let d = r.dilation[0]; d <= r.dilation[1]; d++)
        for (let p = r.padding[0]; p <= r.padding[1]; p++)
          for (let o = r.outputPadding[0]; o <= r.outputPadding[1]; o++)
            if (torchLength(op, L, k, s, p, d, o) === out)
              found.push({ kernelSize: k, stride: s, padding: p, dilation: d, outputPadding: o });
  return found.sort(compareKeys);
}

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random queries: exactly the brute-force set over PyTorch rules, in the documented order', () => {
  const random = mulberry32(14);
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const range = (lo, hi) => {
    const a = int(lo, hi);
    const b = int(lo, hi);
    return [Math.min(a, b), Math.max(a, b)];
  };
  let queries = 0;
  let withSolutions = 0;
  let solutions = 0;
  for (let i = 0; i < 4000; i++) {
    const op = i % 2 ? 'conv_transpose1d' : 'conv1d';
    const ranges = {
      kernelSize: range(1, 9),
      stride: range(1, 5),
      padding: range(0, 10),
      dilation: range(1, 3),
      outputPadding: range(0, 4),
    };
    const inLength = int(1, 30);
    let outLength = int(1, 40);
    if (i % 3 !== 0) {
      // Ask for a length that one random candidate in the ranges gives, where PyTorch accepts it.
      const pick = (r) => int(r[0], r[1]);
      const planted = torchLength(
        op,
        inLength,
        pick(ranges.kernelSize),
        pick(ranges.stride),
        pick(ranges.padding),
        pick(ranges.dilation),
        op === 'conv1d' ? 0 : pick(ranges.outputPadding),
      );
      if (planted !== null) outLength = planted;
    }
    const got = lab.solveShapes({ op, inLength, outLength, ranges });
    const want = bruteForce(op, inLength, outLength, ranges);
    assert.deepEqual(got, want, JSON.stringify({ op, inLength, outLength, ranges }));
    queries++;
    withSolutions += want.length > 0;
    solutions += want.length;
  }
  assert.ok(withSolutions > 1500, `${withSolutions} queries had solutions`);
  console.log(`# solveShapes: ${queries} random queries, ${withSolutions} with solutions, ${solutions} solutions`);
});

test('default ranges: complete (padding unbounded) and simplest first', () => {
  // Defaults: kernelSize [1, 16], stride [1, 8], dilation [1, 4], padding [0, any],
  // outputPadding [0, max(stride max, dilation max) - 1] = [0, 7].
  const defaults = { kernelSize: [1, 16], stride: [1, 8], dilation: [1, 4], outputPadding: [0, 7] };
  let checked = 0;
  for (const [op, inLength, outLength] of [
    ['conv_transpose1d', 3, 8],
    ['conv1d', 8, 3],
    ['conv1d', 100, 50],
    ['conv_transpose1d', 50, 100],
    ['conv1d', 16, 16],
    ['conv_transpose1d', 1, 1],
    ['conv1d', 1, 5],
  ]) {
    // No solution can use more padding than this (both lengths and every range are bounded).
    const cap = Math.ceil((Math.max(inLength, outLength) * 8 + 4 * 15 + 8) / 2) + 1;
    const want = bruteForce(op, inLength, outLength, { ...defaults, padding: [0, cap] });
    const got = lab.solveShapes({ op, inLength, outLength });
    assert.deepEqual(got, want, `${op} ${inLength} -> ${outLength}`);
    assert.ok(
      got.every((x) => x.padding < cap - 1),
      'the cap was not binding',
    );
    checked += got.length;
  }
  assert.ok(checked > 1000);
  const first = lab.solveShapes({ op: 'conv_transpose1d', inLength: 3, outLength: 8 })[0];
  assert.deepEqual(first, { kernelSize: 4, stride: 2, padding: 0, dilation: 1, outputPadding: 0 });
  const encoder = lab.solveShapes({ op: 'conv1d', in_length: 8, out_length: 4 })[0];
  assert.deepEqual(encoder, { kernelSize: 2, stride: 2, padding: 0, dilation: 1, outputPadding: 0 });
});

test('every solution plans in the C++ core to exactly outLength', () => {
  for (const [op, inLength, outLength] of [
    ['conv_transpose1d', 7, 30],
    ['conv1d', 30, 7],
  ]) {
    const solutions = lab.solveShapes({ op, inLength, outLength });
    assert.ok(solutions.length > 50);
    for (const x of solutions) {
      const params = { stride: x.stride, padding: x.padding, dilation: x.dilation };
      if (op === 'conv_transpose1d') params.outputPadding = x.outputPadding;
      assert.equal(lab.outputLength(op, inLength, x.kernelSize, params), outLength, JSON.stringify(x));
    }
  }
});

test('ranges: fixed values, snake_case keys, Conv1d needs 0 in outputPadding', () => {
  const fixed = lab.solveShapes({
    op: 'ConvTranspose1d',
    inLength: 3,
    outLength: 8,
    ranges: { kernel_size: 4, stride: [2, 2], dilation: 1 },
  });
  assert.deepEqual(fixed, [{ kernelSize: 4, stride: 2, padding: 0, dilation: 1, outputPadding: 0 }]);
  assert.deepEqual(lab.solveShapes({ op: 'conv1d', inLength: 8, outLength: 4, ranges: { outputPadding: [1, 2] } }), []);
  assert.deepEqual(lab.solveShapes({ op: 'conv1d', inLength: 2, outLength: 9, ranges: { padding: [0, 0] } }), []);
});

test('malformed queries throw a ConvLabError naming the field, the value and the fix', () => {
  const bad = [
    [null, /expected an object/],
    [[], /expected an object/],
    [{ inLength: 3, outLength: 8 }, /op is missing/],
    [{ op: 'conv2d', inLength: 3, outLength: 8 }, /op: 'conv2d' is not an operation/],
    [{ op: 'conv1d', outLength: 8 }, /inLength is missing/],
    [{ op: 'conv1d', inLength: 3 }, /outLength is missing/],
    [{ op: 'conv1d', inLength: 0, outLength: 8 }, /inLength=0 is not allowed/],
    [{ op: 'conv1d', inLength: 2.5, outLength: 8 }, /inLength=2.5 .* whole number/],
    [{ op: 'conv1d', inLength: '3', outLength: 8 }, /inLength='3'/],
    [{ op: 'conv1d', inLength: 3, outLength: 2 ** 40 }, /outLength=1099511627776 exceeds/],
    [{ op: 'conv1d', inLength: 3, in_length: 3, outLength: 8 }, /inLength and in_length are the same setting/],
    [{ op: 'conv1d', inLength: 3, outLength: 8, lengths: 1 }, /unknown key 'lengths'/],
    [
      { op: 'conv1d', inLength: 3, outLength: 8, ranges: { stride: [5, 2] } },
      /ranges.stride=\[5, 2\]: min 5 is greater/,
    ],
    [
      { op: 'conv1d', inLength: 3, outLength: 8, ranges: { stride: [0, 2] } },
      /stride must be at least 1.*Use \[1, 2\]/,
    ],
    [{ op: 'conv1d', inLength: 3, outLength: 8, ranges: { padding: [-2, 2] } }, /ranges.padding=\[-2, 2\]/],
    [{ op: 'conv1d', inLength: 3, outLength: 8, ranges: { kernelSize: [1, 1e6] } }, /limit of 65536/],
    [{ op: 'conv1d', inLength: 3, outLength: 8, ranges: { stride: [1] } }, /is not a range: give \[min, max\]/],
    [{ op: 'conv1d', inLength: 3, outLength: 8, ranges: { stride: [1, NaN] } }, /ranges.stride max=NaN/],
    [{ op: 'conv1d', inLength: 3, outLength: 8, ranges: { strides: [1, 2] } }, /unknown key 'strides'/],
    [{ op: 'conv1d', inLength: 3, outLength: 8, ranges: 'all' }, /ranges: expected an object/],
    [{ op: 'conv1d', inLength: 3, outLength: 8, ranges: new Map() }, /plain object/],
    [
      { op: 'conv1d', inLength: 3, outLength: 8, ranges: { kernelSize: [1, 2000], stride: [1, 2000] } },
      /search space has 2000 kernelSize x 2000 stride x 4 dilation values, more than ConvLab's limit of 1048576/,
    ],
    [
      { op: 'conv1d', inLength: 1, outLength: 2, ranges: { kernelSize: 1, dilation: 1, stride: [1, 1000] } },
      /more than 65536 settings map inLength=1 to outLength=2/,
    ],
  ];
  for (const [query, message] of bad) {
    assert.throws(
      () => lab.solveShapes(query),
      (e) => e instanceof ConvLabError && message.test(e.message),
      message,
    );
  }
  const withGetter = { op: 'conv1d', outLength: 3 };
  Object.defineProperty(withGetter, 'inLength', { get: () => 8, enumerable: true });
  assert.throws(() => lab.solveShapes(withGetter), /getters are not read/);
});

test('property: any query gives a ConvLabError or solutions that all satisfy PyTorch rules', () => {
  const value = fc.oneof(fc.integer({ min: -5, max: 40 }), fc.constant(2 ** 31), fc.double(), fc.string());
  const rangeValue = fc.oneof(value, fc.tuple(value, value), fc.tuple(fc.nat(12), fc.nat(12)));
  fc.assert(
    fc.property(
      fc.constantFrom('conv1d', 'conv_transpose1d'),
      value,
      value,
      fc.record(
        {
          kernelSize: rangeValue,
          stride: rangeValue,
          padding: rangeValue,
          dilation: rangeValue,
          outputPadding: rangeValue,
        },
        { requiredKeys: [] },
      ),
      (op, inLength, outLength, ranges) => {
        let got;
        try {
          got = lab.solveShapes({ op, inLength, outLength, ranges });
        } catch (e) {
          assert.ok(e instanceof ConvLabError, String(e));
          return;
        }
        for (const x of got) {
          assert.equal(
            torchLength(op, inLength, x.kernelSize, x.stride, x.padding, x.dilation, x.outputPadding),
            outLength,
          );
        }
      },
    ),
    { numRuns: 2000, seed: 14 },
  );
  // The module still works afterwards.
  assert.equal(
    lab.solveShapes({ op: 'conv1d', inLength: 5, outLength: 5, ranges: { kernelSize: 3, stride: 1, dilation: 1 } })
      .length,
    1,
  );
});

test('errors carry the field at fault, from JS and from C++', () => {
  const field = (query) => {
    try {
      lab.solveShapes(query);
    } catch (e) {
      assert.ok(e instanceof ConvLabError);
      return e.field;
    }
    return 'accepted';
  };
  const base = { op: 'conv1d', inLength: 8, outLength: 4 };
  assert.equal(field({ ...base, inLength: 0 }), 'inLength'); // C++
  assert.equal(field({ ...base, outLength: 1.5 }), 'outLength'); // JS
  assert.equal(field({ ...base, ranges: { stride: [3, 1] } }), 'ranges.stride'); // C++
  assert.equal(field({ ...base, ranges: { output_padding: 'x' } }), 'ranges.outputPadding'); // JS
  assert.equal(field({ ...base, ranges: { kernelSize: [1, 4096], stride: [1, 4096] } }), 'ranges');
  assert.equal(field({ ...base, op: 'conv3d' }), 'op');
  assert.equal(field({ ...base, extra: 1 }), 'query');
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  assert.equal(field(revoked.proxy), 'query');
  const trap = new Proxy([1, 2], {
    get: (t, k) =>
      k === '0'
        ? (() => {
            throw new Error('trap');
          })()
        : t[k],
  });
  assert.equal(field({ ...base, ranges: { stride: trap } }), 'query');
});

test('repeated queries and errors leak no wasm memory', () => {
  const before = lab.memoryBytes;
  for (let i = 0; i < 3000; i++) {
    lab.solveShapes({ op: 'conv_transpose1d', inLength: 3, outLength: 8 });
    try {
      lab.solveShapes({ op: 'conv1d', inLength: 3, outLength: 8, ranges: { stride: [5, 1] } });
    } catch {}
  }
  assert.equal(lab.memoryBytes, before);
});
