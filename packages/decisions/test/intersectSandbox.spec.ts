import { BraneError } from '@brane/errors';
import type { SandboxConstraints } from '../src/SandboxConstraints.js';
import { intersectSandbox } from '../src/intersectSandbox.js';
import { validateSandbox } from '../src/validateSandbox.js';

const sandbox = (value: unknown): SandboxConstraints => validateSandbox(value, 'test');
const net = (...allowHosts: string[]): SandboxConstraints => sandbox({ network: { allowHosts } });
const fs = (...allowPaths: string[]): SandboxConstraints => sandbox({ filesystem: { allowPaths } });

describe('intersectSandbox', () => {
  it('keeps the smaller timeout, or the only one set', () => {
    expect(intersectSandbox({ timeoutMs: 5000 }, { timeoutMs: 2000 }).timeoutMs).toBe(2000);
    expect(intersectSandbox({ timeoutMs: 5000 }, net('a.com')).timeoutMs).toBe(5000);
    expect(intersectSandbox(net('a.com'), { timeoutMs: 300 }).timeoutMs).toBe(300);
    expect(intersectSandbox(net('a.com'), net('a.com'))).not.toHaveProperty('timeoutMs');
  });

  it('keeps the one side that constrains a resource', () => {
    const a = sandbox({ timeoutMs: 10, network: { allowHosts: ['a.com'] } });
    const b = sandbox({ filesystem: { allowPaths: ['/data'] } });
    expect(intersectSandbox(a, b)).toStrictEqual({
      timeoutMs: 10,
      network: { allowHosts: ['a.com'] },
      filesystem: { allowPaths: ['/data'] },
    });
  });

  it.each<[string, readonly string[], readonly string[], readonly string[]]>([
    ['equal hosts', ['a.com'], ['a.com'], ['a.com']],
    ['different hosts', ['a.com'], ['b.com'], []],
    ['a host under a wildcard', ['api.a.com'], ['*.a.com'], ['api.a.com']],
    ['a deep host under a wildcard', ['x.y.a.com'], ['*.a.com'], ['x.y.a.com']],
    ['the wildcard domain itself', ['a.com'], ['*.a.com'], []],
    ['a host outside a wildcard', ['b.com'], ['*.a.com'], []],
    ['nested wildcards', ['*.x.a.com'], ['*.a.com'], ['*.x.a.com']],
    ['equal wildcards', ['*.a.com'], ['*.a.com'], ['*.a.com']],
    ['unrelated wildcards', ['*.a.com'], ['*.b.com'], []],
    ['look-alike wildcards', ['*.a.com'], ['*.ba.com'], []],
    ['a port and any port', ['a.com'], ['a.com:443'], ['a.com:443']],
    ['equal ports', ['a.com:443'], ['a.com:443'], ['a.com:443']],
    ['different ports', ['a.com:443'], ['a.com:8443'], []],
    ['a wildcard port and a host', ['*.a.com:443'], ['api.a.com'], ['api.a.com:443']],
    ['wildcard and host with clashing ports', ['*.a.com:443'], ['api.a.com:80'], []],
    ['an empty list', ['a.com'], [], []],
    [
      'several entries each',
      ['*.stripe.com', 'example.com', 'localhost'],
      ['api.stripe.com', 'files.stripe.com', 'localhost:3000', 'other.com'],
      ['api.stripe.com', 'files.stripe.com', 'localhost:3000'],
    ],
    ['redundant results', ['*.a.com', 'api.a.com'], ['*.a.com'], ['*.a.com']],
  ])('intersects hosts: %s', (_label, left, right, expected) => {
    expect(intersectSandbox(net(...left), net(...right)).network?.allowHosts).toEqual(expected);
    expect(intersectSandbox(net(...right), net(...left)).network?.allowHosts).toEqual(expected);
  });

  it.each<[string, readonly string[], readonly string[], readonly string[]]>([
    ['equal paths', ['/data'], ['/data'], ['/data']],
    ['nested paths', ['/data'], ['/data/x'], ['/data/x']],
    ['a segment look-alike', ['/data'], ['/database'], []],
    ['unrelated paths', ['/data'], ['/logs'], []],
    ['the root', ['/'], ['/data', '/logs'], ['/data', '/logs']],
    [
      'several entries each',
      ['/data', '/logs/app'],
      ['/data/a', '/data/b', '/logs', '/tmp'],
      ['/data/a', '/data/b', '/logs/app'],
    ],
    ['an empty list', ['/data'], [], []],
  ])('intersects paths: %s', (_label, left, right, expected) => {
    expect(intersectSandbox(fs(...left), fs(...right)).filesystem?.allowPaths).toEqual(expected);
    expect(intersectSandbox(fs(...right), fs(...left)).filesystem?.allowPaths).toEqual(expected);
  });

  it('returns a frozen result and leaves its inputs alone', () => {
    const a = sandbox({ timeoutMs: 50, network: { allowHosts: ['*.a.com'] } });
    const b = sandbox({ network: { allowHosts: ['x.a.com'] } });
    const result = intersectSandbox(a, b);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.network)).toBe(true);
    expect(Object.isFrozen(result.network?.allowHosts)).toBe(true);
    expect(a.network?.allowHosts).toEqual(['*.a.com']);
    expect(b.network?.allowHosts).toEqual(['x.a.com']);
  });

  it('rejects a non-object', () => {
    expect(() => intersectSandbox(null as unknown as SandboxConstraints, {})).toThrow(BraneError);
    expect(() => intersectSandbox({}, 'x' as unknown as SandboxConstraints)).toThrow(/`b` must be sandbox constraints/);
  });

  describe('algebraic properties', () => {
    const samples: readonly SandboxConstraints[] = [
      sandbox({ timeoutMs: 1000 }),
      sandbox({ timeoutMs: 200, network: { allowHosts: ['*.a.com', 'b.com:443'] } }),
      sandbox({ network: { allowHosts: ['x.a.com', '*.y.a.com:8443', 'b.com'] } }),
      sandbox({ network: { allowHosts: ['*.a.com:443', 'b.com:80', 'c.com', 'x.a.com'] } }),
      sandbox({ network: { allowHosts: [] }, filesystem: { allowPaths: ['/data'] } }),
      sandbox({ filesystem: { allowPaths: ['/data/x', '/logs', '/database'] } }),
      sandbox({ timeoutMs: 5000, filesystem: { allowPaths: ['/'] } }),
      sandbox({ filesystem: { allowPaths: ['/data/x/y', '/logs/app'] }, network: { allowHosts: ['*.x.a.com'] } }),
      sandbox({ timeoutMs: 1, network: { allowHosts: ['[::1]:3000', 'localhost'] }, filesystem: { allowPaths: [] } }),
    ];
    const pairs = samples.flatMap((a) => samples.map((b) => [a, b] as const));
    const triples = pairs.flatMap(([a, b]) => samples.map((c) => [a, b, c] as const));

    it('is idempotent', () => {
      for (const a of samples) expect(intersectSandbox(a, a)).toEqual(a);
    });

    it('is commutative', () => {
      for (const [a, b] of pairs) expect(intersectSandbox(a, b)).toEqual(intersectSandbox(b, a));
    });

    it('is associative', () => {
      for (const [a, b, c] of triples) {
        expect(intersectSandbox(intersectSandbox(a, b), c)).toEqual(intersectSandbox(a, intersectSandbox(b, c)));
      }
    });

    it('is never looser than either side', () => {
      for (const [a, b] of pairs) {
        const both = intersectSandbox(a, b);
        // Intersecting again with either side changes nothing: the result is already within both.
        expect(intersectSandbox(both, a)).toEqual(both);
        expect(intersectSandbox(both, b)).toEqual(both);
      }
    });
  });
});
