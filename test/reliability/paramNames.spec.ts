import { parseExpressionAt, type Node } from 'acorn';
import fc from 'fast-check';
import { readParamList, type ReadParam } from '../../packages/core/src/readParamList.js';
import { propertyParameters } from './propertyRuns.js';

/**
 * The runtime names a capability's arguments from its parameter list with a small hand-written reader
 * (`readParamList`), which replaced acorn (a full JavaScript parser, 121 KB of a minified app). The class of bug
 * it risks: a default value, comment, string, template literal or regular expression that holds a `,`, `)`,
 * `{` or `/` and makes it misread where a parameter ends, naming an argument wrongly. For any generated
 * parameter list, in every form of function (declaration, arrow, method, async, generator, private method),
 * the reader agrees with acorn.
 */

type Read = ReadParam | 'unreadable';

/** What acorn reads, in the reader's terms. */
function acornParams(source: string): readonly Read[] | undefined {
  const privateNames = new Set(source.match(/#[A-Za-z_$][\w$]*/g));
  const forms = [`(${source})`, `({${source}})`];
  if (privateNames.size > 0)
    forms.push(`(class { ${[...privateNames].map((name) => `${name};`).join(' ')} ${source} })`);
  for (const wrapped of forms) {
    try {
      const expression = parseExpressionAt(wrapped, 0, { ecmaVersion: 'latest' }) as AcornNode;
      const params =
        expression.params ?? expression.properties?.[0]?.value?.params ?? expression.body?.body?.at(-1)?.value?.params;
      if (params !== undefined) return params.map(toRead);
    } catch {
      // the next form
    }
  }
  return undefined;
}

interface AcornNode extends Node {
  readonly name?: string;
  readonly left?: AcornNode;
  readonly params?: AcornNode[];
  readonly computed?: boolean;
  readonly key?: AcornNode & { readonly value?: unknown };
  readonly value?: AcornNode;
  readonly properties?: AcornNode[];
  readonly body?: AcornNode & { readonly body?: AcornNode[] };
}

function toRead(param: AcornNode): Read {
  const target = param.type === 'AssignmentPattern' ? param.left! : param;
  if (target.type === 'Identifier') return { kind: 'name', name: target.name! };
  if (target.type === 'RestElement') return { kind: 'rest' };
  if (target.type === 'ArrayPattern') return { kind: 'array' };
  if (target.type !== 'ObjectPattern') return 'unreadable';
  const keys: string[] = [];
  for (const property of target.properties ?? []) {
    const key = property.key;
    if (property.type !== 'Property' || property.computed === true || key === undefined)
      return { kind: 'object', keys: undefined };
    if (key.type === 'Identifier') keys.push(key.name!);
    else if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
      keys.push(String(key.value));
    else return { kind: 'object', keys: undefined };
  }
  return { kind: 'object', keys };
}

const NAMES = ['a', 'customerId', 'amount_usd', '$ref', '_', 'async', 'of', 'get', 'static', 'été', 'yield_'];
/** Default values built to contain what could end a parameter early. */
const DEFAULTS = [
  '1',
  '-1.5e-3',
  '0x1F',
  '1_000',
  '.5',
  "'a, b)'",
  '"}{)(,"',
  "'it\\'s, )'",
  '`x, ${1 + 2}, )`',
  '`${`${"}"}`}`',
  '/[)/,]+/g',
  '/\\//',
  'a / 2 / 3',
  '(1, 2)',
  '[1, [2, 3]]',
  '{ a: 1, b: { c: ")" } }',
  '(x) => ({ y: x, z: "," })',
  'x => x / 2',
  'function (p, q) { return /,/.test(p) ? q : p; }',
  'async () => { await 1; }',
  '/* , ) */ 3',
  'null ?? 4',
  'a?.b',
  "typeof /re/ === 'object'",
];
const COMMENTS = ['', ' ', '/* ) , */', '// , )\n', '\n  '];

const comment = fc.constantFrom(...COMMENTS);
const name = fc.constantFrom(...NAMES);
const defaultValue = fc.option(fc.constantFrom(...DEFAULTS), { nil: undefined });
const withDefault = (target: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(target, defaultValue, comment)
    .map(([text, value, note]) => (value === undefined ? text : `${text}${note}=${note}${value}`));

const propertyKey = fc.oneof(
  name,
  fc.constantFrom("'quoted-key'", '"a\\"b"', "'\\u0041'", '1', '0x10', '1.50', '[computed]', '["x" + 1]'),
);
const property = fc.oneof(
  { weight: 4, arbitrary: withDefault(name) },
  { weight: 3, arbitrary: fc.tuple(propertyKey, name).map(([key, target]) => `${key}: ${target}`) },
  { weight: 2, arbitrary: withDefault(fc.tuple(propertyKey, name).map(([key, target]) => `${key}: ${target}`)) },
  { weight: 1, arbitrary: fc.tuple(propertyKey, name).map(([key, inner]) => `${key}: { ${inner} }`) },
  { weight: 1, arbitrary: name.map((rest) => `...${rest}`) },
);
const objectPattern = fc
  .tuple(fc.uniqueArray(property, { maxLength: 4, selector: (text) => /^\.\.\./.test(text) }), fc.boolean(), comment)
  .map(
    ([properties, trailing, note]) =>
      `{${note}${properties.join(`,${note}`)}${trailing && properties.length > 0 && !properties.at(-1)!.startsWith('...') ? ',' : ''} }`,
  );
const param = fc.oneof(
  { weight: 6, arbitrary: withDefault(name) },
  { weight: 3, arbitrary: withDefault(objectPattern) },
  { weight: 1, arbitrary: withDefault(fc.constantFrom('[a, b]', '[, x = ")"]', '[...all]')) },
);
const paramList = fc
  .tuple(fc.uniqueArray(param, { maxLength: 4 }), fc.option(name, { nil: undefined }), comment)
  .map(([params, rest, note]) => [...params, ...(rest === undefined ? [] : [`...${rest}`])].join(`,${note}`));

/** Each form of function a capability or policy can be, holding `list`, as `Function.prototype.toString` gives it. */
const FORMS: readonly ((list: string) => string)[] = [
  (list) => `function refund(${list}) { return 1; }`,
  (list) => `async function refund (${list}) { return 1; }`,
  (list) => `function* refund(${list}) { yield 1; }`,
  (list) => `async function*(${list}) {}`,
  (list) => `(${list}) => 1`,
  (list) => `async (${list}) => { return 1; }`,
  (list) => `refund(${list}) { return 1; }`,
  (list) => `async refund(${list}) { return 1; }`,
  (list) => `*refund(${list}) {}`,
  (list) => `async *refund(${list}) {}`,
  (list) => `#refund(${list}) { return this.#cache; }`,
  (list) => `[Symbol.for('a(b')](${list}) {}`,
  (list) => `'refund (x)'(${list}) {}`,
  (list) => `async(${list}) {}`,
];

/** Only lists that are valid JavaScript (duplicate names in some forms, `yield` in generators are not). */
function valid(source: string): boolean {
  return acornParams(source) !== undefined;
}

describe('readParamList agrees with a JavaScript parser', () => {
  it('on generated parameter lists in every form of function', () => {
    fc.assert(
      fc.property(paramList, fc.nat(FORMS.length - 1), (list, form) => {
        const source = FORMS[form]!(list);
        fc.pre(valid(source));
        expect(readParamList(source)).toStrictEqual(acornParams(source));
      }),
      propertyParameters(2000),
    );
  });

  it.each([
    ['a single-parameter arrow', 'customerId => customerId'],
    ['an async single-parameter arrow', 'async amount => amount'],
    ['an arrow named async', 'async => 1'],
    [
      'a real method',
      Function.prototype.toString.call(
        {
          m(a = ')', { b }: { b?: number } = {}) {
            return [a, b];
          },
        }.m,
      ),
    ],
    ['no parameters', 'function () {}'],
  ])('on %s', (_label, source) => {
    expect(readParamList(source)).toStrictEqual(acornParams(source));
  });

  it.each([
    ['a native function', Function.prototype.toString.call(Math.max)],
    [
      'a bound function',
      Function.prototype.toString.call(
        function named(a: number) {
          return a;
        }.bind(null),
      ),
    ],
  ])('reads nothing from %s, as the parser cannot', (_label, source) => {
    expect(readParamList(source)).toBeUndefined();
    expect(acornParams(source)).toBeUndefined();
  });

  it('reads nothing from a class (acorn, wrapped as before, read its last method)', () => {
    expect(readParamList('class Agent { refund(a) {} }')).toBeUndefined();
  });
});
