import { BraneError } from '@brane/errors';
import { hostAllowed, pathAllowed } from '../src/sandboxMatch.js';

describe('hostAllowed', () => {
  it.each<[string, string | undefined, readonly string[], boolean]>([
    ['api.stripe.com', '443', ['api.stripe.com'], true],
    ['API.Stripe.COM', '443', ['api.stripe.com'], true],
    ['api.stripe.com.', '443', ['api.stripe.com'], true],
    ['api.stripe.com', '443', ['stripe.com'], false],
    ['stripe.com', '443', ['api.stripe.com'], false],
    ['api.stripe.com.evil.com', '443', ['api.stripe.com'], false],
    // wildcards: any subdomain at any depth, never the domain itself or a look-alike
    ['api.example.com', '443', ['*.example.com'], true],
    ['a.b.example.com', '443', ['*.example.com'], true],
    ['example.com', '443', ['*.example.com'], false],
    ['badexample.com', '443', ['*.example.com'], false],
    ['example.com.evil.net', '443', ['*.example.com'], false],
    // ports: an entry without one allows any; one with a port allows only that one
    ['localhost', '8080', ['localhost'], true],
    ['localhost', undefined, ['localhost'], true],
    ['localhost', '8080', ['localhost:8080'], true],
    ['localhost', '8081', ['localhost:8080'], false],
    ['localhost', undefined, ['localhost:8080'], false],
    ['localhost', '', ['localhost:8080'], false],
    ['api.example.com', '443', ['*.example.com:443'], true],
    ['api.example.com', '80', ['*.example.com:443'], false],
    // IP addresses
    ['127.0.0.1', '80', ['127.0.0.1'], true],
    ['127.0.0.2', '80', ['127.0.0.1'], false],
    ['[::1]', '80', ['[::1]'], true],
    ['::1', '80', ['[::1]:80'], true],
    // lists
    ['b.com', '443', ['a.com', 'b.com'], true],
    ['c.com', '443', ['a.com', 'b.com'], false],
    ['a.com', '443', [], false],
  ])('%s on port %p with %j: %p', (host, port, allowHosts, expected) => {
    expect(hostAllowed(host, port, allowHosts)).toBe(expected);
  });

  it('rejects a host that is not a non-empty string', () => {
    expect(() => hostAllowed('', '80', ['a.com'])).toThrow(BraneError);
    expect(() => hostAllowed(5 as unknown as string, '80', ['a.com'])).toThrow(/`host` must be a non-empty string/);
  });

  it('rejects an allow list that is not an array', () => {
    expect(() => hostAllowed('a.com', '80', 'a.com' as unknown as string[])).toThrow(
      /`allowHosts` must be an array of strings/,
    );
  });
});

describe('pathAllowed', () => {
  it.each<[string, readonly string[], boolean]>([
    ['/data', ['/data'], true],
    ['/data/x', ['/data'], true],
    ['/data/x/y.txt', ['/data'], true],
    ['/database', ['/data'], false],
    ['/data-old/x', ['/data'], false],
    ['/dat', ['/data'], false],
    ['/', ['/data'], false],
    ['/anything/at/all', ['/'], true],
    ['/data/x', ['/data/'], true],
    ['/data/x', ['/data/x/y'], false],
    // `..` cannot climb out lexically
    ['/data/../etc/passwd', ['/data'], false],
    ['/data/x/../y', ['/data'], true],
    ['/other', ['/data', '/other'], true],
    ['/data', [], false],
    // relative entries allow nothing (fail closed)
    ['/work/data', ['data'], false],
  ])('%s with %j: %p', (path, allowPaths, expected) => {
    expect(pathAllowed(path, allowPaths)).toBe(expected);
  });

  it('rejects a relative path', () => {
    expect(() => pathAllowed('data/x', ['/data'])).toThrow(/`absolutePath` must be an absolute path/);
  });
});
