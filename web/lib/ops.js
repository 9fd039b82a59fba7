// The op table: every parameter of every op, with each name it goes by, its default, its kind and
// the hint the page shows; the padding modes; each op's weight layout. The page (controls, URL
// state, attributes, presets, "Copy as PyTorch", embed snippets) and the API's parameter checks
// read this table, so a new parameter or padding mode is one entry here plus the C++
// (params, padding, plan).

/** padding_mode values, in the C++ enum's order (the index is the wire code). */
export const PADDING_MODES = Object.freeze(['zeros', 'reflect', 'replicate', 'circular']);

/** The strings padding takes besides a number, in the C++ enum's order after 'number' (0). */
export const PADDING_STRINGS = Object.freeze(['same', 'valid']);

const BOTH = Object.freeze(['conv1d', 'conv_transpose1d']);

/**
 * One entry per parameter, in the order the form and the URL list them. name: PyTorch's (and the
 * URL's) name; camel: the JS API's other spelling; attribute: the <conv-playground> attribute;
 * kind: 'int' (a whole number >= min), 'padding' (an int or one of PADDING_STRINGS) or 'mode'
 * (one of choices); ops: the ops that take it; hint: the text beside its field.
 */
export const PARAMS = Object.freeze(
  [
    { name: 'stride', camel: 'stride', kind: 'int', default: 1, min: 1, ops: BOTH, hint: 'default 1' },
    {
      name: 'padding',
      camel: 'padding',
      kind: 'padding',
      default: 0,
      min: 0,
      ops: BOTH,
      hint: "default 0 · int, 'same', 'valid'",
    },
    { name: 'dilation', camel: 'dilation', kind: 'int', default: 1, min: 1, ops: BOTH, hint: 'default 1' },
    // PyTorch's functional forms take groups as an int only (tuple: false), the others as an int or a 1-tuple.
    { name: 'groups', camel: 'groups', kind: 'int', default: 1, min: 1, tuple: false, ops: BOTH, hint: 'default 1' },
    {
      name: 'output_padding',
      camel: 'outputPadding',
      kind: 'int',
      default: 0,
      min: 0,
      ops: Object.freeze(['conv_transpose1d']),
      hint: 'default 0 · ConvTranspose1d only',
    },
    {
      name: 'padding_mode',
      camel: 'paddingMode',
      kind: 'mode',
      default: 'zeros',
      choices: PADDING_MODES,
      ops: Object.freeze(['conv1d']),
      hint: "default 'zeros' · Conv1d only",
    },
  ].map((p) => Object.freeze({ ...p, url: p.name, attribute: p.name.replace(/_/g, '-') })),
);

/** PyTorch names, in PARAMS order. */
export const PARAM_NAMES = Object.freeze(PARAMS.map((p) => p.name));

/** PyTorch name -> entry. */
export const PARAM = Object.freeze(Object.fromEntries(PARAMS.map((p) => [p.name, p])));

/** The order PyTorch's module repr lists keyword arguments in (after kernel_size). */
export const REPR_ORDER = Object.freeze([
  'stride',
  'padding',
  'dilation',
  'output_padding',
  'groups',
  'bias',
  'padding_mode',
]);

/** Every spelling the JS API accepts (PyTorch's snake_case and camelCase) -> entry. */
export const PARAM_SPELLINGS = Object.freeze(
  Object.fromEntries(PARAMS.flatMap((p) => [p.name, p.camel].map((spelling) => [spelling, p]))),
);

/** Every attribute name <conv-playground> reads for a parameter (hyphenated and PyTorch's) -> entry. */
export const PARAM_ATTRIBUTES = Object.freeze(
  Object.fromEntries(PARAMS.flatMap((p) => [p.name, p.attribute].map((spelling) => [spelling, p]))),
);

/** A parameter's default as the text a field shows ('1', 'zeros'). */
export const defaultText = (name) => String(PARAM[name].default);

/** True when `op` takes the parameter. */
export const takes = (op, name) => PARAM[name].ops.includes(op);

/**
 * camelCase parameter values (a solver row, parseLayer's result) as the playground's text fields,
 * keyed by PyTorch's names: every parameter `values` holds, as text; other keys are left out.
 */
export function fieldsOf(values) {
  const fields = {};
  for (const p of PARAMS) if (values[p.camel] !== undefined) fields[p.name] = String(values[p.camel]);
  return fields;
}

/** The camelCase params for the API's calls on `op`: those of `values` that the op takes. */
export function paramsFor(op, values) {
  const params = {};
  for (const p of PARAMS) if (takes(op, p.name) && values[p.camel] !== undefined) params[p.camel] = values[p.camel];
  return params;
}

/** "stride=2, padding=1" for the camelCase values `op` takes, in the functional form's order. */
export function keywordsText(op, values) {
  return OPS[op].args
    .filter((name) => values[PARAM[name].camel] !== undefined)
    .map((name) => `${name}=${values[PARAM[name].camel]}`)
    .join(', ');
}

/**
 * The ops. code: the wire code; module / functional: PyTorch's names; method: the JS API's;
 * args: the functional form's keyword order after (input, weight, bias); moduleArgs: nn.Module's
 * after kernel_size; lengthening: the parameters whose larger values lengthen the output;
 * weight: the layout of the weight tensor, and what it says about channels.
 */
export const OPS = Object.freeze({
  conv1d: Object.freeze({
    name: 'conv1d',
    code: 0,
    module: 'Conv1d',
    functional: 'F.conv1d',
    method: 'conv1d',
    aliases: Object.freeze(['conv1d', 'Conv1d']),
    args: Object.freeze(['stride', 'padding', 'dilation', 'groups']),
    moduleArgs: Object.freeze(['stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode']),
    lengthening: Object.freeze(['padding']),
    input: '(N, C_in, L) or (C_in, L)',
    lengthFormula: 'L_out = ⌊(L_in + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1',
    weight: Object.freeze({
      layout: '(out_channels, in_channels / groups, kernel_size)',
      /** {inChannels, outChannels} of a weight shape [W0, W1, K] with `groups` groups. */
      channels: ([w0, w1], groups) => ({ inChannels: w1 * groups, outChannels: w0 }),
      /** Which of the two channel counts the weight holds per group. */
      perGroup: 'inChannels',
      /** The weight's index for (in channel ci, out channel co, tap k). */
      index: (ci, co, k, inPerGroup) => [co, ci % inPerGroup, k],
    }),
  }),
  conv_transpose1d: Object.freeze({
    name: 'conv_transpose1d',
    code: 1,
    module: 'ConvTranspose1d',
    functional: 'F.conv_transpose1d',
    method: 'convTranspose1d',
    aliases: Object.freeze(['conv_transpose1d', 'convTranspose1d', 'ConvTranspose1d']),
    args: Object.freeze(['stride', 'padding', 'output_padding', 'groups', 'dilation']),
    moduleArgs: Object.freeze(['stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation']),
    lengthening: Object.freeze(['stride', 'dilation', 'output_padding']),
    input: '(N, C_in, L) or (C_in, L)',
    lengthFormula: 'L_out = (L_in − 1)·stride − 2·padding + dilation·(kernel_size − 1) + output_padding + 1',
    weight: Object.freeze({
      layout: '(in_channels, out_channels / groups, kernel_size)',
      channels: ([w0, w1], groups) => ({ inChannels: w0, outChannels: w1 * groups }),
      perGroup: 'outChannels',
      index: (ci, co, k, inPerGroup, outPerGroup) => [ci, co % outPerGroup, k],
    }),
  }),
});

/** Op names, in wire-code order. */
export const OP_NAMES = Object.freeze(Object.keys(OPS));

/** The op for any accepted spelling ('Conv1d', 'convTranspose1d', …), or null. */
export function opOf(spelling) {
  for (const op of Object.values(OPS)) if (op.aliases.includes(spelling)) return op;
  return null;
}

/** A parameter value as Python source: 'same' -> "'same'", 2 -> '2'. */
export function pythonValue(value) {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
