import { BraneError, describeValue } from '@brane/errors';
import type { SandboxConstraints } from './SandboxConstraints.js';
import {
  formatHostEntry,
  hostEntryCovers,
  keepOutermost,
  parseHostEntry,
  pathContains,
  type HostEntry,
} from './sandboxMatch.js';

/**
 * Combines two sandboxes into one that allows only what both allow: the strictest wins.
 *
 * - `timeoutMs`: the smaller of those set.
 * - `network` and `filesystem`: when only one side sets it, that side's list; when both do, the entries
 *   allowed by both. For hosts: `a.com` ∩ `a.com` is `a.com`; `api.a.com` ∩ `*.a.com` is `api.a.com`;
 *   `*.x.a.com` ∩ `*.a.com` is `*.x.a.com`; unrelated names give nothing. An entry without a port allows any
 *   port, so `a.com` ∩ `a.com:443` is `a.com:443`, and two different ports give nothing. For paths, the
 *   deeper of two nested paths (`/data` ∩ `/data/x` is `/data/x`, on segment boundaries: `/data` does not
 *   contain `/database`); unrelated paths give nothing. An empty result allows nothing.
 *
 * Lists come back deduplicated, sorted and without entries another entry covers. The function is pure,
 * commutative, associative and, on the normalised sandboxes `validateSandbox` returns, idempotent.
 *
 * @example
 * intersectSandbox({ timeoutMs: 5000, network: { allowHosts: ['*.stripe.com'] } },
 *                  { timeoutMs: 2000, network: { allowHosts: ['api.stripe.com', 'example.com'] } })
 * // { timeoutMs: 2000, network: { allowHosts: ['api.stripe.com'] } }
 */
export function intersectSandbox(a: SandboxConstraints, b: SandboxConstraints): SandboxConstraints {
  checkSandbox(a, 'a');
  checkSandbox(b, 'b');
  const result: {
    timeoutMs?: number;
    network?: SandboxConstraints['network'];
    filesystem?: SandboxConstraints['filesystem'];
  } = {};
  const timeouts = [a.timeoutMs, b.timeoutMs].filter((timeout): timeout is number => timeout !== undefined);
  if (timeouts.length > 0) result.timeoutMs = Math.min(...timeouts);

  const network = both(a.network, b.network, (x, y) => ({ allowHosts: intersectHosts(x.allowHosts, y.allowHosts) }));
  if (network !== undefined) result.network = network;
  const filesystem = both(a.filesystem, b.filesystem, (x, y) => ({
    allowPaths: intersectPaths(x.allowPaths, y.allowPaths),
  }));
  if (filesystem !== undefined) result.filesystem = filesystem;
  return Object.freeze(result);
}

/** `x` when only `x` is set, `y` when only `y` is, their combination (frozen) when both are. */
function both<T extends object>(x: T | undefined, y: T | undefined, combine: (x: T, y: T) => T): T | undefined {
  if (x === undefined) return y;
  if (y === undefined) return x;
  return Object.freeze(combine(x, y));
}

function intersectHosts(x: readonly string[], y: readonly string[]): readonly string[] {
  const left = x.map(parseHostEntry);
  const right = y.map(parseHostEntry);
  const common: string[] = [];
  for (const l of left) {
    for (const r of right) {
      const entry = intersectHostEntries(l, r);
      if (entry !== undefined) common.push(formatHostEntry(entry));
    }
  }
  return Object.freeze(
    keepOutermost(common, (outer, inner) => hostEntryCovers(parseHostEntry(outer), parseHostEntry(inner))),
  );
}

/**
 * The hosts and ports both entries allow, as one entry, or `undefined` if none. Two entries' host names are
 * always either nested (one covers the other) or disjoint, so the intersection is the narrower one.
 */
function intersectHostEntries(x: HostEntry, y: HostEntry): HostEntry | undefined {
  if (x.port !== undefined && y.port !== undefined && x.port !== y.port) return undefined;
  const port = x.port ?? y.port;
  const anyPort = (entry: HostEntry): HostEntry => ({ ...entry, port: undefined });
  if (hostEntryCovers(anyPort(x), anyPort(y))) return { ...y, port };
  if (hostEntryCovers(anyPort(y), anyPort(x))) return { ...x, port };
  return undefined;
}

function intersectPaths(x: readonly string[], y: readonly string[]): readonly string[] {
  const common: string[] = [];
  for (const l of x) {
    for (const r of y) {
      if (pathContains(l, r)) common.push(r);
      else if (pathContains(r, l)) common.push(l);
    }
  }
  return Object.freeze(keepOutermost(common, pathContains));
}

function checkSandbox(value: unknown, name: string): void {
  if (typeof value !== 'object' || value === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `intersectSandbox: \`${name}\` must be sandbox constraints (got ${describeValue(value)})`,
    );
  }
}
