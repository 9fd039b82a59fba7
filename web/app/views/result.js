// Fills the shell (views/shell.js) from a model: the status line, the printed output, the
// formula, the values, the code and the diagram; or shows an error and marks its field.
import { h } from './dom.js';
import { OPS } from '../../lib/ops.js';
import { lengthFormula, moduleSignature } from '../model/formula.js';
import { codeFor } from '../model/pytorch-grad.js';
import { fmtShape } from '../model/num-format.js';

export function renderModel(ui, model) {
  ui.printed.textContent = model.printed;
  const f = lengthFormula(model);
  ui.formulaGeneral.textContent = f.general;
  // Each term is a span the diagram highlights with its part of the axis (and back).
  ui.formula.replaceChildren(
    ...f.parts.map(([text, term]) => (term ? h('span', { class: 'f-term', 'data-term': term }, text) : text)),
  );
  ui.formulaNote.textContent = f.note;
  ui.formulaNote.hidden = !f.note;
  ui.signature.textContent = moduleSignature(model);
  const { x, w, y, b } = model;
  ui.shapes.replaceChildren(
    h('span', { class: 'ok-mark', 'aria-hidden': 'true' }, '✓'),
    ` input ${fmtShape(x.shape)} · weight ${fmtShape(w.shape)}${b ? ` · bias ${fmtShape(b.shape)}` : ''} → output `,
    h('strong', { 'data-testid': 'output-shape' }, fmtShape(y.shape)),
  );
  ui.grid.render(model);
  ui.code.textContent = codeFor(model);
  ui.diagram.render(model);
}

/** The line under each tensor field (its shape or its parse error), and the channels the weight implies. */
export function showTensorMeta(ui, evaluator, state) {
  const c = ui.controls;
  for (const field of ['input', 'weight', 'bias']) {
    if (field === 'bias' && !state.biasOn) {
      c.setMeta('bias', 'off: bias=False');
      continue;
    }
    const p = evaluator.peek(field);
    if (!p || p.text !== state[field]) c.setMeta(field, '');
    else if (p.error) c.setMeta(field, `⚠ ${p.error.message.replace(/^\w+: /, '')}`);
    else c.setMeta(field, `shape ${fmtShape(p.tensor.shape)}`);
  }
  // in_channels / out_channels / kernel_size follow from the weight's shape (and groups), even
  // while something else is still invalid.
  const wp = evaluator.peek('weight');
  const shape = wp && wp.text === state.weight && wp.tensor ? wp.tensor.shape : null;
  if (shape && shape.length === 3) {
    const layout = OPS[state.op].weight;
    const g = /^\s*\d+\s*$/.test(state.groups) ? Number(state.groups) : NaN;
    const base = layout.channels(shape, 1);
    const text = (key) =>
      key !== layout.perGroup ? String(base[key]) : Number.isFinite(g) ? String(base[key] * g) : `${base[key]}·groups`;
    c.derived.textContent = `in_channels = ${text('inChannels')} · out_channels = ${text('outChannels')} · kernel_size = ${shape[2]}  (from the weight's shape ${fmtShape(shape)})`;
  } else {
    c.derived.textContent =
      'in_channels, out_channels and kernel_size come from the weight, shaped (·, ·, kernel_size)';
  }
}

/** Shows message (or clears it), marks its field, and greys out a last good result left on screen. */
export function showError(ui, message, field, hasResult) {
  const bad = Boolean(message);
  ui.error.textContent = message ?? '';
  ui.error.hidden = !bad;
  ui.status.hidden = bad;
  ui.controls.markInvalid(bad ? field : null, message);
  // No result yet (a link to an invalid case): no empty skeleton of one.
  ui.result.hidden = bad && !hasResult;
  const stale = bad && hasResult;
  for (const node of [ui.result, ui.diagramCard]) {
    node.classList.toggle('stale', stale);
    if (stale) node.dataset.stale = 'true';
    else delete node.dataset.stale;
  }
}

/** Notes about a link's unknown values beside a computed case (empty: none); not an error. */
export function showNotes(ui, notes) {
  ui.note.textContent = notes.map((n) => n.message).join(' ');
  ui.note.hidden = notes.length === 0;
}
