// The torch functions and tensor methods parseTensor evaluates, each run with `this` the
// Evaluator (tensor-eval.js): it binds the arguments, checks them and counts the elements.

import { TorchGenerator, torchRand, torchRandn } from './torch-random.js';
import { arangeFloat32, arangeLength, linspaceFloat32 } from './torch-factories.js';
import { COMMON_KWARGS, describeValue, num, product, seqArgs, tensor } from './tensor-values.js';

export const CALLS = {
  'torch.tensor'(c) {
    const b = this.bind(c, ['data'], { required: ['data'], keywords: [...COMMON_KWARGS, 'size'] });
    this.checkCommon(c, b);
    const t = this.toTensor(b.data.v, b.data.node);
    if (b.size) {
      // Printed empty tensors read tensor([], size=(0, 1, 4)).
      const shape = this.size(c, [b.size], 'size');
      if (t.data.length !== 0 || product(shape) !== 0) {
        this.fail('size= is only allowed with empty data, as in tensor([], size=(0, 1, 4))', b.size.pos);
      }
      return tensor(shape, new Float32Array(0));
    }
    // A list was materialised (and counted) by toTensor; an existing tensor is copied.
    if (b.data.v.t !== 'tensor') return t;
    this.allocate(t.shape, 'the copy torch.tensor() makes', c.pos);
    return tensor(t.shape, Float32Array.from(t.data));
  },

  'torch.ones'(c) {
    return filled.call(this, c, 1);
  },

  'torch.zeros'(c) {
    return filled.call(this, c, 0);
  },

  'torch.full'(c) {
    const b = this.bind(c, ['size', 'fill_value'], { required: ['size', 'fill_value'], keywords: COMMON_KWARGS });
    this.checkCommon(c, b);
    if (b.size.v.t !== 'seq') {
      this.fail(`torch.full() takes the size as a tuple first, e.g. torch.full((1, 1, 4), 2.5)`, b.size.pos);
    }
    const shape = this.size(c, [b.size], 'size');
    const value = this.number(b.fill_value, 'fill_value');
    this.allocate(shape, c.name + '()', c.pos);
    return tensor(shape, new Float32Array(product(shape)).fill(value));
  },

  'torch.arange'(c) {
    const b = this.bind(c, ['start', 'end', 'step'], { required: ['start'], keywords: COMMON_KWARGS });
    this.checkCommon(c, b);
    // arange(end) puts the single positional in `start`.
    const [startA, endA] = b.end ? [b.start, b.end] : [null, b.start];
    const start = startA ? this.number(startA, 'start') : 0;
    const end = this.number(endA, 'end');
    const step = b.step ? this.number(b.step, 'step') : 1;
    const at = (b.step ?? endA).pos;
    if (step === 0) this.fail('step must be nonzero', at);
    if (!Number.isFinite(start) || !Number.isFinite(end)) this.fail(`unsupported range: ${start} -> ${end}`, c.pos);
    if (!((step > 0 && end >= start) || (step < 0 && end <= start))) {
      this.fail(
        `upper bound and larger bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`,
        at,
      );
    }
    const n = arangeLength(start, end, step);
    this.allocate([n], c.name + '()', c.pos);
    const allInt = [startA, endA, b.step].every((a) => !a || (a.v.t === 'num' && a.v.isInt));
    if (allInt) {
      // An int64 tensor in torch: exact integers, then rounded to float32.
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = start + step * i;
      return tensor([n], out);
    }
    return tensor([n], arangeFloat32(start, step, n));
  },

  'torch.linspace'(c) {
    const b = this.bind(c, ['start', 'end', 'steps'], { required: ['start', 'end', 'steps'], keywords: COMMON_KWARGS });
    this.checkCommon(c, b);
    const start = this.number(b.start, 'start');
    const end = this.number(b.end, 'end');
    const steps = this.integer(b.steps, 'steps').v;
    if (steps < 0) this.fail('number of steps must be non-negative', b.steps.pos);
    this.allocate([steps], c.name + '()', c.pos);
    return tensor([steps], linspaceFloat32(start, end, steps));
  },

  'torch.randn'(c) {
    return random.call(this, c, torchRandn);
  },

  'torch.rand'(c) {
    return random.call(this, c, torchRand);
  },

  'torch.manual_seed'(c) {
    const b = this.bind(c, ['seed'], { required: ['seed'] });
    this.globalGen.manualSeed(this.seed(b.seed));
    return { t: 'gen', gen: this.globalGen };
  },

  'torch.Generator'(c) {
    const b = this.bind(c, ['device']);
    this.checkCommon(c, b);
    return { t: 'gen', gen: new TorchGenerator() };
  },

  '.manual_seed'(c) {
    const b = this.bind(c, ['seed'], { required: ['seed'] });
    c.self.gen.manualSeed(this.seed(b.seed));
    return c.self;
  },

  float(c) {
    const b = this.bind(c, ['x'], { required: ['x'] });
    const v = b.x.v;
    if (v.t === 'num') return num(v.v);
    if (v.t === 'str') {
      const s = v.v.trim().toLowerCase().replace(/_/g, '');
      const special = {
        nan: NaN,
        '+nan': NaN,
        '-nan': NaN,
        inf: Infinity,
        '+inf': Infinity,
        '-inf': -Infinity,
        infinity: Infinity,
        '+infinity': Infinity,
        '-infinity': -Infinity,
      };
      if (Object.hasOwn(special, s)) return num(special[s]);
      if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return num(Number(s));
    }
    return this.fail(`could not convert ${describeValue(v)} to float`, b.x.pos);
  },

  '.reshape'(c) {
    return reshaped.call(this, c);
  },

  '.view'(c) {
    return reshaped.call(this, c);
  },

  '.unsqueeze'(c) {
    const b = this.bind(c, ['dim'], { required: ['dim'] });
    const shape = c.self.shape;
    const dim = wrapDim.call(this, b.dim, shape.length + 1);
    return tensor([...shape.slice(0, dim), 1, ...shape.slice(dim)], c.self.data);
  },

  '.squeeze'(c) {
    const b = this.bind(c, ['dim']);
    const shape = c.self.shape;
    if (!b.dim)
      return tensor(
        shape.filter((d) => d !== 1),
        c.self.data,
      );
    const dim = wrapDim.call(this, b.dim, Math.max(shape.length, 1));
    return tensor(
      shape.filter((d, i) => i !== dim || d !== 1),
      c.self.data,
    );
  },

  '.flatten'(c) {
    this.bind(c, []);
    return tensor([c.self.data.length], c.self.data);
  },

  // Conversions and copies that change nothing here (float32 values are never mutated).
  '.float': unchanged,
  '.contiguous': unchanged,
  '.clone': unchanged,
  '.detach': unchanged,
};

function unchanged(c) {
  this.bind(c, []);
  return c.self;
}

function filled(c, value) {
  const shape = this.factorySize(c);
  const b = this.bind({ ...c, args: [] }, [], { keywords: [...COMMON_KWARGS, 'size'] });
  this.checkCommon(c, b);
  this.allocate(shape, c.name + '()', c.pos);
  return tensor(shape, new Float32Array(product(shape)).fill(value));
}

function random(c, sample) {
  const shape = this.factorySize(c);
  const b = this.bind({ ...c, args: [] }, [], { keywords: [...COMMON_KWARGS, 'size', 'generator'] });
  this.checkCommon(c, b);
  const gen = this.generator(b);
  const n = this.allocate(shape, c.name + '()', c.pos);
  return tensor(shape, sample(gen, n));
}

/** .reshape / .view with at most one -1. */
function reshaped(c) {
  const items = c.args.length === 1 && c.args[0].v.t === 'seq' ? seqArgs(c.args[0].v) : c.args;
  if (c.kwargs.size) this.fail(`${c.name}() takes no keyword arguments`, [...c.kwargs.values()][0].pos);
  const dims = items.map((a) => this.integer(a, 'a shape dimension').v);
  const numel = c.self.data.length;
  const shown = `${c.name.slice(1)}(${dims.join(', ')})`;
  const inferred = dims.filter((d) => d === -1).length;
  if (inferred > 1) this.fail(`${shown}: only one dimension can be -1`, c.pos);
  dims.forEach((d, i) => {
    if (d < -1) this.fail(`${shown}: invalid dimension ${d}`, items[i].pos);
  });
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (inferred) {
    if (known === 0 || numel % known !== 0) this.fail(`${shown} cannot hold ${numel} elements`, c.pos);
    dims[dims.indexOf(-1)] = numel / known;
  } else if (known !== numel) {
    this.fail(`${shown} cannot hold ${numel} elements`, c.pos);
  }
  return tensor(dims, c.self.data);
}

/** A dim argument in [-n, n) made non-negative. */
function wrapDim(a, n) {
  const d = this.integer(a, 'dim').v;
  if (d < -n || d >= n) this.fail(`dim ${d} is out of range [${-n}, ${n - 1}]`, a.pos);
  return d < 0 ? d + n : d;
}
