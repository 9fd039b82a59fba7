// The step-by-step view (diagram=steps): the overlap diagram with its rows appearing one at a
// time — ConvTranspose1d's stamps (one per input cell) or Conv1d's windows (one per output
// cell) — a scrubber, previous/next and play/pause, and each step's arithmetic. Nothing plays
// until asked, and with prefers-reduced-motion there is no play and no fading (CSS).
import { h } from '../views/dom.js';
import { fmtShort } from '../model/num-format.js';

const PLAY_MS = 900;

// Per op: the key of step i's row in the overlap sheet, and the keys that belong to step i.
const STEPS = {
  conv1d: {
    count: (model) => model.dims.Lout,
    key: (i) => `out:${i}`,
    owns: (key) => /^(?:out|wrow|win):(\d+)/.exec(key),
    noun: 'window',
  },
  conv_transpose1d: {
    count: (model) => model.dims.L,
    key: (i) => `row:${i}`,
    owns: (key) => /^(?:row|tap):(\d+)/.exec(key),
    noun: 'stamp',
  },
};

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

export class Stepper {
  constructor(overlap) {
    this.overlap = overlap;
    this.enabled = false;
    this.model = null;
    this.step = 0;
    this.count = 0;
    this.timer = 0;
    this.range = h('input', {
      type: 'range',
      min: '0',
      max: '0',
      value: '0',
      'data-testid': 'step',
      'aria-label': 'Step',
      oninput: () => this.go(Number(this.range.value)),
    });
    this.prev = h(
      'button',
      { type: 'button', class: 'btn small', 'data-testid': 'step-prev', onclick: () => this.go(this.step - 1) },
      '◀ Previous',
    );
    this.next = h(
      'button',
      { type: 'button', class: 'btn small', 'data-testid': 'step-next', onclick: () => this.go(this.step + 1) },
      'Next ▶',
    );
    this.play = h(
      'button',
      {
        type: 'button',
        class: 'btn small',
        'data-testid': 'step-play',
        'aria-pressed': 'false',
        onclick: () => this.toggle(),
      },
      'Play',
    );
    this.label = h('span', { class: 'step-label', 'data-testid': 'step-label' });
    this.main = h('p', { class: 'step-main', 'data-testid': 'step-arithmetic', 'aria-live': 'polite' });
    this.detail = h('p', { class: 'step-detail', 'data-testid': 'step-running' });
    this.motionNote = h(
      'p',
      { class: 'step-note', 'data-testid': 'step-motion-note', hidden: true },
      'Play is off because your system asks for reduced motion: use Next, the slider or the arrow keys.',
    );
    this.root = h(
      'div',
      { class: 'stepper', hidden: true, 'data-testid': 'stepper', onkeydown: (e) => this.#key(e) },
      h('div', { class: 'step-bar' }, this.prev, this.range, this.next, this.play, this.label),
      this.motionNote,
      h('div', { class: 'step-text' }, this.main, this.detail),
    );
  }

  get steps() {
    return this.model ? STEPS[this.model.op] : null;
  }

  /** A new model: keeps the step where it is still valid. */
  update(model) {
    this.model = model;
    if (!this.enabled) return this.#unmark();
    this.count = this.steps.count(model);
    this.step = Math.max(0, Math.min(this.step, this.count - 1));
    this.range.max = String(Math.max(0, this.count - 1));
    const still = reducedMotion();
    this.play.hidden = still;
    this.motionNote.hidden = !still;
    if (still) this.stop();
    this.go(this.step);
  }

  go(i) {
    if (!this.enabled || !this.count) return;
    this.step = Math.max(0, Math.min(i, this.count - 1));
    this.range.value = String(this.step);
    this.range.setAttribute('aria-valuetext', `${this.steps.noun} ${this.step + 1} of ${this.count}`);
    this.prev.disabled = this.step === 0;
    this.next.disabled = this.step === this.count - 1;
    this.label.textContent = `${this.steps.noun} ${this.step + 1} / ${this.count}`;
    const o = this.overlap;
    const found = o.kind?.explain(this.model, this.steps.key(this.step), o.view);
    this.main.textContent = found?.text.main ?? '';
    this.detail.textContent = this.#running();
    this.apply();
  }

  /** What the output holds after this step: the running sums (stamps) or the outputs so far (windows). */
  #running() {
    const m = this.model;
    const { n, co, ci } = this.overlap.view;
    const pair = m.dims.Cin > 1 || m.dims.Cout > 1 ? ` (x channel ${ci} → y channel ${co})` : '';
    const clip = (values) => (values.length > 24 ? `${values.slice(0, 24).join(', ')}, …` : values.join(', '));
    if (m.op === 'conv1d') {
      const done = Array.from({ length: this.step + 1 }, (_, o) => fmtShort(m.yAt(n, co, o), 6));
      return `Outputs so far: y[0…${this.step}] = [${clip(done)}]`;
    }
    if (!m.byInput) return '';
    const sums = new Float64Array(m.dims.Lout);
    for (let i = 0; i <= this.step; i++) {
      for (const e of m.byInput[i]) if (e.output >= 0) sums[e.output] += m.xAt(n, ci, i) * m.wAt(ci, co, e.tap);
    }
    const bias = m.b ? ' + bias' : '';
    return `Running sums after stamps 0…${this.step}${pair}: y = [${clip([...sums].map((v) => fmtShort(v, 6)))}]${bias}`;
  }

  /** Marks the rows after the current step as not yet drawn, and highlights the step. */
  apply() {
    if (!this.enabled || !this.overlap.drawn || !this.steps) return;
    const reg = this.overlap.drawn.registry;
    for (const [key, nodes] of reg) {
      const m = this.steps.owns(key);
      const later = m !== null && Number(m[1]) > this.step;
      for (const node of nodes) node.el?.classList.toggle('d-later', later);
    }
    this.overlap.inspectKey(this.steps.key(this.step));
  }

  #unmark() {
    this.stop();
    const reg = this.overlap.drawn?.registry;
    if (reg) for (const nodes of reg.values()) for (const node of nodes) node.el?.classList.remove('d-later');
  }

  toggle() {
    if (this.timer) return this.stop();
    if (reducedMotion()) return;
    if (this.step >= this.count - 1) this.go(0);
    this.play.textContent = 'Pause';
    this.play.setAttribute('aria-pressed', 'true');
    this.timer = setInterval(() => {
      if (this.step >= this.count - 1 || !this.root.isConnected) this.stop();
      else this.go(this.step + 1);
    }, PLAY_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = 0;
    this.play.textContent = 'Play';
    this.play.setAttribute('aria-pressed', 'false');
  }

  #key(e) {
    if (e.target === this.range) return; // the slider handles its own arrows
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -1, ArrowDown: 1 };
    if (e.key in moves) this.go(this.step + moves[e.key]);
    else if (e.key === 'Home') this.go(0);
    else if (e.key === 'End') this.go(this.count - 1);
    else return;
    e.preventDefault();
  }
}
