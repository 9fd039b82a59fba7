// Which input channels feed which output channel: a small bipartite drawing, one colour per
// group. The selected pair is emphasised.
import { h, s } from './dom.js';

// Beyond these the map would be a wall of lines, and hundreds of thousands of SVG elements
// (512 × 512 channels: 262,144 lines, seconds to build): a sentence says it instead.
const MAX_NODES = 128;
const MAX_EDGES = 2048;

export function drawChannelMap(model, view) {
  const { Cin, Cout, groups, CinG } = model.dims;
  if (Math.max(Cin, Cout) > MAX_NODES || Cout * CinG > MAX_EDGES) {
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
  const left = 54;
  const right = 206;
  const width = 260;
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
  for (let ci = 0; ci < Cin; ci++) {
    const y = yOf(ci, Cin);
    nodes.append(
      s('circle', {
        cx: left,
        cy: y,
        r,
        class: `cm-node cm-in cm-g${model.groupOfIn(ci) % 6}${ci === view.ci ? ' sel' : ''}`,
      }),
    );
    if (ci % every === 0)
      nodes.append(
        s(
          'text',
          { x: left - 12, y, 'text-anchor': 'end', 'dominant-baseline': 'central', class: 'cm-label' },
          `x${ci}`,
        ),
      );
  }
  for (let co = 0; co < Cout; co++) {
    const y = yOf(co, Cout);
    nodes.append(
      s('circle', {
        cx: right,
        cy: y,
        r,
        class: `cm-node cm-out cm-g${model.groupOfOut(co) % 6}${co === view.co ? ' sel' : ''}`,
      }),
    );
    if (co % every === 0)
      nodes.append(s('text', { x: right + 12, y, 'dominant-baseline': 'central', class: 'cm-label' }, `y${co}`));
  }
  svg.append(edges, nodes);
  return svg;
}
