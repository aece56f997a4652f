import { Runtime } from '@brane/core';
import { toContextOverrides } from '@brane/nestjs';
import fc from 'fast-check';
import { propertyParameters } from './propertyRuns.js';

/**
 * `@brane/nestjs` refuses a malformed id of the request's identity with a 401 naming the field, by the runtime's own
 * rule: for any string in any id field (control characters, lone surrogates, whitespace, past 256 characters),
 * `toContextOverrides` refuses it with a 401 that names the field, or `withContext` runs with it. Before, a session id
 * with a control character or a lone surrogate passed the 401 check (`\S+`) and failed inside `withContext`: a 500.
 */
const CASES = 1000;

const runtime = new Runtime({ agentId: 'agent' });
const FIELD = fc.constantFrom('tenantId', 'principalId', 'traceId', 'sessionId');
const unit = fc.constantFrom(
  'a',
  ':',
  ' ',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\uD800',
  '\uDC00',
);
const VALUE = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.string({ unit, minLength: 1, maxLength: 8 }),
  fc.integer({ min: 250, max: 260 }).map((n) => 's'.repeat(n)),
);

describe('nestjs identity: ids by the runtime rule', () => {
  it('refuses an id with a 401 naming its field, or withContext runs with it', () => {
    fc.assert(
      fc.property(FIELD, VALUE, (field, value) => {
        let overrides;
        try {
          overrides = toContextOverrides({ [field]: value });
        } catch (error) {
          expect((error as { getStatus?: () => number }).getStatus?.()).toBe(401); // Nest's UnauthorizedException
          expect((error as Error).message).toContain(`\`${field}\``);
          return;
        }
        expect(runtime.withContext(overrides, () => runtime.identity[field])).toBe(value);
      }),
      propertyParameters(CASES),
    );
  });
});
