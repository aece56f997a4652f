import fc from 'fast-check';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import {
  Fingerprinter,
  InMemorySessionStore,
  SessionHistory,
  SessionState,
  capabilityKey,
  type SessionLimits,
  type SessionRecord,
  type SessionStore,
} from '@brane/sessions';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Issue 17, two fail-open bugs of sessions, each checked over its whole class.
 *
 * (a) A remote store (PostgreSQL, Redis) returns only the fingerprints of the call's arguments. A `transform_input`
 * then put values in the arguments whose fingerprints were never loaded, and `ctx.argLabels` found no label on
 * them. Property: over any store that returns only what it is asked for, after any transform, the labels a later
 * policy reads on an argument include every label of the earlier values it embeds (an unknown value carries every
 * label the session holds); without a transform, they are exact.
 *
 * (b) `ctx.session.count({ within })` with `within` past the store's `countWindowMs` counted only the minutes kept,
 * silently fewer. Property: for any actions, window and `within`, the count is exact or a `ConfigurationError`.
 *
 * (c) `runtime.explain` evaluated the policies without the call's session, so an adapter asking it whether a call
 * needs approval (the AI SDK's and the Agents SDK's `needsApproval`) missed every session policy. Property: for any
 * session and any session policy, explain's decision is the one the call then gets.
 */

/** A store that, as PostgreSQL and Redis do, returns only the fingerprints it is asked for, asynchronously. */
class RemoteLikeStore implements SessionStore {
  readonly synchronous = false;
  readonly #inner = new InMemorySessionStore();
  readonly limits = this.#inner.limits;
  async load(sessionId: string, fingerprints?: ReadonlySet<string>): Promise<SessionState | undefined> {
    await Promise.resolve();
    const state = this.#inner.load(sessionId);
    if (state === undefined) return undefined;
    const json = state.toJSON();
    return SessionState.fromJSON({
      ...json,
      fingerprints: json.fingerprints.filter(([fingerprint]) => fingerprints?.has(fingerprint) === true),
    });
  }
  async append(sessionId: string, record: SessionRecord): Promise<void> {
    await Promise.resolve();
    this.#inner.append(sessionId, record);
  }
}

const valueArb = fc
  .tuple(fc.stringMatching(/^[a-z]{4,10}$/), fc.integer({ min: 1000, max: 99_999 }))
  .map(([word, n]) => `${word}-${n}`);

describe('sessions fail closed (issue 17)', () => {
  it('(a) after a transform_input, argLabels over a remote store never loses a label of an embedded value', async () => {
    const totals = { cases: 0, transformed: 0, embedded: 0, exactWithoutTransform: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('pii', 'secret'), fc.array(valueArb, { minLength: 1, maxLength: 3 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('replace', 'patch'),
        async (reads, picks, transform, how) => {
          const runtime = new Runtime({ sessions: { store: new RemoteLikeStore(), secret: 'k'.repeat(32) } });
          let current: readonly string[] = [];
          const read = {
            pii: runtime.capability({ name: 'read_pii', produces: ['pii'] }, async () => current.join(' ')),
            secret: runtime.capability({ name: 'read_secret', produces: ['secret'] }, async () => current.join(' ')),
          };
          const send = runtime.capability({ name: 'send' }, async (body: string) => body.length);
          const held = new Map<string, Set<string>>();
          for (const [label, values] of reads) for (const value of values) held.set(value, new Set([label]));
          const known = [...held.keys()];
          const embedded = picks.map((pick) => known[pick % known.length] as string);
          const expected = new Set(embedded.flatMap((value) => [...(held.get(value) as Set<string>)]));
          const transformed = `forwarding ${embedded.join(' and ')} as asked`;
          if (transform) {
            runtime.beforeCapability('send', { name: 'rewrite' }, () =>
              Decision.transformInput(
                how === 'replace' ? { replace: { body: transformed } } : { patch: { body: transformed } },
              ),
            );
          }
          let seen: readonly string[] = [];
          runtime.beforeCapability('send', { name: 'observe' }, (ctx: PolicyContext) => {
            seen = ctx.argLabels('body');
            return Decision.allow();
          });
          await runtime.withContext({ sessionId: 's' }, async () => {
            for (const [label, values] of reads) {
              current = values;
              await read[label]();
            }
            await send(transform ? 'hello there, nothing to see' : transformed);
          });
          totals.cases += 1;
          if (transform) totals.transformed += 1;
          totals.embedded += embedded.length;
          for (const label of expected) expect(seen).toContain(label);
          if (!transform) {
            expect([...seen].sort()).toEqual([...expected].sort());
            totals.exactWithoutTransform += 1;
          }
          await runtime.close();
        },
      ),
      propertyParameters(150),
    );
    reportFigures('sessionFailClosed.transform', totals);
  });

  it('(b) count({ within }) is exact, or refused with a ConfigurationError past the count window', () => {
    const totals = { cases: 0, exact: 0, refused: 0 };
    const MINUTE = 60_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 48 * 60 }),
        fc.array(fc.integer({ min: 0, max: 72 * 60 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 96 * 60 }),
        (windowMinutes, agesMinutes, withinMinutes) => {
          const T = Date.UTC(2026, 0, 10);
          const limits: SessionLimits = {
            maxEntries: 10,
            ttlMs: 30 * 86_400_000,
            maxFingerprints: 10,
            countWindowMs: windowMinutes * MINUTE,
          };
          // Actions in time order, each recorded at its own time; counted at T.
          const times = agesMinutes.map((age) => T - age * MINUTE).sort((a, b) => a - b);
          const state = new SessionState(times[0] as number);
          for (const at of times) {
            const entry = {
              capability: 'send',
              type: 'tool' as const,
              risk: 'low' as const,
              effect: undefined,
              external: false,
              labels: [],
              outcome: 'succeeded' as const,
              at,
            };
            state.record({ entry, fingerprints: [] }, limits, at);
          }
          const history = new SessionHistory('s', state, new Fingerprinter(), {
            countWindowMs: limits.countWindowMs,
            now: () => T,
          });
          const within = withinMinutes * MINUTE;
          const since = Math.floor((T - within) / MINUTE);
          const exact = times.filter((at) => Math.floor(at / MINUTE) >= since).length;
          totals.cases += 1;
          let counted: number | ConfigurationError;
          try {
            counted = history.count({ capability: 'send', within });
          } catch (error) {
            counted = error as ConfigurationError;
          }
          if (typeof counted === 'number') {
            expect(counted).toBe(exact);
            totals.exact += 1;
          } else {
            expect(counted).toBeInstanceOf(ConfigurationError);
            expect(within).toBeGreaterThan(limits.countWindowMs);
            totals.refused += 1;
          }
          expect(state.count(capabilityKey('send'))).toBe(times.length);
        },
      ),
      propertyParameters(500),
    );
    reportFigures('sessionFailClosed.count', totals);
  });

  it("(c) runtime.explain decides as the call does, in the call's session", async () => {
    const totals = { cases: 0, denied: 0, allowed: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('pii', 'secret', 'untrusted'), valueArb), { maxLength: 4 }),
        fc.constantFrom('pii', 'secret', 'untrusted'),
        fc.constantFrom('has', 'argLabels', 'count'),
        fc.array(fc.nat(), { maxLength: 2 }),
        async (reads, label, rule, picks) => {
          const runtime = new Runtime();
          let current = '';
          const read = {
            pii: runtime.capability({ name: 'read_pii', produces: ['pii'] }, async () => current),
            secret: runtime.capability({ name: 'read_secret', produces: ['secret'] }, async () => current),
            untrusted: runtime.capability({ name: 'fetch_page', produces: ['untrusted'] }, async () => current),
          };
          const send = runtime.capability({ name: 'send' }, async (body: string) => body.length);
          runtime.beforeCapability('send', { name: 'session_rule' }, (ctx: PolicyContext) => {
            const hit =
              rule === 'has'
                ? ctx.session.has({ label })
                : rule === 'argLabels'
                  ? ctx.argLabels('body').includes(label)
                  : ctx.session.count({ label, within: '1h' }) >= 2;
            return hit ? Decision.deny(`session rule on ${label}`) : Decision.allow();
          });
          const body = `to ${picks.map((pick) => reads[pick % Math.max(1, reads.length)]?.[1] ?? 'nobody-0000').join(' ')}`;
          const decided = await runtime.withContext({ sessionId: 's' }, async () => {
            for (const [readLabel, value] of reads) {
              current = value;
              await read[readLabel]();
            }
            const explained = (await runtime.explain('send', { body })).decision.type;
            const ran = await send(body).then(
              () => 'allow',
              () => 'deny',
            );
            return { explained, ran };
          });
          totals.cases += 1;
          if (decided.ran === 'deny') totals.denied += 1;
          else totals.allowed += 1;
          expect(decided.explained).toBe(decided.ran);
          await runtime.close();
        },
      ),
      propertyParameters(150),
    );
    reportFigures('sessionFailClosed.explain', totals);
  });
});
