// Reads pasted layer text into a call: `nn.Conv1d(1, 8, 3, stride=2)` -> {callee, args}. A small
// slice of Python's grammar: a dotted callee, positional and keyword arguments, and literal values
// (ints in every base, floats, strings, True/False/None, tuples, lists, dotted names such as
// torch.float32, calls such as torch.device('cpu')). What is not Python is a SyntaxError-like
// ConvLabError with the column; what Python would evaluate to something else is left to the
// caller (parse-layer.js), which knows what each parameter accepts.
import { ConvLabError } from '../errors.js';

export const MAX_LAYER_TEXT = 10_000;
const MAX_DEPTH = 16;

// Python integer and float literals (PEP 515 underscores included).
const INT = /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const FLOAT =
  /(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*[eE][+-]?\d(?:_?\d)*/y;
const NAME = /[A-Za-z_][A-Za-z_0-9]*/y;
const DIGITS = /\d(?:_?\d)*/y;

function layerTextError(message) {
  return new ConvLabError(message, { field: 'text' });
}

/** A ConvLabError for the text at a 0-based offset (reported as a 1-based column or line). */
export function syntaxError(text, pos, what) {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  const where = text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
  return new ConvLabError(`layer text, ${where}: ${what}`, { field: 'text' });
}

function tokenize(text) {
  const tokens = [];
  let i = 0;
  const match = (re) => {
    re.lastIndex = i;
    const m = re.exec(text);
    return m && m.index === i ? m[0] : null;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '\\' && /^\\\r?\n/.test(text.slice(i, i + 3))) {
      i += text[i + 1] === '\r' ? 3 : 2; // explicit line continuation
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const float = match(FLOAT);
      const int = match(INT);
      const digits = match(DIGITS);
      let raw;
      let kind;
      if (float && float.length >= (int?.length ?? 0)) [raw, kind] = [float, 'float'];
      else if (int && int.length >= (digits?.length ?? 0)) [raw, kind] = [int, 'int'];
      else if (digits && /^0/.test(digits)) {
        throw syntaxError(
          text,
          i,
          `'${digits}': leading zeros in decimal integer literals are not permitted (Python's SyntaxError); ` +
            `write ${String(Number(digits.replace(/_/g, '')))}.`,
        );
      } else throw syntaxError(text, i, `'${c}' does not start a number.`);
      const after = text[i + raw.length] ?? '';
      if (/[A-Za-z_0-9.]/.test(after)) {
        throw syntaxError(text, i, `'${text.slice(i, i + raw.length + 1)}' is not a Python number (invalid syntax).`);
      }
      tokens.push({ type: kind, raw, pos: i });
      i += raw.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const name = match(NAME);
      const quote = text[i + name.length];
      if ((quote === "'" || quote === '"') && /^[rRuUbBfF]{1,2}$/.test(name)) {
        if (/[bBfF]/.test(name)) {
          throw syntaxError(text, i, `${name}-strings are not plain strings; write the value as '...'.`);
        }
        const { value, end } = readString(text, i + name.length, /[rR]/.test(name));
        tokens.push({ type: 'str', value, pos: i });
        i = end;
      } else {
        tokens.push({ type: 'name', raw: name, pos: i });
        i += name.length;
      }
    } else if (c === "'" || c === '"') {
      const { value, end } = readString(text, i, false);
      tokens.push({ type: 'str', value, pos: i });
      i = end;
    } else if ('()[],=.+-:;*'.includes(c)) {
      tokens.push({ type: c, pos: i });
      i++;
    } else {
      throw syntaxError(text, i, `unexpected character '${c}' (a layer reads like nn.Conv1d(1, 8, kernel_size=3)).`);
    }
  }
  tokens.push({ type: 'eof', pos: text.length });
  return tokens;
}

const ESCAPES = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', 0: '\0' };

function readString(text, start, raw) {
  const quote = text[start];
  if (text.startsWith(quote.repeat(3), start)) {
    throw syntaxError(text, start, 'triple-quoted strings are not needed here; write the value as a plain string.');
  }
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1 };
    if (c === '\n') break;
    if (c === '\\' && !raw && i + 1 < text.length) {
      value += ESCAPES[text[i + 1]] ?? `\\${text[i + 1]}`;
      i++;
    } else {
      value += c;
    }
  }
  throw syntaxError(text, start, `unterminated string literal (Python's SyntaxError): close it with ${quote}.`);
}

/**
 * Parses one layer: an optional `name =` / `self.name =` assignment or `(0): ` print(model)
 * prefix, the call, an optional trailing `,` or `;`. Returns {callee, calleePos, args}, each arg
 * {name|null, value, pos}; values are {kind: 'int'|'float'|'str'|'bool'|'none'|'tuple'|'list'|
 * 'name'|'call', pos, ...}.
 */
export function parseCall(text) {
  if (typeof text !== 'string') {
    throw layerTextError(
      `parseLayer: expected the layer as a string, e.g. 'nn.Conv1d(1, 8, 3)', got ${text === null ? 'null' : typeof text}.`,
    );
  }
  if (text.length > MAX_LAYER_TEXT) {
    throw layerTextError(
      `layer text: ${text.length} characters is more than one layer needs (the limit is ${MAX_LAYER_TEXT}); ` +
        `paste a single nn.Conv1d(...) or nn.ConvTranspose1d(...).`,
    );
  }
  const tokens = tokenize(text);
  let at = 0;
  const peek = (k = 0) => tokens[Math.min(at + k, tokens.length - 1)];
  const next = () => tokens[at++];
  const fail = (token, what) => {
    throw syntaxError(text, token.pos, what);
  };
  const expect = (type, what) => {
    const token = next();
    if (token.type !== type) fail(token, `expected ${what} here, found ${describeToken(text, token)}.`);
    return token;
  };
  if (peek().type === 'eof') {
    throw layerTextError('layer text is empty: paste a layer such as nn.Conv1d(1, 8, kernel_size=3).');
  }

  // `(0): Conv1d(...)` as print(model) shows a child, or `conv = nn.Conv1d(...)`.
  if (peek().type === '(' && ['int', 'name'].includes(peek(1).type) && peek(2).type === ')' && peek(3).type === ':') {
    at += 4;
  } else {
    let k = 0;
    while (peek(k).type === 'name' && peek(k + 1).type === '.') k += 2;
    if (peek(k).type === 'name' && peek(k + 1).type === '=') at += k + 2;
  }

  const calleeToken = peek();
  const callee = dotted();
  if (peek().type !== '(') {
    fail(peek(), `expected '(' after ${callee} (a layer is a call, e.g. ${callee}(1, 8, 3)).`);
  }
  const args = callArgs(0);
  if (peek().type === ',' || peek().type === ';') next();
  if (peek().type !== 'eof') {
    fail(peek(), `unexpected ${describeToken(text, peek())} after the layer: paste one layer at a time.`);
  }
  return { callee, calleePos: calleeToken.pos, args };

  function dotted() {
    const first = expect('name', 'a name such as nn.Conv1d');
    let name = first.raw;
    while (peek().type === '.') {
      next();
      name += `.${expect('name', 'a name after the dot').raw}`;
    }
    return name;
  }

  // '(' [arg (',' arg)* [',']] ')'
  function callArgs(depth) {
    const open = expect('(', "'('");
    const args = [];
    while (peek().type !== ')') {
      if (peek().type === 'eof') fail(open, "'(' was never closed (Python's SyntaxError): add the missing ')'.");
      if (peek().type === '*') fail(peek(), '*args and **kwargs cannot be read; write each argument.');
      const pos = peek().pos;
      let name = null;
      if (peek().type === 'name' && peek(1).type === '=') {
        name = next().raw;
        next();
      }
      args.push({ name, value: value(depth + 1), pos });
      if (peek().type === ',') next();
      else if (peek().type !== ')') {
        if (peek().type === 'eof') fail(open, "'(' was never closed (Python's SyntaxError): add the missing ')'.");
        fail(peek(), `expected ',' or ')' here, found ${describeToken(text, peek())}.`);
      }
    }
    next();
    return args;
  }

  function value(depth) {
    if (depth > MAX_DEPTH) fail(peek(), 'values nest too deeply for a layer parameter.');
    const token = peek();
    switch (token.type) {
      case '-':
      case '+': {
        next();
        const operand = value(depth + 1);
        if (operand.kind !== 'int' && operand.kind !== 'float') {
          fail(token, `unary '${token.type}' needs a number (Python's TypeError: bad operand type).`);
        }
        return { ...operand, pos: token.pos, negative: token.type === '-' ? !operand.negative : operand.negative };
      }
      case 'int':
        next();
        return { kind: 'int', raw: token.raw, pos: token.pos, negative: false };
      case 'float':
        next();
        return { kind: 'float', raw: token.raw, pos: token.pos, negative: false };
      case 'str': {
        let v = '';
        while (peek().type === 'str') v += next().value; // 'sa' 'me' is 'same' in Python
        return { kind: 'str', value: v, pos: token.pos };
      }
      case 'name': {
        if (token.raw === 'True' || token.raw === 'False') {
          next();
          return { kind: 'bool', value: token.raw === 'True', pos: token.pos };
        }
        if (token.raw === 'None') {
          next();
          return { kind: 'none', pos: token.pos };
        }
        const name = dotted();
        if (peek().type === '(') return { kind: 'call', callee: name, args: callArgs(depth), pos: token.pos };
        return { kind: 'name', name, pos: token.pos };
      }
      case '(':
      case '[': {
        const close = token.type === '(' ? ')' : ']';
        next();
        const items = [];
        let comma = false;
        while (peek().type !== close) {
          if (peek().type === 'eof') {
            fail(token, `'${token.type}' was never closed (Python's SyntaxError): add the missing '${close}'.`);
          }
          items.push(value(depth + 1));
          if (peek().type === ',') {
            next();
            comma = true;
          } else if (peek().type !== close) {
            fail(peek(), `expected ',' or '${close}' here, found ${describeToken(text, peek())}.`);
          }
        }
        next();
        // (3) is just 3 in Python; (3,) and [3] are sequences.
        if (token.type === '(' && items.length === 1 && !comma) return { ...items[0], pos: token.pos };
        return { kind: token.type === '(' ? 'tuple' : 'list', items, pos: token.pos };
      }
      default:
        return fail(token, `expected a value here, found ${describeToken(text, token)}.`);
    }
  }
}

function describeToken(text, token) {
  if (token.type === 'eof') return 'the end of the text';
  if (token.type === 'name' || token.type === 'int' || token.type === 'float') return `'${token.raw}'`;
  if (token.type === 'str') return 'a string';
  return `'${token.type}'`;
}
