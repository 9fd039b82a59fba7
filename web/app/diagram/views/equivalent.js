// The equivalent-convolution view (diagram=equivalent): ConvTranspose1d as the stride-1 Conv1d
// lab.equivalentConv1d builds — the input with stride−1 zeros inserted and dilation·(K−1)−padding
// cells of padding (or a crop), the flipped kernel, and each output cell's window over it —
// with its result printed like PyTorch (the same text as the output above).
import { h, replaceChildren } from '../../views/dom.js';
import { inspectorLine, printedBlock } from './panel-parts.js';
import { formatTensor } from '../../../lib/tensor-text.js';
import { fmtNum, fmtShort } from '../../model/num-format.js';

const MAX_ROWS = 48; // output windows drawn; the rest summarised
const MAX_COLUMNS = 160; // stuffed-input cells drawn

export class EquivalentPanel {
  constructor({ onState }) {
    this.onState = onState;
    this.sentence = h('p', { class: 'proof click', 'data-testid': 'equivalent-sentence' });
    this.caption = h('p', { class: 'd-caption' });
    this.inspect = inspectorLine('equivalent-arithmetic', 'Hover, tap or focus an output cell to see its window.');
    this.strip = h('div', {
      class: 'eq-scroll',
      role: 'region',
      'aria-label': 'Zero-stuffed input and windows',
      tabindex: '0',
    });
    this.printed = printedBlock('equivalent-output', 'Equivalent Conv1d output');
    this.note = h('p', { class: 'd-summary-note' });
    const sw = (cls, text) => h('li', {}, h('span', { class: `eq-sw ${cls}`, 'aria-hidden': 'true' }), text);
    this.legend = h(
      'ul',
      { class: 'legend', 'aria-label': 'Legend' },
      sw('eq-x', 'input x[i]'),
      sw('eq-ins', 'inserted zero (stride − 1 per gap)'),
      sw('eq-pad', 'padding zero'),
      sw('eq-w', 'flipped kernel w̃, products x̃·w̃'),
      sw('eq-out', 'output y[o]'),
    );
    this.root = h(
      'div',
      { class: 'panel equivalent-panel' },
      this.sentence,
      this.caption,
      h('div', { class: 'inspector' }, this.inspect),
      this.strip,
      this.note,
      this.legend,
      h('h3', {}, 'conv1d of these parts, printed like PyTorch'),
      this.printed,
    );
  }

  update(model) {
    if (model.op !== 'conv_transpose1d') {
      this.sentence.textContent =
        'The equivalent convolution rewrites a ConvTranspose1d as a stride-1 Conv1d. This case is already a Conv1d.';
      replaceChildren(
        this.strip,
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            'data-testid': 'equivalent-switch',
            onclick: () => this.onState({ op: 'conv_transpose1d' }),
          },
          'Show it for ConvTranspose1d',
        ),
      );
      this.caption.textContent = '';
      this.printed.textContent = '';
      this.note.textContent = '';
      return;
    }
    let eq;
    try {
      eq = model.lab.equivalentConv1d(model.x, model.w, model.b, model.params);
    } catch (e) {
      this.sentence.textContent = e.message;
      replaceChildren(this.strip);
      return;
    }
    const { dilation, padding, stride, output_padding: op } = model.params;
    const K = model.dims.K;
    const full = dilation * (K - 1);
    this.sentence.textContent =
      `Padding on a transposed convolution removes padding=${padding} cells from each end; it equals a convolution with padding dilation·(K−1) − padding = ${dilation}·${K - 1} − ${padding} = ${full - padding}` +
      `${full - padding < 0 ? ' (negative: that many cells are cropped instead)' : ''}` +
      `, on the input with stride − 1 = ${stride - 1} zero${stride - 1 === 1 ? '' : 's'} inserted between elements, and the kernel flipped${model.dims.Cin > 1 || model.dims.Cout > 1 ? ' with in/out channels swapped per group' : ''}.`;
    this.caption.textContent =
      `Padded ${eq.padLeft >= 0 ? `${eq.padLeft} left` : `cropped ${-eq.padLeft} left`}, ${eq.padRight >= 0 ? `${eq.padRight} right` : `cropped ${-eq.padRight} right`}` +
      `${op ? ` (output_padding=${op} adds to the right)` : ''}; then Conv1d with stride=1, padding=0, dilation=${dilation}. Showing batch 0, input channel 0 → output channel 0.`;
    this.printed.textContent = formatTensor(eq.output);
    this.#draw(model, eq);
  }

  #draw(model, eq) {
    const x = eq.input;
    const Lx = x.shape[x.shape.length - 1];
    const K = eq.weight.shape[2];
    const Lout = eq.output.shape[eq.output.shape.length - 1];
    const d = eq.params.dilation;
    const stride = model.params.stride;
    const stuffed = (model.dims.L - 1) * stride + 1;
    const shown = Math.min(Lout, MAX_ROWS);
    const columns = Math.min(Lx, shown - 1 + d * (K - 1) + 1, MAX_COLUMNS);
    const kindAt = (p) => {
      const sIdx = p - eq.padLeft;
      if (sIdx < 0 || sIdx >= stuffed) return 'pad';
      return sIdx % stride === 0 ? 'x' : 'ins';
    };
    const cells = [];
    const row = h('div', { class: 'eq-row eq-input' }, h('span', { class: 'eq-label' }, 'x̃'));
    for (let p = 0; p < columns; p++) {
      const kind = kindAt(p);
      const src = (p - eq.padLeft) / stride;
      const title = kind === 'x' ? `x[${src}]` : kind === 'ins' ? 'inserted zero' : 'padding zero';
      const c = h('span', { class: `eq-cell eq-${kind}`, title, 'data-p': p }, fmtShort(x.data[p], 4));
      cells.push(c);
      row.append(c);
    }
    const kernel = h('div', { class: 'eq-row eq-kernel' }, h('span', { class: 'eq-label' }, 'w̃'));
    for (let k = 0; k < K; k++)
      kernel.append(
        h('span', { class: 'eq-cell eq-w', title: `flipped w[${K - 1 - k}]` }, fmtShort(eq.weight.data[k], 4)),
      );
    const rows = [row, kernel];
    const outCells = [];
    for (let o = 0; o < shown; o++) {
      const r = h('div', { class: 'eq-row eq-window' }, h('span', { class: 'eq-label' }, `y[${o}]`));
      for (let p = 0; p < columns; p++) {
        const k = (p - o) / d;
        const inWin = Number.isInteger(k) && k >= 0 && k < K;
        r.append(
          h(
            'span',
            { class: inWin ? 'eq-cell eq-tap' : 'eq-cell eq-blank' },
            inWin ? fmtShort(x.data[p] * eq.weight.data[k], 4) : '',
          ),
        );
      }
      const out = h(
        'span',
        { class: 'eq-cell eq-out', tabindex: '0', 'data-o': o, 'data-testid': 'equivalent-cell' },
        `= ${fmtShort(eq.output.data[o], 5)}`,
      );
      r.append(out);
      outCells.push(out);
      rows.push(r);
    }
    this.note.textContent =
      Lout > shown || columns < Lx
        ? `Showing the first ${shown} of ${Lout} output windows and ${columns} of ${Lx} input cells.`
        : '';
    const focus = (o) => {
      for (const el of this.strip.querySelectorAll('.hl')) el.classList.remove('hl');
      const terms = [];
      for (let k = 0; k < K; k++) {
        const p = o + k * d;
        cells[p]?.classList.add('hl');
        terms.push(`${fmtShort(x.data[p], 4)}·${fmtShort(eq.weight.data[k], 4)}`);
      }
      rows[o + 2].classList.add('hl');
      const b = eq.bias ? ` + ${fmtShort(eq.bias.data[0], 4)}` : '';
      const more = eq.weight.shape[1] > 1 ? ' + the other input channels' : '';
      this.inspect.textContent = `y[${o}] = Σₖ x̃[${o} + ${d}·k] · w̃[k] = ${terms.join(' + ')}${more}${b} = ${fmtNum(eq.output.data[o])}`;
    };
    const pick = (e) => {
      const o = e.target.closest?.('[data-o]')?.dataset.o;
      if (o !== undefined) focus(Number(o));
    };
    const box = h('div', { class: 'eq-grid', onpointerover: pick, onfocusin: pick }, ...rows);
    replaceChildren(this.strip, box);
  }
}
