import { isAbsolute, resolve } from 'node:path';
import { BraneError, describeValue } from '@brane/errors';
import type { SandboxConstraints } from './SandboxConstraints.js';
import {
  formatHostEntry,
  hostEntryCovers,
  keepOutermost,
  parseHostEntry,
  pathContains,
  splitHostPort,
} from './sandboxMatch.js';

/** The longest delay `setTimeout` accepts (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;
const KEYS = new Set(['timeoutMs', 'network', 'filesystem']);

/**
 * Checks sandbox constraints from untrusted code (a policy's return value) and returns a normalised, frozen
 * copy. Throws `INVALID_ARGUMENT` naming the field at fault, prefixed with `label`.
 *
 * - `timeoutMs`: a positive integer of at most 2 147 483 647.
 * - `network.allowHosts`: host names, lowercased: `api.stripe.com`, `localhost`, `127.0.0.1`, `[::1]`, each
 *   with an optional `:port` (without one, any port); `*.example.com` allows any subdomain of
 *   `example.com`, not `example.com` itself. URLs, paths, `*` alone and `*.com` (a whole top-level domain)
 *   are refused. Names are normalised as a URL would (`bücher.de` becomes `xn--bcher-kva.de`).
 * - `filesystem.allowPaths`: absolute paths, normalised (`..` resolved, no trailing slash but for the root).
 * - No other keys, and at least one of the three. Fields set to `undefined` count as absent.
 *
 * Each list comes back deduplicated and sorted, without the entries another entry already covers
 * (`/data/x` goes when `/data` is listed). An empty list stays empty: it allows nothing.
 *
 * @example
 * validateSandbox({ network: { allowHosts: ['API.Stripe.com'] } }, 'Decision.sandbox')
 * // { network: { allowHosts: ['api.stripe.com'] } }
 */
export function validateSandbox(value: unknown, label: string): SandboxConstraints {
  const input = checkObject(value, label, 'sandbox', KEYS);
  const result: {
    timeoutMs?: number;
    network?: SandboxConstraints['network'];
    filesystem?: SandboxConstraints['filesystem'];
  } = {};
  if (input['timeoutMs'] !== undefined) result.timeoutMs = checkTimeout(input['timeoutMs'], label);
  if (input['network'] !== undefined) {
    const hosts = checkList(input['network'], label, 'network', 'allowHosts').map((host, i) =>
      normaliseHost(host, label, `network.allowHosts[${i}]`),
    );
    const allowHosts = keepOutermost(hosts, (outer, inner) =>
      hostEntryCovers(parseHostEntry(outer), parseHostEntry(inner)),
    );
    result.network = Object.freeze({ allowHosts: Object.freeze(allowHosts) });
  }
  if (input['filesystem'] !== undefined) {
    const paths = checkList(input['filesystem'], label, 'filesystem', 'allowPaths').map((path, i) =>
      normalisePath(path, label, `filesystem.allowPaths[${i}]`),
    );
    result.filesystem = Object.freeze({ allowPaths: Object.freeze(keepOutermost(paths, pathContains)) });
  }
  if (Object.keys(result).length === 0) {
    fail(label, 'sandbox', value, 'must set at least one of `timeoutMs`, `network` or `filesystem`');
  }
  return Object.freeze(result);
}

function checkTimeout(value: unknown, label: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    fail(label, 'timeoutMs', value, `must be a positive integer of at most ${MAX_TIMEOUT_MS} (milliseconds)`);
  }
  return value;
}

function checkList(value: unknown, label: string, field: string, listKey: string): unknown[] {
  const object = checkObject(value, label, field, new Set([listKey]));
  const list = object[listKey];
  if (!Array.isArray(list)) fail(label, `${field}.${listKey}`, list, 'must be an array of strings');
  return list as unknown[];
}

function normaliseHost(value: unknown, label: string, field: string): string {
  if (typeof value !== 'string' || value === '') fail(label, field, value, 'must be a non-empty host name');
  const invalid = (why: string): never =>
    fail(
      label,
      field,
      value,
      `${why}; write a host name like \`api.stripe.com\`, \`*.example.com\` or \`localhost:8080\``,
    );
  if (/\s/.test(value)) invalid('must not contain whitespace');
  if (value.includes('://') || /[/\\?#@]/.test(value)) invalid('must be a host name, not a URL or a path');
  const wildcard = value.startsWith('*.');
  const rest = wildcard ? value.slice(2) : value;
  if (value === '*') invalid('`*` alone would allow every host');
  if (rest.includes('*')) invalid('may use `*` only as a leading `*.`');
  const { host, port } = splitHostPort(rest);
  if (`${host}${port === undefined ? '' : `:${port}`}` !== rest) invalid('is not a valid host name');
  if (port !== undefined && !/^\d{1,5}$/.test(port)) invalid(`has an invalid port ${describeValue(port)}`);
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) invalid('has a port outside 1-65535');
  const hostname = canonicalHostname(host) ?? invalid('is not a valid host name');
  if (wildcard && isIpAddress(hostname)) invalid('cannot put a wildcard on an IP address');
  if (wildcard && !hostname.includes('.')) {
    invalid(`would allow every host under the top-level domain \`${hostname}\``);
  }
  return formatHostEntry({ wildcard, hostname, port: port === undefined ? undefined : String(Number(port)) });
}

/** The host name as `URL.hostname` gives it (lowercase, IDN in punycode, IPv4 dotted), without a trailing dot. */
function canonicalHostname(host: string): string | undefined {
  if (host === '') return undefined;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}/`).hostname;
  } catch {
    return undefined;
  }
  if (hostname.startsWith('[')) return hostname;
  if (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  return hostname.split('.').every((part) => /^[a-z0-9_-]+$/.test(part)) ? hostname : undefined;
}

function isIpAddress(hostname: string): boolean {
  return hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
}

function normalisePath(value: unknown, label: string, field: string): string {
  if (typeof value !== 'string' || value === '') fail(label, field, value, 'must be a non-empty absolute path');
  if (value.includes('\0')) fail(label, field, value, 'must not contain a NUL character');
  if (!isAbsolute(value)) fail(label, field, value, 'must be an absolute path like `/srv/data`');
  return resolve(value);
}

function checkObject(value: unknown, label: string, field: string, keys: ReadonlySet<string>): Record<string, unknown> {
  const proto: unknown = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    fail(label, field, value, `must be a plain object with ${[...keys].map((key) => `\`${key}\``).join(', ')}`);
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!keys.has(key)) {
      const where = field === 'sandbox' ? key : `${field}.${key}`;
      fail(
        label,
        where,
        object[key],
        `is not a sandbox setting (expected ${[...keys].map((k) => `\`${k}\``).join(', ')})`,
      );
    }
  }
  return object;
}

function fail(label: string, field: string, value: unknown, problem: string): never {
  throw new BraneError('INVALID_ARGUMENT', `${label}: \`${field}\` ${problem} (got ${describeValue(value)})`, {
    details: { field, value },
  });
}
