// A plan whose lengths fail still describes its axis (ConvLabError.geometry, from C++), so the
// playground can draw an invalid case; any other failure carries none. The page's evaluator
// passes it on, and the diagram's terms read the plan's kernel span.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaseEvaluator } from '../../web/app/model/evaluate.js';
import { completeState } from '../../web/app/model/state.js';
import { loadConvLab } from '../../web/lib/convlab.js';

const lab = await loadConvLab();

function planError(...args) {
  try {
    lab.plan(...args);
  } catch (e) {
    return e;
  }
  throw new Error('expected the plan to fail');
}

test('padding that crops the whole transposed output: the full axis and both crops', () => {
  const e = planError('conv_transpose1d', [1, 1, 2], [1, 1, 8], null, { stride: 4, padding: 9 });
  assert.equal(e.name, 'ConvLabError');
  assert.equal(e.field, 'padding');
  assert.match(e.message, /padding=9 crops 18 cells from the 12-cell full output/);
  const g = e.geometry;
  assert.equal(g.fullLength, 12);
  assert.equal(g.axisLength, 12);
  assert.equal(g.cropLeft, 9);
  assert.equal(g.cropRight, 9);
  assert.equal(g.outLength, -6);
  assert.equal(g.kernelSpan, 8);
  assert.equal(g.outputShape, null);
  assert.ok(Object.isFrozen(g));
  // output_padding gives cells back on the right.
  const op = planError('conv_transpose1d', [1, 1, 2], [1, 1, 3], null, { stride: 2, padding: 3, output_padding: 1 });
  assert.equal(op.geometry.cropRight, 2);
  assert.equal(op.geometry.outputPadding, 1);
});

test('a kernel longer than the padded input: the padded axis and the span', () => {
  const e = planError('conv1d', [1, 1, 3], [1, 1, 4], null, { padding: 0, dilation: 2 });
  assert.equal(e.field, 'kernel');
  assert.equal(e.geometry.fullLength, 3);
  assert.equal(e.geometry.kernelSpan, 7);
  const padded = planError('conv1d', [1, 1, 3], [1, 1, 8], null, { padding: 1 });
  assert.deepEqual([padded.geometry.padLeft, padded.geometry.padRight, padded.geometry.fullLength], [1, 1, 5]);
});

test('other failures carry no geometry; a later valid plan is unaffected', () => {
  for (const [op, params] of [
    ['conv1d', { stride: 0 }],
    ['conv1d', { groups: 2 }],
    ['conv_transpose1d', { output_padding: 5 }],
    ['conv_transpose1d', { padding: -1 }],
  ]) {
    const e = planError(op, [1, 1, 5], [1, 1, 3], null, params);
    assert.equal(e.geometry, undefined, `${op} ${JSON.stringify(params)}`);
  }
  const plan = lab.plan('conv1d', [1, 1, 9], [1, 1, 3], null, { dilation: 3 });
  assert.equal(plan.kernelSpan, 7);
  assert.equal(plan.outLength, 3);
});

test('the playground evaluator hands the failed geometry to the page', () => {
  const evaluator = new CaseEvaluator(lab);
  const state = completeState({
    op: 'conv_transpose1d',
    input: 'torch.ones(1,1,2)',
    weight: 'torch.ones(1,1,8)',
    stride: '4',
    padding: '9',
  });
  const result = evaluator.evaluate(state);
  assert.equal(result.ok, false);
  assert.equal(result.error.field, 'padding');
  assert.equal(result.error.geometry.fullLength, 12);
  assert.equal(result.error.geometry.cropLeft, 9);
  const parse = evaluator.evaluate({ ...state, input: 'torch.ones(1,1,' });
  assert.equal(parse.ok, false);
  assert.equal(parse.error.geometry ?? null, null);
});
