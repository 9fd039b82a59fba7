// Tokenizer and error type for parseTensor: a small slice of Python's lexical rules.

import { ConvLabError } from '../errors.js';

/** Hard limits that keep hostile input (huge, deeply nested, huge sizes) cheap. */
export const LIMITS = Object.freeze({
  maxChars: 1_000_000,
  maxElements: 4_000_000,
  maxDepth: 32,
});

/** A parse or evaluation error with the 0-based offset of the offending text. */
export class TensorParseError extends ConvLabError {
  /**
   * @param {string} what the problem, without location
   * @param {number} position 0-based character offset into the input
   * @param {string} text the whole input (to turn the offset into line/column)
   */
  constructor(what, position, text = '') {
    const { line, column } = lineColumn(text, position);
    super(`${describeOffset(text, position)}: ${what}`, { field: 'text' });
    this.name = 'TensorParseError';
    this.position = position;
    this.line = line;
    this.column = column;
    this.detail = what;
  }
}

/** "at column 5" or "at line 2, column 5" for a 0-based offset. */
export function describeOffset(text, position) {
  const { line, column } = lineColumn(text, position);
  return text.includes('\n') ? `at line ${line}, column ${column}` : `at column ${column}`;
}

/** 1-based line and column of a 0-based offset. */
function lineColumn(text, position) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

// Python numeric literals (decimal only): 12, 1_000, 1., .5, 1e-3, 2.5E+4.
const RADIX = /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+/y;
const NUMBER = /(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?/y;
const NAME = /[A-Za-z_][A-Za-z_0-9]*/y;
const OPENERS = { '(': ')', '[': ']', '{': '}' };
const PUNCT = '()[]{},.=+-*/%@:<>!&|^~';

const isDigit = (code) => code >= 48 && code <= 57;
const isNameStart = (code) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isNameChar = (code) => isNameStart(code) || isDigit(code);

/**
 * Reads tokens on demand, {type, value, pos, end}, type one of num (value: number,
 * isInt, raw for ints), name, str, punct, ellipsis, sep, eof. A newline outside
 * brackets, or ';', is a statement separator (sep). Streaming keeps a 1 MB input
 * from holding a million token objects at once.
 */
export class Lexer {
  constructor(text) {
    this.text = text;
    this.i = 0;
    this.stack = []; // open bracket tokens: depth, matching, newline handling
    this.ahead = []; // tokens read but not consumed
  }

  fail(what, pos = this.i) {
    throw new TensorParseError(what, pos, this.text);
  }

  peek(k = 0) {
    while (this.ahead.length <= k) this.ahead.push(this.read());
    return this.ahead[k];
  }

  next() {
    return this.ahead.length ? this.ahead.shift() : this.read();
  }

  read() {
    const text = this.text;
    for (;;) {
      if (this.i >= text.length) return this.end();
      const pos = this.i;
      const code = text.charCodeAt(pos);
      const c = text[pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
        this.i++;
      } else if (c === '\\' && text[pos + 1] === '\n') {
        this.i += 2; // explicit line continuation
      } else if (c === '#') {
        const nl = text.indexOf('\n', pos);
        this.i = nl < 0 ? text.length : nl;
      } else if (c === '\n' || c === ';') {
        this.i++;
        if (this.stack.length === 0) return { type: 'sep', value: c, pos, end: pos + 1 };
        if (c === ';') this.fail(`';' inside an unclosed '${this.stack[this.stack.length - 1].value}'`, pos);
      } else if (isDigit(code) || (c === '.' && isDigit(text.charCodeAt(pos + 1)))) {
        return this.readNumber(pos);
      } else if (c === '.' && text.startsWith('...', pos)) {
        this.i += 3;
        return { type: 'ellipsis', value: '...', pos, end: pos + 3 };
      } else if (isNameStart(code)) {
        NAME.lastIndex = pos;
        const value = NAME.exec(text)[0];
        this.i += value.length;
        return { type: 'name', value, pos, end: this.i };
      } else if (c === "'" || c === '"') {
        return this.readString(pos);
      } else if (PUNCT.includes(c)) {
        this.i++;
        const tok = { type: 'punct', value: c, pos, end: pos + 1 };
        if (OPENERS[c]) this.open(tok);
        else if (c === ')' || c === ']' || c === '}') this.close(tok);
        return tok;
      } else {
        this.fail(`unexpected character '${c}'`, pos);
      }
    }
  }

  open(tok) {
    if (this.stack.length >= LIMITS.maxDepth) {
      this.fail(`brackets nested deeper than ${LIMITS.maxDepth} levels`, tok.pos);
    }
    this.stack.push(tok);
  }

  close(tok) {
    const open = this.stack.pop();
    if (!open) this.fail(`unmatched '${tok.value}'`, tok.pos);
    if (OPENERS[open.value] !== tok.value) {
      this.fail(
        `'${tok.value}' does not match the '${open.value}' opened ${describeOffset(this.text, open.pos)}`,
        tok.pos,
      );
    }
  }

  end() {
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1];
      this.fail(`'${open.value}' is never closed (expected '${OPENERS[open.value]}' before the end)`, open.pos);
    }
    return { type: 'eof', value: '', pos: this.text.length, end: this.text.length };
  }

  readNumber(pos) {
    if (this.text.charCodeAt(pos) === 48 /* 0 */) {
      RADIX.lastIndex = pos;
      const radix = RADIX.exec(this.text);
      if (radix) return this.readRadixNumber(pos, radix[0]);
    }
    NUMBER.lastIndex = pos;
    const raw = NUMBER.exec(this.text)[0];
    const end = pos + raw.length;
    if (isNameChar(this.text.charCodeAt(end))) this.fail(`invalid number '${raw}${this.text[end]}'`, pos);
    this.i = end;
    const clean = raw.includes('_') ? raw.replace(/_/g, '') : raw;
    let isInt = true;
    for (let k = 0; k < clean.length && isInt; k++) {
      const ch = clean[k];
      if (ch === '.' || ch === 'e' || ch === 'E') isInt = false;
    }
    // Python: "leading zeros in decimal integer literals are not permitted" (0 and 00 are fine).
    if (isInt && clean.length > 1 && clean[0] === '0' && /[1-9]/.test(clean)) {
      this.fail(
        `invalid number '${raw}': leading zeros in decimal integer literals are not permitted ` +
          `(Python); write ${clean.replace(/^0+/, '')}, or 0o${clean.replace(/^0+/, '')} for octal`,
        pos,
      );
    }
    // raw is kept for ints only: seeds need their exact value.
    return { type: 'num', value: Number(clean), isInt, raw: isInt ? clean : null, pos, end };
  }

  /** 0x1f, 0o17, 0b101 (with Python's optional underscores). */
  readRadixNumber(pos, raw) {
    const end = pos + raw.length;
    if (isNameChar(this.text.charCodeAt(end))) this.fail(`invalid number '${raw}${this.text[end]}'`, pos);
    this.i = end;
    const prefix = raw.slice(0, 2).toLowerCase();
    const big = BigInt(prefix + raw.slice(2).replace(/_/g, ''));
    return { type: 'num', value: Number(big), isInt: true, raw: big.toString(), pos, end };
  }

  readString(pos) {
    const text = this.text;
    const quote = text[pos];
    let j = pos + 1;
    let value = '';
    while (j < text.length && text[j] !== quote && text[j] !== '\n') {
      if (text[j] === '\\' && j + 1 < text.length) j++;
      value += text[j++];
    }
    if (text[j] !== quote) this.fail('unterminated string', pos);
    this.i = j + 1;
    return { type: 'str', value, pos, end: j + 1 };
  }
}

/** How a token reads in an error message: `')'`, `end of input`, `name 'foo'`. */
export function describeToken(tok) {
  switch (tok.type) {
    case 'eof':
      return 'end of input';
    case 'sep':
      return tok.value === ';' ? "';'" : 'end of line';
    case 'num':
      return `number ${tok.raw ?? tok.value}`;
    case 'name':
      return `'${tok.value}'`;
    case 'str':
      return `string '${tok.value}'`;
    default:
      return `'${tok.value}'`;
  }
}
