// One-click examples: every cell of the seed notebook (titled as in tests/golden/notebook.json),
// then a few instructive extras. Each row: title, op, input, weight, and the fields that differ
// from PyTorch's defaults (as the form holds them: text).
import { completeState } from './state.js';

const CT = 'conv_transpose1d';
const ones = (n) => `torch.ones(1, 1, ${n})`;

const NOTEBOOK = [
  ['Conv1d(1, 1, kernel_size=3), padding=0', 'conv1d', ones(7), ones(3)],
  ['Conv1d(1, 1, kernel_size=3), padding=1', 'conv1d', ones(7), ones(3), { padding: '1' }],
  [
    'ConvTranspose1d(1, 1, kernel_size=3), random weight: one input element copies the kernel',
    CT,
    ones(1),
    'torch.randn(1, 1, 3, generator=torch.Generator().manual_seed(0))',
  ],
  ...[
    [1, 3],
    [2, 3],
    [3, 3],
    [4, 3],
    [4, 4],
    [4, 8],
  ].map(([stride, k]) => [
    `ConvTranspose1d: stride=${stride}, kernel_size=${k}`,
    CT,
    ones(2),
    ones(k),
    { stride: `${stride}` },
  ]),
  ...[{ padding: '2' }, { output_padding: '1' }, { padding: '2', output_padding: '1' }].map((params) => [
    `ConvTranspose1d: stride=4, kernel_size=8, ${Object.entries(params)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ')}`,
    CT,
    ones(2),
    ones(8),
    { stride: '4', ...params },
  ]),
];

const EXTRA = [
  ['Checkerboard: ConvTranspose1d, kernel_size=3, stride=2', CT, ones(8), ones(3), { stride: '2' }],
  [
    'Even overlap: ConvTranspose1d, kernel_size=4, stride=2, padding=1',
    CT,
    ones(8),
    ones(4),
    { stride: '2', padding: '1' },
  ],
  [
    'Dilation: ConvTranspose1d, kernel_size=3, stride=2, dilation=3',
    CT,
    'torch.tensor([[[1., 2., 3.]]])',
    ones(3),
    { stride: '2', dilation: '3' },
  ],
  [
    "Dilation: Conv1d, kernel_size=3, dilation=2, padding='same'",
    'conv1d',
    'torch.arange(10.).reshape(1, 1, 10)',
    'torch.tensor([[[-1., 0., 1.]]])',
    { dilation: '2', padding: "'same'" },
  ],
  [
    'Depthwise: Conv1d(3, 3, kernel_size=3, groups=3)',
    'conv1d',
    'torch.arange(18.).reshape(1, 3, 6)',
    'torch.tensor([[[1., 1., 1.]], [[-1., 0., 1.]], [[0., 1., 0.]]])',
    { groups: '3', padding: '1' },
  ],
  [
    "Reflect padding: Conv1d, kernel_size=3, padding=2, padding_mode='reflect'",
    'conv1d',
    'torch.tensor([[[1., 2., 3., 4., 5.]]])',
    ones(3),
    { padding: '2', padding_mode: 'reflect' },
  ],
  [
    "Circular padding: Conv1d, kernel_size=3, padding=1, padding_mode='circular'",
    'conv1d',
    'torch.tensor([[[1., 2., 3., 4., 5.]]])',
    'torch.tensor([[[1., 0., 0.]]])',
    { padding: '1', padding_mode: 'circular' },
  ],
  [
    'Channels: ConvTranspose1d(2, 3, kernel_size=4, stride=2) with bias',
    CT,
    'torch.tensor([[[1., 2., 0.5], [-1., 0., 1.]]])',
    'torch.randn(2, 3, 4, generator=torch.Generator().manual_seed(1))',
    { stride: '2', biasOn: true, bias: 'torch.tensor([0.1, 0., -0.1])' },
  ],
];

const preset =
  (group) =>
  ([title, op, input, weight, fields = {}]) => ({
    group,
    title,
    state: completeState({ op, input, weight, ...fields }),
  });

export const PRESETS = [...NOTEBOOK.map(preset('notebook')), ...EXTRA.map(preset('extra'))];
