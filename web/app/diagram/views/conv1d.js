// Conv1d's overlap view: the padded input (padding marked; reflect/replicate/circular ghost cells
// show which x they copy), then one row per output cell with its receptive window of products
// x̃·w and, on the right, the sum y[o]; then how often each cell is read. Every position comes
// from the overlap map's entries.
import { Sheet, rowsInView, textFit } from '../sheet.js';
import { drawBands, drawColumns, drawCounts, drawIndexRow, drawTaps } from '../parts.js';
import { LAYOUT } from '../config.js';
import { fmtNum, fmtShort as short } from '../../model/num-format.js';
import { clipList, explainOutput, wLabel, xLabel, yLabel } from '../../model/arithmetic.js';

const RIGHT_WIDTH = 84; // the output column

const LEGEND = [
  ['sw-in', 'input element x[i]'],
  ['sw-ghost', 'padding copy of x[j]'],
  ['sw-crop', 'zero padding'],
  ['sw-tap', 'product x̃·w[k] in a window'],
  ['sw-out', 'output y[o]'],
  ['sw-hl', 'contributes to the focused cell'],
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
  return `Top: the ${overlap.axisLength > model.dims.L ? 'padded ' : ''}input. Each row below is one output cell's receptive window (taps every dilation=${params.dilation} cells, windows every stride=${params.stride}); the products add up to y on the right.${pair}`;
}

function draw(model, view, cw) {
  const ov = model.overlap;
  const { n, co, ci } = view;
  const sheet = new Sheet({ a0: view.a0, a1: view.a1, cw, lw: LAYOUT.labelWidth, rw: RIGHT_WIDTH });
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
  sheet.label(right + sheet.rw / 2 + 2, LAYOUT.band / 2 - 1, [['output y']], {
    anchor: 'middle',
    cls: 'd-band d-band-kept',
  });
  drawIndexRow(sheet, 'x index', (a) => {
    const src = ov.axisSource[a];
    if (src < 0) return null;
    return ov.axisKind[a] !== 'kept'
      ? { text: `x[${src}]`, cls: 'd-idx d-idx-ghost' }
      : { text: String(src), cls: 'd-idx' };
  });

  // The padded input.
  let y = LAYOUT.band + LAYOUT.index + 2;
  sheet.label(8, y + LAYOUT.axisRow / 2, [
    ['x', 'd-x'],
    [ov.axisLength > model.dims.L ? ' padded' : '', 'd-muted'],
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
  y += LAYOUT.axisRow + 10;
  sheet.line(sheet.lw - 4, y - 5, right, y - 5, 'd-rule');

  // One row per output cell: its receptive window.
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
    });
    const yv = model.yAt(n, co, o);
    sheet.cell(right + 10, top, sheet.rw - 12, rh, {
      cls: 'd-sum d-sum-kept',
      text: showText ? `= ${short(yv, 7)}` : short(yv, 7),
      textSize: showText ? cellFont : 9,
      key: `out:${o}`,
      focus: 'out',
      aria: `y[${o}] = ${fmtNum(yv)}`,
    });
  });
  y = drawCounts(sheet, ov.axisCount, y + rows.length * rh + LAYOUT.gap);
  drawColumns(sheet, runs, y, (kind) => ({ zero: 'd-col-crop', ghost: 'd-col-ghost' })[kind] ?? null);
  sheet.height = y + 4;
  return { sheet, rows };
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
  // out:o, wrow:o, win:o:k: an output cell and its window.
  const keys = [`out:${a}`, `wrow:${a}`];
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
export const layout = { labelWidth: LAYOUT.labelWidth, rightWidth: RIGHT_WIDTH };
export const rowCount = (model) => model.dims.Lout;
export { caption, draw, explain };
