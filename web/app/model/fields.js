// The form's text fields -> the API's params, and errors -> the field they are about. No DOM.
import { PARAM_DEFAULTS } from './state.js';
import { PADDING_STRINGS, PARAMS, PARAM_NAMES } from '../../lib/ops.js';

// Longest names first, so padding_mode is not read as padding.
const FIELD_WORDS = new RegExp(
  `\\b(${[...PARAM_NAMES].sort((a, b) => b.length - a.length).join('|')}|input|weight|bias)\\b`,
);
const PREFIX_FIELD = { kernel: 'weight', channels: 'input' };

/** An error about one field of the form (null: the case as a whole), with a character position for tensors. */
export class FieldError extends Error {
  constructor(field, message, position = null) {
    super(message);
    this.field = field;
    this.position = position;
  }
}

const clip = (text, max = 24) => (text.length > max ? `${text.slice(0, max)}…` : text);

function readInt(name, text) {
  const t = String(text).trim();
  if (t === '') {
    throw new FieldError(
      name,
      `${name} is empty: enter a whole number (PyTorch's default is ${name}=${PARAM_DEFAULTS[name]}).`,
    );
  }
  if (/^[+-]?\d+$/.test(t)) return Number(t);
  const n = Number(t);
  if (Number.isFinite(n)) return n; // 1.5: the API says why that is not allowed
  throw new FieldError(
    name,
    `${name}='${clip(t)}' is not a number: enter a whole number, e.g. ${name}=${PARAM_DEFAULTS[name]}.`,
  );
}

function readPadding(name, text) {
  const t = String(text).trim();
  if (t === '')
    throw new FieldError(
      name,
      `${name} is empty: enter a whole number, ${PADDING_STRINGS.map((p) => `'${p}'`).join(' or ')} (PyTorch's default is ${name}=${PARAM_DEFAULTS[name]}).`,
    );
  if (/^[+-]?\d+$/.test(t)) return Number(t);
  const n = Number(t);
  if (Number.isFinite(n)) return n;
  return t.replace(/^(['"])(.*)\1$/, '$2'); // 'same' / "same" / same; anything else: the API explains
}

const READERS = { int: readInt, padding: readPadding, mode: (name, text) => String(text).trim() };

/**
 * The API's params object (PyTorch's names) from the state's text fields (throws FieldError). A
 * choice the op does not take (padding_mode on conv_transpose1d) gets its default, whatever its
 * inactive field holds: that is what the op uses, and a link's unknown value is only noted
 * (state.js, queryNotes). A number the op does not take still reaches the API, which explains it.
 */
export function readParams(state) {
  const params = {};
  for (const p of PARAMS) {
    params[p.name] =
      p.kind === 'mode' && !p.ops.includes(state.op) ? p.default : READERS[p.kind](p.name, state[p.name]);
  }
  return params;
}

/** The form field an API error's field code points at (null when none does). */
export function formField(code) {
  if (!code) return null;
  if (Object.hasOwn(PREFIX_FIELD, code)) return PREFIX_FIELD[code];
  return PARAM_NAMES.includes(code) || ['input', 'weight', 'bias'].includes(code) ? code : null;
}

/** Which field an API message is about, from its words (for errors without a field code). */
export function fieldOfMessage(message) {
  const prefix = /^(\w+):/.exec(message);
  if (prefix && PREFIX_FIELD[prefix[1]]) return PREFIX_FIELD[prefix[1]];
  const m = FIELD_WORDS.exec(message);
  return m ? m[1] : null;
}
