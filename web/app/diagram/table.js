// The diagram as a data table (for screen readers, and anyone who prefers numbers): one row per
// output cell of the shown batch and out channel, with its value, its part from each input
// channel (and the bias), and the products it adds up. Same numbers as the diagram.
import { h, replaceChildren } from '../views/dom.js';
import { fmtNum } from '../model/num-format.js';
import { channelParts, clipTerms, contributions, joinTerms, wLabel, xLabel, yLabel } from '../model/arithmetic.js';

const MAX_ROWS = 256;
// Beyond this many input channels, the last column adds up the rest: a column per channel of a
// 512-channel case is a table nobody can read.
const MAX_CHANNEL_COLUMNS = 16;

export class DiagramTable {
  constructor() {
    this.caption = h('caption', {});
    this.table = h('table', { class: 'd-table', 'data-testid': 'diagram-table' }, this.caption);
    this.note = h('p', { class: 'd-table-note' });
    this.root = h(
      'details',
      { class: 'd-table-box' },
      h('summary', {}, 'The diagram as a table'),
      h('div', { class: 'd-table-scroll' }, this.table),
      this.note,
    );
    this.key = null;
    this.pending = null;
    // Built when opened: a case at the page's limits (512 input channels x 128 cells) makes a
    // table of 65,000 cells, which would cost every edit half a second while nobody reads it.
    this.root.addEventListener('toggle', () => {
      if (this.root.open && this.pending) this.#build(...this.pending);
    });
  }

  render(model, view) {
    if (!model.overlap) {
      this.root.hidden = true;
      return;
    }
    this.root.hidden = false;
    this.pending = [model, { n: view.n, co: view.co }];
    if (this.root.open) this.#build(...this.pending);
  }

  #build(model, { n, co }) {
    const key = [model.y, n, co].join();
    if (this.key === key && this.model === model) return;
    this.key = key;
    this.model = model;
    const ins = model.inChannelsOf(co);
    const several = ins.length > 1;
    const folded = ins.length > MAX_CHANNEL_COLUMNS; // the columns: ins[0..shown), then "the rest"
    const shown = folded ? MAX_CHANNEL_COLUMNS - 1 : ins.length;
    const rest = folded ? `from x channels ${ins[shown]}–${ins[ins.length - 1]}` : '';
    this.caption.textContent = `Each output cell of ${yLabel(model, n, co, '·')}: its value, ${several ? 'its part from each input channel, ' : ''}${model.b ? 'the bias, ' : ''}and the products x·w it adds up.`;
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'cell'),
      h('th', { scope: 'col' }, 'value'),
      ...(several ? ins.slice(0, shown).map((ci) => h('th', { scope: 'col' }, `from x channel ${ci}`)) : []),
      ...(folded ? [h('th', { scope: 'col' }, rest)] : []),
      ...(model.b ? [h('th', { scope: 'col' }, 'bias')] : []),
      h('th', { scope: 'col' }, 'products'),
    );
    const count = Math.min(model.dims.Lout, MAX_ROWS);
    const rows = [];
    for (let o = 0; o < count; o++) {
      const contrib = contributions(model, n, co, model.byOutput[o]);
      const terms = contrib.map((c) => ({
        coef: c.xv,
        text:
          c.e.input >= 0
            ? `${wLabel(model, c.ci, co, c.e.tap)} (${xLabel(model, n, c.ci, c.e.input)})`
            : wLabel(model, c.ci, co, c.e.tap),
      }));
      const parts = several ? foldParts(channelParts(model, n, co, o), shown, folded) : [];
      rows.push(
        h(
          'tr',
          { 'data-output': String(o) },
          h('th', { scope: 'row' }, yLabel(model, n, co, o)),
          h('td', { 'data-value': String(model.yAt(n, co, o)) }, fmtNum(model.yAt(n, co, o))),
          ...parts.map((p) => h('td', { 'data-part': String(p.sum) }, fmtNum(p.sum))),
          ...(model.b ? [h('td', { 'data-bias': String(model.bAt(co)) }, fmtNum(model.bAt(co)))] : []),
          h('td', {}, terms.length ? joinTerms(clipTerms(terms)) : 'nothing (0)'),
        ),
      );
    }
    replaceChildren(this.table, this.caption, h('thead', {}, head), h('tbody', {}, ...rows));
    this.note.textContent =
      model.dims.Lout > MAX_ROWS ? `The first ${MAX_ROWS} of ${model.dims.Lout} output cells.` : '';
  }
}

/** The first `shown` channel parts, and with `folded` one more: the sum of all the others. */
function foldParts(parts, shown, folded) {
  if (!folded) return parts;
  const rest = parts.slice(shown).reduce((sum, p) => Math.fround(sum + p.sum), 0);
  return [...parts.slice(0, shown), { sum: rest }];
}
