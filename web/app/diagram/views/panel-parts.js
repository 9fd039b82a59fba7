// Pieces the panel views (equivalent, matrix, gradient) build the same way.
import { h } from '../../views/dom.js';

/** The line that says what the hovered, tapped or focused cell computes (read out when it changes). */
export const inspectorLine = (testid, prompt) =>
  h('p', { class: 'insp-main', 'data-testid': testid, 'aria-live': 'polite' }, prompt);

/** A tensor printed like PyTorch, focusable so it can be scrolled and read by keyboard. */
export const printedBlock = (testid, label) =>
  h('pre', { class: 'printed', 'data-testid': testid, tabindex: '0', 'aria-label': label });
