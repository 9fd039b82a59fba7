// The page's design tools, their pure parts against the built WASM: layer stacks against PyTorch
// (stack_cases.json: the nn.Sequential "Copy as PyTorch" writes, run by torch), the compound
// overlap and receptive fields composed from the API's overlap maps, the error explanations and
// their fixes (each fix computes), pasted layers as playground cases, the URL's tool keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadConvLab, formatTensor, parseTensor } from '../../web/lib/index.js';
import { parseLayer } from '../../web/lib/design/parse-layer.js';
import { compoundCounts, receptiveField, runStack, stackCode } from '../../web/app/tools/design/stack-model.js';
import { explainError } from '../../web/app/tools/design/error-explain.js';
import { caseOfLayer, caseOfSolution } from '../../web/app/tools/design/case-edits.js';
import { solutionText } from '../../web/app/tools/design/solution-text.js';
import { caseQuery, completeState, extraQuery, queryToState } from '../../web/app/model/state.js';
import { readParams } from '../../web/app/model/fields.js';

const lab = await loadConvLab();
const golden = JSON.parse(readFileSync(new URL('../golden/stack_cases.json', import.meta.url), 'utf8'));

/** Runs a playground state through the API as the page does: returns the output shape or throws. */
function compute(state) {
  const x = parseTensor(state.input);
  const w = parseTensor(state.weight);
  const b = state.biasOn ? parseTensor(state.bias) : null;
  const fn = state.op === 'conv1d' ? 'conv1d' : 'convTranspose1d';
  return lab[fn](x, w, b, readParams(state)).shape;
}

test('stacks match PyTorch: every shape, the final output and its print', () => {
  assert.equal(golden.cases.length, 5);
  for (const c of golden.cases) {
    const stack = runStack(lab, c.input, c.layers, c.weights);
    assert.ok(stack.complete, c.layers.join(' | '));
    assert.deepEqual(
      stack.layers.map((r) => r.outShape),
      c.shapes,
    );
    assert.deepEqual(stack.output.shape, c.expected.shape);
    c.expected.data.forEach((want, i) => {
      const got = stack.output.data[i];
      assert.ok(Math.abs(got - want) <= 1e-5 * Math.max(1, Math.abs(want)), `${c.layers[0]} [${i}]: ${got} vs ${want}`);
    });
    assert.equal(formatTensor(stack.output), c.printed);
  }
});

test('"Copy as PyTorch" is the golden recipe: nn.Sequential of the layers, the same weights and input', () => {
  for (const c of golden.cases) {
    const code = stackCode(runStack(lab, c.input, c.layers, c.weights), c.input, c.weights);
    for (const text of c.layers)
      assert.ok(code.includes(`    nn.${parseLayer(text).op === 'conv1d' ? 'Conv1d' : 'ConvTranspose1d'}(`));
    assert.equal(code.split('\n').filter((l) => /^ {4}nn\./.test(l)).length, c.layers.length);
    assert.ok(
      code.includes(c.weights === 'randn' ? 'generator=torch.Generator().manual_seed(i)' : 'layer.weight.fill_(1.0)'),
    );
    assert.ok(code.includes('torch.manual_seed(0)'));
    assert.ok(code.includes(`x = ${c.input}`));
    assert.ok(code.includes(`# ConvLab: ${c.printed.split('\n')[0]}`));
  }
});

test('compound overlap from the overlap maps = the output of a ones stack (one channel)', () => {
  for (const c of golden.cases.filter(
    (g) => g.weights === 'ones' && g.expected.shape[1] === 1 && g.expected.shape[0] === 1,
  )) {
    const stack = runStack(lab, c.input, c.layers, 'ones');
    assert.deepEqual(compoundCounts(stack), c.expected.data);
  }
  const even = runStack(lab, 'torch.ones(1, 1, 6)', ['nn.ConvTranspose1d(1, 1, 4, stride=2, padding=1)'], 'ones');
  assert.deepEqual(new Set(compoundCounts(even).slice(1, -1)), new Set([2])); // kernel 4, stride 2: even inside
});

test('receptive fields: paths per input cell add up to the compound count of that output cell', () => {
  const stack = runStack(lab, 'torch.ones(1, 1, 4)', golden.cases[0].layers, 'ones');
  const counts = compoundCounts(stack);
  counts.forEach((count, cell) => {
    const field = receptiveField(stack, cell);
    assert.equal(
      field.reduce((a, f) => a + f.paths, 0),
      count,
      `cell ${cell}`,
    );
    assert.ok(field.every((f, i) => i === 0 || f.input > field[i - 1].input));
  });
  assert.deepEqual(receptiveField(stack, 0), [{ input: 0, paths: 1 }]);
  const conv = runStack(lab, 'torch.ones(1, 1, 10)', ['nn.Conv1d(1, 1, 3)', 'nn.Conv1d(1, 1, 3, dilation=2)'], 'ones');
  assert.deepEqual(
    receptiveField(conv, 0).map((f) => f.input),
    [0, 1, 2, 3, 4, 5, 6],
  );
});

test('a failing layer stops the stack there, with the API message', () => {
  const stack = runStack(
    lab,
    'torch.ones(1, 1, 10)',
    ['nn.Conv1d(1, 4, 3)', 'nn.Conv1d(2, 4, 3)', 'nn.Conv1d(4, 1, 3)'],
    'ones',
  );
  assert.equal(stack.complete, false);
  assert.deepEqual(
    stack.layers.map((r) => Boolean(r.error)),
    [false, true, false],
  );
  assert.match(stack.layers[1].error, /channel/);
  assert.equal(stack.layers[2].outShape, null);
  assert.equal(compoundCounts(stack), null);
  assert.match(runStack(lab, 'torch.ones(1,', ['nn.Conv1d(1, 1, 1)']).inputError, /^input: /);
  assert.match(runStack(lab, 'torch.ones(1, 1, 5)', ['nn.Conv1d(1, 1)']).layers[0].error, /kernel_size/);
});

const CASE = completeState({ op: 'conv1d', input: 'torch.ones(1, 1, 7)', weight: 'torch.ones(1, 1, 3)' });
const MESSAGES = [
  [
    'Given groups=1, weight of size [8, 4, 3], expected input[1, 3, 10] to have 4 channels, but got 3 channels instead',
    [1, 8, 8],
  ],
  [
    'Given groups=2, weight of size [8, 2, 3], expected input[1, 3, 10] to have 4 channels, but got 3 channels instead',
    [1, 8, 8],
  ],
  [
    'Given transposed=1, weight of size [4, 8, 3], expected input[2, 3, 10] to have 4 channels, but got 3 channels instead',
    [2, 8, 12],
  ],
  [
    'output padding must be smaller than either stride or dilation, but got output_padding_width: 2 stride_width: 2 dilation_width: 1',
    null,
  ],
  [
    "Calculated padded input size per channel: (4). Kernel size: (10). Kernel size can't be greater than actual input size",
    [1, 1, 1],
  ],
  ['Only "zeros" padding mode is supported for ConvTranspose1d', null],
  ["padding='same' is not supported for strided convolutions", [1, 1, 7]],
  ['Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [10]', [1, 1, 8]],
];

test('each PyTorch error gets a meaning quoting its numbers and a fix that computes', () => {
  for (const [message, shape] of MESSAGES) {
    const e = explainError(`RuntimeError: ${message}`, CASE);
    assert.ok(e, message);
    assert.ok(e.title && e.meaning.length > 60 && e.fixLabel, message);
    const fixed = e.fix(CASE);
    const got = compute(fixed);
    if (shape) assert.deepEqual(got, shape, message);
  }
  assert.match(explainError(MESSAGES[0][0], CASE).meaning, /\[8, 4, 3\].*4 input channels.*\[1, 3, 10\] has 3/);
  assert.equal(explainError(MESSAGES[3][0], CASE).fix(CASE).output_padding, '1');
  assert.equal(explainError('CUDA out of memory', CASE), null);
  assert.equal(explainError(MESSAGES[0][0].replace('[8, 4, 3]', '[8, 4, x]'), CASE), null);
});

test('a pasted layer becomes a case that computes, with the layer every parameter', () => {
  for (const text of [
    'nn.Conv1d(4, 8, 3, stride=2, padding=1, bias=False)',
    "torch.nn.Conv1d(6, 4, kernel_size=(5,), dilation=(2,), groups=2, padding='same', padding_mode='replicate')",
    'ConvTranspose1d(3, 6, kernel_size=(4,), stride=(2,), padding=(1,), output_padding=(1,), groups=3)',
  ]) {
    const layer = parseLayer(text);
    const state = caseOfLayer(CASE, layer, 12);
    const shape = compute(state);
    assert.equal(shape[1], layer.outChannels, text);
    assert.equal(state.weight, `torch.ones(${layer.weightShape.join(', ')})`);
    assert.equal(state.biasOn, layer.bias);
    assert.equal(state.groups, String(layer.groups));
  }
});

test('every solver row applied gives exactly out_length', () => {
  const base = completeState({ op: 'conv_transpose1d', input: 'torch.ones(2, 3, 5)', weight: 'torch.ones(3, 2, 8)' });
  for (const [op, inLength, outLength] of [
    ['conv_transpose1d', 3, 8],
    ['conv_transpose1d', 5, 17],
    ['conv1d', 16, 5],
  ]) {
    const rows = lab.solveShapes({ op, inLength, outLength });
    assert.ok(rows.length > 0);
    for (const s of rows.slice(0, 60)) {
      const shape = compute(caseOfSolution(base, op, s, inLength));
      assert.equal(shape[2], outLength, `${op} ${solutionText(op, s)}`);
    }
  }
  assert.equal(
    solutionText('conv_transpose1d', { kernelSize: 4, stride: 2, padding: 1, outputPadding: 1, dilation: 1 }),
    'kernel_size=4, stride=2, padding=1, output_padding=1, dilation=1',
  );
});

test("the URL keeps the tools' keys apart from the case's", () => {
  const hash = '#tool=design&op=conv1d&in_length=3&input=torch.ones(1,1,7)&layer=nn.Conv1d(1,1,3)&layer=Conv1d(1,1,2)';
  assert.equal(extraQuery(hash), '&tool=design&in_length=3&layer=nn.Conv1d(1,1,3)&layer=Conv1d(1,1,2)');
  assert.equal(caseQuery(hash), 'op=conv1d&input=torch.ones(1,1,7)');
  assert.equal(extraQuery('#op=conv1d'), '');
  assert.equal(extraQuery('#%zz=1&stride=2'), '&%zz=1'); // a stray '%' is kept as written, never thrown
  assert.equal(queryToState('#tool=design&in_length=3'), null); // no case in it: the element keeps its own
});
