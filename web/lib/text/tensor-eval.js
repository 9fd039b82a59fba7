// Evaluates parseTensor's syntax tree: a tiny interpreter for the torch calls people
// use to make small float32 tensors. Every error names the position it is about.

import { LIMITS, TensorParseError } from './tensor-lex.js';
import { TorchGenerator } from './torch-random.js';
import { CALLS } from './tensor-calls.js';
import {
  FLOAT32_DTYPES,
  OTHER_DTYPES,
  TENSOR_METHODS,
  TORCH_FUNCTIONS,
  describeValue,
  fn,
  num,
  posOf,
  product,
  seqArgs,
  tensor,
} from './tensor-values.js';

/** Runs the statements in order; the last one's value is the tensor. */
export function evaluateProgram(statements, text, maxElements = LIMITS.maxElements) {
  const ev = new Evaluator(text, maxElements);
  let last = null;
  for (const st of statements) {
    if (st.type === 'import') {
      last = null;
    } else if (st.type === 'assign') {
      last = ev.eval(st.value);
      ev.env.set(st.name, last);
    } else {
      last = ev.eval(st.value);
    }
  }
  const final = statements[statements.length - 1];
  if (last === null) ev.fail('nothing to evaluate: the input ends with an import', final.pos);
  const t = ev.toTensor(last, final.value);
  return { shape: t.shape, data: t.data };
}

// ---------------------------------------------------------------- evaluator

class Evaluator {
  constructor(text, maxElements = LIMITS.maxElements) {
    this.text = text;
    this.maxElements = maxElements;
    this.env = new Map();
    // Without torch.manual_seed or a generator, random tensors use seed 0 so the
    // same text always gives the same tensor.
    this.globalGen = new TorchGenerator(0);
    this.elements = 0;
  }

  fail(what, pos) {
    throw new TensorParseError(what, pos, this.text);
  }

  /** Counts new elements against the whole input's budget, before allocating. */
  allocate(shape, what, pos) {
    const n = shape.includes(0) ? 0 : shape.reduce((a, b) => a * b, 1);
    if (n > this.maxElements) {
      this.fail(
        `${what} would have ${n.toLocaleString('en-US')} elements; the limit is ` +
          `${this.maxElements.toLocaleString('en-US')}`,
        pos,
      );
    }
    this.elements += n;
    if (this.elements > this.maxElements) {
      this.fail(`this input creates more than ${this.maxElements.toLocaleString('en-US')} elements in all`, pos);
    }
    return n;
  }

  eval(node) {
    switch (node.type) {
      case 'num':
        // Exact ints matter only for seeds; skip BigInt for absurdly long literals.
        return num(node.value, node.isInt, node.isInt && node.raw.length <= 40 ? BigInt(node.raw) : null);
      case 'str':
        return { t: 'str', v: node.value };
      case 'name':
        return this.lookup(node);
      case 'attr':
        return this.attribute(this.eval(node.object), node);
      case 'call':
        return this.call(node);
      case 'list':
      case 'tuple':
        return this.sequence(node);
      case 'sign':
        return this.applySign(node);
      default:
        return this.fail(`unsupported syntax '${node.type}'`, posOf(node));
    }
  }

  /** A list/tuple value; plain numbers stay JS numbers (see Parser.parseSequence). */
  sequence(node) {
    const items = node.items.map((n) => (typeof n === 'number' ? n : this.eval(n)));
    return { t: 'seq', kind: node.type, items, itemPos: node.itemPos, ints: node.ints, node };
  }

  lookup(node) {
    const name = node.name;
    if (this.env.has(name)) return this.env.get(name);
    switch (name) {
      case 'torch':
      case 'math':
        return { t: 'ns', name };
      case 'tensor': // pasted print output: tensor([...])
        return fn('torch.tensor');
      case 'float':
        return fn('float');
      case 'nan':
        return num(NaN);
      case 'inf':
        return num(Infinity);
      case 'True':
      case 'False':
        return { t: 'bool', v: name === 'True' };
      case 'None':
        return { t: 'none' };
      default: {
        const vars = [...this.env.keys()];
        const hint = vars.length ? ` (defined so far: ${vars.join(', ')})` : '';
        return this.fail(`unknown name '${name}'${hint}`, node.pos);
      }
    }
  }

  attribute(obj, node) {
    const name = node.name;
    if (obj.t === 'ns' && obj.name === 'torch') {
      if (TORCH_FUNCTIONS.includes(name)) return fn(`torch.${name}`);
      if (FLOAT32_DTYPES.has(name) || OTHER_DTYPES.has(name)) return { t: 'dtype', name };
      if (name === 'nan') return num(NaN);
      if (name === 'inf') return num(Infinity);
      return this.fail(
        `unknown function torch.${name} — supported: ${TORCH_FUNCTIONS.map((f) => 'torch.' + f).join(', ')}`,
        node.pos,
      );
    }
    if (obj.t === 'ns' && obj.name === 'math') {
      const consts = { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN };
      if (Object.hasOwn(consts, name)) return num(consts[name]);
      return this.fail(`unknown name math.${name} — supported: math.pi, math.e, math.inf, math.nan`, node.pos);
    }
    if (obj.t === 'tensor') {
      if (TENSOR_METHODS.includes(name)) return fn(`.${name}`, obj);
      return this.fail(
        `unknown tensor method .${name}() — supported: ${TENSOR_METHODS.map((m) => '.' + m + '()').join(', ')}`,
        node.pos,
      );
    }
    if (obj.t === 'gen' && name === 'manual_seed') return fn('.manual_seed', obj);
    return this.fail(`${describeValue(obj)} has no attribute '${name}'`, node.pos);
  }

  applySign(node) {
    const v = this.eval(node.operand);
    if (node.sign === 1) {
      if (v.t === 'num' || v.t === 'tensor') return v;
    } else if (v.t === 'num') {
      // Python: -0 is the integer 0, -0. is the float -0.0.
      return num(v.isInt && v.v === 0 ? 0 : -v.v, v.isInt, v.big === null ? null : -v.big);
    } else if (v.t === 'tensor') {
      this.allocate(v.shape, 'the negated tensor', node.pos);
      return tensor(
        v.shape,
        v.data.map((x) => -x),
      );
    }
    return this.fail(`cannot apply '${node.sign < 0 ? '-' : '+'}' to ${describeValue(v)}`, node.pos);
  }

  call(node) {
    const callee = this.eval(node.callee);
    if (callee.t !== 'fn') {
      return this.fail(`${describeValue(callee)} cannot be called`, posOf(node.callee));
    }
    const args = node.args.map((n) => ({ v: this.eval(n), pos: posOf(n), node: n }));
    const kwargs = new Map(node.kwargs.map((k) => [k.name, { v: this.eval(k.value), pos: k.pos, node: k.value }]));
    // Errors about a call point at its start, or at the method name for tensor methods.
    const pos = callee.self ? node.callee.pos : posOf(node.callee);
    const c = { name: callee.name, self: callee.self, args, kwargs, pos, node };
    const impl = CALLS[callee.name];
    return impl.call(this, c);
  }

  // ------------------------------------------------------------ argument helpers

  /**
   * Matches positional and keyword arguments to parameter names, Python style.
   * Returns {name: {v, pos}}; unknown keywords and extra positionals are errors.
   */
  bind(c, params, { required = [], keywords = [] } = {}) {
    const bound = {};
    if (c.args.length > params.length) {
      const extra = c.args[params.length];
      this.fail(
        `${c.name}() takes at most ${params.length} positional arguments but ${c.args.length} were given`,
        extra.pos,
      );
    }
    c.args.forEach((a, i) => (bound[params[i]] = a));
    for (const [name, a] of c.kwargs) {
      if (!params.includes(name) && !keywords.includes(name)) {
        this.fail(`${c.name}() got an unexpected keyword argument '${name}'`, a.pos);
      }
      if (bound[name]) this.fail(`${c.name}() got multiple values for argument '${name}'`, a.pos);
      bound[name] = a;
    }
    for (const name of required) {
      if (!bound[name]) this.fail(`${c.name}() is missing the argument '${name}'`, c.pos);
    }
    return bound;
  }

  /** dtype / device / requires_grad: float32 on the CPU is all ConvLab computes in. */
  checkCommon(c, bound) {
    const dtype = bound.dtype;
    if (dtype && !(dtype.v.t === 'none' || (dtype.v.t === 'dtype' && FLOAT32_DTYPES.has(dtype.v.name)))) {
      this.fail(
        `dtype=${describeValue(dtype.v)} is not supported: ConvLab works in float32 (use torch.float32)`,
        dtype.pos,
      );
    }
    const device = bound.device;
    if (device && !(device.v.t === 'none' || (device.v.t === 'str' && device.v.v === 'cpu'))) {
      this.fail(`device=${describeValue(device.v)} is not supported: only 'cpu'`, device.pos);
    }
    const rg = bound.requires_grad;
    if (rg && rg.v.t !== 'bool') this.fail('requires_grad must be True or False', rg.pos);
  }

  number(a, what) {
    if (a.v.t === 'tensor' && a.v.shape.length === 0) return a.v.data[0];
    if (a.v.t !== 'num') this.fail(`${what} must be a number, not ${describeValue(a.v)}`, a.pos);
    return a.v.v;
  }

  integer(a, what) {
    if (a.v.t !== 'num' || !a.v.isInt) {
      this.fail(`${what} must be a whole number (an int), not ${describeValue(a.v)}`, a.pos);
    }
    return a.v;
  }

  /** A size: ints >= 0, from varargs or one tuple/list (or size=...). */
  size(c, list, what) {
    const items = list.length === 1 && list[0].v.t === 'seq' ? seqArgs(list[0].v) : list;
    return items.map((a, i) => {
      const n = this.integer(a, `${what} dimension ${i}`);
      if (n.v < 0) this.fail(`${what} dimension ${i} is ${n.v}; sizes cannot be negative`, a.pos);
      // PyTorch: a size must fit in int64 (torch.ones(0, 10**23) raises; 2**62 with a 0 is fine).
      if (n.big !== null ? n.big >= 1n << 63n : n.v >= 2 ** 63) {
        this.fail(`${what} dimension ${i} is ${n.big ?? n.v}: too large (a size must fit in int64)`, a.pos);
      }
      return n.v;
    });
  }

  /** The factory size from `*size` varargs or size=. */
  factorySize(c) {
    const sizeKw = c.kwargs.get('size');
    if (sizeKw && c.args.length) this.fail(`${c.name}() got the size twice`, sizeKw.pos);
    const list = sizeKw ? [sizeKw] : c.args;
    if (list.length === 0) this.fail(`${c.name}() needs a size, e.g. ${c.name}(1, 1, 8)`, c.pos);
    return this.size(c, list, 'size');
  }

  generator(bound) {
    const g = bound.generator;
    if (!g || g.v.t === 'none') return this.globalGen;
    if (g.v.t !== 'gen') this.fail(`generator must be a torch.Generator, not ${describeValue(g.v)}`, g.pos);
    return g.v.gen;
  }

  seed(a) {
    const n = this.integer(a, 'the seed');
    const big = n.big;
    if (big === null || big < -(1n << 63n) || big >= 1n << 64n) {
      this.fail('the seed is out of range [-0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff]', a.pos);
    }
    return big;
  }

  // ------------------------------------------------------------ lists -> tensors

  /** torch.tensor semantics for a number, nested list/tuple, or tensor. */
  toTensor(v, node) {
    if (v.t === 'tensor') return v;
    if (v.t === 'num') {
      this.allocate([], 'the scalar', posOf(node));
      return tensor([], Float32Array.of(v.v));
    }
    if (v.t === 'seq') return this.fromNested(v, node);
    return this.fail(`expected a tensor, a number or a nested list, but this is ${describeValue(v)}`, posOf(node));
  }

  fromNested(root, node) {
    const shape = [];
    for (let v = root; v.t === 'seq'; v = v.items[0]) {
      shape.push(v.items.length);
      if (v.items.length === 0 || typeof v.items[0] === 'number') break;
    }
    this.allocate(shape, 'this list', posOf(node));
    const data = new Float32Array(product(shape));
    let k = 0;
    const innermost = shape.length - 1;
    // path: 1-based row indices down to `seq`, for ragged-list messages.
    const walk = (seq, depth, path) => {
      if (seq.items.length !== shape[depth]) {
        const row = path.length ? path.join(', ') : '1';
        this.fail(
          `ragged nested list: row ${row} has ${seq.items.length} elements, expected ${shape[depth]}`,
          seq.node.pos,
        );
      }
      const { items, itemPos } = seq;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (depth === innermost) {
          if (typeof item === 'number') data[k++] = item;
          else if (item.t === 'num') data[k++] = item.v;
          else if (item.t === 'tensor' && item.shape.length === 0) data[k++] = item.data[0];
          else if (item.t === 'bool')
            data[k++] = item.v ? 1 : 0; // torch.tensor([True, 0x10])
          else if (item.t === 'seq')
            this.fail(`ragged nested list: expected a number at depth ${depth + 2} but found a list`, itemPos[i]);
          else this.fail(`expected a number but found ${describeValue(item)}`, itemPos[i]);
        } else if (typeof item !== 'number' && item.t === 'seq') {
          walk(item, depth + 1, [...path, i + 1]);
        } else {
          const found = typeof item === 'number' ? `the number ${item}` : describeValue(item);
          this.fail(
            `ragged nested list: expected a list of ${shape[depth + 1]} at depth ${depth + 2} but found ${found}`,
            itemPos[i],
          );
        }
      }
    };
    walk(root, 0, []);
    return tensor(shape, data);
  }
}
