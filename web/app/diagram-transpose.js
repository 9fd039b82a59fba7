// ConvTranspose1d's overlap diagram: one row per input element x[i] holding its scaled kernel
// x[i]·w at i·stride on the full (uncropped) output axis, then the column sums (the output),
// then how many taps land on each cell (uneven counts = checkerboard).
import { Sheet, fitLabel, rowsInView, textFit } from './diagram-sheet.js';
import { fmtNum, fmtShort as short } from './num-format.js';

const BAND = 22;
const INDEX = 16;
const SUM_H = 30;
const COUNT_H = 34;

const BAND_TEXT = {
  padding: ['cropped by padding', 'cropped', 'crop', '✂'],
  output_padding: ['output_padding', 'out_pad', '+op', '+'],
  kept: ['output y', 'y'],
};

export function drawTranspose(model, view, cw) {
  const ov = model.overlap;
  const { n, co, ci } = view;
  const { K, L } = model.dims;
  const stride = model.params.stride;
  const dil = model.params.dilation;
  const sheet = new Sheet({ a0: view.a0, a1: view.a1, cw, lw: 100, rw: 8 });
  const rows = rowsInView(L, stride, dil, K, view);
  const { rh, showText, cellFont, fmtShort, labelFont } = textFit(cw, rows.length);

  // Bands over the axis: cropped / output / output_padding.
  const runs = sheet.runs((a) => ov.axisKind[a]);
  for (const run of runs) {
    const x0 = sheet.x(run.a);
    const x1 = sheet.x(run.b);
    const text = fitLabel(BAND_TEXT[run.kind], x1 - x0);
    sheet.line(x0 + 3, BAND - 3, x1 - 3, BAND - 3, `d-bracket d-bracket-${run.kind}`);
    if (text)
      sheet.label((x0 + x1) / 2, BAND / 2 - 1, [[text]], { anchor: 'middle', cls: `d-band d-band-${run.kind}` });
  }
  sheet.label(6, BAND + INDEX / 2, [['y index']], { cls: 'd-label d-muted d-small' });
  for (let a = view.a0; a < view.a1; a++) {
    const src = ov.axisSource[a];
    if (src >= 0)
      sheet.label(sheet.x(a) + cw / 2, BAND + INDEX / 2, [[String(src)]], { anchor: 'middle', cls: 'd-idx' });
  }

  // One row per input element.
  const top = BAND + INDEX + 4;
  rows.forEach((i, r) => {
    const y = top + r * rh;
    const xv = model.xAt(n, ci, i);
    sheet.label(
      8,
      y + rh / 2,
      [
        [`x[${i}]`, 'd-x'],
        [showText ? ` = ${short(xv, 5)}` : '', 'd-muted'],
      ],
      {
        key: `row:${i}`,
        focus: 'in',
        aria: `input x[${i}] = ${fmtNum(xv)}`,
        height: Math.min(24, rh - 2),
        size: labelFont,
      },
    );
    const first = Math.max(i * stride, view.a0);
    const last = Math.min(i * stride + (K - 1) * dil, view.a1 - 1);
    if (last > first) sheet.line(sheet.x(first) + cw / 2, y + rh / 2, sheet.x(last) + cw / 2, y + rh / 2, 'd-span');
    for (let k = 0; k < K; k++) {
      const a = i * stride + k * dil;
      if (!sheet.inView(a)) continue;
      const wv = model.wAt(ci, co, k);
      const v = Math.fround(xv * wv);
      sheet.cell(sheet.x(a), y, cw, rh, {
        cls: `d-tap${v === 0 ? ' d-zero' : ''}`,
        text: showText ? fmtShort(v) : '',
        textSize: cellFont,
        key: `tap:${i}:${k}`,
      });
    }
  });

  // Column sums: the output (and what cropping throws away).
  const needsTotal = model.dims.CinG > 1 || model.b !== null;
  let y = top + rows.length * rh + 8;
  sheet.line(sheet.lw - 4, y - 4, sheet.x(view.a1), y - 4, 'd-rule');
  sheet.label(
    8,
    y + SUM_H / 2,
    needsTotal
      ? [
          ['Σ', 'd-sigma'],
          [' rows', 'd-muted'],
        ]
      : [
          ['Σ', 'd-sigma'],
          [' = y', 'd-y'],
        ],
  );
  for (let a = view.a0; a < view.a1; a++) {
    const kind = ov.axisKind[a];
    const src = ov.axisSource[a];
    let value = 0;
    for (const e of model.byAxis[a]) value += Math.fround(model.xAt(n, ci, e.input) * model.wAt(ci, co, e.tap));
    value = Math.fround(value);
    if (!needsTotal && src >= 0) value = model.yAt(n, co, src);
    const label = src >= 0 ? `y[${src}] = ${fmtNum(value)}` : `cropped cell ${a} = ${fmtNum(value)}`;
    sheet.cell(sheet.x(a), y, cw, SUM_H, {
      cls: `d-sum d-sum-${kind}`,
      text: fmtShort(value),
      textSize: cellFont,
      key: `sum:${a}`,
      focus: 'out',
      aria: label,
    });
  }
  y += SUM_H;
  if (needsTotal) {
    const extra = model.dims.CinG > 1 ? (model.b ? ' all ch + b' : ' all ch') : ' = Σ + b';
    sheet.label(
      8,
      y + SUM_H / 2,
      [
        ['y', 'd-y'],
        [extra, 'd-muted'],
      ],
      { cls: 'd-label' },
    );
    for (let a = view.a0; a < view.a1; a++) {
      const src = ov.axisSource[a];
      if (src < 0) continue;
      sheet.cell(sheet.x(a), y, cw, SUM_H, {
        cls: 'd-total',
        text: fmtShort(model.yAt(n, co, src)),
        textSize: cellFont,
        key: `tot:${a}`,
      });
    }
    y += SUM_H;
  }

  // Overlap count per cell.
  y += 8;
  drawCounts(sheet, ov.axisCount, y);
  y += COUNT_H;

  for (const run of runs) {
    if (run.kind === 'padding') sheet.band(run.a, run.b, BAND, y, 'd-col-crop');
    else if (run.kind === 'output_padding') sheet.band(run.a, run.b, BAND, y, 'd-col-opad');
  }
  sheet.height = y + 4;
  return { sheet, rows };
}

/** The overlap-count row: a bar per cell, taller where more taps land. */
export function drawCounts(sheet, counts, y) {
  let max = 1;
  for (let a = sheet.a0; a < sheet.a1; a++) max = Math.max(max, counts[a]);
  sheet.label(8, y + 12, [['overlap', 'd-muted']], { cls: 'd-label d-small' });
  for (let a = sheet.a0; a < sheet.a1; a++) {
    const c = counts[a];
    const x = sheet.x(a);
    const barH = (c / max) * 18;
    sheet.cell(x + 5, y + 20 - barH, sheet.cw - 10, Math.max(barH, 0.001), {
      cls: `d-count d-count-${Math.min(c, 4)}`,
      key: `cnt:${a}`,
      rx: 2,
      extra: sheet.text(x + sheet.cw / 2, y + 28, String(c), 'd-count-text'),
    });
  }
}
