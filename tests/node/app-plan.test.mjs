// How often one edit of the playground plans in wasm (lab.planCalls): a shape or parameter
// change plans once (lab.plan; the kernels and the overlap map reuse that plan), new tensor
// values plan nothing (the plan is reused). The geometry the page reads agrees with the map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaseEvaluator } from '../../web/app/model/evaluate.js';
import { completeState } from '../../web/app/model/state.js';
import { loadConvLab } from '../../web/lib/convlab.js';

const lab = await loadConvLab();

/** Plan calls made by evaluating `partial`, and the result. */
function plans(evaluator, partial) {
  const before = lab.planCalls;
  const result = evaluator.evaluate(completeState(partial));
  return { result, plans: lab.planCalls - before };
}

test('one wasm plan per shape or parameter edit, none for new tensor values', () => {
  const evaluator = new CaseEvaluator(lab);
  const base = { op: 'conv_transpose1d', input: 'torch.ones(1, 1, 2)', weight: 'torch.ones(1, 1, 8)', stride: '4' };
  const first = plans(evaluator, base);
  assert.ok(first.result.ok);
  assert.equal(first.plans, 1);

  const values = plans(evaluator, { ...base, input: 'torch.tensor([[[1., -2.]]])' });
  assert.ok(values.result.ok);
  assert.equal(values.plans, 0);
  assert.deepEqual(Array.from(values.result.model.y.data.slice(0, 5)), [1, 1, 1, 1, -1]);

  const padded = plans(evaluator, { ...base, input: 'torch.tensor([[[1., -2.]]])', padding: '2' });
  assert.ok(padded.result.ok);
  assert.equal(padded.plans, 1);
  assert.equal(padded.result.model.overlap.axisOfOutput0, 2);

  const bias = plans(evaluator, { ...base, biasOn: true, bias: 'torch.tensor([0.5])' });
  assert.ok(bias.result.ok);
  assert.equal(bias.plans, 1, 'a bias changes the plan');

  const invalid = plans(evaluator, { ...base, stride: '0' });
  assert.equal(invalid.result.ok, false);
  assert.equal(invalid.plans, 1);
  assert.equal(invalid.result.error.field, 'stride');
});

test('another caller planning in between costs one plan, not a wrong result', () => {
  const evaluator = new CaseEvaluator(lab);
  const base = { op: 'conv1d', input: 'torch.ones(1, 1, 7)', weight: 'torch.ones(1, 1, 3)', padding: '1' };
  assert.ok(plans(evaluator, base).result.ok);
  lab.outputShape('conv_transpose1d', [1, 1, 2], [1, 1, 8], { stride: 4 });
  const again = plans(evaluator, { ...base, input: 'torch.arange(7.).reshape(1, 1, 7)' });
  assert.ok(again.result.ok);
  assert.ok(again.plans <= 1);
  assert.deepEqual(Array.from(again.result.model.y.data), [1, 3, 6, 9, 12, 15, 11]);
});

test('the geometry the page shows agrees with the overlap map and the output', () => {
  const evaluator = new CaseEvaluator(lab);
  for (const state of [
    { op: 'conv1d', input: 'torch.ones(1, 1, 7)', weight: 'torch.ones(1, 1, 4)', padding: "'same'", dilation: '2' },
    { op: 'conv1d', input: 'torch.ones(2, 4, 9)', weight: 'torch.ones(6, 2, 3)', groups: '2', padding: '3' },
    { op: 'conv_transpose1d', input: 'torch.ones(3, 5)', weight: 'torch.ones(3, 2, 4)', stride: '3', padding: '1' },
    {
      op: 'conv_transpose1d',
      input: 'torch.ones(1, 2, 4)',
      weight: 'torch.ones(2, 1, 3)',
      groups: '2',
      output_padding: '1',
      stride: '2',
    },
  ]) {
    const r = evaluator.evaluate(completeState(state));
    assert.ok(r.ok, r.error?.message);
    const { geometry: g, overlap, y } = r.model;
    assert.deepEqual(g.outShape, y.shape);
    assert.equal(g.axisLength, overlap.axisLength, JSON.stringify(state));
    assert.equal(g.Lout, overlap.outLength);
    if (state.op === 'conv1d') {
      const kinds = overlap.axisKind;
      const left = kinds.findIndex((k) => k !== 'padding');
      const right = kinds.length - 1 - kinds.findLastIndex((k) => k !== 'padding');
      assert.deepEqual([left, right], [g.padLeft, g.padRight], JSON.stringify(state));
    }
  }
});
