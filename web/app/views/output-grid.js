// The result as numbers: PyTorch's print (exact, from formatTensor) and a grid per batch and
// channel, shaded by value (blue negative, orange positive).
import { h, replaceChildren } from './dom.js';
import { fmtShort } from '../model/num-format.js';

const MAX_GRID_CELLS = 512; // beyond this the grid shows the first positions only
const MAX_GRID_ROWS = 64; // and beyond this many batch × channel rows, the first rows only

function level(v, maxAbs) {
  if (!(maxAbs > 0) || !Number.isFinite(v) || v === 0) return 'q0';
  const q = Math.min(4, Math.ceil((Math.abs(v) / maxAbs) * 4));
  return v > 0 ? `p${q}` : `n${q}`;
}

export class OutputGrid {
  constructor() {
    // Scrolls sideways when wide: focusable, with a name, so keyboard users can scroll it too.
    this.root = h('div', {
      class: 'grid-wrap',
      'data-testid': 'grid',
      tabindex: '0',
      role: 'group',
      'aria-label': 'Output values by channel',
    });
    this.key = '';
    this.cells = [];
    this.texts = [];
    this.classes = [];
  }

  render(model) {
    const { y, dims } = model;
    const N = dims.batched ? y.shape[0] : 1;
    const C = dims.Cout;
    const Lo = dims.Lout;
    const nShown = Math.min(N, MAX_GRID_ROWS);
    const cShown = Math.min(C, Math.max(1, Math.floor(MAX_GRID_ROWS / Math.max(1, nShown))));
    const colsShown = Math.max(1, Math.min(Lo, Math.floor(MAX_GRID_CELLS / Math.max(1, nShown * cShown))));
    const key = `${dims.batched}:${N}x${C}x${Lo}:${nShown}x${cShown}x${colsShown}`;
    if (key !== this.key) this.#build(dims, { N, C, Lo, nShown, cShown, colsShown }, key);
    let maxAbs = 0;
    for (let i = 0; i < y.data.length; i++) {
      const a = Math.abs(y.data[i]);
      if (a > maxAbs && Number.isFinite(a)) maxAbs = a;
    }
    let c = 0;
    for (let n = 0; n < nShown; n++) {
      for (let ch = 0; ch < cShown; ch++) {
        const base = (n * C + ch) * Lo;
        for (let o = 0; o < colsShown; o++) {
          const v = y.data[base + o];
          const text = fmtShort(v);
          const cls = level(v, maxAbs);
          // Only touch cells that change: every write costs layout.
          if (this.texts[c] !== text) {
            this.texts[c] = text;
            this.cells[c].textContent = text;
          }
          if (this.classes[c] !== cls) {
            this.classes[c] = cls;
            this.cells[c].className = cls;
          }
          c++;
        }
      }
    }
  }

  // A div grid with ARIA table roles rather than a <table>: table layout re-measures every
  // column whenever a number changes, fixed-size contained cells do not.
  #build(dims, { N, C, Lo, nShown, cShown, colsShown }, key) {
    this.key = key;
    this.cells = [];
    this.texts = [];
    this.classes = [];
    const tables = [];
    for (let n = 0; n < nShown; n++) {
      const head = h(
        'div',
        { role: 'row', class: 'grid-row head' },
        h('span', { role: 'columnheader', class: 'corner' }, dims.batched ? `batch ${n}` : 'y'),
      );
      for (let o = 0; o < colsShown; o++) head.append(h('span', { role: 'columnheader' }, String(o)));
      const rows = [head];
      for (let ch = 0; ch < cShown; ch++) {
        const row = h('div', { role: 'row', class: 'grid-row' }, h('span', { role: 'rowheader' }, `ch ${ch}`));
        for (let o = 0; o < colsShown; o++) {
          const cell = h('span', { role: 'cell' });
          this.cells.push(cell);
          row.append(cell);
        }
        rows.push(row);
      }
      const label = `Output values${dims.batched ? ` for batch ${n}` : ''}: one row per channel, one column per position`;
      tables.push(h('div', { role: 'table', class: 'grid', 'aria-label': label }, rows));
    }
    const parts = [
      nShown < N ? `the first ${nShown} of ${N} batches` : '',
      cShown < C ? `the first ${cShown} of ${C} channels` : '',
      colsShown < Lo ? `the first ${colsShown} of ${Lo} positions` : '',
    ].filter(Boolean);
    const note = parts.length
      ? h(
          'p',
          { class: 'grid-note' },
          `Showing ${parts.join(', ')} (the print above summarises the rest as PyTorch does).`,
        )
      : null;
    replaceChildren(this.root, ...tables, note);
  }
}
