// The overview strip of a summarised diagram: a bar per axis cell (how many taps land there),
// the visible window outlined; a click moves the window.
import { s } from '../views/dom.js';
import { STRIP } from './config.js';

/** onPick(a): the axis cell clicked. */
export function overviewStrip(overlap, a0, a1, availableWidth, onPick) {
  const width = Math.max(STRIP.minWidth, Math.min(availableWidth || 600, STRIP.maxWidth));
  const { height, barHeight } = STRIP;
  const n = overlap.axisLength;
  const cell = width / n;
  const max = Math.max(1, ...overlap.axisCount);
  const svg = s('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    class: 'd-strip',
    role: 'img',
    'aria-label': 'Overlap count of every cell',
  });
  for (let a = 0; a < n; a++) {
    const bar = (overlap.axisCount[a] / max) * barHeight;
    svg.append(
      s('rect', {
        x: a * cell,
        y: height - 8 - bar,
        width: Math.max(cell - (cell > 3 ? 1 : 0), 0.5),
        height: bar,
        class: `d-strip-bar d-strip-${overlap.axisKind[a]}`,
      }),
    );
  }
  svg.append(s('rect', { x: a0 * cell, y: 1, width: (a1 - a0) * cell, height: height - 2, class: 'd-strip-window' }));
  svg.addEventListener('click', (e) => {
    const r = svg.getBoundingClientRect();
    onPick(Math.floor(((e.clientX - r.left) / r.width) * n));
  });
  return svg;
}
