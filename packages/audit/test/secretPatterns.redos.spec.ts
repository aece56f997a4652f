import { check, type Diagnostics } from 'recheck';
import { DEFAULT_SECRET_PATTERNS } from '../src/index.js';
import { DEFAULT_PATTERNS_HINT } from '../src/secretPatterns.js';

/**
 * A static ReDoS check of every default pattern, and of the hint that skips them, with recheck: its automaton
 * checker proves a pattern linear where it can, and its fuzzer searches for a slow input where look-arounds
 * put a pattern beyond the automaton. `safe` is the only answer accepted: `vulnerable` comes with the attack
 * string, and `unknown` (the checker gave up) fails too, so a pattern too complex to check is never waved through.
 * The automaton checker (a proof) is asked first: left to `auto`, recheck may pick the fuzzer for a pattern it
 * could prove, and the fuzzer's random search once reported a linear pattern as quadratic. Only a pattern the
 * automaton cannot decide (look-arounds, or too large in time) goes to `auto`, with a fixed seed so that a verdict
 * is reproducible.
 * `secretPatterns.spec.ts` measures the same patterns on adversarial inputs.
 */
const PATTERNS: readonly RegExp[] = [...DEFAULT_SECRET_PATTERNS, DEFAULT_PATTERNS_HINT];

function verdict(diagnostics: Diagnostics): string {
  switch (diagnostics.status) {
    case 'safe':
      return 'safe';
    case 'vulnerable':
      return `vulnerable (${diagnostics.complexity.summary}): ${diagnostics.attack.pattern}`;
    case 'unknown':
      return `unknown: ${diagnostics.error.kind}`;
  }
}

describe('DEFAULT_SECRET_PATTERNS under recheck', () => {
  jest.setTimeout(300_000);

  it.each(PATTERNS.map((pattern) => [pattern.source.slice(0, 60), pattern] as const))(
    '%s is safe',
    async (_source, pattern) => {
      const proof = await check(pattern.source, pattern.flags, { checker: 'automaton', timeout: 20_000 });
      const diagnostics =
        proof.status === 'unknown'
          ? await check(pattern.source, pattern.flags, { checker: 'auto', timeout: 60_000, randomSeed: 1 })
          : proof;
      expect(verdict(diagnostics)).toBe('safe');
    },
  );
});
