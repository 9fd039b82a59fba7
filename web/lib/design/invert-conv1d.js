// lab.invertConv1d: the ConvTranspose1d that gives a Conv1d's input length back, and why
// output_padding has to choose (cpp/src/conv1d_inverse.cpp computes; this wraps and explains).
import { ConvLabError } from '../errors.js';
import { normalizeParams, namedFields, OPS } from '../conv/params.js';
import { PADDING_MODES } from '../ops.js';
import { wholeNumber } from './shape-solver.js';
import { callInvertConv1d } from './design-block.js';

const PADDING_KINDS = ['number', 'same', 'valid'];

/**
 * @param {object} wasm the Emscripten module
 * @param {number} inLength the Conv1d's input length
 * @param {number} kernelSize
 * @param {object} params conv1d's params (stride, padding, dilation, paddingMode; groups is ignored)
 */
export function invertConv1d(wasm, inLength, kernelSize, params = {}) {
  const p = namedFields(normalizeParams(OPS.conv1d, params));
  const length = wholeNumber('inLength', inLength);
  const k = wholeNumber('kernelSize', kernelSize);
  const raw = callInvertConv1d(wasm, [length, k, p.stride, p.paddingKind, p.padding, p.dilation, p.paddingMode]);
  if (raw.error) throw new ConvLabError(`invertConv1d: ${raw.error}`, { field: raw.field || null });
  const padding = PADDING_KINDS[p.paddingKind] === 'number' ? p.padding : PADDING_KINDS[p.paddingKind];
  const conv1d = {
    inLength: length,
    outLength: raw.outLength,
    kernelSize: k,
    stride: p.stride,
    padding,
    padLeft: raw.padLeft,
    padRight: raw.padRight,
    dilation: p.dilation,
    paddingMode: PADDING_MODES[p.paddingMode],
  };
  const transpose = raw.hasTranspose
    ? {
        kernelSize: k,
        stride: raw.stride,
        padding: raw.padding,
        dilation: raw.dilation,
        outputPadding: raw.outputPadding,
      }
    : null;
  const result = {
    conv1d,
    inLengths: [raw.minInLength, raw.maxInLength],
    ambiguous: raw.maxInLength > raw.minInLength,
    convTranspose1d: transpose,
    baseLength: transpose ? raw.baseLength : null,
    recoverable: transpose ? [raw.minRecoverable, raw.maxRecoverable] : null,
    explanation: '',
  };
  result.explanation = explain(result, raw.text);
  return result;
}

function code(name, fields) {
  const parts = [`kernel_size=${fields.kernelSize}`];
  if (fields.stride !== 1) parts.push(`stride=${fields.stride}`);
  if (fields.padding !== 0)
    parts.push(`padding=${typeof fields.padding === 'string' ? `'${fields.padding}'` : fields.padding}`);
  if (fields.outputPadding) parts.push(`output_padding=${fields.outputPadding}`);
  if (fields.dilation !== 1) parts.push(`dilation=${fields.dilation}`);
  if (fields.paddingMode && fields.paddingMode !== 'zeros') parts.push(`padding_mode='${fields.paddingMode}'`);
  return `${name}(${parts.join(', ')})`;
}

function lengthsText([min, max]) {
  return max === min + 1 ? `input lengths ${min} and ${max}` : `every input length from ${min} through ${max}`;
}

function explain(r, noTransposeReason) {
  const c = r.conv1d;
  const conv = code('Conv1d', c);
  const lines = [];
  if (r.ambiguous) {
    lines.push(
      `${conv} maps ${lengthsText(r.inLengths)} to ${c.outLength}: the division by ` +
        `stride=${c.stride} rounds down, so the output length alone cannot say which came in.`,
    );
  } else {
    lines.push(`${conv} maps length ${c.inLength} to ${c.outLength}, and no other length maps there.`);
  }
  const t = r.convTranspose1d;
  if (!t) {
    lines.push(noTransposeReason);
    return lines.join(' ');
  }
  lines.push(`${code('ConvTranspose1d', t)} maps ${c.outLength} back to ${c.inLength}.`);
  if (r.ambiguous) {
    const [lo, hi] = r.recoverable;
    const choices = [];
    for (let L = lo; L <= hi && choices.length < 4; L++) choices.push(`output_padding=${L - r.baseLength} gives ${L}`);
    const more = hi - lo + 1 > choices.length ? `, …, output_padding=${hi - r.baseLength} gives ${hi}` : '';
    lines.push(
      `output_padding chooses which length comes back: ${choices.join(', ')}${more}. In a module, ` +
        `forward(x, output_size=[${c.inLength}]) picks it for you.`,
    );
  }
  if (c.paddingMode !== 'zeros') {
    lines.push(
      `ConvTranspose1d pads only with zeros: this restores the length; the exact adjoint of ` +
        `padding_mode='${c.paddingMode}' also folds the padded cells back onto the input.`,
    );
  }
  return lines.join(' ');
}
