// The playground's layout: the controls card, the result card (status, printed output,
// formula, values, code, the action buttons and the Embed panel) and the diagram card.
// Returns the parts the element and views/result.js fill in; knows nothing about computing.
import { h } from './dom.js';
import { Controls } from './controls.js';
import { OutputGrid } from './output-grid.js';
import { EmbedPanel } from './embed-panel.js';
import { DiagramCard } from '../diagram/card.js';

const button = (testid, label, onclick, cls = 'btn') =>
  h('button', { type: 'button', class: cls, 'data-testid': testid, onclick }, label);

function card(cls, id, title, ...children) {
  return h(
    'section',
    { class: `card ${cls}`, 'aria-labelledby': id },
    h('div', { class: 'card-head' }, h('h2', { id }, title)),
    ...children,
  );
}

/**
 * actions: {edit(state), view(partial), toggleEmbed(), copyLink(), copyCode(), copy(text, what)}.
 * embedUrls: {scriptUrl, embedUrl} the Embed panel's snippets point at.
 */
export function buildShell(actions, embedUrls) {
  const ui = {};
  ui.pg = h('div', { class: 'pg' });
  ui.controls = new Controls(actions.edit);
  ui.grid = new OutputGrid();
  ui.diagram = new DiagramCard(actions.view);

  ui.shapes = h('p', { class: 'shapes' }, 'Loading the WebAssembly module…');
  ui.signature = h('code', { 'data-testid': 'signature' });
  ui.status = h(
    'div',
    { class: 'status-ok', 'data-testid': 'status' },
    ui.shapes,
    h('p', { class: 'signature' }, ui.signature),
  );
  ui.error = h('div', { class: 'error', role: 'alert', 'data-testid': 'error' });
  // What a link's unknown values were replaced by (model/state.js queryNotes): a note, not an error.
  ui.note = h('p', { class: 'note', role: 'status', 'data-testid': 'link-note', hidden: true });
  ui.printed = h('pre', {
    class: 'printed',
    'data-testid': 'output-tensor',
    tabindex: '0',
    role: 'group', // a focusable scroll region needs a role that takes a name (not a bare <pre>)
    'aria-label': 'Output as PyTorch prints it',
  });
  ui.formulaGeneral = h('p', { class: 'formula-general' });
  ui.formula = h('p', { class: 'formula-filled', 'data-testid': 'formula' });
  ui.diagram.linkFormula(ui.formula);
  ui.formulaNote = h('p', { class: 'formula-note' });
  ui.code = h('pre', { class: 'code', 'data-testid': 'pytorch-code', tabindex: '0' });
  ui.copyStatus = h('span', { class: 'copy-status', 'aria-live': 'polite' });
  ui.buildInfo = h('span', {});
  ui.embed = new EmbedPanel({ ...embedUrls, copy: actions.copy });
  ui.embedButton = button('copy-embed', 'Embed', actions.toggleEmbed);
  ui.embedButton.setAttribute('aria-expanded', 'false');
  ui.embedButton.setAttribute('aria-controls', 'embed-panel');
  ui.copyLink = button('copy-link', 'Copy link', actions.copyLink);
  const copyCode = button('copy-pytorch', 'Copy as PyTorch', actions.copyCode, 'btn primary');

  ui.formulaBox = h(
    'div',
    { class: 'formula' },
    h('h3', {}, 'Output length'),
    ui.formulaGeneral,
    ui.formula,
    ui.formulaNote,
  );
  ui.valuesHead = h('h3', {}, 'Values by channel');
  ui.codeBox = h('details', { class: 'code-box' }, h('summary', {}, 'PyTorch code for this result'), ui.code);
  ui.result = h('div', { class: 'result-body' }, ui.printed, ui.formulaBox, ui.valuesHead, ui.grid.root, ui.codeBox);
  ui.diagramCard = card('diagram-card', 'h-diagram', 'Overlap diagram', ui.diagram.root);
  ui.diagram.title = ui.diagramCard.querySelector('h2');
  ui.controlsCard = card('controls-card', 'h-controls', 'Tensors and parameters', ui.controls.root);
  const resultCard = card('result-card', 'h-result', 'Result', ui.embed.root);
  resultCard.firstChild.append(h('div', { class: 'actions' }, ui.copyStatus, ui.embedButton, ui.copyLink, copyCode));
  resultCard.append(h('div', { class: 'status' }, ui.status, ui.error, ui.note), ui.result);
  ui.build = h('p', { class: 'build' }, 'Computed in your browser by ConvLab: ', ui.buildInfo);
  ui.pg.append(ui.controlsCard, resultCard, ui.diagramCard, ui.build);
  return ui;
}

/**
 * Several figures on one page: each one's regions carry its own name (the element's aria-label,
 * else its <figure>'s caption), so their landmarks stay distinguishable.
 */
export function nameRegions(ui, name) {
  if (!name) return;
  for (const card of ui.pg.querySelectorAll(':scope > section[aria-labelledby]')) {
    const title = card.querySelector(`#${card.getAttribute('aria-labelledby')}`)?.textContent ?? '';
    card.removeAttribute('aria-labelledby');
    card.setAttribute('aria-label', `${title}: ${name}`);
  }
}

const VIEW_PARTS = ['output', 'formula', 'values', 'code', 'diagram'];

/**
 * Which parts show: controls ('full' | 'params' | 'none'), view ('all' or any of VIEW_PARTS),
 * whether the element owns the page (sync-hash) and whether a link base is set.
 */
export function applyLayout(ui, { controls, view, page, linkBase }) {
  ui.controlsCard.hidden = controls === 'none';
  const figure = controls === 'none' || controls === 'params'; // a figure in a post: no credits, no Embed
  ui.build.hidden = figure;
  for (const part of ui.controls.root.querySelectorAll(':scope > .op, :scope > .tensors, :scope > .derived')) {
    part.hidden = controls === 'params';
  }
  const parts = new Set(
    String(view ?? 'all')
      .toLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean),
  );
  const all = parts.has('all') || !VIEW_PARTS.some((part) => parts.has(part));
  const show = (part) => all || parts.has(part);
  ui.printed.hidden = !show('output');
  ui.formulaBox.hidden = !show('formula');
  ui.valuesHead.hidden = !show('values');
  ui.grid.root.hidden = !show('values');
  ui.codeBox.hidden = !show('code');
  ui.diagramCard.hidden = !show('diagram');
  // Links only make sense where a URL can carry the case: the page, or a given link-base.
  ui.copyLink.hidden = !(page || linkBase);
  ui.embedButton.hidden = !page || figure;
}
