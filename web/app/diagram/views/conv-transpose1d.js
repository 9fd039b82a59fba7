// ConvTranspose1d's overlap view: one row per input element x[i] holding its scaled kernel x[i]·w
// on the full (uncropped) output axis, then the column sums (the output), then how many taps
// land on each cell (uneven counts = checkerboard). Every position comes from the overlap
// map's entries.
import { Sheet, rowsInView, textFit } from '../sheet.js';
import { drawBands, drawColumns, drawCounts, drawIndexRow, drawTaps } from '../parts.js';
import { LAYOUT } from '../config.js';
import { fmtNum, fmtShort as short } from '../../model/num-format.js';
import {
  clipList,
  clipTerms,
  contributions,
  explainOutput,
  joinTerms,
  wLabel,
  xLabel,
  yLabel,
} from '../../model/arithmetic.js';

const RIGHT_WIDTH = 8;

const LEGEND = [
  ['sw-in', 'input element x[i]'],
  ['sw-tap', 'scaled kernel x[i]·w[k]'],
  ['sw-out', 'sum = output y'],
  ['sw-crop', 'cropped by padding'],
  ['sw-opad', 'added by output_padding'],
  ['sw-hl', 'contributes to the focused cell'],
];

// The overlap map's axis kinds, as band labels (longest first) and column shading.
const BAND_LABELS = {
  padding: ['cropped by padding', 'cropped', 'crop', '✂'],
  output_padding: ['output_padding', 'out_pad', '+op', '+'],
  kept: ['output y', 'y'],
};
const COLUMN_CLASS = { padding: 'd-col-crop', output_padding: 'd-col-opad' };

/** Where input element i (of in channel ci) lands, for out channel co. */
export function explainInput(model, n, ci, co, i) {
  const xv = model.xAt(n, ci, i);
  const label = `${xLabel(model, n, ci, i)} = ${fmtNum(xv)}`;
  const entries = model.byInput[i];
  const kept = entries.filter((e) => e.output >= 0);
  const cropped = entries.filter((e) => e.output < 0);
  const list = kept.map((e) => `${yLabel(model, n, co, e.output)} (+${fmtNum(xv)}·${wLabel(model, ci, co, e.tap)})`);
  const main = list.length ? `${label} lands on ${clipList(list)}` : `${label} lands only on cropped cells`;
  const first = entries.reduce((min, e) => Math.min(min, e.axis), Infinity);
  const detail = cropped.length
    ? `${cropped.length === 1 ? 'Its tap' : 'Its taps'} ${cropped.map((e) => wLabel(model, ci, co, e.tap)).join(', ')} ${cropped.length === 1 ? 'lands' : 'land'} on cells that padding crops.`
    : `Its scaled kernel x·w starts at ${i}·stride = ${first} on the full output axis.`;
  return { main, detail };
}

/** A cropped axis cell a. */
export function explainCropped(model, n, co, a) {
  const contrib = contributions(model, n, co, model.byAxis[a]);
  const sum = contrib.reduce((acc, c) => acc + c.xv * c.wv, 0);
  const terms = contrib.map((c) => ({ coef: c.xv, text: wLabel(model, c.ci, co, c.e.tap) }));
  const where = a < model.overlap.axisOfOutput0 ? 'left' : 'right';
  const { padding } = model.params;
  return {
    main: `cropped cell ${a} = ${terms.length ? joinTerms(clipTerms(terms)) : '0'} = ${fmtNum(Math.fround(sum))} — not in y`,
    detail:
      model.overlap.axisKind[a] === 'padding'
        ? `padding=${padding} cuts ${padding} cells off each end of the full output; this one is on the ${where}.`
        : '',
  };
}

function caption(model, pair) {
  const { stride, dilation, padding, output_padding: extra } = model.params;
  return (
    `Each row is one input element times the kernel, x[i]·w, placed at i·stride = i·${stride} on the full output axis${dilation > 1 ? ` (taps dilation=${dilation} apart)` : ''}. Columns add up to the output` +
    (padding > 0 ? `; padding=${padding} crops ${padding} cell${padding === 1 ? '' : 's'} off each end` : '') +
    (extra > 0 ? `; output_padding=${extra} gives back ${extra} at the right end` : '') +
    `.${pair}`
  );
}

function draw(model, view, cw) {
  const ov = model.overlap;
  const { n, co, ci } = view;
  const sheet = new Sheet({ a0: view.a0, a1: view.a1, cw, lw: LAYOUT.labelWidth, rw: RIGHT_WIDTH });
  const rows = rowsInView(model.dims.L, (i) => model.byInput[i], view);
  const fit = textFit(cw, rows.length);
  const { rh, showText, cellFont, fmtShort, labelFont } = fit;

  const runs = sheet.runs((a) => ov.axisKind[a]);
  drawBands(sheet, runs, { labels: BAND_LABELS, bracket: (kind) => kind });
  drawIndexRow(sheet, 'y index', (a) =>
    ov.axisSource[a] >= 0 ? { text: String(ov.axisSource[a]), cls: 'd-idx' } : null,
  );

  // One row per input element: its scaled kernel.
  const top = LAYOUT.band + LAYOUT.index + 4;
  rows.forEach((i, r) => {
    const y = top + r * rh;
    const xv = model.xAt(n, ci, i);
    const value = [
      [`x[${i}]`, 'd-x'],
      [showText ? ` = ${short(xv, 5)}` : '', 'd-muted'],
    ];
    const aria = `input x[${i}] = ${fmtNum(xv)}`;
    sheet.label(8, y + rh / 2, value, {
      key: `row:${i}`,
      focus: 'in',
      aria,
      height: Math.min(24, rh - 2),
      size: labelFont,
    });
    drawTaps(sheet, y, fit, model.byInput[i], {
      valueOf: (e) => xv * model.wAt(ci, co, e.tap),
      keyOf: (e) => `tap:${i}:${e.tap}`,
    });
  });

  // Column sums: the output (and what cropping throws away). With more than one in channel or
  // a bias, the sums of this channel's rows are not y yet: a total row follows.
  const needsTotal = model.dims.CinG > 1 || model.b !== null;
  const sumH = LAYOUT.axisRow;
  let y = top + rows.length * rh + LAYOUT.gap;
  sheet.line(sheet.lw - 4, y - 4, sheet.x(view.a1), y - 4, 'd-rule');
  sheet.label(8, y + sumH / 2, [['Σ', 'd-sigma'], needsTotal ? [' rows', 'd-muted'] : [' = y', 'd-y']]);
  for (let a = view.a0; a < view.a1; a++) {
    const src = ov.axisSource[a];
    let value = 0;
    for (const e of model.byAxis[a]) value += Math.fround(model.xAt(n, ci, e.input) * model.wAt(ci, co, e.tap));
    value = !needsTotal && src >= 0 ? model.yAt(n, co, src) : Math.fround(value);
    sheet.cell(sheet.x(a), y, cw, sumH, {
      cls: `d-sum d-sum-${ov.axisKind[a]}`,
      text: fmtShort(value),
      textSize: cellFont,
      key: `sum:${a}`,
      focus: 'out',
      aria: src >= 0 ? `y[${src}] = ${fmtNum(value)}` : `cropped cell ${a} = ${fmtNum(value)}`,
    });
  }
  y += sumH;
  if (needsTotal) {
    const extra = model.dims.CinG > 1 ? (model.b ? ' all ch + b' : ' all ch') : ' = Σ + b';
    sheet.label(8, y + sumH / 2, [
      ['y', 'd-y'],
      [extra, 'd-muted'],
    ]);
    for (let a = view.a0; a < view.a1; a++) {
      const src = ov.axisSource[a];
      if (src < 0) continue;
      const text = fmtShort(model.yAt(n, co, src));
      sheet.cell(sheet.x(a), y, cw, sumH, { cls: 'd-total', text, textSize: cellFont, key: `tot:${a}` });
    }
    y += sumH;
  }
  y = drawCounts(sheet, ov.axisCount, y + LAYOUT.gap);
  drawColumns(sheet, runs, y, (kind) => COLUMN_CLASS[kind] ?? null);
  sheet.height = y + 4;
  return { sheet, rows };
}

/** key -> {text: {main, detail}, keys (cells to highlight), target} */
function explain(model, key, { n, co, ci }) {
  const [kind, p1, p2] = key.split(':');
  const a = Number(p1);
  if (kind === 'row') {
    const keys = [`row:${a}`];
    for (const e of model.byInput[a]) keys.push(`tap:${a}:${e.tap}`, `sum:${e.axis}`, `tot:${e.axis}`);
    return { text: explainInput(model, n, ci, co, a), keys, target: `row:${a}` };
  }
  // tap:i:k is the axis cell that tap lands on; sum:a, tot:a and cnt:a are axis cells.
  const axis = kind === 'tap' ? model.byInput[a].find((e) => e.tap === Number(p2)).axis : a;
  const keys = [`sum:${axis}`, `tot:${axis}`, `cnt:${axis}`];
  for (const e of model.byAxis[axis]) keys.push(`tap:${e.input}:${e.tap}`, `row:${e.input}`);
  const src = model.overlap.axisSource[axis];
  const text = src >= 0 ? explainOutput(model, n, co, src) : explainCropped(model, n, co, axis);
  return { text, keys, target: `sum:${axis}` };
}

// The view's interface (./index.js registers this module).
export const diagram = 'overlap';
export const op = 'conv_transpose1d';
export const title = 'ConvTranspose1d';
export const legend = LEGEND;
export const axisName = 'full output axis';
export const layout = { labelWidth: LAYOUT.labelWidth, rightWidth: RIGHT_WIDTH };
export const rowCount = (model) => model.dims.L;
export { caption, draw, explain };
