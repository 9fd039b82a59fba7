// The padding lab, for what PyTorch refuses: padding='same' on a ConvTranspose1d (found by
// lab.solveShapes: the paddings giving L_out = L_in·stride) and causal padding for
// a Conv1d (dilation·(kernel_size − 1) cells on the left only, the F.pad recipe). Each applies to
// the playground, whose diagram then shows it.
import { h, replaceChildren } from '../../views/dom.js';
import { fieldsOf } from '../../../lib/ops.js';
import { inputDims, shapeOf } from './case-edits.js';
import { paramsOfState, solutionText } from './solution-text.js';

/** A recipe's box: its heading and the one-line reason under it. */
const recipeBox = (title, why) =>
  h('section', { class: 'dt-recipe' }, h('h3', {}, title), h('p', { class: 'dt-muted' }, why));

export class PaddingLab {
  /** ctx: {lab, playground} */
  constructor(ctx) {
    this.ctx = ctx;
    this.body = h('div', { class: 'dt-lab', 'data-testid': 'padding-lab' });
    this.root = h('div', {}, this.body);
  }

  load() {
    this.render();
  }

  render() {
    const { playground } = this.ctx;
    const state = playground.state;
    const { length } = inputDims(state);
    const w = shapeOf(state.weight);
    const params = paramsOfState(state);
    if (length === null || !w || w.length !== 3 || !params || typeof params.padding !== 'number') {
      return replaceChildren(
        this.body,
        h(
          'p',
          { class: 'dt-muted' },
          'Give the playground a case it computes (numeric padding) to see its padding recipes.',
        ),
      );
    }
    const K = w[2];
    replaceChildren(this.body, this.#transposedSame(state, length, K, params), this.#causal(state, length, K, params));
  }

  #apply(label, state) {
    const button = h('button', { type: 'button', class: 'dt-btn' }, label);
    button.addEventListener('click', () => this.ctx.playground.setState(state));
    return button;
  }

  #transposedSame(state, L, K, p) {
    const want = L * p.stride;
    let rows = [];
    let error = null;
    try {
      rows = this.ctx.lab.solveShapes({
        op: 'conv_transpose1d',
        inLength: L,
        outLength: want,
        ranges: { kernelSize: K, stride: p.stride, dilation: p.dilation },
      });
    } catch (e) {
      error = e?.message ?? String(e);
    }
    const box = recipeBox(
      "ConvTranspose1d 'same': L_out = L_in · stride",
      "PyTorch has no padding='same' for ConvTranspose1d. These give it explicitly for this kernel.",
    );
    if (error) box.append(h('p', { class: 'dt-bad' }, error));
    else if (!rows.length) {
      box.append(
        h(
          'p',
          {},
          `No ConvTranspose1d with kernel_size=${K}, stride=${p.stride}, dilation=${p.dilation} takes length ${L} to ${want}, whatever its padding: the kernel is too short for the stride. Try kernel_size ≥ stride.`,
        ),
      );
    } else {
      const s = rows[0];
      box.append(
        h(
          'p',
          {},
          `For length ${L} → ${want}: `,
          h('code', { 'data-testid': 'same-transposed' }, solutionText('conv_transpose1d', s)),
          ' ',
        ),
        this.#apply('Apply to the playground', {
          ...state,
          op: 'conv_transpose1d',
          ...fieldsOf(s),
          padding_mode: 'zeros',
        }),
      );
    }
    return box;
  }

  #causal(state, L, K, p) {
    const pad = p.dilation * (K - 1);
    const box = recipeBox(
      'Causal Conv1d: pad the left only',
      'Output t may read inputs up to t, never later: dilation·(kernel_size − 1) zeros on the left, none on the right.',
    );
    let causal;
    try {
      causal = this.ctx.lab.outputLength('conv1d', L + pad, K, { stride: p.stride, dilation: p.dilation });
    } catch (e) {
      box.append(h('p', { class: 'dt-bad' }, e?.message ?? String(e)));
      return box;
    }
    box.append(
      h(
        'pre',
        { class: 'dt-code', 'data-testid': 'causal-recipe' },
        `x = F.pad(x, (${pad}, 0))  # ${pad} zeros on the left\n` +
          `y = F.conv1d(x, weight, stride=${p.stride}, dilation=${p.dilation})  # length ${causal}`,
      ),
      h(
        'p',
        {},
        `Or padding=${pad} on both sides and keep the first ${causal} outputs (y[..., :${causal}]): the same numbers, which the diagram shows.`,
      ),
      this.#apply(`Show padding=${pad} in the playground`, {
        ...state,
        op: 'conv1d',
        padding: String(pad),
        padding_mode: 'zeros',
      }),
    );
    return box;
  }
}
