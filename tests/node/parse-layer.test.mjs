// parseLayer against what PyTorch 1.13 builds (tests/golden/layer_cases.json): the same layer for
// every text torch accepts, a ConvLabError naming the problem wherever torch raises (building the
// layer or calling it on any input), and the parsed layer runs in ConvLab with torch's output shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseLayer, formatLayer, ConvLabError, loadConvLab } from '../../web/lib/index.js';

const golden = JSON.parse(readFileSync(new URL('../golden/layer_cases.json', import.meta.url), 'utf8')).cases;
const lab = await loadConvLab();

// Texts torch 1.13 accepts that ConvLab refuses on purpose, and the word its message must hold.
const DEVIATIONS = {
  // torch 1.13 quirk: builds a (4, 0, 3) weight and returns an empty-channel tensor; newer PyTorch
  // and ConvLab need at least one input channel.
  'nn.Conv1d(0, 4, 3)': 'in_channels',
  // ConvLab computes float32 only.
  'nn.Conv1d(1, 1, 3, dtype=torch.float64)': 'float32',
  // Python counts any non-empty string as true: torch adds a bias whatever the text says.
  "nn.Conv1d(1, 1, 3, bias='False')": 'bias',
};

const camel = (layer) => ({
  op: layer.op,
  inChannels: layer.in_channels,
  outChannels: layer.out_channels,
  kernelSize: layer.kernel_size,
  stride: layer.stride,
  padding: layer.padding,
  dilation: layer.dilation,
  groups: layer.groups,
  bias: layer.bias,
  paddingMode: layer.padding_mode,
  outputPadding: layer.output_padding,
  weightShape: layer.weight_shape,
});

function rejects(text, word) {
  assert.throws(
    () => parseLayer(text),
    (e) => {
      assert.ok(e instanceof ConvLabError, `${text}: expected a ConvLabError, got ${e}`);
      assert.ok(e.message.toLowerCase().includes(word.toLowerCase()), `${text}: message lacks '${word}': ${e.message}`);
      return true;
    },
  );
}

test('golden: every layer torch builds is read with the same attributes', () => {
  let checked = 0;
  for (const c of golden) {
    if (c.outcome !== 'built' || c.text in DEVIATIONS) continue;
    assert.deepEqual(parseLayer(c.text), camel(c.layer), c.text);
    checked++;
  }
  assert.ok(checked >= 40, `only ${checked} accepted cases`);
  console.log(`# parseLayer golden: ${checked} accepted layers match torch`);
});

test('golden: every text torch rejects (building or calling) throws a ConvLabError saying why', () => {
  let built = 0;
  let called = 0;
  for (const c of golden) {
    if (c.outcome === 'built') continue;
    rejects(c.text, c.mentions);
    if (c.outcome === 'build_error') built++;
    else called++;
  }
  assert.ok(built >= 25 && called >= 15, `${built} build and ${called} call rejections`);
  console.log(`# parseLayer golden: ${built} build-time and ${called} call-time rejections match torch`);
});

test('golden: the deliberate deviations from torch 1.13 are refused, and are all accepted by torch', () => {
  for (const [text, word] of Object.entries(DEVIATIONS)) {
    const c = golden.find((g) => g.text === text);
    assert.equal(c?.outcome, 'built', `${text} should be in the golden file as accepted`);
    rejects(text, word);
  }
});

test('golden: a parsed layer runs in ConvLab on torch probe input with torch output shape', () => {
  let ran = 0;
  for (const c of golden) {
    if (c.outcome !== 'built' || c.text in DEVIATIONS) continue;
    const layer = parseLayer(c.text);
    const params = {
      stride: layer.stride,
      padding: layer.padding,
      dilation: layer.dilation,
      groups: layer.groups,
    };
    if (layer.op === 'conv1d') params.paddingMode = layer.paddingMode;
    else params.outputPadding = layer.outputPadding;
    const shape = lab.outputShape(layer.op, c.probe.input_shape, layer.weightShape, params);
    assert.deepEqual(shape, c.probe.output_shape, c.text);
    ran++;
  }
  assert.ok(ran >= 40);
});

test('golden: PyTorch own repr and print(model) lines are read back', () => {
  const reprs = golden.filter((c) => c.repr_of);
  assert.ok(reprs.length >= 7);
  for (const c of reprs) assert.deepEqual(parseLayer(c.text), camel(c.layer), c.text);
  assert.equal(parseLayer('Conv1d(1, 1, kernel_size=(3,), stride=(1,), padding=same)').padding, 'same');
});

test('formatLayer writes PyTorch code that parseLayer reads back to the same layer', () => {
  let n = 0;
  for (const c of golden) {
    if (c.outcome !== 'built' || c.text in DEVIATIONS) continue;
    const layer = parseLayer(c.text);
    const code = formatLayer(layer);
    assert.deepEqual(parseLayer(code), layer, code);
    n++;
  }
  assert.ok(n >= 40);
  assert.equal(
    formatLayer(parseLayer('nn.ConvTranspose1d(4, 8, 3, 2, 1, 1, 2, False, 2)')),
    'nn.ConvTranspose1d(4, 8, kernel_size=3, stride=2, padding=1, output_padding=1, dilation=2, groups=2, bias=False)',
  );
  assert.equal(
    formatLayer(parseLayer('Conv1d(1, 2, 3)'), { prefix: 'torch.nn.' }),
    'torch.nn.Conv1d(1, 2, kernel_size=3)',
  );
  assert.throws(() => formatLayer({ op: 'conv2d' }), ConvLabError);
  assert.throws(() => formatLayer(null), ConvLabError);
});

test('what people paste around a layer: assignments, print(model) names, trailing commas, comments', () => {
  const want = parseLayer('nn.Conv1d(1, 8, 3)');
  for (const text of [
    'conv = nn.Conv1d(1, 8, 3)',
    'self.encoder1 = nn.Conv1d(1, 8, 3)',
    '(conv1): Conv1d(1, 8, 3)',
    '  nn.Conv1d(1, 8, 3),  # first layer',
    'nn.Conv1d(1, 8, 3);',
    'torch.nn.modules.conv.Conv1d(1, 8, 3)',
    'nn.Conv1d(1, 8, \\\n 3)',
    "nn.Conv1d(1, 8, 3, padding_mode='ze' 'ros')",
    'nn.Conv1d(1, 8, 3, padding=(0), stride=[1], dilation=(1,), bias=1)',
  ]) {
    assert.deepEqual(parseLayer(text), want, text);
  }
  assert.equal(parseLayer("nn.Conv1d(1, 8, 3, padding=r'valid')").padding, 'valid');
  assert.equal(parseLayer('nn.Conv1d(1, 8, 3, device=torch.device("cpu"))').outChannels, 8);
  assert.equal(parseLayer('nn.Conv1d(1, 8, 0b11, stride=0o2, padding=0x1)').kernelSize, 3);
});

test('ConvTranspose1d positional order puts output_padding, groups, bias before dilation', () => {
  const t = parseLayer('nn.ConvTranspose1d(4, 8, 3, 2, 1, 1, 2, False, 3)');
  assert.deepEqual(
    [t.stride, t.padding, t.outputPadding, t.groups, t.bias, t.dilation, t.weightShape],
    [2, 1, 1, 2, false, 3, [4, 4, 3]],
  );
  const c = parseLayer("nn.Conv1d(4, 8, 3, 2, 1, 3, 2, False, 'circular')");
  assert.deepEqual([c.dilation, c.groups, c.paddingMode, c.weightShape], [3, 2, 'circular', [8, 2, 3]]);
});

test('syntax errors say where, in Python terms', () => {
  assert.throws(() => parseLayer('nn.Conv1d(1, 1, 3'), /never closed/);
  assert.throws(() => parseLayer('nn.Conv1d(1, 1, 3))'), /column 19.*one layer at a time/);
  assert.throws(() => parseLayer('nn.Conv1d(1 1, 3)'), /column 13: expected ',' or '\)'/);
  assert.throws(() => parseLayer("nn.Conv1d(1, 1, 3, padding='same)"), /unterminated string/);
  assert.throws(() => parseLayer('nn.Conv1d(1, 1, 3j)'), /not a Python number/);
  assert.throws(() => parseLayer('nn.Conv1d(1, 1, 3, stride=-(1,))'), /needs a number/);
  assert.throws(() => parseLayer('nn.Conv1d(\n  1,\n  1 @ 3)'), /line 3, column 5: unexpected character '@'/);
  assert.throws(() => parseLayer('nn.Conv1d(*args)'), /\*args/);
  assert.throws(() => parseLayer('nn.Conv1d(1, 8, 3)\nnn.Conv1d(8, 8, 3)'), /one layer at a time/);
});

test('names, other layers and other values get a message that says what to write', () => {
  rejects('nn.Conv2d(1, 1, 3)', 'reads nn.Conv1d and nn.ConvTranspose1d');
  rejects('nn.Linear(4, 8)', 'nn.Linear is not a layer');
  rejects('nn.conv1d(1, 1, 3)', 'case-sensitive');
  rejects('F.conv_transpose1d(x, w)', 'functional form');
  rejects('nn.Conv1d(in_ch, 8, 3)', 'in_ch');
  rejects('nn.Conv1d(1, 8, k)', 'kernel_size');
  rejects('nn.Conv1d(1, 8, 3, padding=p)', 'padding');
  rejects('nn.Conv1d(1, 8, 3, padding=Same)', 'padding');
  rejects('nn.Conv1d(1, 8, 3, padding_mode=relfect)', "did you mean padding_mode='reflect'");
  rejects('nn.Conv1d(1, 8, 3, dilaton=2)', 'did you mean dilation');
  rejects('nn.Conv1d(1, 8, 3, stride=True)', 'bool');
  rejects('nn.Conv1d(1, 8, 3, bias=2.5)', 'bias');
  rejects('nn.Conv1d(1, 8, 3, dtype=torch.float16)', 'float32');
  rejects('nn.Conv1d(1, 8, 3, device=0.5)', 'device');
  rejects('nn.Conv1d(1, 8, 10**20)', "'*'"); // not a literal
  rejects('nn.Conv1d(1, 8, 99999999999999999999)', 'too large');
  rejects("nn.Conv1d(1, 8, 3, padding=b'same')", 'plain strings');
  rejects('nn.Conv1d(1, 8, 3, stride=())', 'stride=1');
  rejects('nn.Conv1d(1, 8, 3, groups=4)', 'groups=1');
  assert.throws(() => parseLayer(42), /expected the layer as a string/);
  assert.throws(() => parseLayer(''), /empty/);
});

test('every fix suggested is a layer that parses', () => {
  const cases = [
    ['nn.Conv1d(2, 4, 3, groups=0)', /Use groups=1 or 2/],
    ['nn.Conv1d(1, 1, 3, stride=2, padding="same")', /Use stride=1, or a number: padding=1/],
    ['nn.ConvTranspose1d(1, 1, 3, stride=2, output_padding=2)', /between 0 and 1/],
    ['nn.ConvTranspose1d(1, 1, 3, output_padding=1)', /between 0 and 0, or stride=2/],
    ['nn.ConvTranspose1d(1, 1, 3, padding="valid")', /Use padding=0/],
  ];
  for (const [text, fix] of cases) assert.throws(() => parseLayer(text), fix, text);
  parseLayer('nn.Conv1d(2, 4, 3, groups=2)');
  parseLayer('nn.Conv1d(1, 1, 3, stride=2, padding=1)');
  parseLayer('nn.ConvTranspose1d(1, 1, 3, stride=2, output_padding=1)');
});

test('hostile text fails fast with a ConvLabError', () => {
  const texts = [
    'nn.Conv1d(' + '('.repeat(5000),
    'nn.Conv1d(1, 1, ' + '['.repeat(100) + '3' + ']'.repeat(100) + ')',
    'x'.repeat(20_000),
    'nn.Conv1d(1, 1, 3, padding_mode="' + 'a'.repeat(9000) + '")',
    '\u0000nn.Conv1d(1, 1, 3)',
    'nn.Conv1d(1, 1, 3, __proto__=1)',
    'nn.Conv1d(1, 1, 3, constructor=1)',
  ];
  for (const text of texts) {
    const start = performance.now();
    assert.throws(() => parseLayer(text), ConvLabError, text.slice(0, 40));
    assert.ok(performance.now() - start < 1000, 'hostile text took more than a second');
  }
});

test('errors carry the field at fault (PyTorch names), so a page can point at it', () => {
  const field = (text) => {
    try {
      parseLayer(text);
    } catch (e) {
      return e.field;
    }
    return 'accepted';
  };
  assert.equal(field('nn.Conv1d(2, 4, 3, groups=3)'), 'groups');
  assert.equal(field('nn.ConvTranspose1d(1, 1, 3, stride=2, output_padding=2)'), 'output_padding');
  assert.equal(field("nn.Conv1d(1, 1, 3, padding_mode='zero')"), 'padding_mode');
  assert.equal(field('nn.Conv1d(1, 1, 3, stride=0)'), 'stride');
  assert.equal(field('nn.Conv1d(1, 1)'), 'kernel_size');
  assert.equal(field('nn.Conv1d(1, 0, 3)'), 'out_channels');
  assert.equal(field('nn.Conv1d(1, 1, 3, bias="no")'), 'bias');
  assert.equal(field('nn.Conv1d(1, 1, 3, strides=2)'), 'text');
  assert.equal(field('nn.Conv1d(1, 1, 3'), 'text');
  assert.equal(field('nn.Conv2d(1, 1, 3)'), 'text');
  assert.throws(
    () =>
      formatLayer(
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('trap');
            },
          },
        ),
      ),
    (e) => e instanceof ConvLabError && e.field === 'layer',
  );
});
