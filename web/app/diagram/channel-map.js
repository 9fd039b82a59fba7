// Which input channels feed which output channel: a small bipartite drawing, one colour per
// group. The selected pair is emphasised.
import { h, s } from '../views/dom.js';
import { CHANNEL_MAP } from './config.js';

export function drawChannelMap(model, view) {
  const { Cin, Cout, groups, CinG } = model.dims;
  if (Math.max(Cin, Cout) > CHANNEL_MAP.maxNodes || Cout * CinG > CHANNEL_MAP.maxEdges) {
    return h(
      'p',
      { class: 'cm-note', 'data-testid': 'channel-map-note' },
      `${Cin} input channels, ${Cout} output channels, groups=${groups}: too many to draw. Each output channel reads ${CinG} input channel${CinG === 1 ? '' : 's'}.`,
    );
  }
  const rows = Math.max(Cin, Cout);
  const step = rows <= 12 ? 22 : rows <= 32 ? 10 : 5;
  const every = Math.ceil(14 / step); // label every n-th node so labels never overlap
  const height = rows * step + 28;
  const { left, right, width } = CHANNEL_MAP;
  const yOf = (i, count) => 22 + (i + 0.5) * step + ((rows - count) * step) / 2;
  const svg = s('svg', {
    class: 'cm-root',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${Cin} input channels, ${Cout} output channels, groups=${groups}: each output channel reads ${model.dims.CinG} input channel${model.dims.CinG === 1 ? '' : 's'}.`,
  });
  svg.append(
    s('text', { x: left, y: 10, 'text-anchor': 'middle', class: 'cm-head' }, 'in'),
    s('text', { x: right, y: 10, 'text-anchor': 'middle', class: 'cm-head' }, 'out'),
  );
  const edges = s('g');
  const nodes = s('g');
  for (let co = 0; co < Cout; co++) {
    const g = model.groupOfOut(co);
    for (const ci of model.inChannelsOf(co)) {
      const on = co === view.co;
      const sel = on && ci === view.ci;
      edges.append(
        s('line', {
          x1: left + 7,
          y1: yOf(ci, Cin),
          x2: right - 7,
          y2: yOf(co, Cout),
          class: `cm-edge cm-g${g % 6}${on ? ' on' : ''}${sel ? ' sel' : ''}`,
        }),
      );
    }
  }
  const r = Math.min(6, step / 2 - 0.5);
  // One column of nodes: x, count, side ('in' | 'out'), group of node i, selected index, label.
  const column = (x, count, side, groupOf, selected, label) => {
    for (let i = 0; i < count; i++) {
      const y = yOf(i, count);
      const cls = `cm-node cm-${side} cm-g${groupOf(i) % 6}${i === selected ? ' sel' : ''}`;
      nodes.append(s('circle', { cx: x, cy: y, r, class: cls }));
      if (i % every !== 0) continue;
      const at = side === 'in' ? { x: x - 12, 'text-anchor': 'end' } : { x: x + 12 };
      nodes.append(s('text', { ...at, y, 'dominant-baseline': 'central', class: 'cm-label' }, `${label}${i}`));
    }
  };
  column(left, Cin, 'in', model.groupOfIn, view.ci, 'x');
  column(right, Cout, 'out', model.groupOfOut, view.co, 'y');
  svg.append(edges, nodes);
  return svg;
}
