/**
 * One parameter of a function, as {@link readParamList} reads it (a default value is skipped): a name, an
 * object pattern with the keys it names (`undefined` when it takes any key: a `...rest` element or a computed
 * key), an array pattern or a rest parameter.
 */
export type ReadParam =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'object'; readonly keys: readonly string[] | undefined }
  | { readonly kind: 'array' }
  | { readonly kind: 'rest' };

interface Token {
  readonly type: 'name' | 'string' | 'number' | 'template' | 'regex' | 'punct';
  readonly text: string;
}

const NAME_START = /[A-Za-z_$#\u0080-\uFFFF]/;
const NAME_PART = /[\w$\u0080-\uFFFF]/;
const PUNCTUATORS = ['...', '=>', '?.', '??'];
/** After these, a `/` starts a regular expression; after anything else (a name, `)`, `]`) it divides. */
const BEFORE_EXPRESSION = new Set([...'([{,;:=!&|?+-*%<>~^}'.split(''), '=>', '...', '??', '?.']);
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/**
 * Reads the parameter list of a function, arrow or method from its source (`Function.prototype.toString`),
 * skipping what cannot hold a parameter: comments, strings, template literals and regular expressions in
 * default values, nested brackets. Returns `undefined` when the source has no readable parameter list (a
 * native or bound function, a class). Replaces a full JavaScript parser, which weighed more than the rest of
 * the runtime; `test/reliability/paramNames.spec.ts` checks it against one over generated parameter lists.
 */
export function readParamList(source: string): readonly ReadParam[] | undefined {
  const tokens = new Tokenizer(source);
  const first = tokens.next();
  if (first === undefined) return undefined;
  const second = tokens.next();
  // `a => …`, `async a => …`
  if (first.type === 'name' && second?.text === '=>') return [{ kind: 'name', name: first.text }];
  if (first.text === 'async' && second?.type === 'name') {
    const third = tokens.next();
    if (third?.text === '=>') return [{ kind: 'name', name: second.text }];
    tokens.unread(third);
  }
  if (first.text === 'class' && second?.text !== '(') return undefined;
  tokens.unread(second);
  // The list opens at the first `(` outside a computed method name (`[key(1)](a) {}`).
  let brackets = 0;
  for (let token: Token | undefined = first; !(token?.text === '(' && brackets === 0); token = tokens.next()) {
    if (token === undefined) return undefined;
    if (token.text === '[') brackets++;
    else if (token.text === ']') brackets--;
  }
  const list = tokens.group(')');
  // A native or bound function: `function bound() { [native code] }`.
  if (list === undefined || /^\s*\{\s*\[native code\]\s*\}\s*$/.test(source.slice(tokens.position))) return undefined;
  const params: ReadParam[] = [];
  for (const segment of splitAtCommas(list)) {
    const read = param(segment);
    if (read === undefined) return undefined;
    params.push(read);
  }
  return params;
}

/** One parameter from its tokens, its default value included. */
function param(tokens: readonly Token[]): ReadParam | undefined {
  const [first] = tokens;
  if (first === undefined) return undefined;
  if (first.text === '...') return { kind: 'rest' };
  if (first.text === '[') return { kind: 'array' };
  if (first.type === 'name' && !first.text.startsWith('#')) {
    return tokens.length === 1 || tokens[1]?.text === '=' ? { kind: 'name', name: first.text } : undefined;
  }
  if (first.text !== '{') return undefined;
  const end = closing(tokens, 0);
  if (end === undefined) return undefined;
  const keys: string[] = [];
  for (const property of splitAtCommas(tokens.slice(1, end))) {
    const key = property[0];
    if (key === undefined || key.text === '...' || key.text === '[') return { kind: 'object', keys: undefined };
    if (key.type === 'name') keys.push(key.text);
    else if (key.type === 'string') keys.push(stringValue(key.text));
    else if (key.type === 'number' && !key.text.endsWith('n')) keys.push(String(Number(key.text.replace(/_/g, ''))));
    else return { kind: 'object', keys: undefined };
  }
  return { kind: 'object', keys };
}

/** The index of the bracket that closes the one at `open`. */
function closing(tokens: readonly Token[], open: number): number | undefined {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    const text = tokens[index]?.text;
    if (text === '(' || text === '[' || text === '{') depth++;
    else if (text === ')' || text === ']' || text === '}') if (--depth === 0) return index;
  }
  return undefined;
}

/** Splits a list at its top-level commas; a trailing comma ends it. */
function splitAtCommas(tokens: readonly Token[]): Token[][] {
  let current: Token[] = [];
  const segments: Token[][] = [current];
  let depth = 0;
  for (const token of tokens) {
    const text = token.type === 'punct' ? token.text : '';
    if (text === '(' || text === '[' || text === '{') depth++;
    else if (text === ')' || text === ']' || text === '}') depth--;
    if (text === ',' && depth === 0) segments.push((current = []));
    else current.push(token);
  }
  if (current.length === 0) segments.pop();
  return segments;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** The value of a string literal's source (`'a\'b'`). */
function stringValue(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(
      /\\(?:u\{([\da-fA-F]+)\}|u([\da-fA-F]{4})|x([\da-fA-F]{2})|(\r\n|[\r\n\u2028\u2029])|([\s\S]))/g,
      (_match, braced?: string, unicode?: string, hex?: string, newline?: string, other?: string) => {
        const code = braced ?? unicode ?? hex;
        if (code !== undefined) return String.fromCodePoint(parseInt(code, 16));
        if (newline !== undefined) return '';
        return ESCAPES[other ?? ''] ?? other ?? '';
      },
    );
}

/** Reads tokens one at a time, skipping white space and comments. */
class Tokenizer {
  position = 0;
  private previous: Token | undefined;
  private readonly pushedBack: Token[] = [];

  constructor(private readonly source: string) {}

  /** The tokens up to the bracket that closes the one just read (`)`), or `undefined` when it never closes. */
  group(close: ')' | '}'): Token[] | undefined {
    const tokens: Token[] = [];
    let depth = 0;
    for (let token = this.next(); token !== undefined; token = this.next()) {
      const text = token.type === 'punct' ? token.text : '';
      if (text === '(' || text === '[' || text === '{') depth++;
      else if ((text === ')' || text === ']' || text === '}') && depth-- === 0)
        return text === close ? tokens : undefined;
      tokens.push(token);
    }
    return undefined;
  }

  /** Gives back the last token read, for the next `next()` (after any given back later). */
  unread(token: Token | undefined): void {
    if (token !== undefined) this.pushedBack.unshift(token);
  }

  next(): Token | undefined {
    const pushed = this.pushedBack.shift();
    if (pushed !== undefined) return pushed;
    const token = this.read();
    this.previous = token;
    return token;
  }

  private read(): Token | undefined {
    const source = this.source;
    this.skipTrivia();
    const start = this.position;
    const char = source[start];
    if (char === undefined) return undefined;
    if (NAME_START.test(char)) {
      let end = start + 1;
      while (end < source.length && NAME_PART.test(source.charAt(end))) end++;
      return this.token('name', end);
    }
    if (/\d/.test(char) || (char === '.' && /\d/.test(source[start + 1] ?? ''))) {
      let end = start + 1;
      while (end < source.length && /[\w.]/.test(source.charAt(end))) {
        // `1e-5`
        end +=
          /[eE]/.test(source.charAt(end)) &&
          /[+-]/.test(source[end + 1] ?? '') &&
          !/^0[xXbBoO]/.test(source.slice(start))
            ? 2
            : 1;
      }
      return this.token('number', end);
    }
    if (char === '"' || char === "'") return this.token('string', this.endOfString(start, char));
    if (char === '`') return this.token('template', this.endOfTemplate(start), start);
    if (char === '/' && this.regexAllowed()) return this.token('regex', this.endOfRegex(start));
    const punctuator = PUNCTUATORS.find(
      (candidate) => source.startsWith(candidate, start) && !/^\?\.\d/.test(source.slice(start, start + 3)),
    );
    return this.token('punct', start + (punctuator?.length ?? 1));
  }

  private token(type: Token['type'], end: number, start = this.position): Token {
    const text = this.source.slice(start, end);
    this.position = end;
    return { type, text };
  }

  private skipTrivia(): void {
    const source = this.source;
    for (;;) {
      const char = source[this.position];
      if (char !== undefined && /\s/.test(char)) this.position++;
      else if (source.startsWith('//', this.position)) {
        const end = source.slice(this.position).search(/[\n\r\u2028\u2029]/);
        this.position = end === -1 ? source.length : this.position + end;
      } else if (source.startsWith('/*', this.position)) {
        const end = source.indexOf('*/', this.position + 2);
        this.position = end === -1 ? source.length : end + 2;
      } else return;
    }
  }

  private regexAllowed(): boolean {
    const previous = this.previous;
    if (previous === undefined) return true;
    if (previous.type === 'name') return KEYWORDS_BEFORE_EXPRESSION.has(previous.text);
    return previous.type === 'punct' && BEFORE_EXPRESSION.has(previous.text);
  }

  private endOfString(start: number, quote: string): number {
    let index = start + 1;
    while (index < this.source.length && this.source[index] !== quote) index += this.source[index] === '\\' ? 2 : 1;
    return index + 1;
  }

  private endOfTemplate(start: number): number {
    const source = this.source;
    let index = start + 1;
    while (index < source.length && source[index] !== '`') {
      if (source[index] === '\\') index += 2;
      else if (source.startsWith('${', index)) {
        this.position = index + 2;
        this.previous = { type: 'punct', text: '{' };
        if (this.group('}') === undefined) return source.length;
        index = this.position;
      } else index++;
    }
    return index + 1;
  }

  private endOfRegex(start: number): number {
    const source = this.source;
    let index = start + 1;
    let inClass = false;
    while (index < source.length) {
      const char = source.charAt(index);
      if (char === '\\') index++;
      else if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      else if (char === '/' && !inClass) break;
      index++;
    }
    index++;
    while (index < source.length && NAME_PART.test(source.charAt(index))) index++;
    return index;
  }
}
