// The diagram views, registered in one place. An overlap view module exports diagram, op, title,
// legend ([swatch class, text, present(model)]), axisName, layout ((narrow, model) ->
// {labelWidth, rightWidth}, or that object), rowCount, caption, draw and explain, and optionally
// terms(model) (the formula's terms on its axis: brackets linked with the filled formula) and
// note(model, drawn) (a sentence under the drawing); see conv1d.js. The controller asks for the
// view of a diagram kind ('overlap') and an op, falling back to one registered for every op
// ('*'). The other views (equivalent, matrix, gradient) are panels for every op: modules that
// export a class whose constructor takes ctx ({onState}) and which has root and update(model);
// the diagram card (card.js) switches between them. The steps view is the overlap view plus the stepper (stepper.js).
import * as conv1d from './conv1d.js';
import * as convTranspose1d from './conv-transpose1d.js';
import { EquivalentPanel } from './equivalent.js';
import { MatrixPanel } from './matrix.js';
import { GradientPanel } from './gradient.js';

const VIEWS = new Map();

function register(view) {
  VIEWS.set(`${view.diagram}:${view.op}`, view);
}

register(conv1d);
register(convTranspose1d);

const PANELS = new Map([
  ['equivalent', EquivalentPanel],
  ['matrix', MatrixPanel],
  ['gradient', GradientPanel],
]);

/** The view that draws `diagram` for `op`, or undefined. */
export function viewFor(diagram, op) {
  return VIEWS.get(`${diagram}:${op}`) ?? VIEWS.get(`${diagram}:*`);
}

/** A new panel for a panel view (ctx: {onState}). */
export function panelFor(diagram, ctx) {
  const Panel = PANELS.get(diagram);
  return new Panel(ctx);
}
