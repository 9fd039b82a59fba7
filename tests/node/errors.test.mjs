// Everything PyTorch rejects is rejected with a ConvLabError that names what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';
import { loadCases, runCase } from './golden.mjs';

const lab = await loadConvLab();

test('every golden error case throws a ConvLabError mentioning the culprit', () => {
  const cases = loadCases('error_cases.json');
  assert.ok(cases.length >= 50);
  for (const c of cases) {
    assert.throws(
      () => runCase(lab, c),
      (e) => {
        assert.ok(e instanceof ConvLabError, `${c.name}: ${e}`);
        assert.ok(e.message.toLowerCase().includes(c.mentions), `${c.name}: "${e.message}" lacks "${c.mentions}"`);
        return true;
      },
      c.name,
    );
  }
});

const x = { shape: [1, 2, 8], data: new Float32Array(16) };
const w = { shape: [4, 2, 3], data: new Float32Array(24) };

const messages = [
  [{ stride: 0 }, /stride=0.*positive.*stride=1/],
  [{ stride: 1.5 }, /stride=1\.5.*whole number/],
  [{ stride: '2' }, /stride='2'.*whole number/],
  [{ padding: 'full' }, /padding='full'.*'same' or 'valid'/],
  [{ padding: 'same', stride: 2 }, /'same'.*stride=1/],
  [{ padding_mode: 'constant' }, /padding_mode='constant'.*'zeros', 'reflect'/],
  [{ groups: 3 }, /groups=3 does not divide.*Use groups=1 or 2/],
  [{ strides: 2 }, /unknown parameter 'strides'.*did you mean 'stride'/],
  [{ output_padding: 1 }, /output_padding.*conv_transpose1d parameter/],
  [{ padding: 9, padding_mode: 'reflect' }, /reflect.*padding < length/],
];
for (const [params, pattern] of messages) {
  test(`conv1d message for ${JSON.stringify(params)}`, () => {
    assert.throws(() => lab.conv1d(x, w, null, params), pattern);
  });
}

test('tensor mistakes are explained', () => {
  assert.throws(
    () => lab.conv1d({ shape: [1, 2, 8], data: new Float32Array(15) }, w),
    /holds 16 elements but data has 15/,
  );
  assert.throws(() => lab.conv1d([[[1, 2], [3]]], w), /ragged/);
  assert.throws(() => lab.conv1d([[[1, 'a', 3]]], [[[1]]]), /expected a number/);
  assert.throws(() => lab.conv1d(x, w, [1, 2, 3]), /bias: expected shape \[4\]/);
  assert.throws(() => lab.conv1d(null, w), /input: expected a tensor/);
  assert.throws(
    () => lab.conv1d({ shape: [2, 8], data: new Float32Array(16) }, { shape: [4, 2], data: new Float32Array(8) }),
    /weight: expected a 3-D tensor/,
  );
});

test('conv_transpose1d rejects what ConvTranspose1d rejects', () => {
  const tw = { shape: [2, 3, 4], data: new Float32Array(24) };
  assert.throws(() => lab.convTranspose1d(x, tw, null, { padding_mode: 'reflect' }), /only padding_mode='zeros'/);
  assert.throws(
    () => lab.convTranspose1d(x, tw, null, { padding: 'same' }),
    /padding='same' is not supported by conv_transpose1d/,
  );
  assert.throws(
    () => lab.convTranspose1d(x, tw, null, { output_padding: 2 }),
    /output_padding=2 must be smaller than either stride=1 or dilation=1/,
  );
  assert.throws(() => lab.convTranspose1d(x, tw, null, { padding: 20 }), /Output size is too small/);
});

test('absurd sizes fail fast with a limit message, before any allocation', () => {
  const before = lab.memoryBytes;
  const t0 = performance.now();
  assert.throws(() => lab.outputShape('conv1d', [1, 1, 1e9], [1, 1, 3]), /limit/);
  assert.throws(() => lab.outputShape('conv_transpose1d', [1, 1, 1e6], [1, 1, 3], { stride: 1e6 }), /limit/);
  assert.ok(performance.now() - t0 < 1000);
  assert.equal(lab.memoryBytes, before);
});

test('an overlap map too large to list is refused with a message, and the module keeps working', () => {
  assert.throws(() => lab.overlap('conv1d', 1e6, 65536), /overlap: .*limit/);
  assert.equal(lab.overlap('conv1d', 7, 3).outLength, 5);
});

test('whole numbers beyond every limit are named as too large, not as fractions', () => {
  assert.throws(() => lab.conv1d(x, w, null, { stride: 1e300 }), /stride is too large: ConvLab's limit is 16777216/);
});
