import { check, type Diagnostics } from 'recheck';
import { DEFAULT_SECRET_PATTERNS } from '../src/index.js';
import { DEFAULT_PATTERNS_HINT } from '../src/secretPatterns.js';

/**
 * A static ReDoS check of every default pattern, and of the hint that skips them, with recheck: its automaton
 * checker proves a pattern linear where it can, and its fuzzer searches for a slow input where look-arounds
 * put a pattern beyond the automaton. `safe` is the only answer accepted: `vulnerable` comes with the attack
 * string, and `unknown` (the checker gave up) fails too, so a pattern too complex to check is never waved through.
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
      const diagnostics = await check(pattern.source, pattern.flags, { timeout: 60_000 });
      expect(verdict(diagnostics)).toBe('safe');
    },
  );
});
