import { DEFAULT_SECRET_PATTERNS, maskSecrets, maskString } from '../src/index.js';
import { DEFAULT_PATTERNS_HINT } from '../src/secretPatterns.js';
import { MAX_GROWTH, confirmedSteep, fastestCpuMs } from './fixtures/linearTime.js';

/**
 * Every default pattern, and every detector built on them, must take time linear in its input: an argument an
 * agent chose is masked on every audited call, for every tenant. Each is run on inputs of 10 KB, 100 KB and
 * 1 MB built from adversarial seeds (the prefixes the patterns look for, glued to the characters they stop at),
 * and the CPU time of each size is compared with the one before: linear grows about 10x, quadratic about 100x. The
 * bound is generous (the machine is shared); a quadratic pattern fails it by far, and fails fast, on the
 * 100 KB step, before the 1 MB input could block the run.
 */
const SIZES = [10_000, 100_000, 1_000_000] as const;
const PREFIXES = [
  'eyJ',
  'eyJa.eyJ',
  'eyJa.eyJa.',
  '-----BEGIN PRIVATE KEY-----',
  '-----BEGIN ',
  '-----END ',
  'authorization',
  'proxy-authorization: ',
  'authorization="bearer',
  'Bearer',
  'bearer 1',
  'bearer 1a',
  '://',
  '://a:',
  'a://b:c',
  'sk',
  'sk-',
  'sk_live_',
  'rk_test_',
  'whsec_',
  'AKIA',
  'ghp_',
  'github_pat_',
  'glpat-',
  'npm_',
  'xoxb-',
  'AIza',
  'password',
  'pwd=',
  'api_key="',
  "access_token='",
  '"token"',
  '"password":"',
  '"secret" : "\\',
];
const GLUE = ['', '-', '.', ' ', '"', '@'];
const SEEDS = PREFIXES.flatMap((prefix) => GLUE.map((glue) => prefix + glue));
/** For the detectors that run every pattern at once: each prefix, alone and before a `-`. */
const PREFIX_SEEDS = PREFIXES.flatMap((prefix) => [prefix, `${prefix}-`]);

const inputs = new Map<string, string>();
function adversarial(seed: string, size: number): string {
  const key = `${size}:${seed}`;
  let input = inputs.get(key);
  if (input === undefined) {
    input = seed.repeat(Math.ceil(size / seed.length)).slice(0, size);
    inputs.set(key, input);
  }
  return input;
}

/** The seeds on which `detector` grows faster than linearly, with their times per size. */
function superlinear(detector: (text: string) => unknown, seeds: readonly string[] = SEEDS): string[] {
  const found: string[] = [];
  for (const seed of seeds) {
    detector(adversarial(seed, SIZES[0])); // compile and tier up the expression first
    const times: number[] = [];
    for (const size of SIZES) {
      const time = fastestCpuMs(() => detector(adversarial(seed, size)), size === SIZES[2] ? 2 : 3);
      const previous = times[times.length - 1];
      times.push(time);
      if (previous === undefined || time / previous <= MAX_GROWTH) continue;
      // A large step: a collection, a busy neighbour or the caches can make linear code look quadratic across
      // 10x. The slope from this size up decides (a quadratic pattern takes 9x the time at 3x the size).
      const steep = confirmedSteep((at) => detector(adversarial(seed, at)), size, time);
      if (steep !== undefined) {
        found.push(`${JSON.stringify(seed)}: ${times.map((ms) => `${ms.toFixed(1)} ms`).join(', ')}; ${steep}`);
        break;
      }
    }
  }
  return found;
}

/**
 * How many times `pattern` matches in `text`, found as `maskString` finds them but without building the masked
 * copy: the time is the expression's own, not the allocator's (masking itself is measured below, with every
 * default pattern at once).
 */
function countMatches(text: string, pattern: RegExp): number {
  const expression = new RegExp(pattern.source, pattern.flags);
  let count = 0;
  let from = 0;
  while (expression.test(text)) {
    count += 1;
    if (!expression.global) break; // one match is all there is
    if (expression.lastIndex === from) expression.lastIndex += 1; // an empty match: step past it
    from = expression.lastIndex;
  }
  return count;
}

describe('DEFAULT_SECRET_PATTERNS', () => {
  jest.setTimeout(120_000);

  it.each(DEFAULT_SECRET_PATTERNS.map((pattern, index) => [index, pattern] as const))(
    'pattern %i (%s) takes time linear in its input',
    (_index, pattern) => {
      expect(superlinear((text) => countMatches(text, pattern))).toEqual([]);
    },
  );

  it('the check itself finds a detector whose time grows with the square of its input', () => {
    // (n / 100)² steps: a million at 100,000 characters, so the 10x step measures about 100x, above the floor.
    const quadratic = (text: string): number => {
      const steps = (text.length / 100) ** 2;
      let sum = 0;
      for (let i = 0; i < steps; i++) sum += i & 7;
      return sum;
    };
    expect(superlinear(quadratic, ['a'])).toHaveLength(1);
  });

  it('the hint that skips them is linear too, and so is masking with every default', () => {
    expect(superlinear((text) => DEFAULT_PATTERNS_HINT.test(text), PREFIX_SEEDS)).toEqual([]);
    expect(superlinear((text) => maskString(text), PREFIX_SEEDS)).toEqual([]);
  });

  it('masking by known value and by key is linear in the text and in the number of keys', () => {
    const values = ['hunter2-hunter2', 'sk_live_0000000000', 'eyJa.eyJa.'];
    expect(superlinear((text) => maskSecrets({ note: text }, { values }), PREFIX_SEEDS)).toEqual([]);
    expect(superlinear((text) => maskSecrets({ [text]: 1, [`${text}x`]: 2 }), PREFIX_SEEDS)).toEqual([]);
  });

  it('masks a JWT that starts a run of base64url characters, not one glued to other characters', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(maskString(`token=${jwt}`)).not.toContain('eyJzdWIi');
    expect(maskString(`[${jwt}]`)).toBe('[[REDACTED]]');
    expect(maskString(`eyJ-${'eyJ-'.repeat(1000)}`)).toBe(`eyJ-${'eyJ-'.repeat(1000)}`);
  });

  it('masks URL passwords of any length, whatever the scheme', () => {
    const long = 'p'.repeat(5_000);
    expect(maskString(`postgres://app:${long}@db/main`)).toBe('postgres://app:[REDACTED]@db/main');
    expect(maskString('see 1.x-git+ssh://git:pa:ss@host/repo')).toBe('see 1.x-git+ssh://git:[REDACTED]@host/repo');
    expect(maskString('https://example.com:8080/path and ann@example.com')).toBe(
      'https://example.com:8080/path and ann@example.com',
    );
  });
});
