// The diagram views' pure parts (issue 13), without a browser: diagram= and grad_output= in the
// URL state and attributes, Conv1d's C and ConvTranspose1d's Cᵀ for one weight (lengths from
// the C++ plan), the adjoint check, and the autograd script "Copy as PyTorch" gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIAGRAMS,
  attributesToState,
  completeState,
  queryNotes,
  queryToState,
  stateToQuery,
} from '../../web/app/model/state.js';
import { stateToAttributes } from '../../web/app/model/embed-code.js';
import { adjointCheck, counterparts, seededValues } from '../../web/app/model/counterpart.js';
import { codeFor, gradientCode } from '../../web/app/model/pytorch-grad.js';
import { pytorchCode } from '../../web/app/model/pytorch-code.js';
import { CaseEvaluator } from '../../web/app/model/evaluate.js';
import { loadConvLab } from '../../web/lib/convlab.js';

const lab = await loadConvLab();
const evaluator = new CaseEvaluator(lab);
const model = (partial) => {
  const r = evaluator.evaluate(completeState(partial));
  assert.ok(r.ok, r.error?.message);
  return r.model;
};
/** The model of an `op` case: its input, its weight and the parameters given (as the fields hold them). */
const caseOf = (op, input, weight, params = {}) => model({ op, input, weight, ...params });

test('diagram= and grad_output= round trip through the hash; overlap and ones are left out', () => {
  for (const diagram of DIAGRAMS) {
    const state = completeState({
      op: 'conv1d',
      diagram,
      gradOutput: diagram === 'gradient' ? 'torch.ones(1,1,5)' : '',
    });
    const query = stateToQuery(state);
    assert.equal(query.includes('diagram='), diagram !== 'overlap', query);
    assert.deepEqual(queryToState(query), state);
  }
  assert.equal(queryToState('diagram=matrix').diagram, 'matrix', 'a hash with only the view still opens it');
  assert.equal(queryToState('diagram=Matrix').diagram, 'overlap');
  assert.match(queryNotes('diagram=Matrix')[0].message, /diagram='Matrix' is not a view/);
  assert.deepEqual(queryNotes('op=conv1d&diagram=steps'), []);
});

test('the diagram and grad-output attributes set the view; embed snippets name them', () => {
  const attrs = { op: 'conv1d', diagram: 'gradient', 'grad-output': 'torch.ones(1,1,5)' };
  const { state, error } = attributesToState((name) => attrs[name] ?? null);
  assert.equal(error, null);
  assert.equal(state.diagram, 'gradient');
  assert.equal(state.gradOutput, 'torch.ones(1,1,5)');
  const back = Object.fromEntries(stateToAttributes(state));
  assert.equal(back.diagram, 'gradient');
  assert.equal(back['grad-output'], 'torch.ones(1,1,5)');
});

test('counterparts: Cᵀ is the ConvTranspose1d that maps the lengths back (output_padding from the plan)', () => {
  const m = caseOf('conv1d', 'torch.arange(8.).reshape(1,1,8)', 'torch.ones(1,1,3)', { stride: '2', padding: '1' });
  const pair = counterparts(lab, m);
  assert.deepEqual(pair.conv.inShape, [1, 8]);
  assert.deepEqual(pair.conv.outShape, [1, 4]);
  assert.equal(pair.transpose.params.output_padding, 1);
  assert.deepEqual(pair.transpose.outShape, [1, 8]);
  const c = lab.matrix('conv1d', pair.conv.inShape, m.w, pair.conv.params);
  const t = lab.matrix('conv_transpose1d', pair.transpose.inShape, m.w, pair.transpose.params);
  const [rows, cols] = c.shape;
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < cols; k++) assert.equal(t.data[k * rows + r], c.data[r * cols + k]);
  // The transposed op's own case has the conv1d on its output as C.
  const tm = caseOf('conv_transpose1d', 'torch.ones(2,3,4)', 'torch.ones(3,2,3)', { stride: '3', groups: '1' });
  const tp = counterparts(lab, tm);
  assert.deepEqual(tp.conv.inShape, [2, tm.dims.Lout]);
  assert.deepEqual(tp.transpose.outShape, [2, tm.dims.Lout]);
  assert.deepEqual(tp.transpose.inShape, [3, 4]);
});

test('counterparts: no ConvTranspose1d for reflect padding or padding=same, and the reason says why', () => {
  const reflect = caseOf('conv1d', 'torch.ones(1,1,6)', 'torch.ones(1,1,3)', { padding: '1', padding_mode: 'reflect' });
  assert.equal(counterparts(lab, reflect).transpose, null);
  assert.match(counterparts(lab, reflect).reason, /padding_mode='reflect'/);
  const same = caseOf('conv1d', 'torch.ones(1,1,6)', 'torch.ones(1,1,3)', { padding: "'same'" });
  assert.match(counterparts(lab, same).reason, /padding='same'/);
});

test('adjoint check: ⟨Cx, y⟩ = ⟨x, Cᵀy⟩ over a parameter sweep, by the op or by the matrix', () => {
  const cases = [];
  for (const stride of [1, 2, 3])
    for (const padding of [0, 1, 2]) for (const dilation of [1, 2]) cases.push({ stride, padding, dilation });
  for (const { stride, padding, dilation } of cases) {
    const m = caseOf('conv1d', 'torch.randn(1,4,11)', 'torch.randn(6,2,3)', {
      groups: '2',
      stride: String(stride),
      padding: String(padding),
      dilation: String(dilation),
    });
    const pair = counterparts(lab, m);
    const { left, right } = adjointCheck(lab, m, pair, 7);
    assert.ok(
      Math.abs(left - right) <= 1e-5 * Math.max(1, Math.abs(left)),
      `${JSON.stringify(m.params)}: ${left} vs ${right}`,
    );
  }
  const reflect = caseOf('conv1d', 'torch.randn(1,1,9)', 'torch.randn(1,1,3)', {
    padding: '2',
    padding_mode: 'circular',
  });
  const r = adjointCheck(lab, reflect, counterparts(lab, reflect), 3);
  assert.equal(r.viaOp, false);
  assert.ok(Math.abs(r.left - r.right) <= 1e-5 * Math.max(1, Math.abs(r.left)));
  assert.deepEqual(seededValues(5, 4), seededValues(5, 4), 'seeded: the same numbers every time');
  assert.notDeepEqual(seededValues(5, 4), seededValues(6, 4));
});

test('Copy as PyTorch in the gradient view: the autograd script with ConvLab’s gradients', () => {
  const base = {
    op: 'conv1d',
    input: 'torch.arange(6.).reshape(1,1,6)',
    weight: 'torch.tensor([[[1.,2.,-1.]]])',
    stride: '2',
    padding: '1',
    biasOn: true,
    bias: 'torch.tensor([0.5])',
  };
  const forward = model(base);
  assert.equal(codeFor(forward), pytorchCode(forward));
  const g = model({ ...base, diagram: 'gradient' });
  const code = gradientCode(g);
  assert.equal(codeFor(g), code);
  assert.match(code, /x\.requires_grad_\(True\)\nw\.requires_grad_\(True\)\nb\.requires_grad_\(True\)/);
  assert.match(code, /y = F\.conv1d\(x, w, b, stride=2, padding=1\)/);
  assert.match(code, /grad_output = torch\.ones_like\(y\)\ny\.backward\(grad_output\)/);
  assert.match(code, /print\(x\.grad\)\nprint\(w\.grad\)\nprint\(b\.grad\)/);
  assert.match(code, /# ConvLab's bias\.grad:\n# tensor\(\[3\.\]\)/);
  // A padding mode needs the module; its parameters hold the gradients.
  const mod = gradientCode(model({ ...base, padding_mode: 'reflect', diagram: 'gradient' }));
  assert.match(
    mod,
    /conv = torch\.nn\.Conv1d\(1, 1, kernel_size=3, stride=2, padding=1, bias=True, padding_mode='reflect'\)/,
  );
  assert.match(mod, /\ny = conv\(x\)\n/);
  assert.match(mod, /print\(conv\.weight\.grad\)/);
  // A typed grad_output of the wrong shape: the forward program (the view shows the error).
  const bad = model({ ...base, diagram: 'gradient', gradOutput: 'torch.ones(1,1,9)' });
  assert.equal(gradientCode(bad), pytorchCode(bad));
});
