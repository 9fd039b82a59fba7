// The playground's pure modules, without a browser: URL state, the PyTorch code generator, the
// formula, the arithmetic sentences (against the built WASM module, as every node test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_STATE, completeState, queryToState, sameState, stateToQuery } from '../../web/app/model/state.js';
import { tensorLines, pytorchCode } from '../../web/app/model/pytorch-code.js';
import { lengthFormula, moduleSignature } from '../../web/app/model/formula.js';
import { explainOutput } from '../../web/app/model/arithmetic.js';
import { explainInput, explainCropped } from '../../web/app/diagram/views/conv-transpose1d.js';
import { CaseEvaluator } from '../../web/app/model/evaluate.js';
import { fieldOfMessage } from '../../web/app/model/fields.js';
import { fmtShort, fmtNum } from '../../web/app/model/num-format.js';
import { PRESETS } from '../../web/app/model/presets.js';
import { loadConvLab } from '../../web/lib/convlab.js';

const evaluator = new CaseEvaluator(await loadConvLab());
// The seed notebook's transposed case (ConvTranspose1d, stride 4, kernel_size 8, two ones).
const NOTEBOOK = { op: 'conv_transpose1d', input: 'torch.ones(1,1,2)', weight: 'torch.ones(1,1,8)', stride: '4' };
const model = (partial) => {
  const r = evaluator.evaluate(completeState(partial));
  assert.ok(r.ok, r.error?.message);
  return r.model;
};

test('state <-> query: PyTorch names, defaults left out, readable, round trip', () => {
  const state = completeState({
    op: 'conv1d',
    input: 'torch.ones(1, 1, 7)',
    weight: 'torch.ones(1,1,3)',
    padding: "'same'",
    biasOn: true,
    bias: 'torch.tensor([0.5])',
  });
  const q = stateToQuery(state);
  assert.equal(
    q,
    "op=conv1d&input=torch.ones(1,+1,+7)&weight=torch.ones(1,1,3)&bias=torch.tensor([0.5])&padding='same'",
  );
  assert.deepEqual(queryToState(`#${q}`), state);
  assert.ok(sameState(queryToState(q), state));
  for (const preset of PRESETS) assert.deepEqual(queryToState(stateToQuery(preset.state)), preset.state, preset.title);
});

test('query -> state: missing parameters take PyTorch defaults; anchors and junk are ignored', () => {
  const s = queryToState('op=conv_transpose1d&input=torch.ones(1,1,2)&weight=torch.ones(1,1,8)&stride=4&padding=2');
  assert.equal(s.stride, '4');
  assert.equal(s.dilation, '1');
  assert.equal(s.output_padding, '0');
  assert.equal(s.padding_mode, 'zeros');
  assert.equal(s.biasOn, false);
  assert.equal(queryToState(''), null);
  assert.equal(queryToState('#'), null);
  assert.equal(queryToState('#playground'), null);
  assert.equal(queryToState('op=nonsense&stride=2').op, DEFAULT_STATE.op);
  // '+' and '&' inside values survive the round trip
  const tricky = completeState({ input: 'torch.ones(1,1,3) + 1 & 2', weight: 'a=b' });
  assert.deepEqual(queryToState(stateToQuery(tricky)), tricky);
});

test('tensor text -> Python: float32 made explicit only where Python would infer integers', () => {
  assert.deepEqual(tensorLines('x', 'torch.ones(1, 1, 7)'), ['x = torch.ones(1, 1, 7)']);
  assert.deepEqual(tensorLines('x', '[[[1, 2, 3]]]'), ['x = torch.tensor([[[1, 2, 3]]]).float()']);
  assert.deepEqual(tensorLines('x', '[[[1., 2., 3.]]]'), ['x = torch.tensor([[[1., 2., 3.]]])']);
  assert.deepEqual(tensorLines('x', 'tensor([[[ 1.5410, -0.2934]]])'), ['x = torch.tensor([[[ 1.5410, -0.2934]]])']);
  assert.deepEqual(tensorLines('x', 'torch.arange(6).reshape(1, 2, 3)'), [
    'x = torch.arange(6).reshape(1, 2, 3).float()',
  ]);
  assert.deepEqual(tensorLines('x', 'torch.arange(6.).reshape(1, 2, 3)'), ['x = torch.arange(6.).reshape(1, 2, 3)']);
  assert.deepEqual(tensorLines('x', 'tensor([[[nan, inf, -inf]]])'), [
    "x = torch.tensor([[[float('nan'), float('inf'), -float('inf')]]])",
  ]);
  assert.deepEqual(tensorLines('w', 'torch.randn(1, 1, 3)'), [
    'torch.manual_seed(0)  # ConvLab seeds unseeded random tensors with 0',
    'w = torch.randn(1, 1, 3)',
  ]);
  assert.deepEqual(
    tensorLines('w', 'g = torch.Generator().manual_seed(3)\ntorch.randn(1, 1, 3, generator=g)  # noise'),
    ['g = torch.Generator().manual_seed(3)', 'w = torch.randn(1, 1, 3, generator=g)'],
  );
  assert.deepEqual(tensorLines('w', 'import torch; t = torch.ones(2, 1, 3); t'), [
    'import torch',
    't = torch.ones(2, 1, 3)',
    'w = t.float()',
  ]);
});

test('copy as PyTorch: functional form for zeros padding, nn.Conv1d for the other modes', () => {
  const t = pytorchCode(model({ ...NOTEBOOK, padding: '2', output_padding: '1', dilation: '1', groups: '1' }));
  assert.match(t, /^y = F\.conv_transpose1d\(x, w, stride=4, padding=2, output_padding=1\)$/m);
  const c = pytorchCode(
    model({
      op: 'conv1d',
      input: 'torch.arange(10.).reshape(1,2,5)',
      weight: 'torch.ones(4,1,3)',
      groups: '2',
      padding: "'same'",
      biasOn: true,
      bias: 'torch.zeros(4)',
    }),
  );
  assert.match(c, /^y = F\.conv1d\(x, w, b, padding='same', groups=2\)$/m);
  const r = pytorchCode(
    model({
      op: 'conv1d',
      input: 'torch.arange(5.).reshape(1,1,5)',
      weight: 'torch.ones(1,1,3)',
      padding: '2',
      padding_mode: 'reflect',
      biasOn: true,
      bias: 'torch.ones(1)',
    }),
  );
  assert.match(r, /^conv = torch\.nn\.Conv1d\(1, 1, kernel_size=3, padding=2, bias=True, padding_mode='reflect'\)$/m);
  assert.match(r, /^ {4}conv\.bias\.copy_\(b\)$/m);
  assert.match(r, /^# tensor\(\[\[\[ 4\., {2}3\., {2}4\., {2}7\., 10\., 11\., 10\.\]\]\]\)$/m);
});

test('the formula with numbers filled in, and the module signature', () => {
  const t = model({ ...NOTEBOOK, padding: '2', output_padding: '1' });
  assert.equal(lengthFormula(t).filled, 'L_out = (2−1)·4 − 2·2 + 1·(8−1) + 1 + 1 = 9');
  assert.equal(
    moduleSignature(t),
    'nn.ConvTranspose1d(1, 1, kernel_size=8, stride=4, padding=2, output_padding=1, bias=False)',
  );
  const c = model({ op: 'conv1d', input: 'torch.ones(1,1,7)', weight: 'torch.ones(1,1,4)', padding: "'same'" });
  assert.equal(lengthFormula(c).filled, 'L_out = ⌊(7 + (1 + 2) − 1·(4−1) − 1) / 1⌋ + 1 = 7');
  assert.match(lengthFormula(c).note, /1 on the left, 2 on the right/);
});

test('arithmetic sentences', () => {
  const t = model({ ...NOTEBOOK });
  assert.equal(explainOutput(t, 0, 0, 4).main, 'y[4] = 1·w[4] + 1·w[0] = 2');
  const neg = model({
    op: 'conv_transpose1d',
    input: 'torch.tensor([[[2., -0.5]]])',
    weight: 'torch.ones(1,1,3)',
    stride: '2',
    biasOn: true,
    bias: 'torch.tensor([1.])',
  });
  assert.equal(explainOutput(neg, 0, 0, 2).main, 'y[2] = 2·w[2] − 0.5·w[0] + b[0] = 2.5');
  const gap = model({ op: 'conv_transpose1d', input: 'torch.ones(1,1,2)', weight: 'torch.ones(1,1,3)', stride: '4' });
  assert.equal(explainOutput(gap, 0, 0, 3).main, 'y[3] = 0');
  const cropped = model({ ...NOTEBOOK, padding: '2' });
  assert.match(explainCropped(cropped, 0, 0, 0).main, /^full-axis cell 0 = 1·w\[0\] = 1 — cropped, not in y/);
  assert.match(explainInput(cropped, 0, 0, 0, 0).detail, /Its taps w\[0\], w\[1\] land on cells that padding crops/);
});

test('error messages point at a field', () => {
  assert.equal(fieldOfMessage('stride=0 is not allowed'), 'stride');
  assert.equal(fieldOfMessage('output_padding=3 must be smaller than either stride=1'), 'output_padding');
  assert.equal(fieldOfMessage("padding_mode='x' is not one of"), 'padding_mode');
  assert.equal(fieldOfMessage('channels: given groups=1 and weight'), 'input');
  assert.equal(fieldOfMessage('kernel: the dilated kernel spans'), 'weight');
  const bad = evaluator.evaluate(completeState({ input: 'torch.ones(1,1,', weight: 'torch.ones(1,1,3)' }));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'input');
  assert.equal(bad.error.position, 10);
});

test('compact numbers fit their cells', () => {
  assert.equal(fmtShort(2), '2');
  assert.equal(fmtShort(-0.2934289), '-0.293');
  assert.equal(fmtShort(1.5409961), '1.541');
  assert.equal(fmtShort(123456789), '1e8');
  assert.equal(fmtShort(-0.2934289, 4), '-0.3');
  assert.equal(fmtShort(0.00001), '1e-5');
  assert.equal(fmtNum(Math.fround(0.1)), '0.1');
  assert.equal(fmtNum(-0), '0');
  assert.equal(fmtNum(NaN), 'nan');
});
