// The shape solver (tool=design): every layer shape (kernel_size and the op's length parameters)
// that maps in_length to out_length, from lab.solveShapes, one click to apply a row; and the "invert
// this Conv1d" mode (tool=invert): lab.invertConv1d on the playground's Conv1d.
import { h, replaceChildren } from '../../views/dom.js';
import { fieldsOf } from '../../../lib/ops.js';
import { caseOfSolution, inputDims, inputText, shapeOf } from './case-edits.js';
import { paramsOfState, solutionText } from './solution-text.js';

const PAGE_ROWS = 40; // rows shown at first; "Show more" adds as many again

const field = (label, input) => h('label', { class: 'dt-field' }, h('span', {}, label), input);
const numberInput = (name, value) =>
  h('input', { type: 'text', inputmode: 'numeric', name, value: String(value), autocomplete: 'off', size: 5 });

export class ShapeSolver {
  /** ctx: {lab, playground, url: {read(), write(changes)}} */
  constructor(ctx) {
    this.ctx = ctx;
    this.shown = PAGE_ROWS;
    this.op = h(
      'select',
      { name: 'op', 'aria-label': 'Operation' },
      h('option', { value: 'conv_transpose1d' }, 'ConvTranspose1d'),
      h('option', { value: 'conv1d' }, 'Conv1d'),
    );
    this.inLength = numberInput('in_length', 3);
    this.outLength = numberInput('out_length', 8);
    this.summary = h('p', { class: 'dt-summary', 'aria-live': 'polite' });
    this.rows = h('ol', { class: 'dt-rows', 'data-testid': 'design-result' });
    this.more = h('button', { type: 'button', class: 'dt-btn', hidden: true }, 'Show more');
    this.more.addEventListener('click', () => {
      this.shown += PAGE_ROWS;
      this.render();
    });
    const form = h(
      'div',
      { class: 'dt-form' },
      field('op', this.op),
      field('in_length', this.inLength),
      field('out_length', this.outLength),
    );
    form.addEventListener('input', () => {
      this.shown = PAGE_ROWS;
      ctx.url.write({ in_length: this.inLength.value.trim(), out_length: this.outLength.value.trim() });
      if (this.op.value !== ctx.playground.state.op)
        ctx.playground.setState({ ...ctx.playground.state, op: this.op.value });
      this.render();
    });
    this.root = h(
      'div',
      { class: 'dt-solver' },
      h(
        'p',
        { class: 'dt-lede' },
        'Which settings turn this input length into that output length? Every answer PyTorch accepts, simplest first.',
      ),
      form,
      this.summary,
      this.rows,
      this.more,
    );
  }

  /** Reads in_length / out_length from the URL (the op is the playground's). */
  load() {
    const q = this.ctx.url.read();
    if (q.has('in_length')) this.inLength.value = q.get('in_length');
    if (q.has('out_length')) this.outLength.value = q.get('out_length');
    this.op.value = this.ctx.playground.state.op;
    this.render();
  }

  render() {
    const op = this.op.value;
    // Whole numbers as numbers; anything else as typed, so the API's message quotes it.
    const read = (input) => (/^\s*\d+\s*$/.test(input.value) ? Number(input.value) : input.value);
    const inLength = read(this.inLength);
    const outLength = read(this.outLength);
    replaceChildren(this.rows);
    this.more.hidden = true;
    let solutions;
    try {
      solutions = this.ctx.lab.solveShapes({ op, inLength, outLength });
    } catch (e) {
      this.summary.className = 'dt-summary dt-bad';
      this.summary.textContent = e?.message ?? String(e);
      return;
    }
    this.summary.className = 'dt-summary';
    const name = op === 'conv1d' ? 'Conv1d' : 'ConvTranspose1d';
    this.summary.textContent = solutions.length
      ? `${solutions.length} ${solutions.length === 1 ? 'setting' : 'settings'} of ${name} map length ${inLength} to ${outLength} (kernel_size 1–16, stride 1–8, dilation 1–4).`
      : `No ${name} with kernel_size 1–16, stride 1–8 and dilation 1–4 maps length ${inLength} to ${outLength}.` +
        (op === 'conv1d' && outLength > inLength
          ? ' A Conv1d can only lengthen by padding; for upsampling try ConvTranspose1d.'
          : '');
    for (const s of solutions.slice(0, this.shown)) {
      const text = solutionText(op, s);
      const apply = h('button', { type: 'button', class: 'dt-btn', 'aria-label': `Apply ${text}` }, 'Apply');
      apply.addEventListener('click', () => {
        const state = this.ctx.playground.state;
        this.ctx.playground.setState(caseOfSolution(state, op, s, inLength));
      });
      this.rows.append(h('li', {}, h('code', {}, text), apply));
    }
    this.more.hidden = solutions.length <= this.shown;
    this.more.textContent = `Show more (${Math.min(PAGE_ROWS, solutions.length - this.shown)} of ${solutions.length - this.shown} left)`;
  }
}

export class Conv1dInverter {
  constructor(ctx) {
    this.ctx = ctx;
    this.body = h('div', { class: 'dt-invert', 'data-testid': 'design-result' });
    this.root = h(
      'div',
      {},
      h(
        'p',
        { class: 'dt-lede' },
        "The ConvTranspose1d that gives the playground's Conv1d input length back (a decoder mirroring an encoder).",
      ),
      this.body,
    );
  }

  load() {
    this.render();
  }

  render() {
    const { lab, playground } = this.ctx;
    const state = playground.state;
    const say = (...children) => replaceChildren(this.body, h('p', { class: 'dt-summary' }, ...children));
    if (state.op !== 'conv1d') {
      const to = h('button', { type: 'button', class: 'dt-btn' }, 'Switch the playground to Conv1d');
      to.addEventListener('click', () => playground.setState({ ...state, op: 'conv1d' }));
      return say('The playground holds a ConvTranspose1d; this mode inverts a Conv1d. ', to);
    }
    const { length } = inputDims(state);
    const w = shapeOf(state.weight);
    const params = paramsOfState(state);
    if (length === null || !w || w.length !== 3 || !params) {
      return say('Give the playground a Conv1d it can compute (an input and a weight it reads) to invert it.');
    }
    let inv;
    try {
      inv = lab.invertConv1d(length, w[2], params);
    } catch (e) {
      return say(e?.message ?? String(e));
    }
    const c = inv.conv1d;
    const lines = [
      h(
        'p',
        { class: 'dt-summary' },
        `This Conv1d maps length ${c.inLength} to ${c.outLength}. `,
        inv.ambiguous
          ? `Lengths ${inv.inLengths[0]}–${inv.inLengths[1]} all give ${c.outLength}, so the way back is ambiguous.`
          : `Only length ${c.inLength} gives ${c.outLength}: the way back is unique.`,
      ),
      h('p', { class: 'dt-explain' }, inv.explanation),
    ];
    if (inv.convTranspose1d) {
      const s = inv.convTranspose1d;
      const text = solutionText('conv_transpose1d', s);
      const apply = h('button', { type: 'button', class: 'dt-btn' }, 'Apply');
      apply.addEventListener('click', () => {
        // The same weight shape serves both: Conv1d's (out, in/g, K) is ConvTranspose1d's (in, out/g, K).
        playground.setState({
          ...state,
          op: 'conv_transpose1d',
          input: inputText(state, w[0], c.outLength),
          ...fieldsOf(s),
          padding_mode: 'zeros',
        });
      });
      lines.push(h('ol', { class: 'dt-rows' }, h('li', {}, h('code', {}, `ConvTranspose1d(${text})`), apply)));
    }
    replaceChildren(this.body, ...lines);
  }
}
