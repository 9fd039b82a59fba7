// The overlap diagram's controller: channel pickers, the SVG (drawn by diagram-conv.js or
// diagram-transpose.js), a summary window for long axes, hover/keyboard inspection with the
// arithmetic line, the legend and the channel map.
import { h, s, replaceChildren } from './dom.js';
import { drawTranspose } from './diagram-transpose.js';
import { drawConv } from './diagram-conv.js';
import { drawChannelMap } from './channel-map.js';
import { LIMITS } from './diagram-sheet.js';
import { mount, patch } from './vdom.js';
import { explainCropped, explainInput, explainOutput, explainPadding } from './arithmetic.js';

const HINT = {
  main: 'Hover, tap or focus a cell to see its arithmetic.',
  detail: 'Keyboard: Tab into the diagram, then use the arrow keys.',
};

const LEGEND = {
  conv_transpose1d: [
    ['sw-in', 'input element x[i]'],
    ['sw-tap', 'scaled kernel x[i]·w[k]'],
    ['sw-out', 'sum = output y'],
    ['sw-crop', 'cropped by padding'],
    ['sw-opad', 'added by output_padding'],
    ['sw-hl', 'contributes to the focused cell'],
  ],
  conv1d: [
    ['sw-in', 'input element x[i]'],
    ['sw-ghost', 'padding copy of x[j]'],
    ['sw-crop', 'zero padding'],
    ['sw-tap', 'product x̃·w[k] in a window'],
    ['sw-out', 'output y[o]'],
    ['sw-hl', 'contributes to the focused cell'],
  ],
};

function picker(label, onChange) {
  const select = h('select', { onchange: onChange });
  const wrap = h('label', { class: 'picker' }, h('span', {}, label), select);
  return { wrap, select };
}

// A picker lists at most this many values: 65,536 channels as <option>s take a second to build.
const MAX_OPTIONS = 256;

function setOptions(select, values, labelOf, selected) {
  const shown = values.length > MAX_OPTIONS ? values.slice(0, MAX_OPTIONS) : values;
  const more = values.length - shown.length;
  const labels = shown.map(labelOf);
  const key = `${labels.join('|')}|${more}`;
  if (select.dataset.options !== key) {
    select.replaceChildren(
      ...shown.map((v, i) => h('option', { value: String(v) }, labels[i])),
      more ? h('option', { value: '', disabled: true }, `… ${more} more not listed`) : null,
    );
    select.dataset.options = key;
  }
  select.value = String(selected);
}

export class OverlapDiagram {
  constructor() {
    this.model = null;
    this.view = { n: 0, co: 0, ci: 0, a0: 0 };
    this.focusIdx = { in: 0, out: 0 };
    this.drawn = null;
    this.tree = null;
    this.highlighted = [];
    this.activeKey = null;
    this.windowCells = LIMITS.windowCells;

    this.batch = picker('batch n', () => this.#pick('n', this.batch.select.value));
    this.outCh = picker('out channel', () => this.#pick('co', this.outCh.select.value));
    this.inCh = picker('in channel', () => this.#pick('ci', this.inCh.select.value));
    this.pickers = h('div', { class: 'pickers', hidden: true }, this.batch.wrap, this.outCh.wrap, this.inCh.wrap);
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
    this.legend = h('ul', { class: 'legend', 'aria-label': 'Legend' });
    this.mapBox = h('div', { class: 'cm-box' });
    this.channelCaption = h('figcaption', {});
    this.channels = h('figure', { class: 'channels', hidden: true }, this.channelCaption, this.mapBox);
    this.root = h(
      'div',
      { class: 'diagram', 'data-testid': 'diagram' },
      this.pickers,
      this.caption,
      this.summary,
      this.inspector,
      this.scroller,
      h('div', { class: 'd-foot' }, this.legend, this.channels),
    );
    this.#setInspector(HINT, true);

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
      this.#rove(g.dataset.focus, g);
      this.#inspect(g.dataset.key);
    });
    sc.addEventListener('focusout', (e) => {
      if (!e.relatedTarget || !sc.contains(e.relatedTarget)) this.#clear();
    });
    sc.addEventListener('keydown', (e) => this.#key(e));

    // The available width is cached from the ResizeObserver, so drawing never forces a
    // synchronous layout in the middle of an update.
    // The redraw waits for the next frame: drawing inside the callback can change the observed
    // box (a scrollbar appears), which WebKit reports as "ResizeObserver loop completed with
    // undelivered notifications".
    this.width = 0;
    this.redraw = 0;
    this.resize = new ResizeObserver((entries) => {
      const w = Math.round(entries[entries.length - 1].contentRect.width);
      const changed = Math.abs(w - this.width) > 24;
      this.width = w;
      if (!this.model || !changed || this.redraw) return;
      this.redraw = requestAnimationFrame(() => {
        this.redraw = 0;
        this.#draw();
      });
    });
    this.resize.observe(this.scroller);
  }

  /** Draws a new model (keeps the channel and window selection when still valid). */
  render(model) {
    this.model = model;
    const d = model.dims;
    const v = this.view;
    v.n = Math.min(v.n, Math.max(0, d.N - 1));
    v.co = Math.min(v.co, d.Cout - 1);
    const ins = model.inChannelsOf(v.co);
    if (!ins.includes(v.ci)) v.ci = ins[0];
    this.#draw();
  }

  #pick(which, value) {
    this.view[which] = Number(value);
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

  #draw() {
    const m = this.model;
    const d = m.dims;
    const ov = m.overlap;
    const v = this.view;
    const keep = this.activeKey;
    this.#clear();

    this.batch.wrap.hidden = d.N <= 1;
    this.outCh.wrap.hidden = d.Cout <= 1;
    this.inCh.wrap.hidden = d.CinG <= 1;
    setOptions(this.batch.select, [...Array(Math.max(d.N, 1)).keys()], (n) => `n = ${n}`, v.n);
    setOptions(this.outCh.select, [...Array(d.Cout).keys()], (c) => `y channel ${c} (group ${m.groupOfOut(c)})`, v.co);
    setOptions(this.inCh.select, m.inChannelsOf(v.co), (c) => `x channel ${c}`, v.ci);
    this.pickers.hidden = d.N <= 1 && d.Cout <= 1 && d.CinG <= 1;

    if (!ov) {
      this.summary.hidden = true;
      this.drawn = null;
      this.tree = null;
      this.caption.textContent = '';
      replaceChildren(
        this.scroller,
        h(
          'p',
          { class: 'd-empty', 'data-testid': 'diagram-note' },
          `No diagram for an input this long (length ${d.L} × kernel_size ${d.K} taps): the output above is complete, but the map of every tap would be too big to build. Shorten the input to see it.`,
        ),
      );
      return;
    }
    const rows = m.isConv ? d.Lout : d.L;
    const summarised = ov.axisLength > LIMITS.fullCells || rows > LIMITS.fullRows;
    const lw = 100;
    const rw = m.isConv ? 84 : 8;
    const avail = this.width || this.scroller.clientWidth || 720;
    // A summary window is as many cells as fit the width (between 8 and 24).
    this.windowCells = Math.max(8, Math.min(LIMITS.windowCells, Math.floor((avail - lw - rw - 2) / 34)));
    if (summarised) {
      v.a0 = Math.max(0, Math.min(v.a0, ov.axisLength - this.windowCells));
    } else {
      v.a0 = 0;
    }
    const a1 = summarised ? Math.min(ov.axisLength, v.a0 + this.windowCells) : ov.axisLength;

    const pair =
      d.Cin > 1 || d.Cout > 1
        ? ` Showing x channel ${v.ci} → y channel ${v.co}${d.N > 1 ? `, batch ${v.n}` : ''}.`
        : '';
    this.caption.textContent = m.isConv
      ? `Top: the ${ov.axisLength > d.L ? 'padded ' : ''}input. Each row below is one output cell's receptive window (taps every dilation=${m.params.dilation} cells, windows every stride=${m.params.stride}); the products add up to y on the right.${pair}`
      : `Each row is one input element times the kernel, x[i]·w, placed at i·stride = i·${m.params.stride} on the full output axis${m.params.dilation > 1 ? ` (taps dilation=${m.params.dilation} apart)` : ''}. Columns add up to the output` +
        (m.params.padding > 0
          ? `; padding=${m.params.padding} crops ${m.params.padding} cell${m.params.padding === 1 ? '' : 's'} off each end`
          : '') +
        (m.params.output_padding > 0
          ? `; output_padding=${m.params.output_padding} gives back ${m.params.output_padding} at the right end`
          : '') +
        `.${pair}`;

    this.summary.hidden = !summarised;
    if (summarised) {
      this.summaryNote.textContent =
        `Summarised: the ${m.isConv ? 'padded input' : 'full output axis'} has ${ov.axisLength} cells` +
        `${rows > LIMITS.fullRows ? ` and ${rows} rows` : ''}, too many to draw one by one (the limit is ${LIMITS.fullCells}). ` +
        `Showing cells ${v.a0}–${a1 - 1}; the strip shows how many taps land on every cell.`;
      this.prev.disabled = v.a0 <= 0;
      this.next.disabled = a1 >= ov.axisLength;
      // Redrawn only when the axis or the window changes (not for new values).
      const stripKey = [v.a0, a1, this.width];
      if (this.stripFor?.ov !== ov || this.stripFor.key.join() !== stripKey.join()) {
        this.stripFor = { ov, key: stripKey };
        replaceChildren(this.overview, this.#overviewStrip(v.a0, a1));
      }
    }

    if (this.legend.dataset.op !== m.op) {
      this.legend.dataset.op = m.op;
      replaceChildren(
        this.legend,
        ...LEGEND[m.op].map(([cls, text]) =>
          h('li', {}, h('span', { class: `sw ${cls}`, 'aria-hidden': 'true' }), text),
        ),
      );
    }
    this.channels.hidden = d.Cin <= 1 && d.Cout <= 1;
    if (!this.channels.hidden) {
      this.channelCaption.textContent = `groups=${d.groups}: y channel ${v.co} reads x channel${d.CinG > 1 ? 's' : ''} ${m.inChannelsOf(v.co).join(', ')}`;
      const mapKey = [d.Cin, d.Cout, d.groups, v.co, v.ci].join();
      if (this.mapKey !== mapKey) {
        this.mapKey = mapKey;
        replaceChildren(this.mapBox, drawChannelMap(m, v));
      }
    }

    if (d.N === 0 || m.y.data.length === 0) {
      this.drawn = null;
      this.tree = null;
      replaceChildren(
        this.scroller,
        h('p', { class: 'd-empty' }, 'The batch is empty (N = 0): there is nothing to draw.'),
      );
      return;
    }
    const cells = a1 - v.a0;
    const cw = Math.max(34, Math.min(48, Math.floor((avail - lw - rw - 2) / cells)));
    const view = { ...v, a1 };
    const { sheet } = m.isConv ? drawConv(m, view, cw) : drawTranspose(m, view, cw);
    this.drawn = sheet;
    // Roving tabindex: one tab stop for the inputs, one for the outputs.
    for (const group of ['in', 'out']) {
      const list = group === 'out' ? sheet.focusOut : sheet.focusIn;
      const at = Math.min(this.focusIdx[group], list.length - 1);
      list.forEach((node, i) => (node.attrs.tabindex = i === at ? '0' : '-1'));
    }
    // Small diagrams are drawn larger (still vector, so crisp); large ones scroll.
    const scale = Math.min(1.3, Math.max(1, (avail - 4) / sheet.width));
    const tree = sheet.tree(
      `Overlap diagram for ${m.isConv ? 'Conv1d' : 'ConvTranspose1d'}: ${d.L} input cells, kernel_size=${d.K}, ${d.Lout} output cells`,
      scale,
    );
    // Same structure as on screen (typing new numbers): update in place; else build anew.
    if (!patch(this.tree, tree)) replaceChildren(this.scroller, mount(tree));
    this.tree = tree;
    if (keep && sheet.registry.has(keep)) this.#inspect(keep);
  }

  #overviewStrip(a0, a1) {
    const ov = this.model.overlap;
    const width = Math.max(280, Math.min(this.width || 600, 900));
    const n = ov.axisLength;
    const cell = width / n;
    const max = Math.max(1, ...ov.axisCount);
    const svg = s('svg', {
      width,
      height: 34,
      viewBox: `0 0 ${width} 34`,
      class: 'd-strip',
      role: 'img',
      'aria-label': 'Overlap count of every cell',
    });
    for (let a = 0; a < n; a++) {
      const hgt = (ov.axisCount[a] / max) * 22;
      const kind = ov.axisKind[a];
      svg.append(
        s('rect', {
          x: a * cell,
          y: 26 - hgt,
          width: Math.max(cell - (cell > 3 ? 1 : 0), 0.5),
          height: hgt,
          class: `d-strip-bar d-strip-${kind}`,
        }),
      );
    }
    svg.append(s('rect', { x: a0 * cell, y: 1, width: (a1 - a0) * cell, height: 32, class: 'd-strip-window' }));
    svg.addEventListener('click', (e) => {
      const r = svg.getBoundingClientRect();
      const a = Math.floor(((e.clientX - r.left) / r.width) * n);
      this.view.a0 = a - Math.floor(this.windowCells / 2);
      this.#draw();
    });
    return svg;
  }

  /** The focusable vnodes of a group ('in' or 'out'). */
  #nodes(group) {
    if (!this.drawn) return [];
    return group === 'out' ? this.drawn.focusOut : this.drawn.focusIn;
  }

  #list(group) {
    return this.#nodes(group).map((node) => node.el);
  }

  #key(e) {
    const g = e.target.closest?.('[data-focus]');
    if (!g) return;
    const group = g.dataset.focus;
    const list = this.#list(group);
    let i = list.indexOf(g);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') i++;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') i--;
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = list.length - 1;
    else if (e.key === 'Escape') {
      g.blur();
      return;
    } else return;
    e.preventDefault();
    i = Math.max(0, Math.min(list.length - 1, i));
    this.#rove(group, list[i]);
    list[i].focus();
  }

  /** Makes el the group's one tab stop (roving tabindex). */
  #rove(group, el) {
    const nodes = this.#nodes(group);
    nodes.forEach((node, i) => {
      const want = node.el === el ? '0' : '-1';
      if (want === '0') this.focusIdx[group] = i;
      if (node.attrs.tabindex !== want) {
        node.attrs.tabindex = want; // keep the virtual tree in step with the DOM
        node.el.setAttribute('tabindex', want);
      }
    });
  }

  #inspect(key) {
    if (!this.drawn || !key) return;
    const found = this.#explain(key);
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
  }

  #highlight(keys, target) {
    for (const node of this.highlighted) node.classList.remove('hl', 'target');
    this.highlighted = [];
    const svg = this.scroller.querySelector('svg.d-root');
    if (!svg) return;
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

  /** key -> {text: {main, detail}, keys: [...], target} */
  #explain(key) {
    const m = this.model;
    const ov = m.overlap;
    const { n, co, ci } = this.view;
    const [kind, p1, p2] = key.split(':');
    const a = Number(p1);
    if (m.isConv) {
      if (kind === 'pad' || kind === 'cnt') {
        const src = ov.axisSource[a];
        const entries = src >= 0 ? m.byInput[src] : m.byAxis[a];
        const keys = [`pad:${a}`, `cnt:${a}`];
        for (const e of entries)
          keys.push(`win:${e.output}:${e.tap}`, `out:${e.output}`, `wrow:${e.output}`, `pad:${e.axis}`);
        const text = ov.axisKind[a] === 'kept' ? explainInput(m, n, ci, co, src) : explainPadding(m, n, ci, co, a);
        return { text, keys, target: `pad:${a}` };
      }
      const o = a;
      const keys = [`out:${o}`, `wrow:${o}`];
      for (const e of m.byOutput[o]) {
        keys.push(`win:${o}:${e.tap}`, `pad:${e.axis}`);
        if (e.input >= 0 && ov.axisKind[e.axis] !== 'kept') keys.push(`pad:${m.padLeft + e.input}`);
      }
      return { text: explainOutput(m, n, co, o), keys, target: `out:${o}` };
    }
    if (kind === 'row') {
      const i = a;
      const keys = [`row:${i}`];
      for (const e of m.byInput[i]) keys.push(`tap:${i}:${e.tap}`, `sum:${e.axis}`, `tot:${e.axis}`);
      return { text: explainInput(m, n, ci, co, i), keys, target: `row:${i}` };
    }
    const axis = kind === 'tap' ? a * m.params.stride + Number(p2) * m.params.dilation : a;
    const keys = [`sum:${axis}`, `tot:${axis}`, `cnt:${axis}`];
    for (const e of m.byAxis[axis]) keys.push(`tap:${e.input}:${e.tap}`, `row:${e.input}`);
    const src = ov.axisSource[axis];
    const text = src >= 0 ? explainOutput(m, n, co, src) : explainCropped(m, n, co, axis);
    return { text, keys, target: `sum:${axis}` };
  }
}
