// The panel behind the "Embed" button: both snippets (model/embed-code.js), each with its copy button.
import { h } from './dom.js';
import { iframeSnippet, tagSnippet } from '../model/embed-code.js';

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
    this.root = h(
      'div',
      { class: 'embed-panel', id: 'embed-panel', 'data-testid': 'embed-panel', hidden: true },
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
    this.text.tag = tagSnippet(state, this.scriptUrl);
    this.text.iframe = iframeSnippet(state, this.embedUrl);
    this.areas.tag.value = this.text.tag;
    this.areas.tag.rows = Math.min(14, this.text.tag.split('\n').length + 1);
    this.areas.iframe.value = this.text.iframe;
  }
}
