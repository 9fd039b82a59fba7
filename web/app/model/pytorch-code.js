// "Copy as PyTorch": runnable Python that reproduces the output, built from the text the
// user typed (so torch.randn(...) stays torch.randn(...)), with float32 made explicit where
// Python would otherwise infer an integer dtype.
import { fmtShape } from './num-format.js';
import { OPS, PARAM, pythonValue } from '../../lib/ops.js';

const FLOAT_FACTORIES = /^torch\.(ones|zeros|randn|rand|linspace)\s*\(/;

/**
 * Splits a small Python program into top-level statements (at newlines or ';' outside
 * brackets and strings), and reports names used bare (not after a '.').
 */
function scan(text) {
  const statements = [];
  const bare = new Set();
  let hasFloatLiteral = false;
  let depth = 0;
  let start = 0;
  let i = 0;
  const cut = (end) => {
    const piece = text
      .slice(start, end)
      .replace(/#[^\n]*$/, '')
      .trim();
    if (piece) statements.push({ start, end, text: piece });
  };
  let prev = '';
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      prev = 'str';
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    else if ((c === '\n' || c === ';') && depth === 0) {
      cut(i);
      start = i + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /\w/.test(text[j])) j++;
      if (prev !== '.') bare.add(text.slice(i, j));
      prev = 'name';
      i = j;
      continue;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      if (/[.eE]/.test(m[0])) hasFloatLiteral = true;
      i += m[0].length;
      prev = 'num';
      continue;
    }
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  cut(text.length);
  return { statements, bare, hasFloatLiteral };
}

/** Bare `tensor(`, `nan`, `inf` (as PyTorch prints them) -> valid Python. */
function pythonize(expr) {
  return expr
    .replace(/(^|[^.\w])tensor\s*\(/g, '$1torch.tensor(')
    .replace(/(^|[^.\w'"])nan\b/g, "$1float('nan')")
    .replace(/(^|[^.\w'"-])inf\b/g, "$1float('inf')")
    .replace(/-inf\b/g, "-float('inf')");
}

/** Lines defining `name` as the float32 tensor the text describes. */
export function tensorLines(name, text) {
  const { statements, bare, hasFloatLiteral } = scan(text);
  const lines = [];
  if (
    (bare.has('torch') || bare.has('randn') || bare.has('rand')) &&
    /\brandn?\s*\(/.test(text) &&
    !/manual_seed/.test(text)
  ) {
    lines.push('torch.manual_seed(0)  # ConvLab seeds unseeded random tensors with 0');
  }
  if (bare.has('math')) lines.push('import math');
  const last = statements.pop();
  for (const st of statements) lines.push(pythonize(st.text));
  let expr = last ? last.text : '';
  const assign = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*)$/.exec(expr);
  if (assign) expr = assign[2];
  expr = pythonize(expr);
  if (/^[[(]/.test(expr)) expr = `torch.tensor(${expr})`;
  const isFloat =
    (FLOAT_FACTORIES.test(expr) || hasFloatLiteral || bare.has('nan') || bare.has('inf')) && !/dtype\s*=/.test(expr);
  lines.push(`${name} = ${expr}${isFloat ? '' : '.float()'}`);
  return lines;
}

export function kwargs(pairs) {
  return pairs.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** Non-default arguments of `names` as [keyword, Python value] ('bias' from the bias switch). */
export function nonDefault(names, params, biasOn) {
  const args = [];
  for (const name of names) {
    if (name === 'bias') args.push(['bias', biasOn ? 'True' : 'False']);
    else if (String(params[name]) !== String(PARAM[name].default)) args.push([name, pythonValue(params[name])]);
  }
  return args;
}

/**
 * The program up to y: the tensors x, w (and b), then the module when a padding mode needs it (the
 * functional form has none), else the functional call. `grad`: x, w, b require grad and y is
 * computed outside no_grad, so autograd sees it. usesModule: the weight is conv.weight.
 */
export function forwardLines(model, { grad = false } = {}) {
  const { state, params, dims } = model;
  const op = OPS[model.op];
  const lines = ['import torch', 'import torch.nn.functional as F', ''];
  lines.push(...tensorLines('x', state.input));
  lines.push(...tensorLines('w', state.weight));
  if (state.biasOn) lines.push(...tensorLines('b', state.bias));
  if (grad) lines.push(...(state.biasOn ? ['x', 'w', 'b'] : ['x', 'w']).map((n) => `${n}.requires_grad_(True)`));
  const usesModule = op.moduleArgs.includes('padding_mode') && params.padding_mode !== PARAM.padding_mode.default;
  if (usesModule) {
    const args = [['kernel_size', dims.K], ...nonDefault(op.moduleArgs, params, state.biasOn)];
    lines.push(`conv = torch.nn.${op.module}(${dims.inChannels}, ${dims.outChannels}, ${kwargs(args)})`);
    lines.push('with torch.no_grad():');
    lines.push('    conv.weight.copy_(w)');
    if (state.biasOn) lines.push('    conv.bias.copy_(b)');
    lines.push(grad ? 'y = conv(x)' : '    y = conv(x)');
  } else {
    const args = nonDefault(op.args, params, state.biasOn);
    const extra = args.length ? `, ${kwargs(args)}` : '';
    lines.push(`y = ${op.functional}(x, w${state.biasOn ? ', b' : ''}${extra})`);
  }
  return { lines, usesModule };
}

/** The Python program, as a string. */
export function pytorchCode(model) {
  const { lines } = forwardLines(model);
  lines.push('print(y)');
  lines.push('');
  lines.push(`# ConvLab's output, shape ${fmtShape(model.y.shape)}:`);
  for (const line of model.printed.split('\n')) lines.push(`# ${line}`);
  return lines.join('\n') + '\n';
}
