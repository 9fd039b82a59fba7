// Bit-exact replicas of PyTorch 1.13.1's CPU random number generation (float32),
// so `torch.randn(..., generator=torch.Generator().manual_seed(s))` typed into the
// playground gives the numbers a notebook gives.
//
// Sources followed (ATen, v1.13.1):
//   core/MT19937RNGEngine.h        - the Mersenne Twister, seeded with the low 32 bits
//   CPUGeneratorImpl.cpp           - random() / random64(), the cached second normal
//   core/TransformationHelper.h    - uniform_real: (bits & mask) * 2^-digits
//   core/DistributionsHelper.h     - normal_distribution<double> (Box-Muller + cache)
//   native/cpu/DistributionTemplates.h - normal_fill_AVX2 for float32 with numel >= 16
//   native/cpu/avx_mathfun.h       - log256_ps / sincos256_ps (Cephes polynomials)
// The AVX2 path is what torch uses on any x86-64 CPU with AVX2 (its default dispatch,
// even on AVX-512 machines). GCC contracted some of the intrinsics' mul+add pairs into
// FMAs; which ones was read off the disassembly of Debian's libtorch_cpu 1.13.1 and is
// mirrored below with an exact single-rounding fmaf. Checked bit for bit on 100,000
// vectorised and 300,000 scalar-path samples. Torch's non-AVX2 builds (ARM, or
// ATEN_CPU_CAPABILITY=default) round ~40% of randn values differently in the last bit.

const f32 = Math.fround;

/** Torch's default seed for a fresh `torch.Generator()` (c10 default_rng_seed_val). */
export const DEFAULT_TORCH_SEED = 67280421310721n;

// ---------------------------------------------------------------- mt19937

const MT_N = 624;
const MT_M = 397;

/** The 32-bit Mersenne Twister exactly as at::mt19937 (identical to std::mt19937). */
class MT19937 {
  constructor(seed32) {
    this.state = new Uint32Array(MT_N);
    this.state[0] = seed32 >>> 0;
    for (let j = 1; j < MT_N; j++) {
      const prev = this.state[j - 1] ^ (this.state[j - 1] >>> 30);
      this.state[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  twist() {
    const s = this.state;
    for (let i = 0; i < MT_N; i++) {
      const y = (s[i] & 0x80000000) | (s[(i + 1) % MT_N] & 0x7fffffff);
      let v = s[(i + MT_M) % MT_N] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      s[i] = v >>> 0;
    }
  }

  /** Next tempered 32-bit output as an unsigned number. */
  nextU32() {
    if (--this.left === 0) {
      this.twist();
      this.left = MT_N;
      this.next = 0;
    }
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

// ---------------------------------------------------------------- generator

/**
 * Maps a Python int seed to the uint64 torch stores: negatives wrap as
 * 0xffff_ffff_ffff_ffff + seed + 1 (two's complement), like torch.manual_seed.
 */
export function normalizeSeed(seed) {
  let s = BigInt(seed);
  const min = -(1n << 63n);
  const max = (1n << 64n) - 1n;
  if (s < min || s > max) {
    throw new RangeError(`seed ${s} is outside [-2^63, 2^64 - 1]`);
  }
  if (s < 0n) s += 1n << 64n;
  return s;
}

/** A torch CPU generator: mt19937 + the cached second Box-Muller sample. */
export class TorchGenerator {
  constructor(seed = DEFAULT_TORCH_SEED) {
    this.manualSeed(seed);
  }

  manualSeed(seed) {
    this.seed = normalizeSeed(seed);
    this.engine = new MT19937(Number(this.seed & 0xffffffffn));
    this.nextDoubleNormal = null; // reset by set_current_seed, as in torch
    return this;
  }

  random() {
    return this.engine.nextU32();
  }

  /** uniform_real_distribution<float>(0, 1): 24 random bits / 2^24. */
  uniformFloat() {
    return (this.random() & 0xffffff) / 16777216;
  }

  /** uniform_real_distribution<double>(0, 1): the low 53 bits of random64(). */
  uniformDouble() {
    const hi = this.random(); // random64() = (first << 32) | second
    const lo = this.random();
    return ((hi & 0x1fffff) * 4294967296 + lo) / 9007199254740992;
  }

  /** at::normal_distribution<double>(0, 1) with torch's one-sample cache. */
  normalDouble() {
    if (this.nextDoubleNormal !== null) {
      const cached = this.nextDoubleNormal;
      this.nextDoubleNormal = null;
      return cached;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

// ---------------------------------------------------------------- rand / randn

/** torch.rand(n) into a Float32Array: one 24-bit uniform per element, in order. */
export function torchRand(gen, n) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.uniformFloat();
  return out;
}

/** torch.randn(n) (float32, contiguous) into a Float32Array. */
export function torchRandn(gen, n) {
  const out = new Float32Array(n);
  if (n < 16) {
    // Scalar path: double-precision Box-Muller, rounded to float32.
    for (let i = 0; i < n; i++) out[i] = gen.normalDouble();
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = gen.uniformFloat();
  for (let i = 0; i + 16 <= n; i += 16) normalFill16(out, i);
  if (n % 16 !== 0) {
    // Torch redraws the last 16 uniforms and transforms them again.
    const start = n - 16;
    for (let i = 0; i < 16; i++) out[start + i] = gen.uniformFloat();
    normalFill16(out, start);
  }
  return out;
}

const TWO_PI_F = f32(2 * Math.PI);

/** normal_fill_16_AVX2 with mean 0, std 1: Box-Muller on 8 pairs in float32. */
function normalFill16(data, at) {
  for (let j = 0; j < 8; j++) {
    const u1 = f32(1 - data[at + j]);
    const u2 = data[at + j + 8];
    const radius = f32(Math.sqrt(f32(-2 * logPs(u1))));
    const theta = f32(TWO_PI_F * u2);
    sincosPs(theta);
    data[at + j] = f32(radius * sincos.cos); // fmadd(n1, std=1, mean=0) is exact
    data[at + j + 8] = f32(radius * sincos.sin);
  }
}

// ---------------------------------------------------------------- float32 math

const scratchF = new Float32Array(1);
const scratchI = new Int32Array(scratchF.buffer);

function floatBits(x) {
  scratchF[0] = x;
  return scratchI[0];
}

function bitsFloat(i) {
  scratchI[0] = i;
  return scratchF[0];
}

/**
 * fmaf(a, b, c) for float32 inputs with a single rounding. a*b is exact in a double;
 * the double sum can only mislead the final float rounding when it lands exactly on a
 * float midpoint, which we settle with the sum's exact error term.
 */
export function fmaf(a, b, c) {
  const p = a * b;
  const s = p + c;
  const r = f32(s);
  const d = s - r; // exact
  if (d === 0 || !Number.isFinite(s)) return r;
  const other = r + 2 * d;
  if (f32(other) !== other) return r; // s is not a midpoint: one rounding is enough
  // TwoSum: the part of p + c lost when rounding to s.
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  if (err === 0) return r; // a true tie: f32() already rounded half to even
  return err > 0 === d > 0 ? other : r;
}

// Cephes constants from avx_mathfun.h, as float32.
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f32);
const LOG_Q1 = f32(-2.1219444e-4);
const LOG_Q2 = f32(0.693359375);
// Digits as in PyTorch's avx_mathfun.h, so the constant is recognisably the same one.
// eslint-disable-next-line no-loss-of-precision
const SQRTHF = f32(0.707106781186547524);

/** log256_ps for one lane (inputs here are in (0, 1]). */
function logPs(x0) {
  const x1 = Math.max(x0, bitsFloat(0x00800000)); // cut off denormals
  const bits = floatBits(x1);
  let e = f32((bits >>> 23) - 0x7f + 1);
  let x = bitsFloat((bits & ~0x7f800000) | 0x3f000000); // mantissa in [0.5, 1)
  const small = x < SQRTHF;
  const tmp = small ? x : 0;
  x = f32(x - 1);
  if (small) e = f32(e - 1);
  x = f32(x + tmp);
  const z = f32(x * x);
  let y = LOG_P[0];
  for (let k = 1; k < LOG_P.length; k++) y = fmaf(y, x, LOG_P[k]);
  y = f32(y * x);
  y = fmaf(y, z, f32(e * LOG_Q1));
  y = f32(y - f32(z * 0.5));
  x = f32(x + y);
  x = fmaf(e, LOG_Q2, x);
  return x0 <= 0 ? NaN : x;
}

const DP1 = f32(-0.78515625);
const DP2 = f32(-2.4187564849853515625e-4);
// eslint-disable-next-line no-loss-of-precision
const DP3 = f32(-3.77489497744594108e-8);
const SINCOF = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f32);
const COSCOF = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f32);
const FOPI = f32(1.27323954473516);

/** sincosPs's results (one object reused: this runs up to 4M times per input). */
const sincos = { sin: 0, cos: 0 };

/** sincos256_ps for one lane, into `sincos` (x here is in [0, 2*pi)). */
function sincosPs(xIn) {
  let x = Math.abs(xIn);
  const signSin = xIn < 0 ? -1 : 1;
  let j = Math.trunc(f32(x * FOPI));
  j = (j + 1) & ~1;
  const y = j;
  const swapSin = (j & 4) !== 0;
  const polyIsSin = (j & 2) === 0;
  x = fmaf(y, DP1, x);
  x = fmaf(y, DP2, x);
  x = fmaf(y, DP3, x);
  const swapCos = (~(j - 2) & 4) !== 0;

  const z = f32(x * x);
  let c = fmaf(COSCOF[0], z, COSCOF[1]);
  c = fmaf(c, z, COSCOF[2]);
  c = f32(c * z);
  c = fmaf(c, z, -f32(z * 0.5)); // GCC fused the second *z with the - z/2
  c = f32(c + 1);

  let s = fmaf(SINCOF[0], z, SINCOF[1]);
  s = fmaf(s, z, SINCOF[2]);
  s = f32(s * z);
  s = fmaf(s, x, x);

  let sin = polyIsSin ? s : c;
  let cos = polyIsSin ? c : s;
  if (swapSin) sin = -sin;
  if (signSin < 0) sin = -sin;
  if (swapCos) cos = -cos;
  sincos.sin = sin;
  sincos.cos = cos;
}
