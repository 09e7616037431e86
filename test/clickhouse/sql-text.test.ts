import { describe, expect, it } from 'vitest';
import { shapeOfStatement, statementsOf } from '../../services/core/clickhouse/sql-text.ts';

describe('shapeOfStatement', () => {
  it.each([
    // given SQL, then: statements, FORMAT name, INTO OUTFILE
    ['SELECT 1', 1, undefined, false],
    ['SELECT 1;', 1, undefined, false],
    ['  ;; ', 0, undefined, false],
    ['-- only a comment', 0, undefined, false],
    ['SELECT 1; SELECT 2', 2, undefined, false],
    ["SELECT ';' AS semicolon", 1, undefined, false],
    ['SELECT 1 FORMAT JSON', 1, 'JSON', false],
    ['select 1 format JSONEachRow;', 1, 'JSONEachRow', false],
    ['SELECT 1 FORMAT CSV SETTINGS max_threads = 1', 1, 'CSV', false],
    ['SELECT format FROM t', 1, undefined, false],
    ["SELECT format('{}', x) FROM t", 1, undefined, false],
    ['SELECT * FROM (SELECT 1 FORMAT JSON) AS inner_query', 1, undefined, false],
    ["SELECT 'FORMAT JSON'", 1, undefined, false],
    ['SELECT 1 -- FORMAT JSON', 1, undefined, false],
    ['SELECT 1 /* FORMAT JSON */', 1, undefined, false],
    ['SELECT 1 FORMAT `JSONCompact`', 1, 'JSONCompact', false],
    ["SELECT 1 INTO OUTFILE '/tmp/x'", 1, undefined, true],
    ["SELECT 1 into   outfile '/tmp/x' FORMAT CSV", 1, 'CSV', true],
    ["SELECT 'INTO OUTFILE'", 1, undefined, false],
    ['SELECT $$ ; INTO OUTFILE $$ AS text', 1, undefined, false],
    ["SELECT 'it\\'s' ; SELECT 'a''b'", 2, undefined, false],
    ['SELECT "weird;name" FROM t', 1, undefined, false],
  ])('given %j then %i statement(s), format %s, outfile %s', (sql, statementCount, format, writesOutfile) => {
    expect(shapeOfStatement(sql)).toEqual({ statementCount, format, writesOutfile });
  });
});

describe('statementsOf', () => {
  it.each([
    ['CREATE TABLE a (x UInt8) ENGINE = Memory;', ['CREATE TABLE a (x UInt8) ENGINE = Memory']],
    [
      "-- header comment\nCREATE TABLE a (x String COMMENT 'a; b');\n\n-- second\nALTER TABLE a ADD COLUMN y UInt8;\n",
      ["CREATE TABLE a (x String COMMENT 'a; b')", 'ALTER TABLE a ADD COLUMN y UInt8'],
    ],
    ['/* nothing */ ;', []],
  ])('given %j then %j', (script, statements) => {
    expect(statementsOf(script)).toEqual(statements);
  });
});
