// Marks that make the geometry readable: the full-axis index row, the kernel row (w[0] … w[K−1],
// coloured by tap), and brackets for the length formula's terms (stride, kernel span, padding and
// the rest), each registered under `term:<name>` so the formula and the diagram can
// highlight each other. Positions come from the overlap map's entries and the plan.
import { LAYOUT, TAP_COLOURS } from './config.js';
import { fitLabel, twoLines } from './sheet.js';
import { v } from './vdom.js';

/** The class that colours tap k (styles/diagram-taps.css). */
export const tapClass = (k) => `d-k${k % TAP_COLOURS}`;

/** A row of axis indices 0 … axisLength−1 at height y (every visible cell). */
export function drawAxisIndex(sheet, y, title) {
  sheet.label(6, y, [[title]], { cls: 'd-label d-muted d-small', key: 'term:axis' });
  for (let a = sheet.a0; a < sheet.a1; a++) {
    sheet.label(sheet.x(a) + sheet.cw / 2, y, [[String(a)]], { anchor: 'middle', cls: 'd-idx d-idx-full' });
  }
}

/**
 * The kernel, w[0] … w[K−1] with its values, drawn at the axis cells of `entries` (one row's
 * taps, so it sits right above the row it scales), at height top.
 */
export function drawKernelRow(sheet, top, fit, entries, { valueOf, nameOf }) {
  const h = LAYOUT.kernelRow;
  const title = sheet.lw < LAYOUT.labelWidth ? '' : ' kernel';
  sheet.label(8, top + h / 2, [
    ['w', 'd-w'],
    [title, 'd-muted'],
  ]);
  for (const e of entries) {
    if (!sheet.inView(e.axis)) continue;
    const value = valueOf(e);
    const name = nameOf(e);
    const text = fit.fmtShort(value);
    const x = sheet.x(e.axis);
    sheet.cell(x, top, sheet.cw, h, {
      cls: `d-kernel ${tapClass(e.tap)}`,
      key: `kern:${e.tap}`,
      aria: `${name} = ${text}`,
      extra: twoLines(x, top, sheet.cw, h, text, `w[${e.tap}]`, fit.cellFont),
    });
  }
  return top + h;
}

/**
 * Brackets under the axis, one per formula term: [{term, row, a, b, label: [longest … shortest]}]
 * (cells [a, b) of the axis; a bracket partly outside the window is clipped to it). Returns y
 * below the row.
 */
export function drawTerms(sheet, y, terms) {
  const h = LAYOUT.terms;
  const rows = 1 + Math.max(-1, ...terms.map((t) => t.row));
  for (const t of terms) {
    const row = t.row;
    const from = Math.max(t.a, sheet.a0);
    const to = Math.min(t.b, sheet.a1);
    if (to <= from) continue;
    const top = y + row * h;
    const x0 = sheet.x(from) + 2;
    const x1 = sheet.x(to) - 2;
    const text = fitLabel(t.label, Math.max(x1 - x0, sheet.cw * 2));
    const children = [
      v('path', {
        d: `M${x0} ${top + 2} V${top + 7} H${x1} V${top + 2}`,
        class: `d-term-line d-term-${t.term}`,
      }),
      v('text', { x: (x0 + x1) / 2, y: top + 15, 'text-anchor': 'middle', class: 'd-term-text' }, [], text),
    ];
    const g = v('g', { class: `d-term d-term-${t.term}`, 'data-term': t.term, 'aria-label': t.label[0] }, children);
    sheet.register(g, `term:${t.term}`);
    sheet.front.children.push(g);
  }
  return y + rows * h;
}

/** A one-line title at the left of the label column (for rows of marks). */
export function termsTitle(sheet, y, text) {
  sheet.label(6, y + LAYOUT.terms / 2, [[text]], { cls: 'd-label d-muted d-small' });
}
