// The diagram's controller: channel pickers, the SVG (drawn by the op's view module, see
// views/index.js), a summary window for long axes, hover/keyboard inspection with the
// arithmetic line, the legend and the channel map. It knows no op: the view says what to draw.
import { h, replaceChildren } from '../views/dom.js';
import { viewFor } from './views/index.js';
import { drawChannelMap } from './channel-map.js';
import { ChannelPickers } from './pickers.js';
import { overviewStrip } from './overview.js';
import { RovingFocus } from './roving.js';
import { LAYOUT, LIMITS } from './config.js';
import { mount, patch } from './vdom.js';
import { drawFailure } from './failure.js';
import { DiagramTable } from './table.js';

const HINT = {
  main: 'Hover, tap or focus a cell to see its arithmetic.',
  detail: 'Keyboard: Tab into the diagram, then use the arrow keys.',
};

export class OverlapDiagram {
  constructor(diagram = 'overlap') {
    this.diagram = diagram;
    this.model = null;
    this.kind = null; // the view drawing the model
    this.view = { n: 0, co: 0, ci: 0, a0: 0 };
    this.drawn = null;
    this.tree = null;
    this.highlighted = [];
    this.activeKey = null;
    this.windowCells = LIMITS.windowCells;
    this.focus = new RovingFocus();

    this.pickers = new ChannelPickers((which, value) => this.#pick(which, value));
    this.caption = h('p', { class: 'd-caption' });
    this.summaryNote = h('p', { class: 'd-summary-note', 'data-testid': 'diagram-summary' });
    this.prev = h('button', { type: 'button', class: 'btn small', onclick: () => this.#shift(-1) }, '◀ Earlier cells');
    this.next = h('button', { type: 'button', class: 'btn small', onclick: () => this.#shift(1) }, 'Later cells ▶');
    this.overview = h('div', { class: 'd-overview' });
    this.summary = h(
      'div',
      { class: 'd-summary', hidden: true },
      this.summaryNote,
      this.overview,
      h('div', { class: 'd-nav' }, this.prev, this.next),
    );
    this.main = h('p', { class: 'insp-main', 'data-testid': 'arithmetic', 'aria-live': 'polite' });
    this.detail = h('p', { class: 'insp-detail', 'data-testid': 'arithmetic-detail' });
    this.inspector = h('div', { class: 'inspector' }, this.main, this.detail);
    this.scroller = h('div', { class: 'd-scroll', 'data-testid': 'diagram-svg' });
    this.note = h('p', { class: 'd-note', 'data-testid': 'diagram-note-uneven', hidden: true });
    this.table = new DiagramTable();
    this.formula = null; // the filled formula (linkFormula), whose terms highlight with the diagram's
    this.legend = h('ul', { class: 'legend', 'aria-label': 'Legend' });
    this.mapBox = h('div', { class: 'cm-box' });
    this.channelCaption = h('figcaption', {});
    this.channels = h('figure', { class: 'channels', hidden: true }, this.channelCaption, this.mapBox);
    this.root = h(
      'div',
      { class: 'diagram', 'data-testid': 'diagram-panel' },
      this.pickers.root,
      this.caption,
      this.summary,
      this.inspector,
      this.scroller,
      this.note,
      h('div', { class: 'd-foot' }, this.legend, this.channels),
      this.table.root,
    );
    this.#setInspector(HINT, true);
    this.#listen();

    // The available width is cached from the ResizeObserver, so drawing never forces a
    // synchronous layout in the middle of an update.
    // The redraw waits for the next frame: drawing inside the callback can change the observed
    // box (a scrollbar appears), which WebKit reports as "ResizeObserver loop completed with
    // undelivered notifications".
    this.width = 0;
    this.redraw = 0;
    this.resize = new ResizeObserver((entries) => {
      const w = Math.round(entries[entries.length - 1].contentRect.width);
      const changed = Math.abs(w - this.width) > LAYOUT.redrawAfter;
      this.width = w;
      if (!changed || this.redraw || !(this.model || this.failed)) return;
      this.redraw = requestAnimationFrame(() => {
        this.redraw = 0;
        if (this.model) this.#draw();
        else if (this.failed) this.renderFailure(this.failed.op, this.failed.geometry, this.failed.message);
      });
    });
    this.resize.observe(this.scroller);
  }

  #listen() {
    const sc = this.scroller;
    sc.addEventListener('pointerover', (e) => {
      const key = e.target.closest?.('[data-key]')?.dataset.key;
      if (key) this.#inspect(key);
    });
    sc.addEventListener('pointerleave', (e) => {
      if (e.pointerType === 'touch') return; // a tapped cell stays explained until the next tap
      const focused = this.root.getRootNode().activeElement;
      const key = focused && sc.contains(focused) ? focused.dataset.key : null;
      if (key) this.#inspect(key);
      else this.#clear();
    });
    sc.addEventListener('focusin', (e) => {
      const g = e.target.closest?.('[data-focus]');
      if (!g) return;
      this.focus.rove(g.dataset.focus, g);
      this.#inspect(g.dataset.key);
    });
    sc.addEventListener('focusout', (e) => {
      if (!e.relatedTarget || !sc.contains(e.relatedTarget)) this.#clear();
    });
    sc.addEventListener('keydown', (e) => this.focus.key(e));
  }

  /**
   * Links the filled formula: its spans with data-term highlight their part of the diagram
   * (term:<name>) on hover or focus, and the diagram's term brackets highlight them back.
   */
  linkFormula(formula) {
    this.formula = formula;
    const over = (e) => {
      const term = e.target.closest?.('[data-term]')?.dataset.term;
      if (term && this.drawn) this.#inspect(`term:${term}`);
    };
    formula.addEventListener('pointerover', over);
    formula.addEventListener('focusin', over);
    formula.addEventListener('pointerleave', () => this.#clear());
    formula.addEventListener('focusout', () => this.#clear());
  }

  /**
   * An invalid case: draws what the failed plan still knows (its axis and what exceeds it) with
   * the message beside it, or nothing when the error is about something else.
   */
  renderFailure(op, geometry, message) {
    this.model = null;
    this.#clear();
    this.summary.hidden = true;
    this.note.hidden = true;
    this.table.root.hidden = true;
    this.pickers.root.hidden = true;
    this.legend.hidden = true;
    this.channels.hidden = true;
    this.inspector.hidden = true;
    if (!geometry) {
      this.caption.textContent = 'No diagram while the case is invalid: fix the field marked above.';
      this.#empty(message, 'diagram-error');
      return;
    }
    const avail = this.width || this.scroller.clientWidth || LAYOUT.fallbackWidth;
    const lw = avail < LAYOUT.narrowBelow ? LAYOUT.narrowLabelWidth : LAYOUT.labelWidth;
    const { sheet, headline } = drawFailure(op, geometry, avail, lw);
    this.caption.textContent = headline;
    if (!sheet) {
      this.#empty(message, 'diagram-error');
      this.failed = { op, geometry, message };
      return;
    }
    this.drawn = null;
    this.tree = null;
    this.focus.detach();
    const svg = mount(sheet.tree(`Invalid case: ${headline}`));
    replaceChildren(this.scroller, svg, h('p', { class: 'd-fail-message', 'data-testid': 'diagram-error' }, message));
    this.failed = { op, geometry, message };
  }

  /** Draws a new model (keeps the channel and window selection when still valid). */
  render(model) {
    this.failed = null;
    this.inspector.hidden = false;
    this.pickers.root.hidden = false;
    this.legend.hidden = false;
    this.model = model;
    this.kind = viewFor(this.diagram, model.op);
    const d = model.dims;
    const v = this.view;
    v.n = Math.min(v.n, Math.max(0, d.N - 1));
    v.co = Math.min(v.co, d.Cout - 1);
    const ins = model.inChannelsOf(v.co);
    if (!ins.includes(v.ci)) v.ci = ins[0];
    this.#draw();
  }

  #pick(which, value) {
    this.view[which] = value;
    if (which === 'co') {
      const ins = this.model.inChannelsOf(this.view.co);
      if (!ins.includes(this.view.ci)) this.view.ci = ins[0];
    }
    this.#draw();
  }

  #shift(direction) {
    this.view.a0 += direction * this.windowCells;
    this.#draw();
  }

  #empty(text, testid) {
    this.drawn = null;
    this.tree = null;
    this.focus.detach();
    replaceChildren(this.scroller, h('p', { class: 'd-empty', 'data-testid': testid }, text));
  }

  #draw() {
    const m = this.model;
    const d = m.dims;
    const ov = m.overlap;
    const v = this.view;
    const kind = this.kind;
    const keep = this.activeKey;
    this.#clear();
    this.pickers.update(m, v);
    this.table.root.hidden = true;
    this.note.hidden = true;

    if (!ov) {
      this.summary.hidden = true;
      this.caption.textContent = '';
      this.#empty(
        `No diagram for an input this long (length ${d.L} × kernel_size ${d.K} taps): the output above is complete, but the map of every tap would be too big to build. Shorten the input to see it.`,
        'diagram-note',
      );
      return;
    }
    const rows = kind.rowCount(m);
    const avail = this.width || this.scroller.clientWidth || LAYOUT.fallbackWidth;
    // layout is (narrow, model) -> widths, or a plain {labelWidth, rightWidth} object.
    const { labelWidth, rightWidth } =
      typeof kind.layout === 'function' ? kind.layout(avail < LAYOUT.narrowBelow, m) : kind.layout;
    const room = avail - labelWidth - rightWidth - 4;
    // Windowed whenever the cells do not fit the width (row labels and the output column stay
    // in view); a window is as many cells as fit.
    const fits = Math.floor(room / LAYOUT.minCell);
    const summarised = ov.axisLength > fits || rows > LIMITS.fullRows;
    this.windowCells = Math.max(LIMITS.minWindowCells, Math.min(LIMITS.windowCells, fits));
    v.a0 = summarised ? Math.max(0, Math.min(v.a0, ov.axisLength - this.windowCells)) : 0;
    const a1 = summarised ? Math.min(ov.axisLength, v.a0 + this.windowCells) : ov.axisLength;

    const pair =
      d.Cin > 1 || d.Cout > 1
        ? ` Showing x channel ${v.ci} → y channel ${v.co}${d.N > 1 ? `, batch ${v.n}` : ''}.`
        : '';
    this.caption.textContent = kind.caption(m, pair);
    this.#summary(summarised, rows, a1);
    this.#foot(m);

    if (d.N === 0 || m.y.data.length === 0) {
      this.#empty('The batch is empty (N = 0): there is nothing to draw.', null);
      return;
    }
    const cw = Math.max(LAYOUT.minCell, Math.min(LAYOUT.maxCell, Math.floor(room / (a1 - v.a0))));
    const drawn = kind.draw(m, { ...v, a1, lw: labelWidth, rw: rightWidth }, cw);
    const { sheet } = drawn;
    this.drawn = sheet;
    this.terms = new Map();
    for (const t of kind.terms?.(m) ?? []) if (!this.terms.has(`term:${t.term}`)) this.terms.set(`term:${t.term}`, t);
    this.note.textContent = kind.note?.(m, drawn) ?? '';
    this.note.hidden = !this.note.textContent;
    this.table.render(m, v);
    this.focus.attach(sheet);
    // Small diagrams are drawn larger (still vector, so crisp); large ones scroll.
    const scale = Math.min(LAYOUT.maxScale, Math.max(1, (avail - 4) / sheet.width), (avail - 4) / sheet.width);
    const label = `Overlap diagram for ${kind.title}: ${d.L} input cells, kernel_size=${d.K}, ${d.Lout} output cells`;
    const tree = sheet.tree(label, scale);
    // Same structure as on screen (typing new numbers): update in place; else build anew.
    if (!patch(this.tree, tree)) replaceChildren(this.scroller, mount(tree));
    this.tree = tree;
    if (keep && sheet.registry.has(keep)) this.#inspect(keep);
    this.onDrawn?.(); // the step-by-step view re-marks its steps on the new sheet
  }

  /** Explains and highlights the cell `key` as hovering it would (the step-by-step view). */
  inspectKey(key) {
    this.#inspect(key);
  }

  #summary(summarised, rows, a1) {
    const ov = this.model.overlap;
    const v = this.view;
    this.summary.hidden = !summarised;
    if (!summarised) return;
    this.summaryNote.textContent =
      `Summarised: the ${this.kind.axisName} has ${ov.axisLength} cells` +
      `${rows > LIMITS.fullRows ? ` and ${rows} rows` : ''}, more than fit this width. ` +
      `Showing cells ${v.a0}–${a1 - 1}; the strip shows how many taps land on every cell.`;
    this.prev.disabled = v.a0 <= 0;
    this.next.disabled = a1 >= ov.axisLength;
    // Redrawn only when the axis or the window changes (not for new values).
    const stripKey = [v.a0, a1, this.width].join();
    if (this.stripFor?.ov !== ov || this.stripFor.key !== stripKey) {
      this.stripFor = { ov, key: stripKey };
      const onPick = (a) => {
        this.view.a0 = a - Math.floor(this.windowCells / 2);
        this.#draw();
      };
      replaceChildren(this.overview, overviewStrip(ov, v.a0, a1, this.width, onPick));
    }
  }

  /** The legend (per view) and the channel map. */
  #foot(m) {
    const d = m.dims;
    const v = this.view;
    const shown = this.kind.legend.filter(([, , present]) => !present || present(m));
    const legendKey = [m.op, ...shown.map(([cls]) => cls)].join();
    if (this.legend.dataset.view !== legendKey) {
      this.legend.dataset.view = legendKey;
      const items = shown.map(([cls, text]) =>
        h('li', {}, h('span', { class: `sw ${cls}`, 'aria-hidden': 'true' }), text),
      );
      replaceChildren(this.legend, ...items);
    }
    this.channels.hidden = d.Cin <= 1 && d.Cout <= 1;
    if (this.channels.hidden) return;
    this.channelCaption.textContent = `groups=${d.groups}: y channel ${v.co} reads x channel${d.CinG > 1 ? 's' : ''} ${m.inChannelsOf(v.co).join(', ')}`;
    const mapKey = [d.Cin, d.Cout, d.groups, v.co, v.ci].join();
    if (this.mapKey !== mapKey) {
      this.mapKey = mapKey;
      replaceChildren(this.mapBox, drawChannelMap(m, v));
    }
  }

  #inspect(key) {
    if (!this.drawn || !key) return;
    const term = key.startsWith('term:') ? this.terms.get(key) : null;
    if (key.startsWith('term:') && !term) return;
    const found = term
      ? { text: { main: term.main, detail: term.detail }, keys: [key], target: key }
      : this.kind.explain(this.model, key, this.view);
    if (!found) return;
    this.activeKey = key;
    this.#setInspector(found.text, false);
    this.#highlight(found.keys, found.target);
  }

  #clear() {
    this.activeKey = null;
    this.#highlight([], null);
    this.#setInspector(HINT, true);
  }

  #setInspector(text, isHint) {
    this.main.textContent = text.main;
    this.detail.textContent = text.detail || '\u00a0';
    this.inspector.classList.toggle('hint', isHint);
    if (!isHint) this.#keepInspectorHeight(); // measuring forces a layout: only on a hover, not per edit
  }

  /**
   * The box keeps the tallest height it has had at this width: a long explanation grows it once,
   * and going back to a short one (or to the hint, on leaving) never pulls the diagram up under
   * the pointer, so the next hover lands where it was aimed.
   */
  #keepInspectorHeight() {
    const box = this.inspector;
    if (box.hidden || !box.isConnected) return;
    const width = box.clientWidth;
    if (width !== this.inspectorWidth) {
      this.inspectorWidth = width;
      box.style.minHeight = '';
    }
    const height = box.offsetHeight;
    if (height > (parseFloat(box.style.minHeight) || 0)) box.style.minHeight = `${height}px`;
  }

  #highlight(keys, target) {
    for (const node of this.highlighted) node.classList.remove('hl', 'target');
    this.highlighted = [];
    // The formula's term spans follow the diagram's term brackets.
    for (const span of this.formula?.querySelectorAll('[data-term]') ?? []) {
      span.classList.toggle('hl', keys.includes(`term:${span.dataset.term}`));
    }
    const svg = this.scroller.querySelector('svg.d-root');
    if (!svg || !this.drawn) return;
    svg.classList.toggle('focusing', keys.length > 0);
    const reg = this.drawn.registry;
    for (const key of keys) {
      for (const node of reg.get(key) ?? []) {
        node.el.classList.add('hl');
        this.highlighted.push(node.el);
      }
    }
    for (const node of reg.get(target) ?? []) node.el.classList.add('target');
  }
}
