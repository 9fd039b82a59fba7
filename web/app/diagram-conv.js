// Conv1d's overlap diagram: the padded input (padding marked; reflect/replicate/circular
// ghost cells show which x they copy), then one row per output cell with its receptive
// window of products x̃·w and, on the right, the sum y[o]; then how often each cell is read.
import { Sheet, fitLabel, rowsInView, textFit } from './diagram-sheet.js';
import { drawCounts } from './diagram-transpose.js';
import { fmtNum, fmtShort as short } from './num-format.js';

const BAND = 22;
const INDEX = 16;
const INPUT_H = 30;
const COUNT_H = 34;

export function drawConv(model, view, cw) {
  const ov = model.overlap;
  const { n, co, ci } = view;
  const { K, Lout } = model.dims;
  const stride = model.params.stride;
  const dil = model.params.dilation;
  const mode = model.params.padding_mode;
  const sheet = new Sheet({ a0: view.a0, a1: view.a1, cw, lw: 100, rw: 84 });
  const rows = rowsInView(Lout, stride, dil, K, view);
  const { rh, showText, cellFont, fmtShort, labelFont } = textFit(cw, rows.length);
  const padded = (a) => {
    const src = ov.axisSource[a];
    return src >= 0 ? model.xAt(n, ci, src) : 0;
  };
  const kindOf = (a) => (ov.axisKind[a] === 'kept' ? 'kept' : ov.axisSource[a] >= 0 ? 'ghost' : 'zero');

  const runs = sheet.runs(kindOf);
  const bandText = {
    zero: ['zero padding', 'padding', 'pad', ''],
    ghost: [`${mode} padding`, mode, 'pad', ''],
    kept: ['input x', 'x'],
  };
  for (const run of runs) {
    const x0 = sheet.x(run.a);
    const x1 = sheet.x(run.b);
    const text = fitLabel(bandText[run.kind], x1 - x0);
    sheet.line(
      x0 + 3,
      BAND - 3,
      x1 - 3,
      BAND - 3,
      `d-bracket d-bracket-${run.kind === 'kept' ? 'input' : run.kind === 'ghost' ? 'ghost' : 'padding'}`,
    );
    if (text)
      sheet.label((x0 + x1) / 2, BAND / 2 - 1, [[text]], { anchor: 'middle', cls: `d-band d-band-${run.kind}` });
  }
  const right = sheet.x(view.a1);
  sheet.label(right + sheet.rw / 2 + 2, BAND / 2 - 1, [['output y']], { anchor: 'middle', cls: 'd-band d-band-kept' });
  sheet.label(6, BAND + INDEX / 2, [['x index']], { cls: 'd-label d-muted d-small' });
  for (let a = view.a0; a < view.a1; a++) {
    const src = ov.axisSource[a];
    if (src < 0) continue;
    const ghost = ov.axisKind[a] !== 'kept';
    sheet.label(sheet.x(a) + cw / 2, BAND + INDEX / 2, [[ghost ? `x[${src}]` : String(src)]], {
      anchor: 'middle',
      cls: ghost ? 'd-idx d-idx-ghost' : 'd-idx',
    });
  }

  // The padded input.
  let y = BAND + INDEX + 2;
  sheet.label(8, y + INPUT_H / 2, [
    ['x', 'd-x'],
    [ov.axisLength > model.dims.L ? ' padded' : '', 'd-muted'],
  ]);
  for (let a = view.a0; a < view.a1; a++) {
    const kind = kindOf(a);
    const src = ov.axisSource[a];
    const v = padded(a);
    sheet.cell(sheet.x(a), y, cw, INPUT_H, {
      cls: kind === 'kept' ? 'd-in' : kind === 'ghost' ? 'd-in d-ghost' : 'd-zeropad',
      text: fmtShort(v),
      textSize: cellFont,
      key: `pad:${a}`,
      focus: 'in',
      aria:
        kind === 'kept'
          ? `x[${src}] = ${fmtNum(v)}`
          : kind === 'ghost'
            ? `padding copy of x[${src}] = ${fmtNum(v)}`
            : 'zero padding',
    });
  }
  y += INPUT_H + 10;
  sheet.line(sheet.lw - 4, y - 5, right, y - 5, 'd-rule');

  // One row per output cell: its receptive window.
  rows.forEach((o, r) => {
    const top = y + r * rh;
    sheet.label(8, top + rh / 2, [[`y[${o}]`, 'd-y']], {
      key: `wrow:${o}`,
      height: Math.min(24, rh - 2),
      size: labelFont,
    });
    const first = Math.max(o * stride, view.a0);
    const last = Math.min(o * stride + (K - 1) * dil, view.a1 - 1);
    if (last > first) sheet.line(sheet.x(first) + cw / 2, top + rh / 2, sheet.x(last) + cw / 2, top + rh / 2, 'd-span');
    for (let k = 0; k < K; k++) {
      const a = o * stride + k * dil;
      if (!sheet.inView(a)) continue;
      const xv = padded(a);
      const wv = model.wAt(ci, co, k);
      const v = Math.fround(xv * wv);
      sheet.cell(sheet.x(a), top, cw, rh, {
        cls: `d-tap${v === 0 ? ' d-zero' : ''}`,
        text: showText ? fmtShort(v) : '',
        textSize: cellFont,
        key: `win:${o}:${k}`,
      });
    }
    const yv = model.yAt(n, co, o);
    sheet.cell(right + 10, top, sheet.rw - 12, rh, {
      cls: 'd-sum d-sum-kept',
      text: showText ? `= ${short(yv, 7)}` : short(yv, 7),
      textSize: showText ? cellFont : 9,
      key: `out:${o}`,
      focus: 'out',
      aria: `y[${o}] = ${fmtNum(yv)}`,
    });
  });
  y += rows.length * rh + 8;

  drawCounts(sheet, ov.axisCount, y);
  y += COUNT_H;
  for (const run of runs) {
    if (run.kind === 'zero') sheet.band(run.a, run.b, BAND, y, 'd-col-crop');
    else if (run.kind === 'ghost') sheet.band(run.a, run.b, BAND, y, 'd-col-ghost');
  }
  sheet.height = y + 4;
  return { sheet, rows };
}
