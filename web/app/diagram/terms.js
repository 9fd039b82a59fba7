// The length formula's terms as stretches of the diagram's axis: which cells padding adds (or
// crops), the kernel span, one stride, output_padding, the output. Read off the overlap map's
// entries and axis kinds and the plan's numbers; nothing is re-derived. Each term has bracket
// labels (longest first), a row under the axis, and a sentence for the inspector.

/** Runs [a, b) of axis cells where test(a) holds. */
function runsWhere(length, test) {
  const runs = [];
  for (let a = 0; a < length; a++) {
    if (!test(a)) continue;
    const last = runs[runs.length - 1];
    if (last && last.b === a) last.b = a + 1;
    else runs.push({ a, b: a + 1 });
  }
  return runs;
}

/** [first, last + 1) of a row's entries on the axis. */
function extent(entries) {
  let a = Infinity;
  let b = -Infinity;
  for (const e of entries) {
    a = Math.min(a, e.axis);
    b = Math.max(b, e.axis + 1);
  }
  return { a, b };
}

function spanTerm(g, entries, row) {
  const { a, b } = extent(entries);
  const label = [`dilation·(kernel_size−1)+1 = ${g.kernelSpan}`, `span ${g.kernelSpan}`, String(g.kernelSpan)];
  return {
    term: 'span',
    row,
    a,
    b,
    label,
    main: `One kernel covers dilation·(kernel_size − 1) + 1 = ${g.dilation}·(${g.K} − 1) + 1 = ${g.kernelSpan} cells.`,
    detail: g.dilation > 1 ? `Its ${g.K} taps sit dilation=${g.dilation} cells apart.` : '',
  };
}

function strideTerm(g, first, second, row, what) {
  if (!second.length) return [];
  const a = extent(first).a;
  const b = extent(second).a;
  if (b <= a) return [];
  return [
    {
      term: 'stride',
      row,
      a,
      b,
      label: [`stride = ${g.stride}`, `s=${g.stride}`, String(g.stride)],
      main: `stride=${g.stride}: ${what}`,
      detail: '',
    },
  ];
}

/** The kernel span (row 1) over the first row's taps and one stride (row 2) between the first two rows. */
function spanAndStride(g, rows, strideText) {
  const span = rows.length ? [spanTerm(g, rows[0], 1)] : [];
  return [...span, ...strideTerm(g, rows[0] ?? [], rows[1] ?? [], 2, strideText)];
}

const TERMS = {
  conv1d(model) {
    const g = model.geometry;
    const ov = model.overlap;
    const n = ov.axisLength;
    const out = [];
    for (const run of runsWhere(n, (a) => ov.axisKind[a] !== 'kept')) {
      const cells = run.b - run.a;
      out.push({
        term: 'padding',
        row: 0,
        ...run,
        label: [`padding ${cells}`, `+${cells}`, '+'],
        main: `padding adds ${g.padLeft} cell${g.padLeft === 1 ? '' : 's'} on the left and ${g.padRight} on the right (${model.params.padding_mode}).`,
        detail: `The padded input has ${g.fullLength} cells: length ${g.L} + padding ${g.padLeft + g.padRight}.`,
      });
    }
    for (const run of runsWhere(n, (a) => ov.axisKind[a] === 'kept')) {
      out.push({
        term: 'L',
        row: 0,
        ...run,
        label: [`input length L = ${g.L}`, `L = ${g.L}`, String(g.L)],
        main: `The input has L = ${g.L} cells.`,
        detail: '',
      });
    }
    out.push(...spanAndStride(g, model.byOutput, 'each window starts this many cells after the previous one.'));
    return out;
  },

  conv_transpose1d(model) {
    const g = model.geometry;
    const ov = model.overlap;
    const n = ov.axisLength;
    const out = [];
    for (const run of runsWhere(n, (a) => ov.axisKind[a] === 'padding')) {
      const cells = run.b - run.a;
      out.push({
        term: 'padding',
        row: 0,
        ...run,
        label: [`−padding ${cells}`, `−${cells}`, '✂'],
        main: `padding=${g.cropLeft} crops ${g.cropLeft} cell${g.cropLeft === 1 ? '' : 's'} off each end of the full output (2·padding = ${2 * g.cropLeft}).`,
        detail: g.outputPadding
          ? `output_padding=${g.outputPadding} gives ${g.outputPadding} back at the right end, so ${g.cropRight} ${g.cropRight === 1 ? 'is' : 'are'} cropped there.`
          : '',
      });
    }
    for (const run of runsWhere(n, (a) => ov.axisKind[a] === 'output_padding')) {
      out.push({
        term: 'output_padding',
        row: 0,
        ...run,
        label: [`+output_padding ${run.b - run.a}`, `+${run.b - run.a}`, '+'],
        main: `output_padding=${g.outputPadding} adds ${run.b - run.a} cell${run.b - run.a === 1 ? '' : 's'} at the right end, past the crop.`,
        detail:
          'Without it these cells would not be in y: it picks one of the lengths that a Conv1d with this stride maps to the same length.',
      });
    }
    for (const run of runsWhere(n, (a) => ov.axisKind[a] === 'kept')) {
      out.push({
        term: 'Lout',
        row: 0,
        ...run,
        label: [`y: L_out = ${g.Lout}`, `L_out ${g.Lout}`, String(g.Lout)],
        main: `y keeps L_out = ${g.Lout} cells of the ${g.fullLength}-cell full output.`,
        detail: '',
      });
    }
    out.push(
      ...spanAndStride(
        g,
        model.byInput,
        'x[i] starts at i·stride on the full axis: each row starts this many cells after the previous one.',
      ),
    );
    out.push({
      term: 'full',
      row: 3,
      a: 0,
      b: g.fullLength,
      label: [`full output: (L−1)·stride + span = ${g.fullLength}`, `full ${g.fullLength}`, String(g.fullLength)],
      main: `The full output has (L − 1)·stride + span = (${g.L} − 1)·${g.stride} + ${g.kernelSpan} = ${g.fullLength} cells before padding crops it.`,
      detail: '',
    });
    return out;
  },
};

/** The formula's terms on the diagram's axis, for a model with an overlap map. */
export function termsOf(model) {
  return TERMS[model.op](model);
}
