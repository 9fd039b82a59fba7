// Tests for web/lib/tensor-text.js: printing and random numbers against PyTorch-made
// golden files, and the parser's syntax, errors and limits.
// Run: node --test tests/node/

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import {
  parseTensor,
  formatTensor,
  TensorParseError,
  LIMITS,
  TorchGenerator,
  torchRandn,
  torchRand,
  formatFixed,
  formatExp,
} from '../../web/lib/tensor-text.js';
import { fmaf } from '../../web/lib/text/torch-random.js';

const golden = (name) => JSON.parse(readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8'));
const PARSE_ERRORS = JSON.parse(readFileSync(new URL('./tensor-parse-errors.json', import.meta.url), 'utf8'));

const NON_FINITE = { nan: NaN, inf: Infinity, '-inf': -Infinity };

/** A golden {shape, data} with "nan"/"inf" strings as a Float32Array tensor. */
function decode({ shape, data }) {
  return { shape, data: Float32Array.from(data, (v) => (typeof v === 'string' ? NON_FINITE[v] : v)) };
}

/** Bit-for-bit equality (NaN equals NaN, -0 differs from 0), naming the first mismatch. */
function assertSameTensor(actual, expected, label = '') {
  assert.deepEqual(actual.shape, expected.shape, `${label} shape`);
  assert.ok(actual.data instanceof Float32Array, `${label} data is a Float32Array`);
  assert.equal(actual.data.length, expected.data.length, `${label} length`);
  for (let i = 0; i < expected.data.length; i++) {
    if (!Object.is(actual.data[i], expected.data[i])) {
      assert.fail(`${label} element ${i}: got ${actual.data[i]}, torch has ${expected.data[i]}`);
    }
  }
}

/** Asserts parseTensor(text) throws a TensorParseError at `position` whose message has `parts`. */
function assertParseError(text, position, ...parts) {
  let error;
  try {
    parseTensor(text);
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected ${JSON.stringify(text.slice(0, 60))} to be rejected`);
  assert.ok(error instanceof TensorParseError, `got ${error?.name}: ${error?.message}`);
  assert.ok(error instanceof Error);
  assert.equal(error.position, position, `position of: ${error.message}`);
  for (const part of parts) {
    if (part instanceof RegExp) assert.match(error.message, part);
    else
      assert.ok(error.message.includes(part), `message ${JSON.stringify(error.message)} lacks ${JSON.stringify(part)}`);
  }
  return error;
}

// ---------------------------------------------------------------- printing

describe("formatTensor matches PyTorch's str(tensor)", () => {
  const { cases } = golden('format_cases.json');

  test('the golden file covers every printing mode', () => {
    assert.ok(cases.length >= 60, `only ${cases.length} cases`);
    const printed = cases.map((c) => c.printed).join('\n');
    for (const needle of ['e-05', 'e+10', 'nan', 'inf', '-0.', ' ...', 'size=(0, 1, 4)', 'tensor(3.)', ']],\n\n']) {
      assert.ok(printed.includes(needle), `no case prints ${JSON.stringify(needle)}`);
    }
  });

  for (const c of cases) {
    test(c.name, () => {
      assert.equal(formatTensor(decode(c.tensor)), c.printed);
    });
  }

  test('plain number arrays and data-length mismatches', () => {
    assert.equal(
      formatTensor({ shape: [1, 1, 3], data: [0.0571, 0.4288, -0.2723] }),
      'tensor([[[ 0.0571,  0.4288, -0.2723]]])',
    );
    assert.throws(() => formatTensor({ shape: [2, 2], data: [1, 2, 3] }), /needs 4 values, got 3/);
  });
});

describe('Python float formatting', () => {
  test('ties round half to even on the exact binary value', () => {
    assert.equal(formatFixed(0.03125, 4), '0.0312'); // toFixed says 0.0313
    assert.equal(formatFixed(0.09375, 4), '0.0938');
    assert.equal(formatFixed(-0.03125, 4), '-0.0312');
    assert.equal(formatFixed(2.5, 0), '2');
    assert.equal(formatFixed(3.5, 0), '4');
    assert.equal(formatExp(1.03125, 4), '1.0312e+00');
    assert.equal(formatExp(1.03145, 4), '1.0314e+00'); // just below the tie in binary
  });

  test('signs, carries, exponents and non-finite values', () => {
    assert.equal(formatFixed(-0, 4), '-0.0000');
    assert.equal(formatFixed(9.99996, 4), '10.0000');
    assert.equal(formatExp(9.99996e-5, 4), '1.0000e-04');
    assert.equal(formatExp(0, 4), '0.0000e+00');
    assert.equal(formatExp(-0, 4), '-0.0000e+00');
    assert.equal(formatExp(1e100, 4), '1.0000e+100');
    assert.equal(formatExp(Math.fround(1e-40), 4), '9.9999e-41');
    assert.equal(formatFixed(Math.fround(3.4e38), 0), '339999995214436424907732413799364296704');
    assert.equal(formatFixed(NaN, 4), 'nan');
    assert.equal(formatExp(-Infinity, 4), '-inf');
  });
});

// ---------------------------------------------------------------- random numbers

describe('randn / rand reproduce PyTorch 1.13.1 CPU bit for bit', () => {
  const { cases, expression_cases: expressionCases } = golden('random_cases.json');

  test('the golden file covers both randn paths and the required seeds and sizes', () => {
    assert.ok(cases.length >= 30);
    const exprs = cases.map((c) => c.expr).join('\n');
    for (const seed of [0, 1, 42, 1234]) assert.ok(exprs.includes(`manual_seed(${seed})`));
    for (const n of [1, 15, 16, 17, 32, 33, 100]) assert.ok(exprs.includes(`randn(${n},`), `size ${n}`);
  });

  for (const c of cases) {
    test(c.name, () => assertSameTensor(parseTensor(c.expr), decode(c.expected), c.expr));
  }

  for (const c of expressionCases) {
    test(`expression ${c.name}`, () => assertSameTensor(parseTensor(c.expr), decode(c.expected), c.expr));
  }

  test('the generator API used directly', () => {
    const viaParse = parseTensor('torch.randn(40, generator=torch.Generator().manual_seed(7))');
    assertSameTensor({ shape: [40], data: torchRandn(new TorchGenerator(7), 40) }, viaParse);
    const u = torchRand(new TorchGenerator(0), 1000);
    assert.ok(u.every((x) => x >= 0 && x < 1));
    assert.notDeepEqual(torchRandn(new TorchGenerator(0), 16), torchRandn(new TorchGenerator(1), 16));
  });

  test('fmaf rounds once, even where a double sum would land on a float midpoint', () => {
    const a = 1 + 2 ** -12; // a*a = 1 + 2^-11 + 2^-24: exactly halfway between two floats
    assert.equal(fmaf(a, a, 0), 1 + 2 ** -11); // a true tie: to even
    assert.equal(fmaf(a, a, 2 ** -100), 1 + 2 ** -11 + 2 ** -23); // Math.fround(a*a + c) says 1 + 2^-11
    assert.equal(fmaf(a, a, -(2 ** -100)), 1 + 2 ** -11);
    assert.equal(fmaf(-a, a, -(2 ** -100)), -(1 + 2 ** -11 + 2 ** -23));
    assert.equal(fmaf(3, 5, 7), 22);
  });

  test('without a seed, randn uses seed 0', () => {
    assertSameTensor(parseTensor('torch.randn(2, 3)'), parseTensor('torch.manual_seed(0); torch.randn(2, 3)'));
    assertSameTensor(
      parseTensor('torch.rand(20)'),
      parseTensor('torch.rand(20, generator=torch.Generator().manual_seed(0))'),
    );
  });
});

// ---------------------------------------------------------------- parsing

describe('parseTensor syntax', () => {
  const ok = (text, shape, data) => {
    const t = parseTensor(text);
    assertSameTensor(t, { shape, data: Float32Array.from(data) }, text);
  };

  test('literals: nesting, whitespace, trailing commas, ints', () => {
    ok('[[[1., 2.]]]', [1, 1, 2], [1, 2]);
    ok('[1, 2, 3]', [3], [1, 2, 3]);
    ok('  [\n  [1 , 2,],\n  [3,4 ,] ,\n]\n', [2, 2], [1, 2, 3, 4]);
    ok('[.5, 1_000, 2.5E-1, -0., +3]', [5], [0.5, 1000, 0.25, -0, 3]);
    ok('[]', [0], []);
    ok('[[], []]', [2, 0], []);
    ok('((1, 2), (3, 4))', [2, 2], [1, 2, 3, 4]);
  });

  test('tensor(...) and torch.tensor(...) with keyword arguments', () => {
    ok('tensor([[1, 2]])', [1, 2], [1, 2]);
    ok('torch.tensor([[1.5, -2e-3]])', [1, 2], [1.5, -2e-3]);
    ok('torch.tensor([1.], dtype=torch.float32, requires_grad=True)', [1], [1]);
    ok("torch.tensor([1.], dtype=torch.float, device='cpu')", [1], [1]);
    ok('tensor([], size=(0, 1, 4))', [0, 1, 4], []);
  });

  test('scalars are 0-d', () => {
    ok('3.', [], [3]);
    ok('tensor(3.)', [], [3]);
    ok('torch.tensor(-2)', [], [-2]);
  });

  test("nan, inf and float('...')", () => {
    ok('[nan, inf, -inf]', [3], [NaN, Infinity, -Infinity]);
    ok("[float('nan'), float(\"inf\"), float('-inf'), float('1.5')]", [4], [NaN, Infinity, -Infinity, 1.5]);
    ok('[torch.nan, torch.inf, math.inf, -math.pi]', [4], [NaN, Infinity, Infinity, -Math.PI]);
  });

  test('values round to float32 like torch', () => {
    ok('[0.1]', [1], [Math.fround(0.1)]);
    ok('[1e-50, 1e39]', [2], [0, Infinity]);
  });

  test('pasted print output parses back', () => {
    ok('tensor([[ 0.0571,  0.4288, -0.2723]])', [1, 3], [0.0571, 0.4288, -0.2723]);
    ok('tensor([1.0000e-05,        nan,        inf])', [3], [1e-5, NaN, Infinity]);
    ok(
      'tensor([[[1., 2.],\n         [3., 4.]],\n\n        [[5., 6.],\n         [7., 8.]]])',
      [2, 2, 2],
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  });

  test('printed golden tensors parse back to their shape and (rounded) values', () => {
    for (const c of golden('format_cases.json').cases) {
      if (c.printed.includes('...')) continue; // summarised: values are missing
      const expected = decode(c.tensor);
      const t = parseTensor(c.printed);
      assert.deepEqual(t.shape, expected.shape, c.name);
      expected.data.forEach((v, i) => {
        const got = t.data[i];
        const close = Number.isNaN(v)
          ? Number.isNaN(got)
          : got === v || Math.abs(got - v) <= 5.1e-5 * Math.max(1, Math.abs(v));
        assert.ok(close, `${c.name}[${i}]: ${got} vs ${v}`);
      });
    }
  });

  test('factories', () => {
    ok('torch.ones(1,1,7)', [1, 1, 7], Array(7).fill(1));
    ok('torch.ones((1,1,3))', [1, 1, 3], [1, 1, 1]);
    ok('torch.zeros([2, 2])', [2, 2], [0, 0, 0, 0]);
    ok('torch.zeros(size=(1, 2))', [1, 2], [0, 0]);
    ok('torch.full((1,1,4), 2.5)', [1, 1, 4], [2.5, 2.5, 2.5, 2.5]);
    ok('torch.full(size=(2,), fill_value=-1)', [2], [-1, -1]);
    ok('torch.arange(6.)', [6], [0, 1, 2, 3, 4, 5]);
    ok('torch.arange(1, 7)', [6], [1, 2, 3, 4, 5, 6]);
    ok('torch.arange(0, 1, 0.25)', [4], [0, 0.25, 0.5, 0.75]);
    ok('torch.arange(start=1, end=3)', [2], [1, 2]);
    ok('torch.linspace(0, 1, 5)', [5], [0, 0.25, 0.5, 0.75, 1]);
    ok('torch.linspace(start=0, end=1, steps=3)', [3], [0, 0.5, 1]);
  });

  test('methods: reshape / view with -1, float(), unsqueeze, squeeze, flatten', () => {
    ok('torch.arange(6.).reshape(1, 2, 3)', [1, 2, 3], [0, 1, 2, 3, 4, 5]);
    ok('torch.arange(6.).reshape((1,2,3))', [1, 2, 3], [0, 1, 2, 3, 4, 5]);
    ok('torch.arange(6.).view(-1, 3).float()', [2, 3], [0, 1, 2, 3, 4, 5]);
    ok('torch.arange(6.).view([3, -1])', [3, 2], [0, 1, 2, 3, 4, 5]);
    ok('torch.ones(3).unsqueeze(0).unsqueeze(-1)', [1, 3, 1], [1, 1, 1]);
    ok('torch.ones(1, 3, 1).squeeze()', [3], [1, 1, 1]);
    ok('torch.ones(1, 3, 1).squeeze(0)', [3, 1], [1, 1, 1]);
    ok('torch.ones(2, 2).flatten().contiguous().clone().detach()', [4], [1, 1, 1, 1]);
    ok('-torch.ones(2)', [2], [-1, -1]);
  });

  test("statements: imports, comments, variables, ';' and newlines", () => {
    ok('import torch\nx = torch.arange(6.)  # six values\nx.view(2, 3)', [2, 3], [0, 1, 2, 3, 4, 5]);
    ok('torch.manual_seed(0); x = torch.randn(2); torch.tensor([1.])', [1], [1]);
    ok('y = [1, 2]\n\n', [2], [1, 2]);
  });

  test('generators: manual_seed returns the generator; one generator advances', () => {
    const a = parseTensor('g = torch.Generator().manual_seed(3); torch.randn(20, generator=g)');
    const b = parseTensor('torch.randn(20, generator=torch.Generator().manual_seed(3))');
    assertSameTensor(a, b);
    const first = parseTensor('torch.randn(4, generator=torch.Generator().manual_seed(3))');
    const second = parseTensor(
      'g = torch.Generator().manual_seed(3); torch.randn(4, generator=g); torch.randn(4, generator=g)',
    );
    assert.notDeepEqual(Array.from(first.data), Array.from(second.data));
  });
});

describe('parseTensor errors say where and what', () => {
  // tensor-parse-errors.json: per test, [text, the position its error points at, parts of its message].
  for (const [name, cases] of Object.entries(PARSE_ERRORS))
    test(name, () => {
      for (const [text, position, ...parts] of cases) assertParseError(text, position, ...parts);
    });

  test('multi-line input reports line and column', () => {
    const e = assertParseError('[[1, 2],\n [3, ]]\n]', 17, 'at line 3, column 1', "unmatched ']'");
    assert.equal(e.line, 3);
    assert.equal(e.column, 1);
  });
});

// Hang guards, not benchmarks: each bound is hundreds of times what the call takes (a few ms), so
// only a runaway (quadratic scan, catastrophic backtracking) fails, never a loaded machine.
describe('hostile input is rejected or parsed quickly', () => {
  const timed = (fn) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };

  test('text longer than the limit', () => {
    const text = '[' + '1,'.repeat(LIMITS.maxChars / 2) + ']';
    const ms = timed(() => assertParseError(text, LIMITS.maxChars, 'the limit is 1,000,000'));
    assert.ok(ms < 2000, `${ms} ms`);
  });

  test('a list just under 1 MB parses in well under a few seconds', () => {
    const n = 499_990;
    const text = '[' + '1,'.repeat(n) + ']';
    let t;
    const ms = timed(() => (t = parseTensor(text)));
    assert.deepEqual(t.shape, [n]);
    assert.ok(ms < 10000, `${ms} ms`);
  });

  test('deep nesting gives a clear error, not a stack overflow', () => {
    assertParseError('['.repeat(500_000), LIMITS.maxDepth, `nested deeper than ${LIMITS.maxDepth} levels`);
    assertParseError('('.repeat(33) + '1' + ')'.repeat(33), 32, 'nested deeper');
    const ok = '['.repeat(32) + '1' + ']'.repeat(32);
    assert.equal(parseTensor(ok).shape.length, 32);
  });

  test('long sign chains do not recurse; long method chains are refused', () => {
    assert.deepEqual(Array.from(parseTensor('-'.repeat(400_001) + '1').data), [-1]);
    assert.deepEqual(parseTensor('torch.ones(2)' + '.float()'.repeat(30)).shape, [2]);
    const chain = 'torch.ones(2)' + '.float()'.repeat(100_000);
    // .ones and (2) are 2 trailers, each .float() 2 more: the 65th is the '(' of the 32nd.
    assertParseError(chain, 'torch.ones(2)'.length + 8 * 31 + '.float'.length, 'more than 64 chained calls');
  });

  test('huge sizes are refused before allocating', () => {
    assertParseError('torch.ones(100000, 100000)', 0, 'would have 10,000,000,000 elements; the limit is 4,000,000');
    assertParseError('torch.randn(4000001)', 0, 'limit is 4,000,000');
    assertParseError('torch.arange(0, 1e12)', 0, 'limit is 4,000,000');
    assertParseError('torch.linspace(0, 1, 10**9)', 23, 'arithmetic');
    const many = 'torch.zeros(1000000); '.repeat(5) + 'torch.zeros(1)';
    assertParseError(many, 88, 'more than 4,000,000 elements in all');
  });

  test('a 1 MB integer literal is handled', () => {
    const ms = timed(() => assertParseError('torch.manual_seed(' + '9'.repeat(999_000) + ')', 18, 'out of range'));
    assert.ok(ms < 4000, `${ms} ms`);
  });
});
