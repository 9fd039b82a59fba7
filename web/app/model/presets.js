// One-click examples: every cell of the seed notebook (titled as in tests/golden/notebook.json),
// then a few instructive extras.
import { completeState } from './state.js';

const ones2 = 'torch.ones(1, 1, 2)';
const t = (op, input, weight, params = {}) => completeState({ op, input, weight, ...params });

export const PRESETS = [
  {
    group: 'notebook',
    title: 'Conv1d(1, 1, kernel_size=3), padding=0',
    state: t('conv1d', 'torch.ones(1, 1, 7)', 'torch.ones(1, 1, 3)'),
  },
  {
    group: 'notebook',
    title: 'Conv1d(1, 1, kernel_size=3), padding=1',
    state: t('conv1d', 'torch.ones(1, 1, 7)', 'torch.ones(1, 1, 3)', { padding: '1' }),
  },
  {
    group: 'notebook',
    title: 'ConvTranspose1d(1, 1, kernel_size=3), random weight: one input element copies the kernel',
    state: t(
      'conv_transpose1d',
      'torch.ones(1, 1, 1)',
      'torch.randn(1, 1, 3, generator=torch.Generator().manual_seed(0))',
    ),
  },
  ...[
    [1, 3],
    [2, 3],
    [3, 3],
    [4, 3],
    [4, 4],
    [4, 8],
  ].map(([stride, k]) => ({
    group: 'notebook',
    title: `ConvTranspose1d: stride=${stride}, kernel_size=${k}`,
    state: t('conv_transpose1d', ones2, `torch.ones(1, 1, ${k})`, { stride: String(stride) }),
  })),
  {
    group: 'notebook',
    title: 'ConvTranspose1d: stride=4, kernel_size=8, padding=2',
    state: t('conv_transpose1d', ones2, 'torch.ones(1, 1, 8)', { stride: '4', padding: '2' }),
  },
  {
    group: 'notebook',
    title: 'ConvTranspose1d: stride=4, kernel_size=8, output_padding=1',
    state: t('conv_transpose1d', ones2, 'torch.ones(1, 1, 8)', { stride: '4', output_padding: '1' }),
  },
  {
    group: 'notebook',
    title: 'ConvTranspose1d: stride=4, kernel_size=8, padding=2, output_padding=1',
    state: t('conv_transpose1d', ones2, 'torch.ones(1, 1, 8)', { stride: '4', padding: '2', output_padding: '1' }),
  },
  {
    group: 'extra',
    title: 'Checkerboard: ConvTranspose1d, kernel_size=3, stride=2',
    state: t('conv_transpose1d', 'torch.ones(1, 1, 8)', 'torch.ones(1, 1, 3)', { stride: '2' }),
  },
  {
    group: 'extra',
    title: 'Even overlap: ConvTranspose1d, kernel_size=4, stride=2, padding=1',
    state: t('conv_transpose1d', 'torch.ones(1, 1, 8)', 'torch.ones(1, 1, 4)', { stride: '2', padding: '1' }),
  },
  {
    group: 'extra',
    title: 'Dilation: ConvTranspose1d, kernel_size=3, stride=2, dilation=3',
    state: t('conv_transpose1d', 'torch.tensor([[[1., 2., 3.]]])', 'torch.ones(1, 1, 3)', {
      stride: '2',
      dilation: '3',
    }),
  },
  {
    group: 'extra',
    title: "Dilation: Conv1d, kernel_size=3, dilation=2, padding='same'",
    state: t('conv1d', 'torch.arange(10.).reshape(1, 1, 10)', 'torch.tensor([[[-1., 0., 1.]]])', {
      dilation: '2',
      padding: "'same'",
    }),
  },
  {
    group: 'extra',
    title: 'Depthwise: Conv1d(3, 3, kernel_size=3, groups=3)',
    state: t(
      'conv1d',
      'torch.arange(18.).reshape(1, 3, 6)',
      'torch.tensor([[[1., 1., 1.]], [[-1., 0., 1.]], [[0., 1., 0.]]])',
      { groups: '3', padding: '1' },
    ),
  },
  {
    group: 'extra',
    title: "Reflect padding: Conv1d, kernel_size=3, padding=2, padding_mode='reflect'",
    state: t('conv1d', 'torch.tensor([[[1., 2., 3., 4., 5.]]])', 'torch.ones(1, 1, 3)', {
      padding: '2',
      padding_mode: 'reflect',
    }),
  },
  {
    group: 'extra',
    title: "Circular padding: Conv1d, kernel_size=3, padding=1, padding_mode='circular'",
    state: t('conv1d', 'torch.tensor([[[1., 2., 3., 4., 5.]]])', 'torch.tensor([[[1., 0., 0.]]])', {
      padding: '1',
      padding_mode: 'circular',
    }),
  },
  {
    group: 'extra',
    title: 'Channels: ConvTranspose1d(2, 3, kernel_size=4, stride=2) with bias',
    state: completeState({
      op: 'conv_transpose1d',
      input: 'torch.tensor([[[1., 2., 0.5], [-1., 0., 1.]]])',
      weight: 'torch.randn(2, 3, 4, generator=torch.Generator().manual_seed(1))',
      stride: '2',
      biasOn: true,
      bias: 'torch.tensor([0.1, 0., -0.1])',
    }),
  },
];
