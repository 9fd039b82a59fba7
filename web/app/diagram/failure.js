// An invalid case still drawn: when the lengths fail (the kernel outspans the padded input;
// padding crops the whole output), the plan's geometry (ConvLabError.geometry) gives the axis,
// and this draws it with what exceeds it: "padding=9 crops 18 of 12 cells". Numbers come from
// the C++ plan only.
import { Sheet } from './sheet.js';
import { LAYOUT } from './config.js';
import { drawTerms } from './marks.js';
import { v } from './vdom.js';

const MIN_CELL = 10;
const MAX_CELLS = 256; // beyond this (padding=10**9) the sentence says it; no cell per cell
const MAX_CELL = 40;

/** {headline, stretches: [{term, row, a, b, label, cls}], axis: [{a, b, kind}]} for a failed plan. */
function describe(op, g) {
  if (op === 'conv_transpose1d') {
    const full = g.fullLength;
    const p = g.cropLeft;
    const left = { term: 'padding', row: 0, a: 0, b: p, label: [`−padding ${p} (left)`, `−${p}`] };
    const right = {
      term: 'padding',
      row: 1,
      a: full - g.cropRight,
      b: full,
      label: [`−padding ${p} (right)`, `−${p}`],
    };
    const back = g.outputPadding ? ` (output_padding gives ${g.outputPadding} back)` : '';
    return {
      headline: `padding=${p} crops ${2 * p} of ${full} cells${back}, leaving ${g.Lout}: y needs at least 1.`,
      title: 'full output',
      axis: [{ a: 0, b: full, kind: 'full' }],
      stretches: [left, right],
    };
  }
  const full = g.fullLength;
  const axis = [];
  if (g.padLeft) axis.push({ a: 0, b: g.padLeft, kind: 'pad' });
  axis.push({ a: g.padLeft, b: g.padLeft + g.L, kind: 'input' });
  if (g.padRight) axis.push({ a: g.padLeft + g.L, b: full, kind: 'pad' });
  const span = {
    term: 'span',
    row: 0,
    a: 0,
    b: g.kernelSpan,
    label: [`kernel span ${g.kernelSpan}`, `${g.kernelSpan}`],
  };
  return {
    headline: `The kernel spans dilation·(kernel_size−1)+1 = ${g.kernelSpan} cells, but the padded input has ${full}: no window fits.`,
    title: 'padded input',
    axis,
    stretches: [span],
  };
}

/** -> {sheet, headline}: the failed case's axis and what exceeds it, fitted to `avail` px (sheet null when too long to draw). */
export function drawFailure(op, g, avail, lw) {
  const d = describe(op, g);
  let a0 = 0;
  let a1 = 0;
  for (const s of [...d.axis, ...d.stretches]) {
    a0 = Math.min(a0, s.a);
    a1 = Math.max(a1, s.b);
  }
  if (a1 - a0 > MAX_CELLS) return { sheet: null, headline: d.headline };
  const cw = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor((avail - lw - 8) / (a1 - a0))));
  const sheet = new Sheet({ a0, a1, cw, lw, rw: 4 });
  const top = LAYOUT.band;
  const full = d.axis[d.axis.length - 1].b;
  sheet.label(6, top / 2, [[d.title, 'd-muted']], { cls: 'd-label d-small' });
  sheet.label((sheet.x(0) + sheet.x(full)) / 2, top / 2, [[`${full} cells`]], { anchor: 'middle', cls: 'd-band' });
  // Index labels, thinned so they never overlap.
  const every = Math.ceil(24 / cw);
  sheet.label(6, top + LAYOUT.index / 2, [['index']], { cls: 'd-label d-muted d-small' });
  for (let a = 0; a < full; a++) {
    if (a % every === 0 || a === full - 1)
      sheet.label(sheet.x(a) + cw / 2, top + LAYOUT.index / 2, [[String(a)]], {
        anchor: 'middle',
        cls: 'd-idx d-idx-full',
      });
  }
  const rowY = top + LAYOUT.index;
  sheet.label(8, rowY + LAYOUT.axisRow / 2, [[op === 'conv1d' ? 'x̃' : 'y full', 'd-x']]);
  for (const run of d.axis) {
    for (let a = run.a; a < run.b; a++) {
      sheet.cell(sheet.x(a), rowY, cw, LAYOUT.axisRow, {
        cls: run.kind === 'pad' ? 'd-zeropad' : 'd-in d-fail-cell',
        key: `fail:${a}`,
        aria: `${d.title} cell ${a}`,
      });
    }
  }
  // Past the axis: where the crop or the kernel would reach.
  for (let a = a0; a < a1; a++) {
    if (a >= 0 && a < full) continue;
    sheet.front.children.push(
      v('rect', {
        x: sheet.x(a) + 1.5,
        y: rowY + 1.5,
        width: cw - 3,
        height: LAYOUT.axisRow - 3,
        class: 'd-fail-past',
      }),
    );
  }
  const y = rowY + LAYOUT.axisRow + 6;
  sheet.height =
    drawTerms(
      sheet,
      y,
      d.stretches.map((s) => ({ ...s, over: s.b > full || s.a < 0 })),
    ) + 6;
  return { sheet, headline: d.headline };
}
