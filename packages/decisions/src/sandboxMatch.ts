import { isAbsolute, resolve, sep } from 'node:path';
import { BraneError, describeValue } from '@brane/errors';

/**
 * A host entry of a sandbox's `allowHosts`, taken apart: `*.example.com:8443` is
 * `{ wildcard: true, hostname: 'example.com', port: '8443' }`. An entry without a port allows any port.
 *
 * @internal Shared by the sandbox helpers of this package; not part of the public API.
 */
export interface HostEntry {
  /** `true` for `*.hostname`: any subdomain of `hostname`, at any depth, but not `hostname` itself. */
  readonly wildcard: boolean;
  /** Lowercase, without a trailing dot; an IPv6 address keeps its brackets (`[::1]`), as in `URL.hostname`. */
  readonly hostname: string;
  /** The port, or `undefined` for any port. */
  readonly port: string | undefined;
}

/**
 * Whether a sandbox's `allowHosts` lets a connection reach `host` on `port`. `host` is a host name as in
 * `URL.hostname` (case and a trailing dot do not matter); `port` is the port the connection really goes to,
 * so pass the scheme's default (`'443'` for `https:`) when the URL has none. An entry without a port allows
 * every port; an entry with a port never matches an unknown (`undefined`) port. `*.example.com` matches
 * `api.example.com` and `a.b.example.com`, never `example.com` or `badexample.com`.
 *
 * @example
 * hostAllowed('api.stripe.com', '443', ['api.stripe.com']) // true
 * hostAllowed('example.com', '443', ['*.example.com'])      // false
 */
export function hostAllowed(host: string, port: string | undefined, allowHosts: readonly string[]): boolean {
  if (typeof host !== 'string' || host === '') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `hostAllowed: \`host\` must be a non-empty string (got ${describeValue(host)})`,
    );
  }
  if (port !== undefined && typeof port !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `hostAllowed: \`port\` must be a string or undefined (got ${describeValue(port)})`,
    );
  }
  checkList('hostAllowed', 'allowHosts', allowHosts);
  const target: HostEntry = {
    wildcard: false,
    hostname: canonicalHostname(host),
    port: port === '' ? undefined : port,
  };
  return allowHosts.some((entry) => typeof entry === 'string' && hostEntryCovers(parseHostEntry(entry), target));
}

/**
 * Whether `absolutePath` is one of `allowPaths` or below one of them. Containment is on path-segment
 * boundaries: `/data` contains `/data/x` but not `/database`. Both sides are normalised lexically (`..` is
 * resolved), but symbolic links are not followed: resolve them first (the core package's
 * `checkSandboxPath` does). Entries that are not absolute allow nothing.
 *
 * @example
 * pathAllowed('/data/reports/q1.csv', ['/data']) // true
 * pathAllowed('/database', ['/data'])            // false
 */
export function pathAllowed(absolutePath: string, allowPaths: readonly string[]): boolean {
  if (typeof absolutePath !== 'string' || !isAbsolute(absolutePath)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `pathAllowed: \`absolutePath\` must be an absolute path (got ${describeValue(absolutePath)})`,
    );
  }
  checkList('pathAllowed', 'allowPaths', allowPaths);
  const target = resolve(absolutePath);
  return allowPaths.some((root) => typeof root === 'string' && isAbsolute(root) && pathContains(resolve(root), target));
}

/**
 * Takes a host entry apart. Lenient: it expects an entry already checked by `validateSandbox`, and only
 * lowercases it and drops a trailing dot.
 *
 * @internal
 */
export function parseHostEntry(entry: string): HostEntry {
  const lower = entry.toLowerCase();
  const wildcard = lower.startsWith('*.');
  const { host, port } = splitHostPort(wildcard ? lower.slice(2) : lower);
  return { wildcard, hostname: canonicalHostname(host), port };
}

/** The text form of a {@link HostEntry}: `*.example.com:8443`. @internal */
export function formatHostEntry(entry: HostEntry): string {
  return `${entry.wildcard ? '*.' : ''}${entry.hostname}${entry.port === undefined ? '' : `:${entry.port}`}`;
}

/**
 * Splits `host[:port]` (or `[ipv6][:port]`). `port` is `undefined` when there is none; an unbracketed text
 * with several colons (a bare IPv6 address) is all host.
 *
 * @internal
 */
export function splitHostPort(text: string): { host: string; port: string | undefined } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { host: text, port: undefined };
    const after = text.slice(close + 1);
    return { host: text.slice(0, close + 1), port: after.startsWith(':') ? after.slice(1) : undefined };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0 || text.indexOf(':') !== colon) return { host: text, port: undefined };
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

/**
 * Whether every host and port `inner` allows is also allowed by `outer`.
 *
 * @internal
 */
export function hostEntryCovers(outer: HostEntry, inner: HostEntry): boolean {
  if (outer.port !== undefined && outer.port !== inner.port) return false;
  if (!outer.wildcard) return !inner.wildcard && inner.hostname === outer.hostname;
  return inner.hostname.endsWith(`.${outer.hostname}`) || (inner.wildcard && inner.hostname === outer.hostname);
}

/**
 * Whether the normalised absolute path `outer` is `inner` or one of its ancestors (on segment boundaries).
 *
 * @internal
 */
export function pathContains(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : `${outer}${sep}`);
}

/**
 * The entries deduplicated, without those another entry already covers, sorted: the canonical form of an
 * allow list. `covers(outer, inner)` says whether `outer` allows everything `inner` does.
 *
 * @internal
 */
export function keepOutermost(entries: Iterable<string>, covers: (outer: string, inner: string) => boolean): string[] {
  const unique = [...new Set(entries)].sort();
  // Of two entries that cover each other (only possible for unnormalised input), the first in order stays.
  return unique.filter(
    (entry, index) =>
      !unique.some((other, i) => i !== index && covers(other, entry) && (i < index || !covers(entry, other))),
  );
}

/** Lowercase, no trailing dot, brackets around a bare IPv6 address: the form `URL.hostname` gives. */
function canonicalHostname(host: string): string {
  const lower = host.toLowerCase();
  if (lower.includes(':') && !lower.startsWith('[')) return `[${lower}]`;
  return lower.length > 1 && lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function checkList(fn: string, field: string, list: unknown): void {
  if (!Array.isArray(list)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${fn}: \`${field}\` must be an array of strings (got ${describeValue(list)})`,
    );
  }
}
