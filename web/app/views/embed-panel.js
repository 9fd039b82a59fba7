// The panel behind the "Embed" button: both snippets (model/embed-code.js), each with its copy button.
import { h } from './dom.js';
import { iframeSnippet, tagSnippet } from '../model/embed-code.js';
import { DIAGRAMS } from '../model/state.js';

const VIEW_NAMES = {
  overlap: 'overlap diagram',
  equivalent: 'equivalent convolution',
  matrix: 'matrix',
  gradient: 'gradient',
  steps: 'step by step',
};

/**
 * The panel behind the "Embed" button: both snippets, each with its copy button.
 * copy(text, what) is the element's copy routine (clipboard, with a fallback and a status line).
 */
export class EmbedPanel {
  constructor({ scriptUrl, embedUrl, copy }) {
    this.scriptUrl = scriptUrl;
    this.embedUrl = embedUrl;
    this.text = { tag: '', iframe: '' };
    this.areas = {};
    const block = (kind, title, note) => {
      const id = `embed-${kind}`;
      const area = h('textarea', {
        id,
        class: 'embed-snippet',
        readonly: true,
        rows: kind === 'tag' ? 8 : 3,
        spellcheck: 'false',
        'data-testid': id,
      });
      area.addEventListener('focus', () => area.select());
      this.areas[kind] = area;
      return h(
        'div',
        { class: 'embed-block' },
        h(
          'div',
          { class: 'embed-head' },
          h('label', { for: id }, title),
          h(
            'button',
            {
              type: 'button',
              class: 'btn small',
              'data-testid': `copy-${id}`,
              onclick: () => copy(this.text[kind], title),
            },
            'Copy',
          ),
        ),
        area,
        h('p', { class: 'embed-note' }, note),
      );
    };
    // The embedded figure's diagram view: the one on screen unless another is picked here.
    this.picked = null;
    this.view = h(
      'select',
      {
        id: 'embed-diagram',
        'data-testid': 'embed-diagram',
        onchange: () => {
          this.picked = this.view.value;
          this.update(this.state);
        },
      },
      DIAGRAMS.map((d) => h('option', { value: d }, VIEW_NAMES[d])),
    );
    this.root = h(
      'div',
      { class: 'embed-panel', id: 'embed-panel', 'data-testid': 'embed-panel', hidden: true },
      h('p', { class: 'embed-view' }, h('label', { for: 'embed-diagram' }, 'Diagram view in the embed '), this.view),
      block(
        'tag',
        'Script tag + element',
        'One file with the WebAssembly inside: works from disk, offline and under a strict Content-Security-Policy. Copy dist/conv-playground.js next to your page, or point src at it.',
      ),
      block('iframe', 'iframe', 'No script on your page: the playground in its own frame, minimal chrome.'),
    );
  }

  get open() {
    return !this.root.hidden;
  }

  /** Fills both snippets for the state. */
  update(state) {
    this.state = state;
    if (state.diagram !== this.shownDiagram) {
      this.picked = null; // switching the page's view starts the embed on it again
      this.shownDiagram = state.diagram;
    }
    const diagram = this.picked ?? state.diagram ?? 'overlap';
    this.view.value = diagram;
    state = { ...state, diagram };
    this.text.tag = tagSnippet(state, this.scriptUrl);
    this.text.iframe = iframeSnippet(state, this.embedUrl);
    this.areas.tag.value = this.text.tag;
    this.areas.tag.rows = Math.min(14, this.text.tag.split('\n').length + 1);
    this.areas.iframe.value = this.text.iframe;
  }
}
