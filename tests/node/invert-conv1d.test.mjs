// lab.invertConv1d: the ConvTranspose1d settings give the Conv1d's input length back (checked with
// PyTorch's formula here and with the C++ plan), the collapsing lengths are exactly those PyTorch's
// formula maps together, and the ambiguity is explained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab, ConvLabError } from '../../web/lib/index.js';

const lab = await loadConvLab();

// PyTorch's Conv1d output length with (left, right) padding, or null where PyTorch raises.
function convLength(L, k, s, left, right, d, mode) {
  const pad = Math.max(left, right);
  if (mode === 'reflect' && pad >= L) return null;
  if (mode === 'circular' && pad > L) return null;
  if (L + left + right < d * (k - 1) + 1) return null;
  return Math.floor((L + left + right - d * (k - 1) - 1) / s) + 1;
}
const transposeLength = (L, k, s, p, d, op) => (op >= s && op >= d ? null : (L - 1) * s - 2 * p + d * (k - 1) + op + 1);

test('stride 2: lengths 7 and 8 both give 3, and output_padding chooses', () => {
  for (const L of [7, 8]) {
    const r = lab.invertConv1d(L, 3, { stride: 2 });
    assert.equal(r.conv1d.outLength, 3);
    assert.deepEqual(r.inLengths, [7, 8]);
    assert.equal(r.ambiguous, true);
    assert.deepEqual(r.convTranspose1d, { kernelSize: 3, stride: 2, padding: 0, dilation: 1, outputPadding: L - 7 });
    assert.equal(r.baseLength, 7);
    assert.deepEqual(r.recoverable, [7, 8]);
    assert.match(r.explanation, /maps input lengths 7 and 8 to 3/);
    assert.match(r.explanation, /output_padding=0 gives 7, output_padding=1 gives 8/);
    assert.match(r.explanation, new RegExp(`output_size=\\[${L}\\]`));
  }
});

test('stride 1 with symmetric padding is unambiguous; lopsided same needs dilation or a crop', () => {
  const r = lab.invertConv1d(10, 3, { padding: 1 });
  assert.equal(r.ambiguous, false);
  assert.deepEqual(r.convTranspose1d, { kernelSize: 3, stride: 1, padding: 1, dilation: 1, outputPadding: 0 });
  assert.match(r.explanation, /no other length maps there/);
  const same = lab.invertConv1d(10, 4, { padding: 'same' });
  assert.deepEqual([same.conv1d.padLeft, same.conv1d.padRight], [1, 2]);
  assert.equal(same.convTranspose1d, null);
  assert.equal(same.baseLength, null);
  assert.match(same.explanation, /drop its last output cell/);
  const dilated = lab.invertConv1d(10, 4, { padding: 'same', dilation: 3 });
  assert.deepEqual(dilated.convTranspose1d, { kernelSize: 4, stride: 1, padding: 5, dilation: 3, outputPadding: 1 });
  const reflect = lab.invertConv1d(9, 3, { padding: 2, stride: 2, paddingMode: 'reflect' });
  assert.match(reflect.explanation, /pads only with zeros/);
});

test('exhaustive small configurations: the length comes back, the collapsing set is exact', () => {
  let checked = 0;
  let ambiguous = 0;
  for (const mode of ['zeros', 'reflect', 'replicate', 'circular'])
    for (const padding of [0, 1, 3, 'same', 'valid'])
      for (let L = 1; L <= 16; L++)
        for (let k = 1; k <= 5; k++)
          for (let s = 1; s <= 4; s++)
            for (let d = 1; d <= 3; d++) {
              const params = { stride: s, padding, dilation: d, paddingMode: mode };
              const span = d * (k - 1);
              const [left, right] =
                padding === 'same'
                  ? [Math.floor(span / 2), span - Math.floor(span / 2)]
                  : padding === 'valid'
                    ? [0, 0]
                    : [padding, padding];
              const out = padding === 'same' && s > 1 ? null : convLength(L, k, s, left, right, d, mode);
              if (out === null) {
                assert.throws(() => lab.invertConv1d(L, k, params), ConvLabError);
                continue;
              }
              const r = lab.invertConv1d(L, k, params);
              assert.equal(r.conv1d.outLength, out);
              const same = [];
              for (let other = 1; other <= L + 2 * s; other++)
                if (convLength(other, k, s, left, right, d, mode) === out) same.push(other);
              assert.deepEqual(r.inLengths, [same[0], same[same.length - 1]], JSON.stringify({ L, k, params }));
              assert.equal(same.length, same[same.length - 1] - same[0] + 1, 'the collapsing lengths are contiguous');
              ambiguous += r.ambiguous;
              if (!r.convTranspose1d) {
                assert.equal(padding, 'same');
                assert.notEqual(left, right);
                continue;
              }
              const t = r.convTranspose1d;
              assert.equal(transposeLength(out, k, t.stride, t.padding, t.dilation, t.outputPadding), L);
              assert.equal(
                lab.outputLength('conv_transpose1d', out, k, {
                  stride: t.stride,
                  padding: t.padding,
                  dilation: t.dilation,
                  outputPadding: t.outputPadding,
                }),
                L,
              );
              for (let other = r.recoverable[0]; other <= r.recoverable[1]; other++) {
                assert.equal(
                  transposeLength(out, k, t.stride, t.padding, t.dilation, other - r.baseLength),
                  other,
                  'output_padding = L - baseLength gives L',
                );
              }
              checked++;
            }
  assert.ok(checked > 5000 && ambiguous > 3000, `${checked} checked, ${ambiguous} ambiguous`);
  console.log(`# invertConv1d: ${checked} configurations inverted, ${ambiguous} ambiguous`);
});

test('invalid Conv1d settings throw the same ConvLabErrors as conv1d', () => {
  assert.throws(() => lab.invertConv1d(2, 5), /invertConv1d: kernel: the dilated kernel spans 5/);
  assert.throws(() => lab.invertConv1d(0, 3), /inLength=0 is not allowed/);
  assert.throws(() => lab.invertConv1d(8, 0), /kernelSize=0 is not allowed/);
  assert.throws(() => lab.invertConv1d(8, 3.5), /kernelSize=3.5/);
  assert.throws(() => lab.invertConv1d(8, 3, { stride: 0 }), /stride=0 is not allowed/);
  assert.throws(
    () => lab.invertConv1d(8, 3, { padding: 'same', stride: 2 }),
    /padding='same' is not supported with stride=2/,
  );
  assert.throws(() => lab.invertConv1d(8, 3, { outputPadding: 1 }), /output_padding=1 is a conv_transpose1d parameter/);
  assert.throws(() => lab.invertConv1d(8, 3, { stride: 1e300 }), /stride is too large/);
  assert.throws(() => lab.invertConv1d(2 ** 40, 3), /inLength=1099511627776/);
  assert.throws(() => lab.invertConv1d(3, 3, { padding: 3, paddingMode: 'reflect' }), /reflect/);
  const field = (...args) => {
    try {
      lab.invertConv1d(...args);
    } catch (e) {
      return e.field;
    }
    return 'accepted';
  };
  assert.equal(field(0, 3), 'inLength');
  assert.equal(field(8, 0), 'kernelSize');
  assert.equal(field(2, 5), 'kernelSize'); // the kernel longer than the padded input
  assert.equal(field(8, 3, { stride: 0 }), 'stride');
  assert.equal(field(8, 3, { padding: 'same', stride: 2 }), 'padding');
});
