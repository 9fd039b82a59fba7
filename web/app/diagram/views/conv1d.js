// Conv1d's overlap view: the padded input (padding marked; reflect/replicate/circular ghost cells
// show which x they copy), then one row per output cell with its receptive window of products
// x̃·w and, on the right, the sum y[o]; then how often each cell is read. Every position comes
// from the overlap map's entries.
import { Sheet, rowsInView, textFit } from '../sheet.js';
import { drawBands, drawColumns, drawCounts, drawIndexRow, drawTaps } from '../parts.js';
import { drawAxisIndex, drawKernelRow, drawTerms, termsTitle } from '../marks.js';
import { termsOf } from '../terms.js';
import { LAYOUT } from '../config.js';
import { fmtNum, fmtShort as short } from '../../model/num-format.js';
import { clipList, explainOutput, wLabel, xLabel, yLabel } from '../../model/arithmetic.js';

const RIGHT_WIDTH = 84; // the output column (two columns, partial sum and y, when needed)

// [swatch class, text, shown when] (an absent kind is not listed).
const LEGEND = [
  ['sw-in', 'input element x[i]', () => true],
  ['sw-ghost', 'padding copy of x[j]', (m) => m.params.padding_mode !== 'zeros' && m.overlap.axisLength > m.dims.L],
  ['sw-crop', 'zero padding', (m) => m.params.padding_mode === 'zeros' && m.overlap.axisLength > m.dims.L],
  ['sw-kernel', 'kernel w[k], one colour per tap', () => true],
  ['sw-tap', 'product x̃·w[k] (x̃ = the padded input)', () => true],
  ['sw-part', 'sum over one x channel (a part of y)', (m) => m.dims.CinG > 1 || m.b !== null],
  ['sw-out', 'output y[o]', () => true],
  ['sw-hl', 'contributes to the focused cell', () => true],
];

const kindOf = (ov, a) => (ov.axisKind[a] === 'kept' ? 'kept' : ov.axisSource[a] >= 0 ? 'ghost' : 'zero');

/** Where input element i (of in channel ci) is read, for out channel co. */
export function explainInput(model, n, ci, co, i) {
  const label = `${xLabel(model, n, ci, i)} = ${fmtNum(model.xAt(n, ci, i))}`;
  const entries = model.byInput[i];
  const reads = entries.filter((e) => model.overlap.axisKind[e.axis] === 'kept');
  const copies = entries.filter((e) => model.overlap.axisKind[e.axis] !== 'kept');
  const list = reads.map((e) => `${yLabel(model, n, co, e.output)} (${wLabel(model, ci, co, e.tap)})`);
  const main = list.length
    ? `${label} is read by ${clipList(list)}`
    : `${label} is read by no output cell (the stride skips it)`;
  const copied = [...new Set(copies.map((e) => e.axis))];
  const detail = copied.length
    ? `Its ${model.params.padding_mode} padding copies (padded cells ${copied.join(', ')}) are read ${copies.length} more time${copies.length === 1 ? '' : 's'}.`
    : `${reads.length} window${reads.length === 1 ? '' : 's'} read it.`;
  return { main, detail };
}

/** A padding cell a of the padded input. */
export function explainPadding(model, n, ci, co, a) {
  const src = model.overlap.axisSource[a];
  const reads = model.byAxis[a].filter((e) => e.output >= 0);
  const list = reads.map((e) => `${yLabel(model, n, co, e.output)} (${wLabel(model, ci, co, e.tap)})`);
  const what =
    src < 0
      ? `padded cell ${a} is zero padding`
      : `padded cell ${a} copies ${xLabel(model, n, ci, src)} = ${fmtNum(model.xAt(n, ci, src))} (${model.params.padding_mode})`;
  return { main: list.length ? `${what}; read by ${clipList(list)}` : `${what}; no window reads it`, detail: '' };
}

function caption(model, pair) {
  const { params, overlap } = model;
  const padded = overlap.axisLength > model.dims.L;
  const parts = model.dims.CinG > 1 || model.b !== null;
  return (
    `Top: the ${padded ? 'padded input x̃ (x with its padding), indexed on the padded axis and by x' : 'input x'}; under it the kernel w. ` +
    `Each row is one output cell's receptive window (taps every dilation=${params.dilation} cells, windows every stride=${params.stride}); ` +
    (parts
      ? `its products add up to Σ, this x channel's part of y; y adds every x channel's Σ${model.b ? ' and the bias' : ''}.`
      : 'its products add up to y on the right.') +
    pair
  );
}

function draw(model, view, cw) {
  const ov = model.overlap;
  const { n, co, ci } = view;
  const total = needsTotal(model);
  const sheet = new Sheet({ a0: view.a0, a1: view.a1, cw, lw: view.lw, rw: view.rw });
  const narrow = view.lw < LAYOUT.labelWidth;
  const rows = rowsInView(model.dims.Lout, (o) => model.byOutput[o], view);
  const fit = textFit(cw, rows.length);
  const { rh, showText, cellFont, fmtShort, labelFont } = fit;
  const padded = (a) => (ov.axisSource[a] >= 0 ? model.xAt(n, ci, ov.axisSource[a]) : 0);
  const mode = model.params.padding_mode;

  const runs = sheet.runs((a) => kindOf(ov, a));
  drawBands(sheet, runs, {
    labels: {
      zero: ['zero padding', 'padding', 'pad', ''],
      ghost: [`${mode} padding`, mode, 'pad', ''],
      kept: ['input x', 'x'],
    },
    bracket: (kind) => ({ kept: 'input', ghost: 'ghost' })[kind] ?? 'padding',
  });
  const right = sheet.x(view.a1);
  const colW = total ? (sheet.rw - 12) / 2 : sheet.rw - 12;
  const heads = total ? [[narrow ? 'Σ' : `Σ x[${ci}]`], ['y']] : [['output y']];
  heads.forEach((head, j) =>
    sheet.label(right + 10 + colW * (j + 0.5), LAYOUT.band / 2 - 1, [head], {
      anchor: 'middle',
      cls: 'd-band d-band-kept',
    }),
  );
  drawAxisIndex(sheet, LAYOUT.band + LAYOUT.index / 2, narrow ? 'padded' : 'padded axis');
  drawIndexRow(sheet, 'x index', LAYOUT.band + (3 * LAYOUT.index) / 2, (a) => {
    const src = ov.axisSource[a];
    if (src < 0) return null;
    return ov.axisKind[a] !== 'kept'
      ? { text: `x[${src}]`, cls: 'd-idx d-idx-ghost' }
      : { text: String(src), cls: 'd-idx' };
  });

  // The padded input x̃.
  let y = LAYOUT.band + 2 * LAYOUT.index + 2;
  sheet.label(8, y + LAYOUT.axisRow / 2, [
    [ov.axisLength > model.dims.L ? 'x̃' : 'x', 'd-x'],
    [ov.axisLength > model.dims.L && !narrow ? ' padded' : '', 'd-muted'],
  ]);
  const cellClass = { kept: 'd-in', ghost: 'd-in d-ghost', zero: 'd-zeropad' };
  for (let a = view.a0; a < view.a1; a++) {
    const kind = kindOf(ov, a);
    const src = ov.axisSource[a];
    const value = padded(a);
    sheet.cell(sheet.x(a), y, cw, LAYOUT.axisRow, {
      cls: cellClass[kind],
      text: fmtShort(value),
      textSize: cellFont,
      key: `pad:${a}`,
      focus: 'in',
      aria: {
        kept: `x[${src}] = ${fmtNum(value)}`,
        ghost: `padding copy of x[${src}] = ${fmtNum(value)}`,
        zero: 'zero padding',
      }[kind],
    });
  }
  y += LAYOUT.axisRow + 6;
  // The kernel, over the first window drawn.
  if (rows.length) {
    y = drawKernelRow(sheet, y, fit, model.byOutput[rows[0]], {
      valueOf: (e) => model.wAt(ci, co, e.tap),
      nameOf: (e) => wLabel(model, ci, co, e.tap),
    });
  }
  y += 6;
  sheet.line(sheet.lw - 4, y - 3, right, y - 3, 'd-rule');

  // One row per output cell: its receptive window, its sum for this channel, y.
  rows.forEach((o, r) => {
    const top = y + r * rh;
    sheet.label(8, top + rh / 2, [[`y[${o}]`, 'd-y']], {
      key: `wrow:${o}`,
      height: Math.min(24, rh - 2),
      size: labelFont,
    });
    drawTaps(sheet, top, fit, model.byOutput[o], {
      valueOf: (e) => padded(e.axis) * model.wAt(ci, co, e.tap),
      keyOf: (e) => `win:${o}:${e.tap}`,
      ariaOf: (e, text) =>
        `x̃[${e.axis}]·${wLabel(model, ci, co, e.tap)} = ${fmtShort(padded(e.axis))}·${fmtShort(model.wAt(ci, co, e.tap))} = ${text}`,
    });
    const yv = model.yAt(n, co, o);
    const cells = [];
    if (total) {
      const part = partialSum(model, n, ci, co, o);
      cells.push({
        value: part,
        cls: 'd-sum d-sum-part',
        key: `part:${o}`,
        aria: `y[${o}] from x channel ${ci}: ${fmtNum(part)}`,
      });
    }
    cells.push({ value: yv, cls: 'd-sum d-sum-kept', key: `out:${o}`, focus: 'out', aria: `y[${o}] = ${fmtNum(yv)}` });
    cells.forEach((c, j) => {
      const text = short(c.value, total ? 6 : 7);
      sheet.cell(right + 10 + j * colW, top, colW, rh, {
        cls: c.cls,
        text: showText && !total ? `= ${text}` : text,
        textSize: showText ? cellFont : 9,
        key: c.key,
        focus: c.focus,
        aria: c.aria,
      });
    });
  });
  y = drawCounts(sheet, ov.axisCount, y + rows.length * rh + LAYOUT.gap);
  drawColumns(sheet, runs, y, (kind) => ({ zero: 'd-col-crop', ghost: 'd-col-ghost' })[kind] ?? null);
  termsTitle(sheet, y, 'formula');
  sheet.height = drawTerms(sheet, y, termsOf(model)) + 4;
  return { sheet, rows };
}

/** With more than one in channel per group or a bias, a row's products are not y yet. */
const needsTotal = (model) => model.dims.CinG > 1 || model.b !== null;

/** Output cell o's products from in channel ci alone (a partial sum of y[o]). */
export function partialSum(model, n, ci, co, o) {
  const ov = model.overlap;
  let sum = 0;
  for (const e of model.byOutput[o]) {
    const src = ov.axisSource[e.axis];
    if (src >= 0) sum += Math.fround(model.xAt(n, ci, src) * model.wAt(ci, co, e.tap));
  }
  return Math.fround(sum);
}

/** key -> {text: {main, detail}, keys (cells to highlight), target} */
function explain(model, key, { n, co, ci }) {
  const ov = model.overlap;
  const [kind, p1] = key.split(':');
  const a = Number(p1);
  if (kind === 'pad' || kind === 'cnt') {
    const src = ov.axisSource[a];
    const keys = [`pad:${a}`, `cnt:${a}`];
    for (const e of src >= 0 ? model.byInput[src] : model.byAxis[a])
      keys.push(`win:${e.output}:${e.tap}`, `out:${e.output}`, `wrow:${e.output}`, `pad:${e.axis}`);
    const text = ov.axisKind[a] === 'kept' ? explainInput(model, n, ci, co, src) : explainPadding(model, n, ci, co, a);
    return { text, keys, target: `pad:${a}` };
  }
  if (kind === 'kern') {
    const keys = [key, ...model.byOutput.map((entries, o) => `win:${o}:${a}`)];
    return {
      text: {
        main: `${wLabel(model, ci, co, a)} = ${fmtNum(model.wAt(ci, co, a))}: tap ${a} of the kernel`,
        detail: 'Every window multiplies it with the padded-input cell under it (the cells in this colour).',
      },
      keys,
      target: key,
    };
  }
  // out:o, part:o, wrow:o, win:o:k: an output cell and its window.
  const keys = [`out:${a}`, `part:${a}`, `wrow:${a}`];
  for (const e of model.byOutput[a]) {
    keys.push(`win:${a}:${e.tap}`, `pad:${e.axis}`);
    if (e.input >= 0 && ov.axisKind[e.axis] !== 'kept') keys.push(`pad:${model.padLeft + e.input}`);
  }
  return { text: explainOutput(model, n, co, a), keys, target: `out:${a}` };
}

// The view's interface (./index.js registers this module).
export const diagram = 'overlap';
export const op = 'conv1d';
export const title = 'Conv1d';
export const legend = LEGEND;
export const axisName = 'padded input';
export const layout = (narrow, model) => ({
  labelWidth: narrow ? LAYOUT.narrowLabelWidth : LAYOUT.labelWidth,
  rightWidth: model && needsTotal(model) ? (narrow ? 104 : 2 * RIGHT_WIDTH - 12) : narrow ? 60 : RIGHT_WIDTH,
});
export const rowCount = (model) => model.dims.Lout;
export { caption, draw, explain, termsOf as terms };
export const note = () => '';
