// Paste (data-testid=paste): a layer (nn.Conv1d(…), PyTorch's repr) sets the playground's op,
// every parameter, a weight of the layer's shape and an input with its channels; a PyTorch error
// message gets its plain meaning for the numbers it quotes and a one-click fix.
import { h, replaceChildren } from '../../views/dom.js';
import { paramsFor } from '../../../lib/ops.js';
import { parseLayer } from '../../../lib/design/parse-layer.js';
import { caseOfLayer, inputDims } from './case-edits.js';
import { explainError, KNOWN_ERRORS } from './error-explain.js';

const MAX_PASTE_CHARS = 4096;
const LOOKS_LIKE_LAYER = /^\s*(?:\w+\s*[:=]\s*)?(?:\(\w+\):\s*)?(?:torch\.)?(?:nn\.)?\w*conv\w*\s*\(/i;

export class PasteBox {
  /** ctx: {lab, playground} */
  constructor(ctx) {
    this.ctx = ctx;
    this.area = h('textarea', {
      id: 'dt-paste',
      'data-testid': 'paste',
      rows: 2,
      spellcheck: 'false',
      autocomplete: 'off',
      placeholder: 'nn.ConvTranspose1d(16, 8, kernel_size=4, stride=2, padding=1)  — or a RuntimeError message',
    });
    this.out = h('div', { class: 'dt-paste-out', 'data-testid': 'paste-result', 'aria-live': 'polite' });
    this.area.addEventListener('input', () => this.read());
    this.root = h(
      'div',
      { class: 'dt-paste' },
      h('label', { for: 'dt-paste' }, 'Paste a layer or a PyTorch error'),
      this.area,
      this.out,
    );
  }

  read() {
    const text = this.area.value;
    if (!text.trim()) return replaceChildren(this.out);
    if (text.length > MAX_PASTE_CHARS) {
      return this.#show(
        'Too long to read',
        `Paste one layer or one error message (up to ${MAX_PASTE_CHARS} characters).`,
      );
    }
    const explained = explainError(text, this.ctx.playground.state);
    if (explained) return this.#show(explained.title, explained.meaning, explained.fixLabel, explained.fix);
    if (LOOKS_LIKE_LAYER.test(text)) return this.#layer(text);
    return this.#show(
      'Not a layer or an error ConvLab reads',
      `Paste nn.Conv1d(…) / nn.ConvTranspose1d(…) (or PyTorch's repr of one), or one of these messages: ${KNOWN_ERRORS.join('; ')}.`,
    );
  }

  #layer(text) {
    let layer;
    try {
      layer = parseLayer(text);
    } catch (e) {
      return this.#show('PyTorch would refuse this layer', e?.message ?? String(e));
    }
    const { playground } = this.ctx;
    const length = this.#lengthFor(layer, inputDims(playground.state).length ?? 8);
    const fix = (state) => caseOfLayer(state, layer, length);
    const name = layer.op === 'conv1d' ? 'Conv1d' : 'ConvTranspose1d';
    this.#show(
      `A ${name}`,
      `in_channels=${layer.inChannels}, out_channels=${layer.outChannels}, kernel_size=${layer.kernelSize}: weight ` +
        `(${layer.weightShape.join(', ')}), input (1, ${layer.inChannels}, ${length}). Applied to the playground.`,
      'Apply again',
      fix,
    );
    playground.setState(fix(playground.state));
  }

  /** The first input length from `from` on that the layer accepts (a too-short input is the input's fault). */
  #lengthFor(layer, from) {
    const params = paramsFor(layer.op, layer);
    for (let length = Math.max(1, Math.min(from, 64)); length < 4096; length++) {
      try {
        this.ctx.lab.outputShape(layer.op, [1, layer.inChannels, length], layer.weightShape, params);
        return length;
      } catch {
        // too short for this kernel and padding: try one longer
      }
    }
    return from;
  }

  #show(title, meaning, fixLabel, fix) {
    const parts = [h('p', { class: 'dt-title' }, title), h('p', { class: 'dt-explain' }, meaning)];
    if (fixLabel) {
      const button = h('button', { type: 'button', class: 'dt-btn primary', 'data-testid': 'paste-fix' }, fixLabel);
      button.addEventListener('click', () => this.ctx.playground.setState(fix(this.ctx.playground.state)));
      parts.push(button);
    }
    replaceChildren(this.out, ...parts);
  }
}
