import { SwitchyardError } from '../errors.ts';

/**
 * One column's value as TabSeparated text, chosen by the column's ClickHouse type: the TabSeparated parser
 * reads numbers, dates and booleans by the column type, so JavaScript types alone cannot say how to write
 * them (an epoch-millisecond number is a UInt64 in one column and a DateTime64 in another, and ClickHouse
 * reads a bare number into DateTime64 as seconds, milliseconds or a year depending on its digits).
 */
export type FieldEncoder = (value: unknown) => string;

/** A value the column's type cannot hold: a bug in the row mapping, never fixed by retrying. */
function unencodable(type: string, value: unknown): SwitchyardError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : String(value);
  return new SwitchyardError('clickhouse.unencodable', `a ${typeof value} ${shown} cannot be written to a ${type} column`, {
    retriable: false,
  });
}

const topLevelSpecial = /[\\\t\n\r]/;
const topLevelEscapes = /[\\\t\n\r]/g;
const quotedSpecial = /[\\'\t\n\r]/;
const quotedEscapes = /[\\'\t\n\r]/g;
const escapeOf: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', "'": "\\'" };
const escape = (character: string): string => escapeOf[character] ?? character;

/** A field of a row: tabs, newlines and backslashes escaped, so a raw tab or newline always ends a field. */
function escapeField(text: string): string {
  return topLevelSpecial.test(text) ? text.replace(topLevelEscapes, escape) : text;
}

/** A string inside an Array or Map: single-quoted, as ClickHouse writes and reads them in TabSeparated. */
function quoteElement(text: string): string {
  return `'${quotedSpecial.test(text) ? text.replace(quotedEscapes, escape) : text}'`;
}

/** 'YYYY-MM-DD hh:mm:ss' in UTC: a DateTime text every parser mode reads the same way. */
function secondText(epochSecond: number): string {
  const iso = new Date(epochSecond * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** JavaScript dates end here; ClickHouse's much earlier. */
const maxEpochMs = 8.64e15;

/** How a ClickHouse type writes a value: at the top of a field, or as an element inside an Array or Map. */
interface TypeEncoding {
  readonly field: FieldEncoder;
  readonly element: FieldEncoder;
}

/** The encoder of a column of `type` (as system.columns spells it); throws for a type archives do not use. */
export function fieldEncoderOf(type: string): FieldEncoder {
  return encodingOf(type.trim()).field;
}

function encodingOf(type: string): TypeEncoding {
  const [name, args] = splitType(type);
  switch (name) {
    case 'Nullable':
      return nullable(encodingOf(only(type, args)));
    case 'LowCardinality':
      return encodingOf(only(type, args));
    case 'Array':
      return arrayOf(type, encodingOf(only(type, args)));
    case 'Map': {
      const [key, value, ...extra] = args;
      if (key === undefined || value === undefined || extra.length > 0) throw unsupported(type);
      return mapOf(type, encodingOf(key), encodingOf(value));
    }
    case 'String':
    case 'FixedString':
    case 'UUID':
    case 'Enum8':
    case 'Enum16':
    case 'IPv4':
    case 'IPv6':
      return stringEncoding(type);
    case 'DateTime64':
      return dateTimeEncoding(type, true);
    case 'DateTime':
      return dateTimeEncoding(type, false);
    case 'Bool':
      return booleanEncoding(type);
    default:
      if (/^(U?Int(8|16|32|64|128|256)|Float(32|64)|Decimal(32|64|128|256)?)$/.test(name)) return numberEncoding(type);
      throw unsupported(type);
  }
}

function nullable(inner: TypeEncoding): TypeEncoding {
  return {
    field: (value) => (value === null || value === undefined ? '\\N' : inner.field(value)),
    element: (value) => (value === null || value === undefined ? 'NULL' : inner.element(value)),
  };
}

function stringEncoding(type: string): TypeEncoding {
  return {
    field: (value) => {
      if (typeof value !== 'string') throw unencodable(type, value);
      return escapeField(value);
    },
    element: (value) => {
      if (typeof value !== 'string') throw unencodable(type, value);
      return quoteElement(value);
    },
  };
}

function numberEncoding(type: string): TypeEncoding {
  const text = (value: unknown): string => {
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
    throw unencodable(type, value);
  };
  return { field: text, element: text };
}

function booleanEncoding(type: string): TypeEncoding {
  const text = (value: unknown): string => {
    if (typeof value !== 'boolean') throw unencodable(type, value);
    return value ? 'true' : 'false';
  };
  return { field: text, element: text };
}

const millisecondTexts = Array.from({ length: 1000 }, (_, ms) => `.${String(ms).padStart(3, '0')}`);

/**
 * Rows arrive in roughly time order, so each column keeps the text of the last second it wrote and only
 * appends the milliseconds: formatting a date is most of the cost of a row otherwise.
 */
function dateTimeEncoding(type: string, withMilliseconds: boolean): TypeEncoding {
  let lastSecond = Number.NaN;
  let lastSecondText = '';
  const text = (value: unknown): string => {
    if (typeof value !== 'number' || !(Math.abs(value) <= maxEpochMs)) throw unencodable(type, value);
    const epochMs = Math.floor(value);
    const second = Math.floor(epochMs / 1000);
    if (second !== lastSecond) {
      lastSecondText = secondText(second);
      lastSecond = second;
    }
    return withMilliseconds ? lastSecondText + (millisecondTexts[epochMs - second * 1000] ?? '') : lastSecondText;
  };
  return { field: text, element: (value) => `'${text(value)}'` };
}

function arrayOf(type: string, element: TypeEncoding): TypeEncoding {
  const text = (value: unknown): string => {
    if (!Array.isArray(value)) throw unencodable(type, value);
    let out = '[';
    for (let index = 0; index < value.length; index += 1) out += (index === 0 ? '' : ',') + element.element(value[index]);
    return `${out}]`;
  };
  return { field: text, element: text };
}

function mapOf(type: string, key: TypeEncoding, value: TypeEncoding): TypeEncoding {
  const text = (map: unknown): string => {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw unencodable(type, map);
    const entries = Object.entries(map).map(([name, entry]) => `${key.element(name)}:${value.element(entry)}`);
    return `{${entries.join(',')}}`;
  };
  return { field: text, element: text };
}

/** `Map(String, Array(String))` -> ['Map', ['String', 'Array(String)']]; arguments split at top-level commas. */
function splitType(type: string): [string, string[]] {
  const open = type.indexOf('(');
  if (open < 0) return [type, []];
  if (!type.endsWith(')')) throw unsupported(type);
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = open + 1;
  for (let index = start; index < type.length - 1; index += 1) {
    const character = type[index];
    if (character === "'" && type[index - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (character === '(') depth += 1;
    else if (character === ')') depth -= 1;
    else if (character === ',' && depth === 0) {
      args.push(type.slice(start, index).trim());
      start = index + 1;
    }
  }
  args.push(type.slice(start, type.length - 1).trim());
  return [type.slice(0, open), args];
}

function only(type: string, args: readonly string[]): string {
  const [inner, ...extra] = args;
  if (inner === undefined || extra.length > 0) throw unsupported(type);
  return inner;
}

function unsupported(type: string): SwitchyardError {
  return new SwitchyardError('clickhouse.unsupported_type', `TabSeparated rows cannot encode ClickHouse type ${type}`, {
    retriable: false,
  });
}
