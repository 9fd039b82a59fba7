// Pieces every overlap view draws the same way: the bracket band over the axis, the index row,
// a row of kernel taps, the overlap counts, and the column bands behind everything.
import { LAYOUT } from './config.js';
import { fitLabel, twoLines } from './sheet.js';
import { tapClass } from './marks.js';

/** The bracket band over the axis: one bracket and label per run of equal kind. */
export function drawBands(sheet, runs, { labels, bracket }) {
  const { band } = LAYOUT;
  for (const run of runs) {
    const x0 = sheet.x(run.a);
    const x1 = sheet.x(run.b);
    const text = fitLabel(labels[run.kind] ?? [], x1 - x0);
    sheet.line(x0 + 3, band - 3, x1 - 3, band - 3, `d-bracket d-bracket-${bracket(run.kind)}`);
    if (text)
      sheet.label((x0 + x1) / 2, band / 2 - 1, [[text]], { anchor: 'middle', cls: `d-band d-band-${run.kind}` });
  }
}

/** An index row centred at y: a title, then labelOf(a) -> {text, cls} (or null) per visible cell. */
export function drawIndexRow(sheet, title, y, labelOf) {
  sheet.label(6, y, [[title]], { cls: 'd-label d-muted d-small' });
  for (let a = sheet.a0; a < sheet.a1; a++) {
    const label = labelOf(a);
    if (label) sheet.label(sheet.x(a) + sheet.cw / 2, y, [[label.text]], { anchor: 'middle', cls: label.cls });
  }
}

/**
 * One row of kernel taps at height `top`: a line over the span the row covers, and a cell per
 * visible tap (the row's overlap entries), holding valueOf(entry) under keyOf(entry), coloured
 * by tap, named by tap (w[2] under the value when rows are tall, else in its label), with
 * ariaOf(entry, text) as its label.
 */
export function drawTaps(sheet, top, fit, entries, { valueOf, keyOf, ariaOf }) {
  const { rh, showText, cellFont, fmtShort } = fit;
  let first = Infinity;
  let last = -Infinity;
  for (const e of entries) {
    first = Math.min(first, e.axis);
    last = Math.max(last, e.axis);
  }
  first = Math.max(first, sheet.a0);
  last = Math.min(last, sheet.a1 - 1);
  const mid = top + rh / 2;
  if (last > first) sheet.line(sheet.x(first) + sheet.cw / 2, mid, sheet.x(last) + sheet.cw / 2, mid, 'd-span');
  for (const e of entries) {
    if (!sheet.inView(e.axis)) continue;
    const value = Math.fround(valueOf(e));
    const text = fmtShort(value);
    const x = sheet.x(e.axis);
    const named = rh >= LAYOUT.kernelRow;
    sheet.cell(x, top, sheet.cw, rh, {
      cls: `d-tap ${tapClass(e.tap)}${value === 0 ? ' d-zero' : ''}`,
      text: showText && !named ? text : '',
      textSize: cellFont,
      key: keyOf(e),
      aria: ariaOf(e, text),
      extra: named ? twoLines(x, top, sheet.cw, rh, text, `w[${e.tap}]`, cellFont) : null,
    });
  }
}

/**
 * The overlap-count row: a bar per cell, taller where more taps land (taller still when `uneven`:
 * the checkerboard is the point of the picture then).
 */
export function drawCounts(sheet, counts, y, uneven = false) {
  let max = 1;
  for (let a = sheet.a0; a < sheet.a1; a++) max = Math.max(max, counts[a]);
  const tall = uneven ? LAYOUT.countBarUneven : LAYOUT.countBar;
  sheet.label(8, y + 12, [['overlap', 'd-muted']], { cls: 'd-label d-small' });
  for (let a = sheet.a0; a < sheet.a1; a++) {
    const c = counts[a];
    const x = sheet.x(a);
    const barH = (c / max) * tall;
    sheet.cell(x + 5, y + tall + 2 - barH, sheet.cw - 10, Math.max(barH, 0.001), {
      cls: `d-count d-count-${Math.min(c, 4)}`,
      key: `cnt:${a}`,
      rx: 2,
      aria: `${c} tap${c === 1 ? '' : 's'} land on cell ${a}`,
      extra: sheet.text(x + sheet.cw / 2, y + tall + 10, String(c), 'd-count-text'),
    });
  }
  return y + LAYOUT.counts + tall - LAYOUT.countBar;
}

/** Column bands from the band row down to y1, behind everything: columnClass(kind) or null per run. */
export function drawColumns(sheet, runs, y1, columnClass) {
  for (const run of runs) {
    const cls = columnClass(run.kind);
    if (cls) sheet.band(run.a, run.b, LAYOUT.band, y1, cls);
  }
}
