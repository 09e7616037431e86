/**
 * What the read-only endpoint and the migration runner need to know about SQL text, read by a small lexer
 * that skips string literals, quoted identifiers, heredocs and comments so words inside them never count.
 */
export interface StatementShape {
  /** Non-empty statements separated by `;` (a trailing `;` does not start one). */
  readonly statementCount: number;
  /** The output format named by a trailing `FORMAT <name>` clause of the last statement. */
  readonly format: string | undefined;
  /** `INTO OUTFILE`: an embedded engine writes the result to a local file. */
  readonly writesOutfile: boolean;
}

interface Token {
  readonly kind: 'word' | 'symbol';
  readonly text: string;
  /** Where the token starts and ends (exclusive) in the SQL text. */
  readonly at: number;
  readonly end: number;
}

export function shapeOfStatement(sql: string): StatementShape {
  const statements = splitStatements(tokenize(sql));
  const last = statements.at(-1) ?? [];
  return {
    statementCount: statements.length,
    format: trailingFormat(last),
    writesOutfile: statements.some(hasIntoOutfile),
  };
}

/** The statements of a script (a migration file), without separators and comments between them. */
export function statementsOf(sql: string): string[] {
  return splitStatements(tokenize(sql)).map((statement) => {
    const first = statement[0];
    const last = statement.at(-1);
    return first === undefined || last === undefined ? '' : sql.slice(first.at, last.end);
  });
}

function splitStatements(tokens: readonly Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.text === ';') statements.push([]);
    else statements.at(-1)?.push(token);
  }
  return statements.filter((statement) => statement.length > 0);
}

/** `FORMAT <name>` at bracket depth 0, ending the statement or followed only by a SETTINGS clause. */
function trailingFormat(statement: readonly Token[]): string | undefined {
  let depth = 0;
  let found: string | undefined;
  statement.forEach((token, index) => {
    if (token.kind === 'symbol') {
      if (token.text === '(' || token.text === '[') depth++;
      if (token.text === ')' || token.text === ']') depth--;
      return;
    }
    const name = statement[index + 1];
    const after = statement[index + 2];
    const endsClause = after === undefined || (after.kind === 'word' && after.text.toUpperCase() === 'SETTINGS');
    if (depth === 0 && token.text.toUpperCase() === 'FORMAT' && name?.kind === 'word' && endsClause) {
      found = name.text;
    }
  });
  return found;
}

function hasIntoOutfile(statement: readonly Token[]): boolean {
  return statement.some(
    (token, index) =>
      token.kind === 'word' &&
      token.text.toUpperCase() === 'INTO' &&
      statement[index + 1]?.kind === 'word' &&
      statement[index + 1]?.text.toUpperCase() === 'OUTFILE',
  );
}

const wordStart = /[A-Za-z_]/;
const wordPart = /[A-Za-z0-9_]/;
const heredocTag = /^\$([A-Za-z0-9_]*)\$/;

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < sql.length) {
    const char = sql[at] ?? '';
    const next = sql[at + 1] ?? '';
    let end = at + 1;
    if (/\s/.test(char)) {
      at = end;
      continue;
    }
    if ((char === '-' && next === '-') || char === '#') {
      at = endOfLine(sql, at);
      continue;
    }
    if (char === '/' && next === '*') {
      const close = sql.indexOf('*/', at + 2);
      at = close === -1 ? sql.length : close + 2;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      end = endOfQuoted(sql, at, char);
      // A quoted identifier is still a name (a quoted FORMAT name, for one); a string literal is a value.
      const text = char === "'" ? "'" : sql.slice(at + 1, end - 1);
      tokens.push({ kind: char === "'" ? 'symbol' : 'word', text, at, end });
    } else if (char === '$' && heredocTag.test(sql.slice(at))) {
      const tag = heredocTag.exec(sql.slice(at))?.[0] ?? '$$';
      const close = sql.indexOf(tag, at + tag.length);
      end = close === -1 ? sql.length : close + tag.length;
      tokens.push({ kind: 'symbol', text: tag, at, end });
    } else if (wordStart.test(char)) {
      while (end < sql.length && wordPart.test(sql[end] ?? '')) end++;
      tokens.push({ kind: 'word', text: sql.slice(at, end), at, end });
    } else {
      tokens.push({ kind: 'symbol', text: char, at, end });
    }
    at = end;
  }
  return tokens;
}

function endOfLine(sql: string, from: number): number {
  const newline = sql.indexOf('\n', from);
  return newline === -1 ? sql.length : newline + 1;
}

/** Past the closing quote; a backslash escapes the next character and a doubled quote stands for one. */
function endOfQuoted(sql: string, from: number, quote: string): number {
  let at = from + 1;
  while (at < sql.length) {
    const char = sql[at];
    if (char === '\\') {
      at += 2;
    } else if (char === quote) {
      if (sql[at + 1] !== quote) return at + 1;
      at += 2;
    } else {
      at++;
    }
  }
  return sql.length;
}
