// Compact number text for the diagram, the grid and the arithmetic line. (The exact
// PyTorch print of the output comes from formatTensor; these are for reading at a glance.)

const trimZeros = (text) => (text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text);

function special(v) {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return null;
}

/** Up to 4 decimals, trailing zeros dropped: 2, 1.541, -0.2934, 1.2e+07. */
export function fmtNum(v) {
  const sp = special(v);
  if (sp) return sp;
  if (Object.is(v, -0)) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-4)) return trimZeros(v.toExponential(3)).replace(/\.?0+e/, 'e');
  return trimZeros(v.toFixed(4));
}

/** At most maxLen (default 6) characters, for a cell: 2, 1.541, -0.29, 1e5. */
export function fmtShort(v, maxLen = 6) {
  const sp = special(v);
  if (sp) return sp;
  if (Object.is(v, -0)) return '0';
  const a = Math.abs(v);
  const exp = () => {
    const [m, e] = v.toExponential(0).split('e');
    return `${m}e${Number(e)}`;
  };
  if (Number.isInteger(v)) return String(v).length <= maxLen ? String(v) : exp();
  if (a < 1e-3) return exp();
  for (let digits = 4; digits >= 0; digits--) {
    const text = trimZeros(v.toFixed(digits));
    if (text.length <= maxLen) return text;
  }
  return exp();
}

/** "(1, 16, 256)" */
export function fmtShape(shape) {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** A count with thousands separators: 262144 -> "262,144". */
export function fmtCount(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
