// The values parseTensor's evaluator works with (numbers, tensors, functions, …), how messages
// describe them, and the names torch, its dtypes and tensor methods go by.

export const TORCH_FUNCTIONS = [
  'tensor',
  'ones',
  'zeros',
  'full',
  'arange',
  'linspace',
  'randn',
  'rand',
  'manual_seed',
  'Generator',
];
export const TENSOR_METHODS = [
  'reshape',
  'view',
  'unsqueeze',
  'squeeze',
  'flatten',
  'float',
  'contiguous',
  'clone',
  'detach',
];
export const FLOAT32_DTYPES = new Set(['float32', 'float']);
export const OTHER_DTYPES = new Set([
  'float64',
  'double',
  'float16',
  'half',
  'bfloat16',
  'int64',
  'long',
  'int32',
  'int',
  'int16',
  'short',
  'int8',
  'uint8',
  'bool',
  'complex64',
  'complex128',
  'cfloat',
  'cdouble',
]);
export const COMMON_KWARGS = ['dtype', 'requires_grad', 'device'];

export const num = (v, isInt = false, big = null) => ({ t: 'num', v, isInt, big });
export const tensor = (shape, data) => ({ t: 'tensor', shape, data });
export const fn = (name, self = null) => ({ t: 'fn', name, self });

export function describeValue(v) {
  switch (v.t) {
    case 'num':
      return `the number ${v.isInt && v.big !== null ? v.big : v.v}`;
    case 'str':
      return `the string '${v.v}'`;
    case 'seq':
      return v.kind === 'list' ? 'a list' : 'a tuple';
    case 'tensor':
      return `a tensor of shape [${v.shape.join(', ')}]`;
    case 'gen':
      return 'a torch.Generator';
    case 'dtype':
      return `torch.${v.name}`;
    case 'fn':
      return `the function ${v.name}`;
    case 'ns':
      return `the module ${v.name}`;
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return v.t;
  }
}

export function posOf(node) {
  return node.start ?? node.pos;
}

export function product(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/** The items of a list/tuple value as call-style arguments {v, pos}. */
export function seqArgs(seq) {
  return seq.items.map((item, i) => ({
    v: typeof item === 'number' ? num(item, seq.ints[i], null) : item,
    pos: seq.itemPos[i],
  }));
}
