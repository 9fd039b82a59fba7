// ConvTranspose1d's overlap view: one row per input element x[i] holding its scaled kernel x[i]·w
// on the full (uncropped) output axis, then the column sums (the output), then how many taps
// land on each cell (uneven counts = checkerboard). Every position comes from the overlap
// map's entries.
import { Sheet, rowsInView, textFit } from '../sheet.js';
import { drawBands, drawColumns, drawCounts, drawIndexRow, drawTaps } from '../parts.js';
import { drawAxisIndex, drawKernelRow, drawTerms, termsTitle } from '../marks.js';
import { termsOf } from '../terms.js';
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

// [swatch class, text, shown when] (an absent kind is not listed).
const LEGEND = [
  ['sw-kernel', 'kernel w[k], one colour per tap', () => true],
  ['sw-tap', 'scaled kernel x[i]·w[k] (same colour = same tap)', () => true],
  ['sw-out', 'column sum = output y', () => true],
  ['sw-crop', 'cropped by padding', (m) => m.overlap.axisKind.includes('padding')],
  ['sw-opad', 'added by output_padding', (m) => m.overlap.axisKind.includes('output_padding')],
  ['sw-hl', 'contributes to the focused cell', () => true],
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
    : `Its scaled kernel x·w starts at i·stride = ${i}·${model.params.stride} = ${first} on the full output axis.`;
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
    main: `full-axis cell ${a} = ${terms.length ? joinTerms(clipTerms(terms)) : '0'} = ${fmtNum(Math.fround(sum))} — cropped, not in y`,
    detail:
      model.overlap.axisKind[a] === 'padding'
        ? `padding=${padding} cuts ${padding} cells off each end of the full output; this one is on the ${where}.`
        : '',
  };
}

function caption(model, pair) {
  const { stride, dilation, padding, output_padding: extra } = model.params;
  return (
    `Each row is one input element times the kernel (the w row), x[i]·w, placed at i·stride = i·${stride} on the full output axis (top index row; y's own index is under it)${dilation > 1 ? ` (taps dilation=${dilation} apart)` : ''}. Columns add up to the output` +
    (padding > 0 ? `; padding=${padding} crops ${padding} cell${padding === 1 ? '' : 's'} off each end` : '') +
    (extra > 0 ? `; output_padding=${extra} gives back ${extra} at the right end` : '') +
    `.${pair}`
  );
}

function draw(model, view, cw) {
  const ov = model.overlap;
  const { n, co, ci } = view;
  const sheet = new Sheet({ a0: view.a0, a1: view.a1, cw, lw: view.lw, rw: RIGHT_WIDTH });
  const narrow = view.lw < LAYOUT.labelWidth;
  const rows = rowsInView(model.dims.L, (i) => model.byInput[i], view);
  const fit = textFit(cw, rows.length);
  const { rh, showText, cellFont, fmtShort, labelFont } = fit;

  const runs = sheet.runs((a) => ov.axisKind[a]);
  drawBands(sheet, runs, { labels: BAND_LABELS, bracket: (kind) => kind });
  drawAxisIndex(sheet, LAYOUT.band + LAYOUT.index / 2, narrow ? 'full' : 'full axis');
  drawIndexRow(sheet, 'y index', LAYOUT.band + (3 * LAYOUT.index) / 2, (a) =>
    ov.axisSource[a] >= 0 ? { text: String(ov.axisSource[a]), cls: 'd-idx' } : null,
  );

  // The kernel, over the first row drawn (so the row under it is visibly the kernel, scaled).
  let top = LAYOUT.band + 2 * LAYOUT.index + 4;
  if (rows.length) {
    top = drawKernelRow(sheet, top, fit, model.byInput[rows[0]], {
      valueOf: (e) => model.wAt(ci, co, e.tap),
      nameOf: (e) => wLabel(model, ci, co, e.tap),
    });
    top += 4;
  }

  // One row per input element: its scaled kernel.
  rows.forEach((i, r) => {
    const y = top + r * rh;
    const xv = model.xAt(n, ci, i);
    const value = [
      [`x[${i}]`, 'd-x'],
      [showText && !narrow ? ` = ${short(xv, 5)}` : '', 'd-muted'],
    ];
    sheet.label(8, y + rh / 2, value, {
      key: `row:${i}`,
      focus: 'in',
      aria: `input x[${i}] = ${fmtNum(xv)}`,
      height: Math.min(24, rh - 2),
      size: labelFont,
    });
    drawTaps(sheet, y, fit, model.byInput[i], {
      valueOf: (e) => xv * model.wAt(ci, co, e.tap),
      keyOf: (e) => `tap:${i}:${e.tap}`,
      ariaOf: (e, text) =>
        `x[${i}]·${wLabel(model, ci, co, e.tap)} = ${fmtShort(xv)}·${fmtShort(model.wAt(ci, co, e.tap))} = ${text}, on full-axis cell ${e.axis}`,
    });
  });

  // Column sums: this channel's rows (a partial sum when more in channels or a bias add to y),
  // then y itself.
  const needsTotal = model.dims.CinG > 1 || model.b !== null;
  const sumH = LAYOUT.axisRow;
  let y = top + rows.length * rh + LAYOUT.gap;
  sheet.line(sheet.lw - 4, y - 4, sheet.x(view.a1), y - 4, 'd-rule');
  const sigma = model.dims.CinG > 1 ? [` x[${ci}]`, 'd-muted'] : needsTotal ? [' rows', 'd-muted'] : [' = y', 'd-y'];
  sheet.label(8, y + sumH / 2, [['Σ', 'd-sigma'], sigma]);
  for (let a = view.a0; a < view.a1; a++) {
    const src = ov.axisSource[a];
    let value = 0;
    for (const e of model.byAxis[a]) value += Math.fround(model.xAt(n, ci, e.input) * model.wAt(ci, co, e.tap));
    value = !needsTotal && src >= 0 ? model.yAt(n, co, src) : Math.fround(value);
    const what = src < 0 ? `cropped cell ${a}` : `${needsTotal ? 'partial sum for ' : ''}y[${src}]`;
    sheet.cell(sheet.x(a), y, cw, sumH, {
      cls: `d-sum d-sum-${ov.axisKind[a]}`,
      text: fmtShort(value),
      textSize: cellFont,
      key: `sum:${a}`,
      focus: 'out',
      aria: `${what} = ${fmtNum(value)}`,
    });
  }
  y += sumH;
  if (needsTotal) {
    const extra = model.dims.CinG > 1 ? (model.b ? ' = ΣΣ + b' : ' = ΣΣ') : ' = Σ + b';
    sheet.label(8, y + sumH / 2, [
      ['y', 'd-y'],
      [narrow ? '' : extra, 'd-muted'],
    ]);
    for (let a = view.a0; a < view.a1; a++) {
      const src = ov.axisSource[a];
      if (src < 0) continue;
      const text = fmtShort(model.yAt(n, co, src));
      sheet.cell(sheet.x(a), y, cw, sumH, { cls: 'd-total', text, textSize: cellFont, key: `tot:${a}` });
    }
    y += sumH;
  }
  const uneven = unevenCounts(ov);
  y = drawCounts(sheet, ov.axisCount, y + LAYOUT.gap, uneven);
  drawColumns(sheet, runs, y, (kind) => COLUMN_CLASS[kind] ?? null);
  termsTitle(sheet, y, 'formula');
  sheet.height = drawTerms(sheet, y, termsOf(model)) + 4;
  return { sheet, rows, uneven };
}

/** True when output cells away from the ends get different numbers of taps (the checkerboard). */
export function unevenCounts(ov) {
  const kept = [];
  for (let a = 0; a < ov.axisLength; a++) if (ov.axisKind[a] === 'kept') kept.push(ov.axisCount[a]);
  const middle = kept.slice(Math.floor(kept.length / 4), Math.ceil((3 * kept.length) / 4));
  return new Set(middle).size > 1;
}

/** A Distill-style note under the diagram when the counts are uneven. */
function note(model, drawn) {
  if (!drawn.uneven) return '';
  const { stride } = model.params;
  const K = model.dims.K;
  return (
    `Uneven overlap: kernel_size=${K} is not a multiple of stride=${stride} (${K} % ${stride} = ${K % stride}), so some output cells get more taps than their neighbours — ` +
    'the checkerboard pattern of transposed convolutions (Odena, Dumoulin & Olah, "Deconvolution and Checkerboard Artifacts", Distill 2016). ' +
    'A kernel_size divisible by the stride spreads the taps evenly.'
  );
}

/** key -> {text: {main, detail}, keys (cells to highlight), target} */
function explain(model, key, { n, co, ci }) {
  const [kind, p1, p2] = key.split(':');
  const a = Number(p1);
  if (kind === 'kern') {
    const keys = [key, ...model.byInput.map((entries, i) => `tap:${i}:${a}`)];
    const w = wLabel(model, ci, co, a);
    return {
      text: {
        main: `${w} = ${fmtNum(model.wAt(ci, co, a))}: tap ${a} of the kernel`,
        detail: `Every row holds it, scaled by its x[i] (the cells in this colour); it lands i·stride + ${a}·dilation along the full axis.`,
      },
      keys,
      target: key,
    };
  }
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
  if (model.overlap.axisKind[axis] === 'output_padding') {
    text.detail = `This cell exists only because output_padding=${model.params.output_padding} extends y past the crop. ${text.detail}`;
  }
  return { text, keys, target: `sum:${axis}` };
}

// The view's interface (./index.js registers this module).
export const diagram = 'overlap';
export const op = 'conv_transpose1d';
export const title = 'ConvTranspose1d';
export const legend = LEGEND;
export const axisName = 'full output axis';
export const layout = (narrow) => ({
  labelWidth: narrow ? LAYOUT.narrowLabelWidth : LAYOUT.labelWidth,
  rightWidth: RIGHT_WIDTH,
});
export const rowCount = (model) => model.dims.L;
export { caption, draw, explain, note, termsOf as terms };
