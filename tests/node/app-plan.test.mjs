// How often one edit of the playground asks the WASM module to plan a call: each of
// outputShape, conv1d, convTranspose1d and overlap plans once. Typing new tensor values reuses
// the geometry and the overlap map (one plan: the computation itself); a shape or parameter
// change plans the geometry, the map and the computation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaseEvaluator } from '../../web/app/model/evaluate.js';
import { completeState } from '../../web/app/model/state.js';
import { loadConvLab } from '../../web/lib/convlab.js';

const PLANNING = new Set(['outputShape', 'outputLength', 'conv1d', 'convTranspose1d', 'overlap']);

/** The API with every planning call counted (by name) in `calls`. */
function counted(lab) {
  const calls = [];
  const proxy = new Proxy(lab, {
    get(target, name) {
      const value = target[name];
      if (typeof value !== 'function') return value;
      return (...args) => {
        if (PLANNING.has(name)) calls.push(name);
        return value.apply(target, args);
      };
    },
  });
  return { proxy, calls };
}

const lab = await loadConvLab();

test('an edit of tensor values plans once; a shape or parameter edit plans geometry, map and call', () => {
  const { proxy, calls } = counted(lab);
  const evaluator = new CaseEvaluator(proxy);
  const base = { op: 'conv_transpose1d', input: 'torch.ones(1, 1, 2)', weight: 'torch.ones(1, 1, 8)', stride: '4' };
  assert.ok(evaluator.evaluate(completeState(base)).ok);
  assert.deepEqual(calls, ['outputShape', 'convTranspose1d', 'overlap']);

  calls.length = 0;
  const values = evaluator.evaluate(completeState({ ...base, input: 'torch.tensor([[[1., -2.]]])' }));
  assert.ok(values.ok);
  assert.deepEqual(calls, ['convTranspose1d']);
  assert.deepEqual(Array.from(values.model.y.data.slice(0, 5)), [1, 1, 1, 1, -1]);

  calls.length = 0;
  assert.ok(evaluator.evaluate(completeState({ ...base, input: 'torch.tensor([[[1., -2.]]])', padding: '2' })).ok);
  assert.deepEqual(calls, ['outputShape', 'convTranspose1d', 'overlap']);

  calls.length = 0;
  assert.equal(evaluator.evaluate(completeState({ ...base, stride: '0' })).ok, false);
  assert.deepEqual(calls, ['outputShape'], 'an invalid case stops at the geometry');
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
    const kinds = overlap.axisKind;
    const left = kinds.findIndex((k) => k !== 'padding');
    const right = kinds.length - 1 - kinds.findLastIndex((k) => k !== 'padding');
    assert.deepEqual([left, right], [g.padLeft, g.padRight], JSON.stringify(state));
  }
});
