// parseTensor: text a user would type in a notebook -> {shape, data: Float32Array}.
// Tokens (tensor-lex.js) -> a small Python-like syntax tree (here) -> values
// (tensor-eval.js). Grammar, a subset of Python:
//
//   program   := statement ((';' | newline) statement)*
//   statement := 'import' NAME... | NAME '=' expr | expr    (run in order; the last
//                                                          one's value is the tensor)
//   expr      := ('-' | '+')* postfix
//   postfix   := primary ('.' NAME | '(' args ')')*
//   primary   := NUMBER | STRING | NAME | '(' [expr (',' expr)* [',']] ')' | '[' ... ']'
//   args      := [(NAME '=' expr | expr) (',' ...)* [',']]

import { LIMITS, Lexer, TensorParseError, describeToken } from './tensor-lex.js';
import { evaluateProgram } from './tensor-eval.js';

export { LIMITS, TensorParseError };

/**
 * Parses a PyTorch tensor literal or a small torch expression into a float32 tensor.
 * Random tensors without an explicit generator or torch.manual_seed use seed 0.
 * @param {string} text
 * @param {{maxChars?: number, maxElements?: number}} [limits] tighter limits than LIMITS
 *   (a caller that must stay fast, like the playground; larger values are ignored)
 * @returns {{shape: number[], data: Float32Array}}
 * @throws {TensorParseError} with `.position` (0-based offset) and a message saying
 *   where and what.
 */
export function parseTensor(text, limits = {}) {
  if (typeof text !== 'string') {
    throw new TensorParseError(`parseTensor expects a string, got ${typeof text}`, 0, '');
  }
  const tighter = (value, max) => (value >= 0 && value < max ? Math.floor(value) : max);
  const maxChars = tighter(limits?.maxChars, LIMITS.maxChars);
  const maxElements = tighter(limits?.maxElements, LIMITS.maxElements);
  if (text.length > maxChars) {
    throw new TensorParseError(
      `input is ${text.length.toLocaleString('en-US')} characters; the limit is ` +
        `${maxChars.toLocaleString('en-US')}`,
      maxChars,
      '',
    );
  }
  try {
    const program = new Parser(text).parseProgram();
    return evaluateProgram(program, text, maxElements);
  } catch (e) {
    // The limits below should make this unreachable; never leak a RangeError.
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      throw new TensorParseError('the input is nested too deeply to evaluate', 0, text);
    }
    throw e;
  }
}

/** Longest chain of .attr / (call) trailers on one value (bounds evaluation depth). */
const MAX_TRAILERS = 64;

const MISSING_COMMA_OR_INDEXING = "unexpected '[': is a ',' missing before it? (indexing with [ ] is not supported)";

class Parser {
  constructor(text) {
    this.text = text;
    this.lexer = new Lexer(text);
  }

  peek(offset = 0) {
    return this.lexer.peek(offset);
  }

  next() {
    return this.lexer.next();
  }

  isPunct(value, tok = this.peek()) {
    return tok.type === 'punct' && tok.value === value;
  }

  fail(what, tok = this.peek()) {
    throw new TensorParseError(what, tok.pos, this.text);
  }

  parseProgram() {
    const statements = [];
    for (;;) {
      while (this.peek().type === 'sep') this.next();
      if (this.peek().type === 'eof') break;
      statements.push(this.parseStatement());
      const tok = this.peek();
      if (tok.type !== 'sep' && tok.type !== 'eof') this.failAfterExpression(tok);
    }
    if (statements.length === 0) this.fail('empty input: type a tensor such as [[[1., 2., 3.]]]');
    return statements;
  }

  /** A clear word on what cannot follow a complete expression. */
  failAfterExpression(tok, closer = null) {
    if (closer && !this.isPunct(',', tok)) {
      if (tok.type === 'punct' && '+-*/%@'.includes(tok.value)) this.failAfterExpression(tok);
      if (this.isPunct('[', tok)) this.fail(MISSING_COMMA_OR_INDEXING);
      this.fail(`expected '${closer}' or ',' but found ${describeToken(tok)}`);
    }
    if (tok.type === 'punct' && '+-*/%@'.includes(tok.value)) {
      this.fail(`arithmetic ('${tok.value}') is not supported; write the values out or use torch.full / torch.arange`);
    }
    if (this.isPunct(',', tok)) {
      this.fail("unexpected ',' at the top level: wrap the values in [ ] to make a list");
    }
    this.fail(`unexpected ${describeToken(tok)} after a complete expression`);
  }

  parseStatement() {
    const tok = this.peek();
    if (tok.type === 'name' && (tok.value === 'import' || tok.value === 'from')) return this.parseImport();
    if (tok.type === 'name' && this.isPunct('=', this.peek(1))) {
      this.next();
      this.next();
      return { type: 'assign', name: tok.value, value: this.parseExpr('a value'), pos: tok.pos };
    }
    return { type: 'expr', value: this.parseExpr('a tensor'), pos: tok.pos };
  }

  /** `import torch`, `import math`, `import torch as t`, `from torch import ...`: no-ops. */
  parseImport() {
    const start = this.next();
    while (this.peek().type !== 'sep' && this.peek().type !== 'eof') {
      const tok = this.next();
      if (tok.type !== 'name' && !this.isPunct(',', tok) && !this.isPunct('.', tok)) {
        this.fail(`unexpected ${describeToken(tok)} in an import`, tok);
      }
      if (tok.value === 'as') this.fail("'import ... as' is not supported: use the name torch", tok);
    }
    return { type: 'import', pos: start.pos };
  }

  parseExpr(what) {
    const start = this.peek();
    let sign = 0; // 0: no sign written; a loop, not recursion, so '-----1' cannot blow the stack
    while (this.isPunct('-') || this.isPunct('+')) {
      const neg = this.next().value === '-';
      sign = (sign || 1) * (neg ? -1 : 1);
    }
    const operand = this.parsePostfix(what);
    if (sign === 0) return operand;
    return { type: 'sign', sign, operand, pos: start.pos, start: start.pos };
  }

  parsePostfix(what) {
    let node = this.parsePrimary(what);
    for (let trailers = 0; ; trailers++) {
      if (trailers > MAX_TRAILERS && (this.isPunct('.') || this.isPunct('('))) {
        this.fail(`more than ${MAX_TRAILERS} chained calls or attributes on one value`);
      }
      if (this.isPunct('.')) {
        this.next();
        const name = this.next();
        if (name.type !== 'name') this.fail(`expected a name after '.' but found ${describeToken(name)}`, name);
        node = { type: 'attr', object: node, name: name.value, pos: name.pos, start: node.start };
      } else if (this.isPunct('(')) {
        const open = this.next();
        const { args, kwargs } = this.parseArgs();
        node = { type: 'call', callee: node, args, kwargs, pos: open.pos, start: node.start };
      } else if (this.isPunct('[')) {
        this.fail(MISSING_COMMA_OR_INDEXING);
      } else {
        return node;
      }
    }
  }

  parsePrimary(what) {
    const tok = this.peek();
    switch (tok.type) {
      case 'num':
        this.next();
        return { type: 'num', value: tok.value, raw: tok.raw, isInt: tok.isInt, pos: tok.pos, start: tok.pos };
      case 'str':
        this.next();
        return { type: 'str', value: tok.value, pos: tok.pos, start: tok.pos };
      case 'name':
        this.next();
        return { type: 'name', name: tok.value, pos: tok.pos, start: tok.pos };
      case 'ellipsis':
        this.fail("'...' marks a summarised print: the values it hides cannot be recovered");
        break;
      case 'punct':
        if (tok.value === '[') return this.parseList();
        if (tok.value === '(') return this.parseParen();
        break;
      default:
        break;
    }
    const expected = what === 'an element' ? "a number or '['" : `${what} (a number, '[' or a torch call)`;
    return this.fail(`expected ${expected} but found ${describeToken(tok)}`);
  }

  /**
   * [a, b, ...] with an optional trailing comma. Plain (signed) number literals are
   * stored as JS numbers, not nodes: a 1 MB list then costs little memory.
   * Node shape: {type, items: (number | node)[], itemPos: number[], ints: boolean[]}.
   */
  parseList() {
    return this.parseSequence('list', ']');
  }

  /** (expr) or a tuple: (), (a,), (a, b). */
  parseParen() {
    const seq = this.parseSequence('tuple', ')');
    if (seq.items.length === 1 && !seq.sawComma) {
      const only = seq.items[0];
      if (typeof only !== 'number') return { ...only, start: seq.pos };
      return { type: 'num', value: only, raw: seq.raw0, isInt: seq.ints[0], pos: seq.itemPos[0], start: seq.pos };
    }
    return seq;
  }

  parseSequence(type, closer) {
    const open = this.next();
    const seq = { type, items: [], itemPos: [], ints: [], pos: open.pos, start: open.pos, sawComma: false, raw0: null };
    while (!this.isPunct(closer)) {
      const tok = this.peek();
      const literal = this.plainNumber();
      if (literal !== null) {
        seq.items.push(literal.value);
        seq.ints.push(literal.isInt);
        if (seq.items.length === 1) seq.raw0 = literal.raw;
      } else {
        seq.items.push(this.parseExpr(type === 'list' ? 'an element' : 'a value'));
        seq.ints.push(false);
      }
      seq.itemPos.push(tok.pos);
      if (this.isPunct(',')) {
        this.next();
        seq.sawComma = true;
      } else if (!this.isPunct(closer)) {
        this.failAfterExpression(this.peek(), closer);
      }
    }
    this.next();
    return seq;
  }

  /** Consumes `-1.5` / `3` when followed by ',' or a closer; else null and consumes nothing. */
  plainNumber() {
    let k = 0;
    let sign = 1;
    const first = this.peek();
    if (this.isPunct('-', first) || this.isPunct('+', first)) {
      sign = first.value === '-' ? -1 : 1;
      k = 1;
    }
    const tok = this.peek(k);
    if (tok.type !== 'num') return null;
    const after = this.peek(k + 1);
    if (!(after.type === 'punct' && (after.value === ',' || after.value === ']' || after.value === ')'))) return null;
    for (let j = 0; j <= k; j++) this.next();
    // Python: -0 is the integer 0, -0. is the float -0.0.
    const value = tok.isInt && tok.value === 0 ? 0 : sign * tok.value;
    const raw = tok.raw === null ? null : sign < 0 ? '-' + tok.raw : tok.raw;
    return { value, isInt: tok.isInt, raw };
  }

  /** Call arguments up to and including ')'. */
  parseArgs() {
    const args = [];
    const kwargs = [];
    while (!this.isPunct(')')) {
      const tok = this.peek();
      if (tok.type === 'name' && this.isPunct('=', this.peek(1))) {
        this.next();
        this.next();
        if (kwargs.some((k) => k.name === tok.value)) this.fail(`keyword argument '${tok.value}' repeated`, tok);
        kwargs.push({ name: tok.value, value: this.parseExpr('a value'), pos: tok.pos });
      } else {
        if (kwargs.length > 0) this.fail('positional argument after a keyword argument', tok);
        args.push(this.parseExpr('an argument'));
      }
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(')')) this.failAfterExpression(this.peek(), ')');
    }
    this.next();
    return { args, kwargs };
  }
}
