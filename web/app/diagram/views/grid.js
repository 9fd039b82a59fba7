// A grid of numbered cells drawn as SVG that scales to the card's width (never wider), with
// row and column labels, hover and keyboard inspection (one tab stop; arrow keys move), and
// highlight of a cell's row and column. The matrix view draws C with it.
import { s } from '../../views/dom.js';
import { fmtShort } from '../../model/num-format.js';

const CELL = 22;
const LABEL_W = 46;
const LABEL_H = 30;

/**
 * rows, cols: counts; value(r, c); rowLabel(r), colLabel(c): text; onInspect({r, c} | null).
 * showText: print values in the cells. Returns {root, mark(r, c)}.
 */
export function drawGrid({ rows, cols, value, rowLabel, colLabel, onInspect, showText, label, testid }) {
  const width = LABEL_W + cols * CELL + 2;
  const height = LABEL_H + rows * CELL + 2;
  let max = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(value(r, c)));
  const svg = s('svg', {
    class: 'grid-svg',
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': label,
    tabindex: '0',
    'data-testid': testid,
    'data-rows': rows,
    'data-cols': cols,
  });
  svg.style.maxWidth = `${Math.max(width * 1.4, 240)}px`;
  const cells = [];
  const rowLabels = [];
  const colLabels = [];
  for (let c = 0; c < cols; c++) {
    const t = s(
      'text',
      { class: 'g-col', x: LABEL_W + c * CELL + CELL / 2, y: LABEL_H - 6, 'text-anchor': 'middle' },
      colLabel(c),
    );
    colLabels.push(t);
    svg.append(t);
  }
  for (let r = 0; r < rows; r++) {
    const t = s(
      'text',
      { class: 'g-row', x: LABEL_W - 4, y: LABEL_H + r * CELL + CELL / 2 + 4, 'text-anchor': 'end' },
      rowLabel(r),
    );
    rowLabels.push(t);
    svg.append(t);
    const line = [];
    for (let c = 0; c < cols; c++) {
      const v = value(r, c);
      const g = s('g', {
        class: v === 0 ? 'g-cell g-zero' : v > 0 ? 'g-cell g-pos' : 'g-cell g-neg',
        'data-r': r,
        'data-c': c,
      });
      const rect = s('rect', {
        x: LABEL_W + c * CELL + 1,
        y: LABEL_H + r * CELL + 1,
        width: CELL - 2,
        height: CELL - 2,
        rx: 2,
      });
      if (v !== 0 && max > 0) rect.style.fillOpacity = String(0.25 + 0.75 * (Math.abs(v) / max));
      g.append(rect);
      if (showText && v !== 0)
        g.append(
          s(
            'text',
            { x: LABEL_W + c * CELL + CELL / 2, y: LABEL_H + r * CELL + CELL / 2 + 3.5, 'text-anchor': 'middle' },
            fmtShort(v, 3),
          ),
        );
      line.push(g);
      svg.append(g);
    }
    cells.push(line);
  }
  let active = null;
  const mark = (r, c) => {
    for (const el of svg.querySelectorAll('.g-hl, .g-target')) el.classList.remove('g-hl', 'g-target');
    active = r === null ? null : { r, c };
    if (!active) return onInspect(null);
    rowLabels[r].classList.add('g-hl');
    colLabels[c].classList.add('g-hl');
    for (let i = 0; i < cols; i++) cells[r][i].classList.add('g-hl');
    for (let i = 0; i < rows; i++) cells[i][c].classList.add('g-hl');
    cells[r][c].classList.add('g-target');
    onInspect(active);
  };
  svg.addEventListener('pointerover', (e) => {
    const g = e.target.closest?.('.g-cell');
    if (g) mark(Number(g.dataset.r), Number(g.dataset.c));
  });
  svg.addEventListener('focus', () => {
    if (!active) mark(0, 0);
  });
  svg.addEventListener('keydown', (e) => {
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    if (e.key === 'Escape') return mark(null, null);
    if (!(e.key in moves)) return;
    e.preventDefault();
    const { r, c } = active ?? { r: 0, c: 0 };
    const [dr, dc] = moves[e.key];
    mark(Math.max(0, Math.min(rows - 1, r + dr)), Math.max(0, Math.min(cols - 1, c + dc)));
  });
  return { root: svg, mark };
}
