// Size and shape attacks on the playground (hostile-heavy-payloads.test.mjs): megabyte strings,
// deep nesting, absurd sizes and cases at the page's limits.
import { MEGABYTE_IN_URL } from './payloads.mjs';

/**
 * One field's cases: [name, value (a JS expression evaluated in the page, so megabytes need not
 * cross the wire), the message the user must see, or 'computes' for a case that must compute].
 */
const intoField = (field, rows) =>
  rows.map(([name, value, expect]) =>
    expect === 'computes' ? { name, field, value, ok: true } : { name, field, value, message: expect },
  );

/**
 * Every case: name, field, value, the message (or ok: it computes), and for cases that put more
 * than one field in play, the other fields first; valid: the field's value for the recovery
 * (else the start's); via: 'hash' for a value that comes in a link.
 */
export const HEAVY = [
  ...intoField('input', [
    ['1 MB of digits (input)', "'1'.repeat(1 << 20)", /input.*1,048,576 characters.*limit/],
    ['1 MB tensor literal (input)', "'[' + '1., '.repeat(262143) + '1.]'", /input.*1,048,576 characters.*limit/],
    [
      'tensor literal just under the API limit (input)',
      "'[[[' + '1,'.repeat(499990) + ']]]'",
      /input.*characters.*limit/,
    ],
    ['30,000 nested [ (input)', "'['.repeat(30000)", /input.*nested deeper than 32/],
    ['100,000 nested [ (input)', "'['.repeat(100000)", /input.*100,000 characters.*limit/],
    ['[ x 16,000 then ] x 16,000 (input)', "'['.repeat(16000) + ']'.repeat(16000)", /input.*nested deeper than 32/],
    ['30,000 unary minus signs (input)', "'-'.repeat(30000) + 'torch.ones(1, 1, 4)'", 'computes'],
    ['a 32,757-character tensor literal, 16,376 numbers (input)', "'[[[' + '1,'.repeat(16375) + '1]]]'", 'computes'],
    ['100,000 chained .float() (input)', "'torch.ones(1,1,3)' + '.float()'.repeat(100000)", /input.*characters.*limit/],
    ['3,000 chained .float() (input)', "'torch.ones(1,1,3)' + '.float()'.repeat(3000)", /input.*chained/],
    ['torch.ones(1000000000)', "'torch.ones(1000000000)'", /input.*1,000,000,000 elements.*limit/],
    ['torch.randn(100000, 100000)', "'torch.randn(100000, 100000)'", /input.*10,000,000,000 elements.*limit/],
    ['torch.randn(1, 1, 4000000) (the API element limit)', "'torch.randn(1, 1, 4000000)'", /input.*elements.*limit/],
    ['torch.ones(2 ** 62)', "'torch.ones(4611686018427387904)'", /input.*elements.*limit/],
    ['torch.tensor([1e999999])', "'torch.tensor([[[1e999999, -1e999999]]])'", 'computes'],
  ]),
  ...intoField('weight', [
    ['1 MB of "<" (weight)', "'<'.repeat(1 << 20)", /weight.*characters.*limit/],
    ['30,000 nested ( (weight)', "'('.repeat(30000)", /weight.*nested deeper than 32/],
  ]),
  ...intoField('stride', [
    ['stride=1e308', "'1e308'", /stride.*(too large|limit)/],
    ['stride=9 x 400 digits', "'9'.repeat(400)", /stride/],
    ['stride: 1 MB of digits', "'1'.repeat(1 << 20)", /stride/],
    ['stride=16777216 (16-million-long output)', "'16777216'", /output|elements|limit/i],
  ]),
  ...intoField('padding', [
    ['padding=-1e9', "'-1e9'", /padding/],
    ['padding=16777216 (transposed, negative length)', "'16777216'", /padding|output/i],
  ]),
  ...intoField('output_padding', [['output_padding=16777215', "'16777215'", /output_padding/]]),
  ...intoField('groups', [['groups=65536', "'65536'", /groups|channels/]]),
  ...intoField('dilation', [['dilation=16777216 (kernel 8)', "'16777216'", /dilation|output|elements|limit/i]]),
  {
    // conv_transpose1d takes no padding_mode: the case computes and a (clipped) note names the
    // link's value (issue 9), so there is no error message, only the time limit and recovery.
    name: 'padding_mode: 1 MB',
    field: 'padding_mode',
    value: `'A'.repeat(${MEGABYTE_IN_URL})`,
    ok: true,
    via: 'hash',
  },
  {
    name: 'kernel 65536 over an input of length 262,144 (1.3e10 multiply-adds)',
    field: 'weight',
    value: "'torch.ones(1, 1, 65536)'",
    first: { op: 'conv1d', input: 'torch.ones(1, 1, 262144)', stride: '1', padding: '0' },
    message: /multiply-adds.*limit/,
  },
  {
    name: 'just over the page limit (512 channels x 129 long x 512)',
    field: 'input',
    value: "'torch.ones(1, 512, 129)'",
    first: {
      op: 'conv1d',
      weight: 'torch.ones(512, 512, 1)',
      input: 'torch.ones(1, 512, 2)',
      stride: '1',
      padding: '0',
    },
    message: /This case needs 33,816,576 multiply-adds; the playground's limit is 33,554,432/,
  },
  {
    name: 'transposed, kernel 65536 over an input of length 262,144',
    field: 'weight',
    value: "'torch.ones(1, 1, 65536)'",
    first: { input: 'torch.ones(1, 1, 262144)', stride: '1', padding: '0' },
    message: /output would have|multiply-adds/,
  },
  {
    name: 'conv1d padding=16777216 over length 262,144',
    field: 'padding',
    value: "'16777216'",
    first: { op: 'conv1d', input: 'torch.ones(1, 1, 262144)', weight: 'torch.ones(1, 1, 3)', stride: '1' },
    message: /output would have|too large/,
  },
  {
    name: 'conv1d padding=400000 (an axis of a million cells, one output)',
    field: 'padding',
    value: "'400000'",
    first: { op: 'conv1d', input: 'torch.ones(1, 1, 16)', weight: 'torch.ones(1, 1, 3)', stride: '1000000' },
    ok: true,
  },
  {
    name: '65536 x 64 weight (4 million elements)',
    field: 'weight',
    value: "'torch.ones(65536, 64, 1)'",
    first: { op: 'conv1d', input: 'torch.ones(1, 64, 16)', stride: '1', padding: '0' },
    valid: 'torch.ones(2, 64, 3)',
    message: /weight.*elements.*limit/,
  },
  {
    name: '33.5 million multiply-adds (the page limit): 512 channels x 128 long x 512',
    field: 'weight',
    value: "'torch.ones(512, 512, 1)'",
    first: { op: 'conv1d', input: 'torch.randn(1, 512, 128)', stride: '1', padding: '0' },
    valid: 'torch.ones(4, 512, 3)',
    ok: true,
  },
  {
    name: '65,536 output channels (weight 65536 x 1 x 1; 524,288 outputs, the page limit)',
    field: 'weight',
    value: "'torch.ones(65536, 1, 1)'",
    first: { op: 'conv1d', input: 'torch.ones(1, 1, 8)', stride: '1', padding: '0' },
    valid: 'torch.ones(2, 1, 3)',
    ok: true,
  },
  {
    name: '4,096 batches x 64 channels (262,144 output rows)',
    field: 'input',
    value: "'torch.ones(4096, 64, 1)'",
    first: { op: 'conv1d', weight: 'torch.ones(64, 1, 1)', groups: '64', stride: '1', padding: '0' },
    valid: 'torch.ones(2, 64, 5)',
    ok: true,
  },
];
