// The drawing surface every diagram view draws on: an axis of equal cells in one SVG (as a
// virtual tree, see vdom.js), with a label column on the left. Views register the cells they
// draw under keys so the controller can highlight contributors without re-drawing.
import { v } from './vdom.js';
import { fmtShort as short } from '../model/num-format.js';
import { ROW_HEIGHTS, TEXT } from './config.js';

/** Picks the first label that fits into width px at font size px (or ''). */
export function fitLabel(candidates, width, size = TEXT.bandFont) {
  for (const c of candidates) if (c.length * size * TEXT.charAdvance <= width - 4) return c;
  return '';
}

/** How many characters fit in a cell of width px at font size px (monospace). */
export function charsFor(width, fontSize) {
  return Math.max(3, Math.floor((width - 8) / (fontSize * TEXT.charAdvance)));
}

function textNode(x, y, content, attrs = {}) {
  return v('text', { x, y, 'dominant-baseline': 'central', ...attrs }, [], content);
}

/** Two centred lines in a cell: the value, and under it a small name (w[2]). */
export function twoLines(x, y, w, hgt, main, sub, size) {
  return v('g', { class: 'd-two' }, [
    textNode(x + w / 2, y + hgt * 0.4, main, { 'text-anchor': 'middle', 'font-size': size }),
    textNode(x + w / 2, y + hgt - 7, sub, { 'text-anchor': 'middle', class: 'd-tapname' }),
  ]);
}

export class Sheet {
  /**
   * @param {{a0: number, a1: number, cw: number, lw: number, rw: number}} geom
   *   axis window [a0, a1), cell width, label column width, right column width
   */
  constructor(geom) {
    Object.assign(this, geom);
    this.back = v('g', { class: 'd-back' });
    this.front = v('g', { class: 'd-front' });
    this.registry = new Map(); // key -> [vnode]
    this.height = 0;
    this.focusOut = []; // focusable output cells (vnodes), in order
    this.focusIn = []; // focusable input cells (vnodes), in order
  }

  get width() {
    return this.lw + (this.a1 - this.a0) * this.cw + this.rw;
  }

  inView(a) {
    return a >= this.a0 && a < this.a1;
  }

  x(a) {
    return this.lw + (a - this.a0) * this.cw;
  }

  /** Registers a node drawn outside cell()/label() under key (for highlighting). */
  register(node, key) {
    this.#register(node, key, null);
  }

  #register(node, key, focus) {
    if (key) {
      node.attrs['data-key'] = key;
      const list = this.registry.get(key);
      if (list) list.push(node);
      else this.registry.set(key, [node]);
    }
    if (focus) {
      node.attrs['data-focus'] = focus;
      (focus === 'out' ? this.focusOut : this.focusIn).push(node);
    }
  }

  /** A cell: <g class="cell …"><rect/><text/>…</g>. */
  cell(
    x,
    y,
    w,
    hgt,
    { cls = '', text = '', key = null, textSize = null, focus = null, aria = null, rx = 4, extra = null } = {},
  ) {
    const children = [
      v('rect', {
        x: x + 1.5,
        y: y + 1.5,
        width: Math.max(1, w - 3),
        height: Math.max(1, hgt - 3),
        rx: Math.min(rx, hgt / 3),
      }),
    ];
    if (text !== '')
      children.push(textNode(x + w / 2, y + hgt / 2, text, { 'text-anchor': 'middle', 'font-size': textSize }));
    if (extra) children.push(extra);
    const g = v('g', { class: `cell ${cls}`.trim(), 'aria-label': aria }, children);
    this.#register(g, key, focus);
    this.front.children.push(g);
    return g;
  }

  /** Text in the label column (or anywhere): pieces = [[text, class], …]. */
  label(
    x,
    y,
    pieces,
    { anchor = 'start', cls = 'd-label', key = null, focus = null, aria = null, height = 24, size = null } = {},
  ) {
    const spans = pieces.map(([t, c]) => v('tspan', { class: c }, [], t));
    const t = v(
      'text',
      { x, y, class: cls, 'dominant-baseline': 'central', 'text-anchor': anchor, 'font-size': size },
      spans,
    );
    if (!key && !focus) {
      this.front.children.push(t);
      return t;
    }
    const box = v('rect', { x: 2, y: y - height / 2, width: this.lw - 8, height, rx: 4, class: 'd-labelbox' });
    const g = v('g', { class: 'cell d-rowlabel', 'aria-label': aria }, [box, t]);
    this.#register(g, key, focus);
    this.front.children.push(g);
    return g;
  }

  /** Small centred text anywhere. */
  text(x, y, content, cls) {
    return textNode(x, y, content, { 'text-anchor': 'middle', class: cls });
  }

  /** Column band from y0 to y1 behind everything, for cells [a, b). */
  band(a, b, y0, y1, cls) {
    const from = Math.max(a, this.a0);
    const to = Math.min(b, this.a1);
    if (to <= from) return;
    this.back.children.push(
      v('rect', { x: this.x(from), y: y0, width: (to - from) * this.cw, height: y1 - y0, class: cls }),
    );
  }

  /** Runs of equal kind over the visible axis: [{kind, a, b}]. */
  runs(kindOf) {
    const out = [];
    for (let a = this.a0; a < this.a1; a++) {
      const kind = kindOf(a);
      const last = out[out.length - 1];
      if (last && last.kind === kind) last.b = a + 1;
      else out.push({ kind, a, b: a + 1 });
    }
    return out;
  }

  line(x1, y1, x2, y2, cls) {
    this.back.children.push(v('line', { x1, y1, x2, y2, class: cls }));
  }

  /** The finished tree: <svg> (vector, so crisp at any zoom). scale enlarges small drawings. */
  tree(ariaLabel, scale = 1) {
    const width = Math.ceil(this.width);
    const height = Math.ceil(this.height);
    return v(
      'svg',
      {
        class: 'd-root',
        width: Math.floor(width * scale),
        height: Math.ceil(height * scale),
        viewBox: `0 0 ${width} ${height}`,
        role: 'group',
        'aria-label': ariaLabel,
        'data-testid': 'diagram',
      },
      [defs(), this.back, this.front],
    );
  }
}

function defs() {
  const hatch = v(
    'pattern',
    { id: 'd-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    [
      v('rect', { width: 6, height: 6, class: 'd-hatch-bg' }),
      v('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'd-hatch-line' }),
    ],
  );
  return v('defs', {}, [hatch]);
}

/** Row height for n rows: roomy for a few, compact (no numbers in cells) for many. */
export function rowHeight(rows) {
  return ROW_HEIGHTS.find((r) => rows <= r.upTo).height;
}

/**
 * The rows (output cells of conv1d, input elements of conv_transpose1d) whose taps, as the
 * overlap map places them (entriesOf(row): the row's entries), meet the visible axis [a0, a1).
 */
export function rowsInView(count, entriesOf, view) {
  const rows = [];
  for (let r = 0; r < count; r++) {
    let first = Infinity;
    let last = -Infinity;
    for (const e of entriesOf(r)) {
      first = Math.min(first, e.axis);
      last = Math.max(last, e.axis);
    }
    if (last >= view.a0 && first < view.a1) rows.push(r);
  }
  return rows;
}

/** Row height and text sizes for `rowCount` rows of cells `cw` pixels wide. */
export function textFit(cw, rowCount) {
  const rh = rowHeight(rowCount);
  const cellFont = cw >= TEXT.wideCell ? TEXT.cellFont : TEXT.narrowCellFont;
  const fit = charsFor(cw, cellFont);
  return {
    rh,
    showText: rh >= 22,
    cellFont,
    // A minus sign is narrow: negatives keep as many digits as positives (−0.018 next to 0.568).
    fmtShort: (value) => short(value, value < 0 ? fit + 1 : fit),
    labelFont: rh >= 22 ? null : TEXT.smallFont,
  };
}
