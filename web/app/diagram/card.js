// The diagram card's body: a switch between the views (the `diagram=` state key), the overlap
// diagram's controller (for `overlap` and `steps`, which adds the stepper) and one panel per
// other view (views/equivalent.js, matrix.js, gradient.js, registered in views/index.js).
import { h, replaceChildren } from '../views/dom.js';
import { OverlapDiagram } from './controller.js';
import { Stepper } from './stepper.js';
import { panelFor } from './views/index.js';

const TABS = [
  ['overlap', 'Overlap'],
  ['equivalent', 'Equivalent conv'],
  ['matrix', 'Matrix'],
  ['gradient', 'Gradient'],
  ['steps', 'Step by step'],
];

export const DIAGRAM_TITLES = Object.freeze({
  overlap: 'Overlap diagram',
  equivalent: 'The equivalent convolution',
  matrix: 'The convolution as a matrix',
  gradient: 'Gradients',
  steps: 'Step by step',
});

export class DiagramCard {
  /** onState(partial): the view asks for a state change ({diagram}, {gradOutput}). */
  constructor(onState) {
    this.onState = onState;
    this.kind = 'overlap';
    this.overlap = new OverlapDiagram();
    this.stepper = new Stepper(this.overlap);
    this.overlap.onDrawn = () => this.stepper.apply();
    this.panels = new Map(); // kind -> panel (built on first use)
    this.buttons = TABS.map(([kind, label]) =>
      h(
        'button',
        {
          type: 'button',
          class: 'tab',
          'data-testid': `diagram-${kind}`,
          'aria-pressed': 'false',
          onclick: () => this.onState({ diagram: kind }),
        },
        label,
      ),
    );
    this.tabs = h('div', { class: 'diagram-tabs', role: 'group', 'aria-label': 'Diagram view' }, ...this.buttons);
    this.body = h('div', { class: 'diagram-body' });
    this.root = h('div', { class: 'diagram-card-body', 'data-diagram': 'overlap' }, this.tabs, this.body);
  }

  /** Draws the model in the view its state names. */
  render(model) {
    const kind = model.state.diagram ?? 'overlap';
    this.#select(kind);
    if (kind === 'overlap' || kind === 'steps') {
      this.stepper.enabled = kind === 'steps';
      this.stepper.model = model;
      this.overlap.render(model);
      this.stepper.update(model);
    } else {
      this.#panel(kind).update(model);
    }
  }

  /** The formula's terms link to the overlap diagram (controller.js). */
  linkFormula(formula) {
    this.overlap.linkFormula(formula);
  }

  /** A case that failed to compute: the overlap diagram shows why, whichever view was on. */
  renderFailure(op, geometry, message) {
    this.#select('overlap');
    this.overlap.renderFailure(op, geometry, message);
  }

  #panel(kind) {
    if (!this.panels.has(kind)) this.panels.set(kind, panelFor(kind, { onState: this.onState }));
    return this.panels.get(kind);
  }

  #select(kind) {
    this.buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(TABS[i][0] === kind)));
    if (this.kind === kind && this.body.firstChild) return;
    this.kind = kind;
    this.root.dataset.diagram = kind;
    if (this.title) this.title.textContent = DIAGRAM_TITLES[kind];
    this.stepper.stop();
    const sheetView = kind === 'overlap' || kind === 'steps';
    const parts = sheetView ? [this.stepper.root, this.overlap.root] : [this.#panel(kind).root];
    replaceChildren(this.body, ...parts);
    this.stepper.root.hidden = kind !== 'steps';
  }
}
