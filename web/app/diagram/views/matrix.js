// The matrix view (diagram=matrix): the op on one batch element as the matrix lab.matrix
// computes (row = output cell, column = input cell), Conv1d's C or ConvTranspose1d's Cᵀ for
// the same weight, the proof that C·x is the op's output and that Cᵀ is C transposed, and the
// adjoint check ⟨Cx, y⟩ = ⟨x, Cᵀy⟩ for seeded random x and y.
import { h, replaceChildren } from '../../views/dom.js';
import { inspectorLine } from './panel-parts.js';
import { drawGrid } from './grid.js';
import { adjointCheck, counterparts } from '../../model/counterpart.js';
import { fmtNum } from '../../model/num-format.js';

const READABLE = 32; // cells per side drawn one by one
const TEXT_COLS = 16; // values printed in the cells up to this many columns

const cellName = (letter, channels, length, index) => {
  const ch = Math.floor(index / length);
  return channels > 1 ? `${letter}[${ch},${index % length}]` : `${letter}[${index % length}]`;
};

export class MatrixPanel {
  constructor() {
    this.which = null; // 'conv' | 'transpose'; null: the op's own
    this.block = { co: 0, ci: 0 };
    this.buttons = {
      conv: h(
        'button',
        { type: 'button', class: 'tab', 'data-testid': 'matrix-conv', onclick: () => this.#pick('conv') },
        'C: Conv1d',
      ),
      transpose: h(
        'button',
        { type: 'button', class: 'tab', 'data-testid': 'matrix-transpose', onclick: () => this.#pick('transpose') },
        'Cᵀ: ConvTranspose1d',
      ),
    };
    this.caption = h('p', { class: 'd-caption', 'data-testid': 'matrix-caption' });
    this.blockBox = h('div', { class: 'matrix-blocks' });
    this.gridBox = h('div', { class: 'matrix-box', 'data-testid': 'matrix' });
    this.inspect = inspectorLine(
      'matrix-arithmetic',
      'Hover, tap or focus the matrix (then arrow keys) to see which input cell feeds which output cell.',
    );
    this.check = h('p', { class: 'proof', 'data-testid': 'matrix-check' });
    this.adjoint = h('p', { class: 'proof', 'data-testid': 'adjoint-check' });
    this.root = h(
      'div',
      { class: 'panel matrix-panel' },
      h(
        'div',
        { class: 'diagram-tabs', role: 'group', 'aria-label': 'Which matrix' },
        this.buttons.conv,
        this.buttons.transpose,
      ),
      this.caption,
      this.blockBox,
      h('div', { class: 'inspector' }, this.inspect),
      this.gridBox,
      this.check,
      this.adjoint,
    );
  }

  #pick(which) {
    this.which = which;
    if (this.model) this.update(this.model);
  }

  update(model) {
    this.model = model;
    const lab = model.lab;
    const which = this.which ?? (model.op === 'conv1d' ? 'conv' : 'transpose');
    for (const [k, b] of Object.entries(this.buttons)) b.setAttribute('aria-pressed', String(k === which));
    let pair;
    try {
      pair = counterparts(lab, model);
    } catch (e) {
      return this.#message(`No matrix for this case: ${e.message}`);
    }
    const side = which === 'transpose' && pair.transpose ? pair.transpose : pair.conv;
    const opName = side === pair.conv ? 'conv1d' : 'conv_transpose1d';
    let m;
    try {
      m = lab.matrix(opName, side.inShape, model.w, side.params);
      if (which === 'transpose' && !pair.transpose)
        m = transposed(lab.matrix('conv1d', pair.conv.inShape, model.w, pair.conv.params));
    } catch (e) {
      return this.#message(e.message);
    }
    const [rows, cols] = m.shape;
    const [Ci, Li] = m.inputShape ?? side.inShape;
    const [Co, Lo] = m.outputShape ?? side.outShape;
    const tName = which === 'transpose' ? 'Cᵀ' : 'C';
    this.caption.textContent =
      `${tName} is ${rows} × ${cols}: row r is output cell ${Co > 1 ? 'y[r ÷ L_out, r mod L_out]' : 'y[r]'}, column c is input cell ${Ci > 1 ? 'x[c ÷ L_in, c mod L_in]' : 'x[c]'}; ` +
      `${opName}(x) flattened = ${tName} · x flattened (no bias, one batch element).` +
      (which === 'transpose' && !pair.transpose
        ? ` No ConvTranspose1d has this matrix (${pair.reason}): shown is C transposed.`
        : '');
    this.#draw(m, rows, cols, Ci, Li, Co, Lo, tName);
    this.#proofs(model, pair, m, which);
  }

  #message(text) {
    replaceChildren(this.gridBox, h('p', { class: 'd-empty', 'data-testid': 'matrix-note' }, text));
    this.check.textContent = '';
    this.adjoint.textContent = '';
  }

  #draw(m, rows, cols, Ci, Li, Co, Lo, tName) {
    const whole = rows <= READABLE && cols <= READABLE;
    let r0 = 0;
    let c0 = 0;
    let nr = rows;
    let nc = cols;
    replaceChildren(this.blockBox);
    if (!whole) {
      const b = this.block;
      b.co = Math.min(b.co, Co - 1);
      b.ci = Math.min(b.ci, Ci - 1);
      r0 = b.co * Lo;
      c0 = b.ci * Li;
      nr = Math.min(Lo, READABLE);
      nc = Math.min(Li, READABLE);
      if (Co > 1 || Ci > 1)
        this.blockBox.append(
          this.#blockPicker('co', 'output channel', Co),
          this.#blockPicker('ci', 'input channel', Ci),
        );
      let nonzero = 0;
      for (const v of m.data) if (v !== 0) nonzero++;
      this.blockBox.append(
        h(
          'p',
          { class: 'd-summary-note', 'data-testid': 'matrix-summary' },
          `Summarised: ${rows} × ${cols} is too big to read cell by cell. Showing block (output channel ${b.co}, input channel ${b.ci})` +
            `${nr < Lo || nc < Li ? `, rows 0–${nr - 1} and columns 0–${nc - 1} of its ${Lo} × ${Li}` : ''}. ${nonzero} of ${rows * cols} entries are non-zero.`,
        ),
      );
    }
    const grid = drawGrid({
      rows: nr,
      cols: nc,
      value: (r, c) => m.data[(r0 + r) * cols + c0 + c],
      rowLabel: (r) => cellName('y', Co, Lo, r0 + r),
      colLabel: (c) => cellName('x', Ci, Li, c0 + c).replace(/^x/, ''),
      showText: nc <= TEXT_COLS,
      label: `${tName}, ${rows} rows by ${cols} columns`,
      testid: 'matrix-grid',
      onInspect: (at) => {
        if (!at) return;
        const r = r0 + at.r;
        const c = c0 + at.c;
        const v = m.data[r * cols + c];
        const y = cellName('y', Co, Lo, r);
        const x = cellName('x', Ci, Li, c);
        this.inspect.textContent =
          v === 0
            ? `${tName}[${r}, ${c}] = 0: ${x} does not reach ${y}.`
            : `${tName}[${r}, ${c}] = ${fmtNum(v)}: ${y} gets ${fmtNum(v)} · ${x}.`;
      },
    });
    replaceChildren(this.gridBox, grid.root);
  }

  #blockPicker(key, label, count) {
    const select = h(
      'select',
      {
        'aria-label': label,
        onchange: () => {
          this.block[key] = Number(select.value);
          this.update(this.model);
        },
      },
      Array.from({ length: count }, (_, i) =>
        h('option', { value: String(i), selected: i === this.block[key] }, `${label} ${i}`),
      ),
    );
    return select;
  }

  #proofs(model, pair, m, which) {
    const own = (model.op === 'conv1d') === (which === 'conv');
    const lines = [];
    if (own) {
      // M · x for batch element 0 against the op's own output.
      const [rows, cols] = m.shape;
      let diff = 0;
      for (let r = 0; r < rows; r++) {
        let sum = model.bAt(Math.floor(r / model.dims.Lout));
        for (let c = 0; c < cols; c++) sum += m.data[r * cols + c] * model.x.data[c];
        diff = Math.max(diff, Math.abs(sum - model.y.data[r]));
      }
      lines.push(
        `${which === 'conv' ? 'C' : 'Cᵀ'} · x${model.b ? ' + b' : ''} equals the output above (batch 0): largest difference ${fmtNum(diff)}.`,
      );
    }
    if (pair.transpose) {
      const a = model.lab.matrix('conv1d', pair.conv.inShape, model.w, pair.conv.params);
      const b = model.lab.matrix('conv_transpose1d', pair.transpose.inShape, model.w, pair.transpose.params);
      const [rows, cols] = a.shape;
      let same = b.shape[0] === cols && b.shape[1] === rows;
      for (let r = 0; same && r < rows; r++)
        for (let c = 0; c < cols; c++) if (a.data[r * cols + c] !== b.data[c * rows + r]) same = false;
      const op = pair.transpose.params.output_padding;
      lines.push(
        `ConvTranspose1d's matrix (same weight, stride, padding, dilation, groups${op ? `, output_padding=${op}` : ''}) is ${same ? 'exactly' : 'NOT'} the transpose of Conv1d's.`,
      );
    }
    this.check.textContent = lines.join(' ');
    const adj = adjointCheck(model.lab, model, pair, 0);
    this.adjoint.textContent = `Adjoint check, seeded random x and y: ⟨Cx, y⟩ = ${adj.left.toPrecision(8)} and ⟨x, Cᵀy⟩ = ${adj.right.toPrecision(8)}${adj.viaOp ? ' (Cᵀy computed by conv_transpose1d)' : ''}.`;
  }
}

function transposed(m) {
  const [rows, cols] = m.shape;
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[c * rows + r] = m.data[r * cols + c];
  return { shape: [cols, rows], data, inputShape: m.outputShape, outputShape: m.inputShape };
}
