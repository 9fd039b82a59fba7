// Shows a value the way the caller wrote it, for messages. Runs no caller code: it is only
// ever given primitives or the API's own snapshots (never a caller's object).

export function truncate(text, max = 40) {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function describe(value) {
  switch (typeof value) {
    case 'string':
      return `'${truncate(value)}'`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return truncate(`${value}n`);
    case 'symbol':
      return truncate(String(value));
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${truncate(value.map(describe).join(', '))}]`;
  return 'an object';
}
