// lab.plan: the whole geometry from one C++ plan, reused by run() and overlap() without
// planning again; errors carry the field code C++ sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConvLab, ConvLabError } from '../../web/lib/convlab.js';

const lab = await loadConvLab();
const ones = (...shape) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1) });

test("plan gives conv1d's geometry: 'same' split, channels per group, axis, multiply-adds", () => {
  const plan = lab.plan('conv1d', [2, 4, 10], [6, 2, 4], [6], { padding: 'same', dilation: 1, groups: 2 });
  assert.deepEqual(plan.outputShape, [2, 6, 10]);
  assert.equal(plan.op, 'conv1d');
  assert.deepEqual([plan.padLeft, plan.padRight], [1, 2], "PyTorch puts 'same''s odd cell on the right");
  assert.deepEqual([plan.inPerGroup, plan.outPerGroup, plan.groups], [2, 3, 2]);
  assert.equal(plan.fullLength, 13);
  assert.equal(plan.axisLength, 13);
  assert.equal(plan.multiplyAdds, 2 * 6 * 10 * 2 * 4);
  assert.equal(plan.paddingMode, 'zeros');
  assert.ok(Object.isFrozen(plan));
});

test("plan gives conv_transpose1d's full length and crops", () => {
  const plan = lab.plan('conv_transpose1d', [1, 1, 2], [1, 1, 8], null, { stride: 4, padding: 2, output_padding: 1 });
  assert.equal(plan.fullLength, (2 - 1) * 4 + (8 - 1) + 1);
  assert.deepEqual([plan.cropLeft, plan.cropRight], [2, 1]);
  assert.equal(plan.outLength, 12 - 4 + 1);
  assert.deepEqual(plan.outputShape, [1, 1, 9]);
  assert.equal(plan.axisOfOutput0, 2);
  assert.equal(
    plan.axisLength,
    lab.overlap('conv_transpose1d', 2, 8, { stride: 4, padding: 2, output_padding: 1 }).axisLength,
  );
});

test('one wasm plan per edit: plan, run and overlap share it', () => {
  const before = lab.planCalls;
  const plan = lab.plan('conv_transpose1d', [1, 1, 2], [1, 1, 8], null, { stride: 4, padding: 2 });
  const y = lab.run(plan, ones(1, 1, 2), ones(1, 1, 8));
  const map = lab.overlap(plan);
  assert.equal(lab.planCalls - before, 1);
  assert.deepEqual(
    Array.from(y.data),
    Array.from(lab.convTranspose1d(ones(1, 1, 2), ones(1, 1, 8), null, { stride: 4, padding: 2 }).data),
  );
  assert.equal(map.outLength, plan.outLength);
  // Another call in between: run() plans again (correctly) rather than using a stale plan.
  const again = lab.run(plan, ones(1, 1, 2), ones(1, 1, 8));
  assert.deepEqual(Array.from(again.data), Array.from(y.data));
});

test('run checks the tensors against the plan', () => {
  const plan = lab.plan('conv1d', [1, 1, 8], [1, 1, 3]);
  assert.throws(
    () => lab.run(plan, ones(1, 1, 9), ones(1, 1, 3)),
    (e) => e instanceof ConvLabError && e.field === 'input',
  );
  assert.throws(
    () => lab.run(plan, ones(1, 1, 8), ones(1, 1, 3), [1]),
    (e) => e.field === 'bias',
  );
  assert.throws(
    () => lab.run({ ...plan }, ones(1, 1, 8), ones(1, 1, 3)),
    (e) => e.field === 'plan',
  );
});

test('plan errors carry the field C++ names', () => {
  const cases = [
    [[1, 2, 8], [4, 2, 3], null, { groups: 3 }, 'groups'],
    [[1, 2, 8], [4, 2, 3], null, { stride: 0 }, 'stride'],
    [[1, 3, 8], [4, 2, 3], null, {}, 'channels'],
    [[1, 2, 8], [4, 2, 30], null, {}, 'kernel'],
    [[1, 2, 8], [4, 2, 3], [5], {}, 'bias'],
    [[1, 2, 8], [4, 2, 3], null, { padding: 9, padding_mode: 'reflect' }, 'padding'],
    [[8], [4, 2, 3], null, {}, 'input'],
  ];
  for (const [x, w, b, params, field] of cases) {
    assert.throws(
      () => lab.plan('conv1d', x, w, b, params),
      (e) => e instanceof ConvLabError && e.field === field,
      field,
    );
  }
  assert.throws(
    () => lab.plan('conv_transpose1d', [1, 1, 4], [1, 1, 3], null, { output_padding: 3 }),
    (e) => e.field === 'output_padding',
  );
});
