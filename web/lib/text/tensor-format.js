// formatTensor: a float32 tensor printed exactly as PyTorch 1.13.1's `str(tensor)`
// with default print options. A faithful port of torch/_tensor_str.py (_Formatter,
// _tensor_str_with_formatter, _vector_str, get_summarized_data, _add_suffixes);
// the comments name the Python function each piece mirrors.

import { formatExp, formatFixed } from './py-float-format.js';
import { snapshotTensor, asConvLabError } from '../conv/tensor-input.js';

const PRINT_OPTS = Object.freeze({ precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });

// ---------------------------------------------------------------- tensor views

/** A strided view into flat row-major data: just enough to mirror `self[i]`. */
class View {
  constructor(data, shape, offset = 0) {
    this.data = data;
    this.shape = shape;
    this.offset = offset;
    this.stride = shape.slice(1).reduce((a, b) => a * b, 1);
  }

  get dim() {
    return this.shape.length;
  }

  /** self[i] */
  at(i) {
    return new View(this.data, this.shape.slice(1), this.offset + i * this.stride);
  }

  /** self.tolist() for a 1-D view, over indices [from, to). */
  values(from = 0, to = this.shape[0]) {
    const out = [];
    for (let i = from; i < to; i++) out.push(this.data[this.offset + i]);
    return out;
  }
}

// ---------------------------------------------------------------- _Formatter

class Formatter {
  /** @param {number[]} values every element the formatter must fit (already float32). */
  constructor(values) {
    this.intMode = true;
    this.sciMode = false;
    this.maxWidth = 1;
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (finite.length === 0) return;

    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    this.intMode = finite.every((v) => v === Math.ceil(v));

    const p = PRINT_OPTS.precision;
    const widen = (s) => (this.maxWidth = Math.max(this.maxWidth, s.length));
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of finite) widen(formatExp(v, p));
      } else {
        for (const v of finite) widen(formatFixed(v, 0) + '.');
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of finite) widen(formatExp(v, p));
    } else {
      for (const v of finite) widen(formatFixed(v, p));
    }
  }

  width() {
    return this.maxWidth;
  }

  format(value) {
    const p = PRINT_OPTS.precision;
    let ret;
    if (this.sciMode) {
      ret = formatExp(value, p);
    } else if (this.intMode) {
      ret = formatFixed(value, 0);
      if (Number.isFinite(value)) ret += '.';
    } else {
      ret = formatFixed(value, p);
    }
    return ret.padStart(this.maxWidth, ' ');
  }
}

// ---------------------------------------------------------------- layout

/** _vector_str */
function vectorStr(view, indent, summarize, fmt) {
  const elementLength = fmt.width() + 2;
  const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
  const n = view.shape[0];
  const edge = PRINT_OPTS.edgeitems;
  let data;
  if (summarize && n > 2 * edge) {
    data = [
      ...view.values(0, edge).map((v) => fmt.format(v)),
      ' ...',
      ...view.values(n - edge, n).map((v) => fmt.format(v)),
    ];
  } else {
    data = view.values().map((v) => fmt.format(v));
  }
  const lines = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

/** _tensor_str_with_formatter */
function tensorStrWithFormatter(view, indent, summarize, fmt) {
  if (view.dim === 0) return fmt.format(view.data[view.offset]);
  if (view.dim === 1) return vectorStr(view, indent, summarize, fmt);

  const n = view.shape[0];
  const edge = PRINT_OPTS.edgeitems;
  const sub = (i) => tensorStrWithFormatter(view.at(i), indent + 1, summarize, fmt);
  let slices;
  if (summarize && n > 2 * edge) {
    slices = [...range(0, edge).map(sub), '...', ...range(n - edge, n).map(sub)];
  } else {
    slices = range(0, n).map(sub);
  }
  return '[' + slices.join(',' + '\n'.repeat(view.dim - 1) + ' '.repeat(indent + 1)) + ']';
}

/** get_summarized_data, flattened: the elements a summarized print shows. */
function summarizedValues(view, out = []) {
  if (view.dim === 0) {
    out.push(view.data[view.offset]);
    return out;
  }
  const n = view.shape[0];
  const edge = PRINT_OPTS.edgeitems;
  const rows = n > 2 * edge ? [...range(0, edge), ...range(n - edge, n)] : range(0, n);
  if (view.dim === 1) {
    for (const i of rows) out.push(view.data[view.offset + i]);
  } else {
    for (const i of rows) summarizedValues(view.at(i), out);
  }
  return out;
}

/** _add_suffixes (never forced onto a new line for dense tensors). */
function addSuffixes(tensorStr, suffixes, indent) {
  const parts = [tensorStr];
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > PRINT_OPTS.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

function range(from, to) {
  const out = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Python's str(tuple(shape)). */
function pyTuple(shape) {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

// ---------------------------------------------------------------- entry point

/**
 * Prints a float32 tensor exactly as PyTorch 1.13.1's `str(t)` (default print options).
 * @param {{shape: number[], data: ArrayLike<number>}} tensor row-major values; they are
 *   rounded to float32 first, as a float32 torch tensor would hold them.
 * @returns {string}
 */
export function formatTensor(tensor) {
  // Read once and validated like every ConvLab input: a shape of whole numbers (rank <= 64,
  // PyTorch's own limit) and that many numbers.
  const { shape, data } = readTensor(tensor);
  const numel = shape.reduce((a, b) => a * b, 1);
  const prefix = 'tensor(';
  const indent = prefix.length;
  if (numel === 0) {
    // Explicitly print the shape unless it is (0,).
    const suffixes = shape.length !== 1 ? ['size=' + pyTuple(shape)] : [];
    return addSuffixes(prefix + '[]', suffixes, indent);
  }
  const values = data;
  const view = new View(values, shape.slice());
  const summarize = numel > PRINT_OPTS.threshold;
  const fmt = new Formatter(summarize ? summarizedValues(view) : Array.from(values));
  return addSuffixes(prefix + tensorStrWithFormatter(view, indent, summarize, fmt), [], indent);
}

const FORMAT_LIMITS = { maxElements: 2 ** 26, maxLength: 2 ** 26, maxRank: 64 };

function readTensor(tensor) {
  const mismatch = (shape, count, length) =>
    `formatTensor: shape [${shape.join(', ')}] needs ${count} values, got ${length}`;
  try {
    return snapshotTensor(tensor, 'formatTensor', FORMAT_LIMITS, mismatch);
  } catch (e) {
    throw asConvLabError(e, 'formatTensor'); // a revoked Proxy fails before any getter runs
  }
}
