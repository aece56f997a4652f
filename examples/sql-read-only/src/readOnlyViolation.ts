import { tokenizeSql, type SqlToken } from './tokenizeSql.js';

/** Keywords that begin the statement of a `WITH` clause (after its common table expressions). */
const STATEMENT_KEYWORDS = new Set(['select', 'values', 'insert', 'replace', 'update', 'delete']);

/**
 * Why `sql` is not a single read-only SELECT statement, or `undefined` when it is one. Allowed: one
 * `SELECT ...`, or one `WITH ... SELECT ...`, with any comments and trailing `;`s. Everything else
 * is a violation: several statements, DML and DDL (also behind `WITH` or a comment), `PRAGMA`, `ATTACH`,
 * transactions, and input SQLite would not tokenize.
 */
export function readOnlyViolation(sql: string): string | undefined {
  const tokens = tokenizeSql(sql);
  const unterminated = tokens.find((token) => token.kind === 'unterminated');
  if (unterminated !== undefined) return `the query has an unterminated \`${unterminated.text.charAt(0)}\``;
  const statements = splitStatements(tokens);
  const [statement] = statements;
  if (statement === undefined) return 'the query is empty';
  if (statements.length > 1) return `the query has ${statements.length} statements, and only one is allowed`;
  const keyword = statementKeyword(statement);
  if (keyword === 'select') return undefined;
  return keyword === undefined ? 'the query has no statement after `with`' : `\`${keyword}\` is not a SELECT`;
}

/** The statements of a token list: split at `;`, empty statements dropped (SQLite skips them too). */
function splitStatements(tokens: readonly SqlToken[]): SqlToken[][] {
  const statements: SqlToken[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.text === ';') statements.push([]);
    else statements.at(-1)?.push(token);
  }
  return statements.filter((statement) => statement.length > 0);
}

/**
 * The keyword that says what a statement does: its first token, or for `WITH`, the first statement keyword
 * outside parentheses (the common table expressions before it are all parenthesized).
 */
function statementKeyword(statement: readonly SqlToken[]): string | undefined {
  const [first] = statement;
  if (first?.text !== 'with' || first.kind !== 'word') return first?.text;
  let depth = 0;
  for (const token of statement.slice(1)) {
    if (token.kind === 'symbol' && token.text === '(') depth += 1;
    else if (token.kind === 'symbol' && token.text === ')') depth -= 1;
    else if (depth <= 0 && token.kind === 'word' && STATEMENT_KEYWORDS.has(token.text)) return token.text;
  }
  return undefined;
}
