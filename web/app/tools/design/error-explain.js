// PyTorch's Conv1d / ConvTranspose1d error messages, read back: what each means for the numbers
// it quotes, and the one-click fix (a new playground case). Pure: text in, {title, meaning, fix}.
import { completeState } from '../../model/state.js';
import { ones } from './case-edits.js';

const nums = (text) => text.split(/\s*,\s*/).map(Number);

/** Each rule: a pattern over the message and what it means; fix(state) -> the fixed case. */
const RULES = [
  {
    re: /Given (groups=(\d+)|transposed=1), weight of size \[([\d, ]+)\], expected input\[([\d, ]+)\] to have (\d+) channels, but got (\d+) channels instead/,
    read(m) {
      const transposed = m[1].startsWith('transposed');
      const groups = transposed ? 1 : Number(m[2]);
      const weight = nums(m[3]);
      const input = nums(m[4]);
      const want = Number(m[5]);
      const got = Number(m[6]);
      const op = transposed ? 'conv_transpose1d' : 'conv1d';
      const name = transposed ? 'ConvTranspose1d' : 'Conv1d';
      const layout = transposed
        ? '(in_channels, out_channels/groups, kernel_size)'
        : '(out_channels, in_channels/groups, kernel_size)';
      const fixed = [...input];
      fixed[fixed.length - 2] = want;
      return {
        title: 'The input has the wrong number of channels',
        meaning:
          `The ${name}'s weight [${weight.join(', ')}] is laid out ${layout}` +
          (transposed
            ? `, so the layer reads ${want} input channels`
            : ` with groups=${groups}, so the layer reads ${weight[1]} × ${groups} = ${want} input channels`) +
          `. Your input [${input.join(', ')}] has ${got} in dimension ${input.length - 2} (channels). ` +
          `Either give the input ${want} channels, or build the layer with in_channels=${got}.`,
        fixLabel: `Give the input ${want} channels`,
        fix: (state) =>
          completeState({
            ...state,
            op,
            input: ones(fixed),
            weight: ones(weight),
            groups: String(groups),
            padding_mode: 'zeros',
          }),
      };
    },
  },
  {
    re: /output padding must be smaller than either stride or dilation(?:, but got output_padding(?:_width)?: (\d+) stride(?:_width)?: (\d+) dilation(?:_width)?: (\d+))?/,
    read(m, state) {
      const op = m[1] !== undefined ? Number(m[1]) : Number(state.output_padding) || 1;
      const stride = m[2] !== undefined ? Number(m[2]) : Number(state.stride) || 1;
      const dilation = m[3] !== undefined ? Number(m[3]) : Number(state.dilation) || 1;
      const max = Math.max(stride, dilation) - 1;
      return {
        title: 'output_padding is too large',
        meaning:
          `output_padding adds cells to one end of a ConvTranspose1d's output to pick one of the stride input lengths ` +
          `that a strided Conv1d maps to the same length; it must be below stride or dilation. ` +
          `Here output_padding=${op} with stride=${stride} and dilation=${dilation}: the largest it may be is ${max}.` +
          (max === 0
            ? ' With stride=1 and dilation=1 no output_padding is needed: every length maps back uniquely.'
            : ''),
        fixLabel: `Use output_padding=${max}`,
        fix: (s) =>
          completeState({
            ...s,
            op: 'conv_transpose1d',
            stride: String(stride),
            dilation: String(dilation),
            output_padding: String(max),
          }),
      };
    },
  },
  {
    re: /Calculated padded input size per channel: \((\d+)\)\. Kernel size: \((\d+)\)/,
    read(m) {
      const padded = Number(m[1]);
      const kernel = Number(m[2]);
      const more = kernel - padded;
      const pad = Math.ceil(more / 2);
      return {
        title: 'The kernel is longer than the padded input',
        meaning:
          `A Conv1d slides its kernel (dilation·(kernel_size − 1) + 1 = ${kernel} cells) along the input after padding ` +
          `(${padded} cells), and it must fit at least once. It is ${more} ${more === 1 ? 'cell' : 'cells'} too long: ` +
          `use an input at least ${more} longer, ${pad} more padding on each side, or a smaller kernel_size or dilation.`,
        fixLabel: `Pad ${pad} more on each side`,
        // The message's own case: an input as long as the padded one, the dilated kernel, the padding that fits it.
        fix: (s) =>
          completeState({
            ...s,
            op: 'conv1d',
            input: ones([1, 1, padded]),
            weight: ones([1, 1, kernel]),
            stride: '1',
            dilation: '1',
            groups: '1',
            padding: String(pad),
            padding_mode: 'zeros',
          }),
      };
    },
  },
  {
    re: /Only "?zeros"? padding mode is supported for ConvTranspose1d/,
    read() {
      return {
        title: 'ConvTranspose1d pads with zeros only',
        meaning:
          "A ConvTranspose1d's padding does not add cells: it crops padding cells from each end of the output, so " +
          "there is nothing to fill by reflection or repetition. Use padding_mode='zeros' (the default); to pad the " +
          "input itself, call F.pad(x, (p, p), mode='reflect') before the layer.",
        fixLabel: "Use padding_mode='zeros'",
        fix: (s) => completeState({ ...s, op: 'conv_transpose1d', padding_mode: 'zeros' }),
      };
    },
  },
  {
    re: /padding='same' is not supported for strided convolutions/,
    read(m, state) {
      return {
        title: "padding='same' needs stride=1",
        meaning:
          "'same' keeps the output as long as the input, which a stride above 1 cannot do. Use stride=1, or an " +
          'explicit padding (the shape solver finds the ones that give the length you want).',
        fixLabel: 'Use stride=1',
        fix: () => completeState({ ...state, op: 'conv1d', stride: '1', padding: 'same' }),
      };
    },
  },
  {
    re: /Expected 2D \(unbatched\) or 3D \(batched\) input to conv(?:_transpose)?1d, but got input of size: \[([\d, ]*)\]/,
    read(m, state) {
      const shape = m[1].trim() ? nums(m[1]) : [];
      const fixed = shape.length === 1 ? [1, 1, shape[0]] : shape.length > 3 ? shape.slice(-3) : [1, 1, 8];
      return {
        title: 'The input must be (N, C, L) or (C, L)',
        meaning:
          `Conv1d and ConvTranspose1d read a batch of channels of sequences: (N, C_in, L), or (C_in, L) for one ` +
          `example. The input [${shape.join(', ')}] has ${shape.length} ${shape.length === 1 ? 'dimension' : 'dimensions'}` +
          (shape.length === 1 ? ': add the batch and channel ones, x.view(1, 1, -1).' : '.'),
        fixLabel: `Use an input of shape (${fixed.join(', ')})`,
        fix: () => completeState({ ...state, input: ones(fixed) }),
      };
    },
  },
];

/** {title, meaning, fixLabel, fix(state)} for a recognised message, else null. */
export function explainError(text, state) {
  const flat = String(text).replace(/\s+/g, ' ');
  for (const rule of RULES) {
    const m = flat.match(rule.re);
    if (m) return rule.read(m, state);
  }
  return null;
}

/** The messages explainError reads, for the page's hint. */
export const KNOWN_ERRORS = [
  'Given groups=…, weight of size […], expected input[…] to have … channels',
  'output padding must be smaller than either stride or dilation',
  'Calculated padded input size per channel: (…). Kernel size: (…)',
  'Only "zeros" padding mode is supported for ConvTranspose1d',
  "padding='same' is not supported for strided convolutions",
  'Expected 2D (unbatched) or 3D (batched) input',
];
