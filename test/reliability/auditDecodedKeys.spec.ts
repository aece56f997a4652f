import fc from 'fast-check';
import { GENESIS_HASH, compactLine, parseCompactLine } from '@brane/audit';
import { propertyParameters } from './propertyRuns.js';

/**
 * A compact line's decision keeps every key it holds, as its own field, whatever the key: `__proto__`,
 * `constructor` or any other name an agent's policy metadata could put there is read back as data, never as the
 * decoded object's prototype (which hid the field from `--json` while the text output still showed its contents).
 */
const CASES = 500;

const KEYS = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'y', 'id', 'r'),
  fc.string({ maxLength: 12 }),
);

const JSON_VALUES = fc.jsonValue({ maxDepth: 2 });

/** The long name a reader gives each short key of a decision; other keys are kept as they are. */
const LONG: ReadonlyMap<string, string> = new Map([
  ['y', 'type'],
  ['id', 'decisionId'],
  ['r', 'reason'],
  ['pn', 'policyName'],
  ['pv', 'policyVersion'],
]);

describe('reading a compact line: a decision keeps every key as its own field', () => {
  it('decodes any keys, including the names of Object.prototype, as own data fields', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(KEYS, JSON_VALUES), { selector: ([key]) => key, maxLength: 6 }), (fields) => {
        const decision = `{${fields.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`;
        const body = `"a":"act_1","c":"refund","d":{"b":${decision}}`;
        const { line } = compactLine(1, GENESIS_HASH, body);
        const record = parseCompactLine(line.slice(0, -1));
        if (typeof record === 'string') throw new Error(record);
        const before = (record.event as { decisions: { before: object } }).decisions.before;
        expect(Object.getPrototypeOf(before)).toBe(Object.prototype);
        // What the line holds: a value as its JSON reads back (-0 is written 0).
        const expected = new Map(
          fields.map(([key, value]) => [LONG.get(key) ?? key, JSON.parse(JSON.stringify(value)) as unknown]),
        );
        expect(Object.keys(before).sort()).toEqual([...expected.keys()].sort());
        for (const [key, value] of expected) {
          expect(Object.getOwnPropertyDescriptor(before, key)?.value).toEqual(value);
        }
        // What `--json` prints is what the line held.
        expect(JSON.parse(JSON.stringify(before))).toEqual(Object.fromEntries(expected));
      }),
      propertyParameters(CASES),
    );
  });
});
