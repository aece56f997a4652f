import { BraneError } from '@brane/errors';
import { validateSandbox } from '../src/validateSandbox.js';

/** The error `validateSandbox` throws for `value`, checked to be an INVALID_ARGUMENT. */
function rejection(value: unknown): BraneError {
  try {
    validateSandbox(value, 'Decision.sandbox');
  } catch (error) {
    expect(error).toBeInstanceOf(BraneError);
    expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
    return error as BraneError;
  }
  throw new Error(`validateSandbox accepted ${JSON.stringify(value)}`);
}

const hosts = (...allowHosts: unknown[]): unknown => ({ network: { allowHosts } });
const paths = (...allowPaths: unknown[]): unknown => ({ filesystem: { allowPaths } });

describe('validateSandbox', () => {
  it('returns a frozen, normalised copy of valid constraints', () => {
    const input = {
      timeoutMs: 5000,
      network: { allowHosts: ['API.Stripe.com', 'localhost:8080'] },
      filesystem: { allowPaths: ['/srv/data/'] },
    };
    const result = validateSandbox(input, 'Decision.sandbox');

    expect(result).toEqual({
      timeoutMs: 5000,
      network: { allowHosts: ['api.stripe.com', 'localhost:8080'] },
      filesystem: { allowPaths: ['/srv/data'] },
    });
    expect(result).not.toBe(input);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.network)).toBe(true);
    expect(Object.isFrozen(result.network?.allowHosts)).toBe(true);
    expect(Object.isFrozen(result.filesystem?.allowPaths)).toBe(true);
    expect(input.network.allowHosts).toEqual(['API.Stripe.com', 'localhost:8080']);
  });

  it('accepts each field on its own and leaves absent ones out', () => {
    expect(validateSandbox({ timeoutMs: 1 }, 'x')).toStrictEqual({ timeoutMs: 1 });
    expect(validateSandbox({ timeoutMs: 10, network: undefined }, 'x')).toStrictEqual({ timeoutMs: 10 });
    expect(validateSandbox(hosts(), 'x')).toStrictEqual({ network: { allowHosts: [] } });
    expect(validateSandbox(paths('/'), 'x')).toStrictEqual({ filesystem: { allowPaths: ['/'] } });
  });

  it.each<[string, string]>([
    ['api.stripe.com', 'api.stripe.com'],
    ['API.STRIPE.COM', 'api.stripe.com'],
    ['example.com.', 'example.com'],
    ['localhost', 'localhost'],
    ['localhost:8080', 'localhost:8080'],
    ['localhost:08080', 'localhost:8080'],
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.1:3000', '127.0.0.1:3000'],
    ['[::1]', '[::1]'],
    ['[0:0::1]:8443', '[::1]:8443'],
    ['*.example.com', '*.example.com'],
    ['*.Example.COM:443', '*.example.com:443'],
    ['bücher.de', 'xn--bcher-kva.de'],
  ])('normalises the host %s to %s', (host, expected) => {
    expect(validateSandbox(hosts(host), 'x').network?.allowHosts).toEqual([expected]);
  });

  it.each<[string, unknown, RegExp]>([
    ['an empty string', '', /non-empty host name/],
    ['a non-string', 42, /non-empty host name/],
    ['an https URL', 'https://api.stripe.com', /not a URL or a path/],
    ['a scheme-less URL with a path', 'api.stripe.com/v1', /not a URL or a path/],
    ['a path', '/etc/passwd', /not a URL or a path/],
    ['credentials', 'user@host.com', /not a URL or a path/],
    ['whitespace', ' api.stripe.com', /whitespace/],
    ['`*` alone', '*', /`\*` alone would allow every host/],
    ['a single-label wildcard', '*.com', /every host under the top-level domain `com`/],
    ['a wildcard in the middle', 'api.*.com', /only as a leading `\*\.`/],
    ['a double wildcard', '*.*.example.com', /only as a leading `\*\.`/],
    ['a wildcard on an IP address', '*.0.0.1', /IP address/],
    ['a bare wildcard prefix', '*.', /not a valid host name/],
    ['an empty label', 'a..example.com', /not a valid host name/],
    ['a forbidden character', 'exa<mple.com', /not a valid host name/],
    ['an unbracketed IPv6 address', '::1', /not a valid host name/],
    ['text after an IPv6 address', '[::1]x', /not a valid host name/],
    ['an empty port', 'localhost:', /invalid port/],
    ['a named port', 'localhost:http', /invalid port/],
    ['port 0', 'localhost:0', /outside 1-65535/],
    ['port 65536', 'localhost:65536', /outside 1-65535/],
    ['a port alone', ':8080', /not a valid host name/],
  ])('rejects a host that is %s', (_label, host, message) => {
    const error = rejection(hosts('ok.example.com', host));
    expect(error.message).toMatch(message);
    expect(error.message).toContain('Decision.sandbox: `network.allowHosts[1]`');
    expect(error.details).toMatchObject({ field: 'network.allowHosts[1]', value: host });
  });

  it('normalises paths: `..` resolved, trailing slash dropped but for the root', () => {
    expect(validateSandbox(paths('/srv/data/../logs/', '/'), 'x').filesystem?.allowPaths).toEqual(['/']);
    expect(validateSandbox(paths('/srv/data/../logs/', '/tmp//x'), 'x').filesystem?.allowPaths).toEqual([
      '/srv/logs',
      '/tmp/x',
    ]);
  });

  it('deduplicates, sorts and drops the entries another one covers', () => {
    const result = validateSandbox(
      {
        network: { allowHosts: ['b.example.com', '*.example.com', 'a.com:443', 'a.com', 'x.y.example.com', 'A.com'] },
        filesystem: { allowPaths: ['/data/x', '/database', '/data', '/data/'] },
      },
      'x',
    );
    expect(result.network?.allowHosts).toEqual(['*.example.com', 'a.com']);
    expect(result.filesystem?.allowPaths).toEqual(['/data', '/database']);
  });

  it.each<[string, unknown, RegExp]>([
    ['relative', 'data/x', /absolute path/],
    ['dot-relative', './data', /absolute path/],
    ['empty', '', /non-empty absolute path/],
    ['not a string', null, /non-empty absolute path/],
    ['with a NUL character', '/data/\0x', /NUL/],
  ])('rejects a path that is %s', (_label, path, message) => {
    const error = rejection(paths('/ok', path));
    expect(error.message).toMatch(message);
    expect(error.message).toContain('`filesystem.allowPaths[1]`');
  });

  it.each<[unknown, string]>([
    [0, 'timeoutMs'],
    [-5, 'timeoutMs'],
    [1.5, 'timeoutMs'],
    [Number.NaN, 'timeoutMs'],
    [Number.POSITIVE_INFINITY, 'timeoutMs'],
    [2_147_483_648, 'timeoutMs'],
    ['1000', 'timeoutMs'],
  ])('rejects the timeout %p', (timeoutMs, field) => {
    expect(rejection({ timeoutMs }).message).toContain(`\`${field}\` must be a positive integer`);
  });

  it('accepts the longest timeout setTimeout allows', () => {
    expect(validateSandbox({ timeoutMs: 2_147_483_647 }, 'x').timeoutMs).toBe(2_147_483_647);
  });

  it.each<[string, unknown, string]>([
    ['an unknown top-level key', { timeoutMs: 5, memoryMb: 64 }, '`memoryMb` is not a sandbox setting'],
    ['an unknown network key', { network: { allowHosts: [], denyHosts: [] } }, '`network.denyHosts` is not'],
    ['an unknown filesystem key', { filesystem: { allowPaths: [], readOnly: true } }, '`filesystem.readOnly`'],
    ['no field', {}, 'must set at least one of `timeoutMs`, `network` or `filesystem`'],
    ['only undefined fields', { timeoutMs: undefined }, 'must set at least one of'],
    ['a non-object', 'sandbox', '`sandbox` must be a plain object'],
    ['null', null, '`sandbox` must be a plain object'],
    ['an array', [], '`sandbox` must be a plain object'],
    ['network as a list', { network: ['a.com'] }, '`network` must be a plain object'],
    ['allowHosts missing', { network: {} }, '`network.allowHosts` must be an array of strings'],
    ['allowHosts as a string', { network: { allowHosts: 'a.com' } }, '`network.allowHosts` must be an array'],
    ['allowPaths as a string', { filesystem: { allowPaths: '/data' } }, '`filesystem.allowPaths` must be an array'],
  ])('rejects %s', (_label, value, message) => {
    expect(rejection(value).message).toContain(message);
  });

  it('prefixes every message with the label', () => {
    expect(() => validateSandbox({}, 'policy `refunds`')).toThrow(/^policy `refunds`: /);
  });
});
