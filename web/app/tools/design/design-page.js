// The page's design tools around the playground, loaded lazily by entries/page.js (never part of
// the embed bundle): paste a layer or an error, and one tool at a time from the URL's tool= —
// the shape solver (design), the Conv1d inverse (invert), layer stacks (stack, or any layer=) and
// the padding lab (padding). Each tool reads and edits the playground through its public API.
import { loadConvLab } from '../../../lib/convlab.js';
import { copyText } from '../../element/clipboard.js';
import { h } from '../../views/dom.js';
import { parseLayer } from '../../../lib/design/parse-layer.js';
import { caseQuery } from '../../model/state.js';
import { caseOfLayer } from './case-edits.js';
import { readTools, writeTools } from './page-url.js';
import { PasteBox } from './paste-view.js';
import { Conv1dInverter, ShapeSolver } from './solver-view.js';
import { LayerStack } from './stack-view.js';
import { PaddingLab } from './padding-lab.js';

const TOOLS = [
  ['design', 'Shape solver', ShapeSolver],
  ['invert', 'Invert a Conv1d', Conv1dInverter],
  ['stack', 'Layer stack', LayerStack],
  ['padding', 'Padding lab', PaddingLab],
];

/** The tool the URL asks for: tool=…, or the stack when it carries layer=. */
function toolOf(q) {
  const tool = q.get('tool');
  if (TOOLS.some(([name]) => name === tool)) return tool;
  return q.has('layer') ? 'stack' : null;
}

/**
 * A stack link with no weight of its own: the playground shows the stack's first layer on the
 * stack's input (the input stays as the link wrote it).
 */
function showFirstLayer(playground, q) {
  const first = q.getAll('layer')[0];
  if (!first || new URLSearchParams(caseQuery(location.hash)).has('weight')) return;
  try {
    const layer = parseLayer(first);
    const state = playground.state;
    playground.setState({ ...caseOfLayer(state, layer, 1), input: state.input });
  } catch {
    // the stack shows this layer's error at its row
  }
}

export async function mountDesignTools(container, playground) {
  const lab = await loadConvLab();
  const status = h('span', { class: 'dt-status', 'aria-live': 'polite' });
  let timer = 0;
  const copy = async (text, what) => {
    const ok = await copyText(document.body, text);
    status.textContent = ok ? `${what} copied` : 'Could not copy: select the text and copy it by hand';
    clearTimeout(timer);
    timer = setTimeout(() => (status.textContent = ''), 2500);
  };
  const ctx = { lab, playground, copy, url: { read: () => readTools(), write: (changes) => writeTools(changes) } };
  const paste = new PasteBox(ctx);
  const tools = new Map(TOOLS.map(([name, , Tool]) => [name, new Tool(ctx)]));
  const tabs = h('div', { class: 'dt-tabs', role: 'group', 'aria-label': 'Design tools' });
  const panel = h('div', { class: 'dt-panel', 'data-testid': 'design-panel' });
  let current = null;

  const open = (name) => {
    current = name;
    for (const button of tabs.children) button.setAttribute('aria-pressed', String(button.dataset.tool === name));
    panel.hidden = !name;
    panel.replaceChildren(...(name ? [tools.get(name).root] : []));
    if (name) tools.get(name).load();
  };
  for (const [name, label] of TOOLS) {
    const button = h(
      'button',
      { type: 'button', class: 'dt-tab', 'data-tool': name, 'data-testid': `tool-${name}` },
      label,
    );
    button.addEventListener('click', () => {
      const next = current === name ? null : name;
      writeTools({ tool: next });
      open(next);
    });
    tabs.append(button);
  }
  container.append(h('h2', { id: 'design-title' }, 'Design with it'), paste.root, tabs, panel, status);
  container.setAttribute('aria-labelledby', 'design-title');
  open(toolOf(readTools()));
  showFirstLayer(playground, readTools());
  // The tools sit below the playground: a link that opens one brings it into view (unless the
  // reader has already scrolled).
  if (current && window.scrollY === 0) container.scrollIntoView({ block: 'start' });

  // A link opened later (Back, a pasted URL) picks its tool; edits of the case refresh the open one.
  window.addEventListener('hashchange', () => {
    const tool = toolOf(readTools());
    if (tool !== current) open(tool);
  });
  let pending = 0;
  playground.addEventListener('statechange', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      if (!current) return;
      const tool = tools.get(current);
      if (current === 'design') tool.load();
      else tool.render();
    });
  });
  container.dataset.ready = 'true';
}
