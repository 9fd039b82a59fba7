// Keyboard access to a drawn diagram: one tab stop for the input cells and one for the output
// cells (roving tabindex); arrow keys, Home and End move within a group, Escape leaves.
export class RovingFocus {
  constructor() {
    this.sheet = null;
    this.index = { in: 0, out: 0 };
  }

  #nodes(group) {
    if (!this.sheet) return [];
    return group === 'out' ? this.sheet.focusOut : this.sheet.focusIn;
  }

  /** Sets the tab stops on a freshly drawn sheet (before it is mounted). */
  attach(sheet) {
    this.sheet = sheet;
    for (const group of ['in', 'out']) {
      const nodes = this.#nodes(group);
      const at = Math.min(this.index[group], nodes.length - 1);
      nodes.forEach((node, i) => (node.attrs.tabindex = i === at ? '0' : '-1'));
    }
  }

  detach() {
    this.sheet = null;
  }

  /** Makes el its group's one tab stop. */
  rove(group, el) {
    this.#nodes(group).forEach((node, i) => {
      const want = node.el === el ? '0' : '-1';
      if (want === '0') this.index[group] = i;
      if (node.attrs.tabindex !== want) {
        node.attrs.tabindex = want; // keep the virtual tree in step with the DOM
        node.el.setAttribute('tabindex', want);
      }
    });
  }

  /** A keydown inside the diagram. */
  key(e) {
    const g = e.target.closest?.('[data-focus]');
    if (!g) return;
    const group = g.dataset.focus;
    const list = this.#nodes(group).map((node) => node.el);
    let i = list.indexOf(g);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') i++;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') i--;
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = list.length - 1;
    else if (e.key === 'Escape') {
      g.blur();
      return;
    } else return;
    e.preventDefault();
    i = Math.max(0, Math.min(list.length - 1, i));
    this.rove(group, list[i]);
    list[i].focus();
  }
}
