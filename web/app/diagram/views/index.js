// The diagram views, registered in one place. A view module exports diagram, op, title, legend
// ([swatch class, text, present(model)]), axisName, layout ((narrow, model) -> {labelWidth,
// rightWidth}, or that object), rowCount, caption, draw and explain, and optionally terms(model)
// (the formula's terms on its axis: brackets linked with the filled formula) and note(model,
// drawn) (a sentence under the drawing); see conv1d.js. The controller asks for the view of a
// diagram kind ('overlap' today) and an op, falling back to one registered for every op ('*').
import * as conv1d from './conv1d.js';
import * as convTranspose1d from './conv-transpose1d.js';

const VIEWS = new Map();

function register(view) {
  VIEWS.set(`${view.diagram}:${view.op}`, view);
}

register(conv1d);
register(convTranspose1d);

/** The view that draws `diagram` for `op`, or undefined. */
export function viewFor(diagram, op) {
  return VIEWS.get(`${diagram}:${op}`) ?? VIEWS.get(`${diagram}:*`);
}
