// Layer stacks: the layers (layer= in the URL, one per line here) run in turn on the playground's
// input; each layer's output shape (data-testid=layer-output), an error at the layer that raises
// it, the compound overlap at the end, the receptive field of a chosen output cell, any layer's
// own diagram (a <conv-playground> of that layer) and "Copy as PyTorch" for the whole stack.
import { h, replaceChildren } from '../../views/dom.js';
import { fieldsOf } from '../../../lib/ops.js';
import { formatTensor } from '../../../lib/tensor-text.js';
import { MAX_FIELD_CHARS } from '../../model/state.js';
import { compoundCounts, receptiveField, runStack, stackCode, weightText, MAX_LAYERS } from './stack-model.js';
import { shapeText } from './solution-text.js';

const EXAMPLE = [
  'nn.ConvTranspose1d(1, 1, kernel_size=3, stride=2)',
  'nn.ConvTranspose1d(1, 1, kernel_size=3, stride=2)',
];

export class LayerStack {
  /** ctx: {lab, playground, url, copy(text, what)} */
  constructor(ctx) {
    this.ctx = ctx;
    this.stack = null;
    this.diagramAt = -1;
    this.area = h('textarea', {
      id: 'dt-layers',
      rows: 3,
      spellcheck: 'false',
      autocomplete: 'off',
      'data-testid': 'layers',
      placeholder: EXAMPLE.join('\n'),
    });
    this.weights = h(
      'select',
      { id: 'dt-weights', 'aria-label': 'Weights' },
      h('option', { value: 'ones' }, 'ones'),
      h('option', { value: 'randn' }, 'randn, seeded per layer'),
    );
    this.cell = h('input', {
      id: 'dt-cell',
      type: 'text',
      inputmode: 'numeric',
      size: 4,
      value: '0',
      autocomplete: 'off',
    });
    this.rows = h('ol', { class: 'dt-stack' });
    this.overlap = h('div', { class: 'dt-overlap', 'data-testid': 'stack-overlap' });
    this.field = h('div', { class: 'dt-field-out', 'data-testid': 'receptive-field' });
    this.code = h('pre', { class: 'dt-code', 'data-testid': 'stack-code', tabindex: '0' });
    const copy = h(
      'button',
      { type: 'button', class: 'dt-btn primary', 'data-testid': 'copy-stack' },
      'Copy as PyTorch',
    );
    copy.addEventListener('click', () => ctx.copy(this.code.textContent, 'nn.Sequential'));
    this.area.addEventListener('input', () => {
      ctx.url.write({ tool: 'stack', layer: this.#layerTexts() });
      this.render();
    });
    this.weights.addEventListener('change', () => {
      ctx.url.write({ weights: this.weights.value === 'ones' ? null : this.weights.value });
      this.render();
    });
    this.cell.addEventListener('input', () => {
      ctx.url.write({ cell: this.cell.value.trim() || null });
      this.#showOverlap();
      this.#showField();
    });
    this.root = h(
      'div',
      { class: 'dt-stack-tool' },
      h(
        'p',
        { class: 'dt-lede' },
        "One layer per line, run in turn on the playground's input (its channels must match the first layer's).",
      ),
      h('label', { for: 'dt-layers', class: 'dt-label' }, 'Layers'),
      this.area,
      h(
        'div',
        { class: 'dt-form' },
        h('label', { class: 'dt-field', for: 'dt-weights' }, h('span', {}, 'weights'), this.weights),
      ),
      this.rows,
      h('h3', {}, 'Overlap at the end of the stack'),
      this.overlap,
      h('h3', {}, 'Receptive field'),
      h(
        'div',
        { class: 'dt-form' },
        h('label', { class: 'dt-field', for: 'dt-cell' }, h('span', {}, 'output cell'), this.cell),
      ),
      this.field,
      h('div', { class: 'dt-actions' }, copy),
      h('details', { class: 'dt-code-box' }, h('summary', {}, 'The stack as PyTorch'), this.code),
    );
  }

  #layerTexts() {
    return this.area.value
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .slice(0, MAX_LAYERS);
  }

  load() {
    const q = this.ctx.url.read();
    const layers = q.getAll('layer');
    this.area.value = layers.length ? layers.join('\n') : this.area.value || EXAMPLE.join('\n');
    this.weights.value = q.get('weights') === 'randn' ? 'randn' : 'ones';
    if (q.has('cell')) this.cell.value = q.get('cell');
    this.render();
  }

  render() {
    const input = this.ctx.playground.state.input;
    const weights = this.weights.value;
    const stack = runStack(this.ctx.lab, input, this.#layerTexts(), weights);
    this.stack = stack;
    replaceChildren(this.rows);
    if (stack.inputError) this.rows.append(h('li', { class: 'dt-bad', role: 'alert' }, stack.inputError));
    else
      this.rows.append(
        h('li', { class: 'dt-row dt-input' }, h('span', { class: 'dt-shape' }, shapeText(stack.input.shape)), ' input'),
      );
    stack.layers.forEach((row, i) => {
      const shape = h(
        'span',
        { class: 'dt-shape', 'data-testid': 'layer-output' },
        row.outShape ? shapeText(row.outShape) : '—',
      );
      const item = h('li', { class: `dt-row${row.error ? ' dt-failed' : ''}` }, shape, ' ', h('code', {}, row.text));
      if (row.error)
        item.append(
          h('p', { class: 'dt-bad', role: 'alert', 'data-testid': 'layer-error' }, `Layer ${i + 1}: ${row.error}`),
        );
      if (row.output) {
        const show = h(
          'button',
          { type: 'button', class: 'dt-btn small', 'aria-expanded': String(this.diagramAt === i) },
          'Diagram',
        );
        show.addEventListener('click', () => {
          this.diagramAt = this.diagramAt === i ? -1 : i;
          this.render();
        });
        item.append(' ', show);
        if (this.diagramAt === i) item.append(this.#diagram(row, i, weights));
      }
      this.rows.append(item);
    });
    this.#showOverlap();
    this.#showField();
    this.code.textContent = stackCode(stack, input, weights);
  }

  /** Layer i's own diagram: an embedded playground running that layer on its actual input. */
  #diagram(row, i, weights) {
    const x = i === 0 ? this.stack.input : this.stack.layers[i - 1].output;
    const printed = formatTensor(x);
    const el = document.createElement('conv-playground');
    el.setAttribute('controls', 'none');
    el.setAttribute('view', 'output diagram');
    el.className = 'dt-layer-diagram';
    const l = row.layer;
    el.setState({
      op: l.op,
      input: printed.length <= MAX_FIELD_CHARS ? printed : `torch.ones(${x.shape.join(', ')})`,
      weight: weightText(l.weightShape, weights, i),
      biasOn: l.bias,
      bias: `torch.zeros(${l.outChannels})`,
      ...fieldsOf(l),
    });
    return el;
  }

  #showOverlap() {
    const counts = compoundCounts(this.stack);
    if (!counts) {
      replaceChildren(
        this.overlap,
        h('p', { class: 'dt-muted' }, this.stack.complete ? 'Too long to map.' : 'Shown once every layer runs.'),
      );
      return;
    }
    const max = Math.max(1, ...counts);
    const bars = h('div', { class: 'dt-bars', 'aria-hidden': 'true' });
    const chosen = Number(this.cell.value);
    counts.forEach((c, i) => {
      const bar = h('span', { style: { height: `${Math.max(2, (c / max) * 100)}%` }, title: `y[${i}]: ${c}` });
      if (i === chosen) bar.className = 'on'; // the cell whose receptive field is shown below
      bars.append(bar);
    });
    const uneven = new Set(counts.filter((c) => c > 0)).size > 1;
    replaceChildren(
      this.overlap,
      h(
        'p',
        {},
        `Paths from the input to each of the ${counts.length} output cells (one channel, one tap per layer): `,
        h('code', { 'data-testid': 'stack-counts' }, counts.join(' ')),
        uneven ? '. Uneven: the checkerboard pattern.' : '. Even: every cell gets the same number.',
      ),
      bars,
    );
  }

  #showField() {
    const stack = this.stack;
    const last = stack?.output;
    if (!last || !stack.complete)
      return replaceChildren(this.field, h('p', { class: 'dt-muted' }, 'Shown once every layer runs.'));
    const outLength = last.shape[last.shape.length - 1];
    const cell = Number(this.cell.value);
    if (!Number.isInteger(cell) || cell < 0 || cell >= outLength) {
      return replaceChildren(
        this.field,
        h('p', { class: 'dt-bad' }, `output cell must be a whole number from 0 to ${outLength - 1}.`),
      );
    }
    const field = receptiveField(stack, cell);
    if (!field) return replaceChildren(this.field, h('p', { class: 'dt-muted' }, 'Too long to map.'));
    const cells = field.map((f) => f.input);
    const span = cells.length ? `input cells ${cells[0]}–${cells[cells.length - 1]}` : 'no input cell (only padding)';
    replaceChildren(
      this.field,
      h('p', {}, `Output cell ${cell} reads ${span}: ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'}.`),
      h(
        'p',
        { class: 'dt-muted' },
        'Paths from each: ',
        h('code', {}, field.map((f) => `x[${f.input}]×${f.paths}`).join(' ')),
      ),
    );
  }
}
