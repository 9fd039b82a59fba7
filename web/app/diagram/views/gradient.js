// The gradient view (diagram=gradient): a grad_output (ones by default, or typed as a tensor),
// the gradients lab.conv1dBackward / convTranspose1dBackward computes for input, weight and
// bias, printed like PyTorch, and the link made visible: the input gradient of a Conv1d is a
// ConvTranspose1d of grad_output with the same weight (and the reverse), computed and compared.
import { h, replaceChildren } from '../../views/dom.js';
import { inspectorLine, printedBlock } from './panel-parts.js';
import { formatTensor } from '../../../lib/tensor-text.js';
import { gradOutputOf } from '../../model/grad-output.js';
import { counterparts } from '../../model/counterpart.js';
import { fmtNum, fmtShape, fmtShort } from '../../model/num-format.js';

const MAX_CELLS = 160; // cells per strip drawn (the printed tensors below are complete)

export class GradientPanel {
  constructor({ onState }) {
    this.field = h('textarea', {
      class: 'grad-field',
      rows: 2,
      spellcheck: 'false',
      'data-testid': 'grad-output-field',
      placeholder: 'torch.ones_like(y)',
      'aria-describedby': 'grad-output-help',
      oninput: () => onState({ gradOutput: this.field.value }),
    });
    const label = h(
      'label',
      { class: 'grad-label' },
      'grad_output ',
      h('span', { class: 'd-muted', id: 'grad-output-help' }, '(empty: torch.ones_like(y))'),
    );
    label.append(this.field);
    this.error = h('p', { class: 'error', role: 'alert', 'data-testid': 'grad-error', hidden: true });
    this.link = h('p', { class: 'proof click', 'data-testid': 'grad-link' });
    this.strips = h('div', { class: 'grad-strips' });
    this.inspect = inspectorLine(
      'grad-arithmetic',
      'Hover, tap or focus a cell of the input gradient to see which grad_output cells it sums.',
    );
    this.input = printedBlock('grad-input', 'input.grad');
    this.weight = printedBlock('grad-weight', 'weight.grad');
    this.bias = printedBlock('grad-bias', 'bias.grad');
    this.biasHead = h('h3', {}, 'bias.grad');
    this.root = h(
      'div',
      { class: 'panel gradient-panel' },
      label,
      this.error,
      this.link,
      h('div', { class: 'inspector' }, this.inspect),
      this.strips,
      h('h3', {}, 'input.grad'),
      this.input,
      h('h3', {}, 'weight.grad'),
      this.weight,
      this.biasHead,
      this.bias,
    );
  }

  update(model) {
    if (this.field.value !== model.state.gradOutput && this.field.getRootNode().activeElement !== this.field)
      this.field.value = model.state.gradOutput;
    let g;
    let grads;
    try {
      g = gradOutputOf(model);
      const backward = model.op === 'conv1d' ? 'conv1dBackward' : 'convTranspose1dBackward';
      grads = model.lab[backward](model.x, model.w, model.b, g, model.params);
    } catch (e) {
      this.error.textContent = `grad_output: ${e.message} (it must have the output's shape ${fmtShape(model.y.shape)}).`;
      this.error.hidden = false;
      this.field.setAttribute('aria-invalid', 'true');
      return;
    }
    this.error.hidden = true;
    this.field.removeAttribute('aria-invalid');
    this.input.textContent = formatTensor(grads.input);
    this.weight.textContent = formatTensor(grads.weight);
    this.biasHead.hidden = this.bias.hidden = !grads.bias;
    if (grads.bias) this.bias.textContent = formatTensor(grads.bias);
    this.#link(model, g, grads);
    this.#strips(model, g, grads);
  }

  /** The input gradient as the other op of grad_output, computed and compared. */
  #link(model, g, grads) {
    const other = model.op === 'conv1d' ? 'conv_transpose1d' : 'conv1d';
    const p = model.params;
    let params;
    if (model.op === 'conv_transpose1d')
      params = { stride: p.stride, padding: p.padding, dilation: p.dilation, groups: p.groups };
    else {
      const pair = counterparts(model.lab, model);
      if (!pair.transpose) {
        this.link.textContent = `For zero padding, input.grad is conv_transpose1d(grad_output, weight) with the same stride, padding, dilation and groups; here ${pair.reason}, so the backward pass also folds the gradient of each padding copy back into the cell it copies.`;
        return;
      }
      params = pair.transpose.params;
    }
    const fn = other === 'conv1d' ? 'conv1d' : 'convTranspose1d';
    const via = model.lab[fn](g, model.w, null, params);
    let diff = 0;
    for (let i = 0; i < via.data.length; i++) diff = Math.max(diff, Math.abs(via.data[i] - grads.input.data[i]));
    const args = Object.entries(params)
      .filter(([k, v]) => v !== (k === 'stride' || k === 'dilation' || k === 'groups' ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`);
    this.link.textContent =
      `The input gradient of a ${model.op === 'conv1d' ? 'Conv1d' : 'ConvTranspose1d'} is a ${other === 'conv1d' ? 'Conv1d' : 'ConvTranspose1d'} of grad_output with the same weight: ` +
      `F.${other}(grad_output, weight${args.length ? `, ${args.join(', ')}` : ''}) gives input.grad, largest difference ${fmtNum(diff)}.`;
  }

  /** grad_output and input.grad (batch 0, channel 0) as cells; hovering one links them. */
  #strips(model, g, grads) {
    const L = model.dims.L;
    const Lout = model.dims.Lout;
    const gCells = [];
    const gRow = h('div', { class: 'eq-row' }, h('span', { class: 'eq-label' }, 'grad_out'));
    for (let o = 0; o < Math.min(Lout, MAX_CELLS); o++) {
      const c = h('span', { class: 'eq-cell eq-out' }, fmtShort(g.data[o], 4));
      gCells.push(c);
      gRow.append(c);
    }
    const iRow = h('div', { class: 'eq-row' }, h('span', { class: 'eq-label' }, 'x.grad'));
    for (let i = 0; i < Math.min(L, MAX_CELLS); i++)
      iRow.append(
        h(
          'span',
          { class: 'eq-cell eq-x', tabindex: '0', 'data-i': i, 'data-testid': 'grad-cell' },
          fmtShort(grads.input.data[i], 4),
        ),
      );
    const pick = (e) => {
      const i = e.target.closest?.('[data-i]')?.dataset.i;
      if (i === undefined) return;
      for (const el of this.strips.querySelectorAll('.hl')) el.classList.remove('hl');
      e.target.closest('[data-i]').classList.add('hl');
      const single = model.dims.Cin === 1 && model.dims.Cout === 1;
      const terms = [];
      for (const entry of model.byInput?.[Number(i)] ?? []) {
        if (entry.output < 0) continue;
        gCells[entry.output]?.classList.add('hl');
        terms.push(`g[${entry.output}]·w[${entry.tap}]`);
      }
      const sum = terms.length ? terms.join(' + ') : '0 (no output cell reads it)';
      this.inspect.textContent = `x.grad[${i}] = ${single ? '' : 'Σ over output channels of '}${sum} = ${fmtNum(grads.input.data[Number(i)])}`;
    };
    const box = h('div', { class: 'eq-grid', onpointerover: pick, onfocusin: pick }, gRow, iRow);
    replaceChildren(
      this.strips,
      h(
        'div',
        { class: 'eq-scroll', role: 'region', 'aria-label': 'grad_output and input gradient', tabindex: '0' },
        box,
      ),
    );
  }
}
