// Python's '{:.Nf}' and '{:.Ne}' for a double, digit for digit.
//
// Python rounds the exact binary value half-to-even; JS toFixed/toExponential round
// exact ties away from zero (0.03125.toFixed(4) is "0.0313", Python says "0.0312").
// So we expand the double exactly with BigInt (a float32 needs at most ~150 digits)
// and round ourselves.

const scratch = new DataView(new ArrayBuffer(8));

/**
 * Splits a finite, non-negative double into BigInt `digits` and an exponent `k >= 0`
 * with value === digits / 10^k exactly.
 */
function exactDecimal(x) {
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2;
  if (biased === 0) {
    exp2 = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (exp2 >= 0) return { digits: mant << BigInt(exp2), k: 0 };
  // m * 2^-n === m * 5^n / 10^n
  return { digits: mant * 5n ** BigInt(-exp2), k: -exp2 };
}

/** Divides n by 10^drop, rounding half to even. */
function roundDrop(n, drop) {
  if (drop <= 0) return n * 10n ** BigInt(-drop);
  const div = 10n ** BigInt(drop);
  const q = n / div;
  const twiceRem = (n % div) * 2n;
  if (twiceRem > div || (twiceRem === div && q % 2n === 1n)) return q + 1n;
  return q;
}

function nonFinite(x) {
  if (Number.isNaN(x)) return 'nan';
  return x > 0 ? 'inf' : '-inf';
}

function signOf(x) {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/** Python's `'{:.{p}f}'.format(x)`. */
export function formatFixed(x, p) {
  if (!Number.isFinite(x)) return nonFinite(x);
  const { digits, k } = exactDecimal(Math.abs(x));
  const scaled = roundDrop(digits, k - p)
    .toString()
    .padStart(p + 1, '0');
  const intPart = scaled.slice(0, scaled.length - p);
  const frac = p > 0 ? '.' + scaled.slice(scaled.length - p) : '';
  return signOf(x) + intPart + frac;
}

/** Python's `'{:.{p}e}'.format(x)`: one digit, point, p digits, e, sign, 2+ digits. */
export function formatExp(x, p) {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = signOf(x);
  if (x === 0) return sign + (p > 0 ? '0.' + '0'.repeat(p) : '0') + 'e+00';
  const { digits, k } = exactDecimal(Math.abs(x));
  const len = digits.toString().length;
  let exp10 = len - 1 - k;
  let sig = roundDrop(digits, len - (p + 1)).toString();
  if (sig.length > p + 1) {
    // Rounded up to a power of ten (9.99995 -> 10.0000).
    sig = sig.slice(0, p + 1);
    exp10 += 1;
  }
  const mantissa = p > 0 ? sig[0] + '.' + sig.slice(1) : sig;
  const expSign = exp10 < 0 ? '-' : '+';
  return sign + mantissa + 'e' + expSign + String(Math.abs(exp10)).padStart(2, '0');
}
