import fc from 'fast-check';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import type { PolicyContext } from '@brane/policy-engine';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Issue 17: value taint against exfiltration. Generated sessions mix reads of labelled data (`pii` records,
 * `secret` keys), untrusted pages, and outbound calls whose body embeds earlier values exactly (inside prose,
 * next to punctuation, quotes, control and zero-width characters, in any letter case), embeds them partly (a
 * character dropped or changed), or embeds values never seen in the session (fresh ones, and values another
 * session read). The oracle: a body's labels are exactly the union of the labels of the values it embeds
 * exactly. So every exact token is caught (no false negative) and nothing else taints (no false positive).
 */

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789-_.@';
/** A distinctive value: 8 to 40 characters of letters, digits and `- _ . @`, with a digit in it. */
const valueArb = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...Array.from(ALPHABET)), minLength: 7, maxLength: 39 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([body, digit]) => `${body}${digit}`)
  .filter((value) => /^[A-Za-z0-9]/.test(value) && /[A-Za-z0-9]$/.test(value) && !value.includes('..'));
const WORDS = ['customer', 'account', 'please', 'regarding', 'transfer', 'statement', 'confirmed', 'information'];
const SEPARATORS = [
  ' ',
  ', ',
  '\n',
  '\t',
  ' (',
  ') ',
  '"',
  "'",
  ' [',
  '] ',
  '\u0000',
  '\u001b',
  '\u200b',
  ' <',
  '> ',
  '; ',
  '|',
];
const END = ['', '.', ',', '!', '?', ':'];

type Step =
  | { readonly kind: 'read'; readonly label: 'pii' | 'secret' | 'untrusted'; readonly values: readonly string[] }
  | {
      readonly kind: 'send';
      readonly embed: readonly {
        readonly how: 'exact' | 'partial' | 'fresh' | 'foreign';
        readonly pick: number;
        readonly upper: boolean;
      }[];
      readonly fresh: readonly string[];
      readonly glue: readonly number[];
    };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('read' as const),
    label: fc.constantFrom('pii' as const, 'secret' as const, 'untrusted' as const),
    values: fc.array(valueArb, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('send' as const),
    embed: fc.array(
      fc.record({
        how: fc.constantFrom('exact' as const, 'partial' as const, 'fresh' as const, 'foreign' as const),
        pick: fc.nat(),
        upper: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    fresh: fc.array(valueArb, { minLength: 4, maxLength: 4 }),
    glue: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
  }),
);

describe('value taint (issue 17)', () => {
  it('catches every exact token read earlier in the session, and nothing else', async () => {
    const totals = {
      sessions: 0,
      sends: 0,
      exact: 0,
      caught: 0,
      missed: 0,
      partial: 0,
      fresh: 0,
      foreign: 0,
      falsePositives: 0,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 10 }),
        fc.array(valueArb, { minLength: 1, maxLength: 3 }),
        async (steps, foreignValues) => {
          const runtime = new Runtime();
          const outputs = { current: [] as string[] };
          const read = {
            pii: runtime.capability({ name: 'read_record', produces: ['pii'] }, async () => record(outputs.current)),
            secret: runtime.capability({ name: 'read_key', produces: ['secret'] }, async () =>
              outputs.current.join(' and '),
            ),
            untrusted: runtime.capability(
              { name: 'fetch_page', produces: ['untrusted'] },
              async () => `<p>${outputs.current.join('</p><p>')}</p>`,
            ),
          };
          let seen: readonly string[] = [];
          const send = runtime.capability({ name: 'send' }, async (body: string) => body.length);
          runtime.beforeCapability('send', { name: 'observe' }, (ctx: PolicyContext) => {
            seen = ctx.argLabels('body');
            return Decision.allow();
          });
          // Another session reads the foreign values: they must never taint this one.
          outputs.current = foreignValues;
          await runtime.withContext({ sessionId: 'other' }, () => read.secret());
          totals.sessions += 1;
          await runtime.withContext({ sessionId: 'under-test' }, async () => {
            const held = new Map<string, Set<string>>(); // value (lower case) -> labels
            for (const step of steps) {
              if (step.kind === 'read') {
                outputs.current = [...step.values];
                await read[step.label]();
                for (const value of step.values) {
                  const labels = held.get(value.toLowerCase()) ?? new Set<string>();
                  held.set(value.toLowerCase(), labels.add(step.label));
                }
                continue;
              }
              const known = [...held.keys()];
              const expected = new Set<string>();
              const pieces: string[] = [WORDS[step.glue[0]! % WORDS.length]!];
              step.embed.forEach((embed, i) => {
                let piece: string | undefined;
                if (embed.how === 'exact' && known.length > 0) {
                  piece = known[embed.pick % known.length]!;
                  for (const label of held.get(piece)!) expected.add(label);
                  totals.exact += 1;
                } else if (embed.how === 'partial' && known.length > 0) {
                  const value = known[embed.pick % known.length]!;
                  piece =
                    embed.pick % 2 === 0
                      ? value.slice(0, -1)
                      : `${value.slice(0, -1)}${value.endsWith('7') ? '3' : '7'}`;
                  if (held.has(piece.toLowerCase()) || collides(piece, known)) return;
                  totals.partial += 1;
                } else if (embed.how === 'foreign') {
                  piece = foreignValues[embed.pick % foreignValues.length]!;
                  if (held.has(piece.toLowerCase()) || collides(piece, known)) return;
                  totals.foreign += 1;
                } else {
                  piece = step.fresh[i % step.fresh.length]!;
                  if (held.has(piece.toLowerCase()) || collides(piece, known)) return;
                  totals.fresh += 1;
                }
                if (embed.upper) piece = piece.toUpperCase();
                const glue = step.glue[(i * 2 + 1) % step.glue.length]!;
                pieces.push(
                  SEPARATORS[glue % SEPARATORS.length]!,
                  piece,
                  END[glue % END.length]!,
                  ' ',
                  WORDS[glue % WORDS.length]!,
                );
              });
              const body = pieces.join('');
              await send(body);
              totals.sends += 1;
              const got = new Set(seen);
              for (const label of expected) {
                if (got.has(label)) totals.caught += 1;
                else totals.missed += 1;
              }
              for (const label of got) if (!expected.has(label)) totals.falsePositives += 1;
              expect([...got].sort()).toEqual([...expected].sort());
            }
          });
        },
      ),
      propertyParameters(150),
    );
    reportFigures('value taint', totals);
    expect(totals.missed).toBe(0);
    expect(totals.falsePositives).toBe(0);
    // The cases exercised every kind of embedding.
    expect(Math.min(totals.exact, totals.partial, totals.fresh, totals.foreign)).toBeGreaterThan(0);
  });
});

/** A customer record carrying `values`, with ordinary words that must taint nothing. */
function record(values: readonly string[]): Record<string, unknown> {
  return { note: `${WORDS.join(' ')} confirmed`, values: [...values], nested: { first: values[0] } };
}

/**
 * Whether `piece` (a value that should not taint) equals a token of a value that does: a part of a value
 * split at `.`-free boundaries cannot occur with this alphabet, so only whole-value equality, case-insensitive.
 */
function collides(piece: string, known: readonly string[]): boolean {
  const lower = piece.toLowerCase();
  return known.includes(lower);
}
