import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { pathAllowed, type SandboxConstraints } from '@brane/decisions';
import { BraneError, SandboxViolationError, describeValue } from '@brane/errors';

/** What {@link checkSandboxPath} checks against. */
export interface SandboxPathOptions {
  /** The sandboxed capability, named in violations. */
  readonly capability: string;
  /** The sandbox; only `filesystem` matters here. */
  readonly constraints: SandboxConstraints;
}

/** As many symbolic links as one resolution may follow (Linux's limit), so a link loop ends. */
const MAX_LINKS = 40;

/**
 * Resolves `path` (relative to `process.cwd()`) to the real absolute path it designates, following every
 * symbolic link, even when the file does not exist yet (its longest existing ancestor is resolved and the
 * rest appended; a dangling link is followed to where it points). Throws a `SandboxViolationError` unless
 * that path is in one of the sandbox's `allowPaths` (taken both as written and with their own links
 * resolved); with no `filesystem` constraint, any path is allowed. Containment is on segment boundaries:
 * `/data` allows `/data/x`, not `/database`.
 *
 * Open the returned path, not `path`: it is exactly what was checked. A process that changes links between
 * the check and the open can still race it; the sandbox guards against arguments, not against hostile code.
 *
 * @example
 * const file = await checkSandboxPath({ capability: 'export', constraints }, 'reports/q1.csv');
 * await writeFile(file, csv);
 */
export async function checkSandboxPath(options: SandboxPathOptions, path: string): Promise<string> {
  checkArguments(options, path);
  const resolved = await realPath(isAbsolute(path) ? path : `${process.cwd()}${sep}${path}`);
  const filesystem = options.constraints.filesystem;
  if (filesystem === undefined) return resolved;
  const roots = filesystem.allowPaths.filter((root) => typeof root === 'string' && isAbsolute(root));
  const realRoots = await Promise.all(roots.map(realPath));
  if (pathAllowed(resolved, [...roots, ...realRoots])) return resolved;
  throw new SandboxViolationError({
    capability: options.capability,
    kind: 'filesystem',
    target: resolved,
    allowed: filesystem.allowPaths,
  });
}

/**
 * `realpath` that works for paths that do not exist yet: resolves the longest existing ancestor, follows a
 * dangling link to its target, and appends the rest. `..` after a link is resolved from the link's target,
 * as the system would.
 */
async function realPath(absolute: string): Promise<string> {
  let pending = absolute;
  const rest: string[] = [];
  for (let links = 0; ;) {
    try {
      return resolve(await realpath(pending), ...rest);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    const link = await readLink(pending);
    if (link !== undefined) {
      if (++links > MAX_LINKS) {
        throw new BraneError(
          'INVALID_ARGUMENT',
          `checkSandboxPath: too many symbolic links in ${describeValue(absolute)}`,
        );
      }
      pending = isAbsolute(link) ? link : `${dirname(pending)}${sep}${link}`;
      continue;
    }
    const parent = dirname(pending);
    if (parent === pending) return resolve(pending, ...rest);
    rest.unshift(basename(pending));
    pending = parent;
  }
}

/** The target of `path` if it is a symbolic link; `undefined` if it is something else or nothing. */
async function readLink(path: string): Promise<string | undefined> {
  try {
    return (await lstat(path)).isSymbolicLink() ? await readlink(path) : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function checkArguments(options: SandboxPathOptions, path: string): void {
  if (typeof options !== 'object' || options === null || typeof options.capability !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `checkSandboxPath: expected options with a \`capability\` name (got ${describeValue(options)})`,
    );
  }
  if (typeof options.constraints !== 'object' || options.constraints === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `checkSandboxPath: \`constraints\` must be sandbox constraints (got ${describeValue(options.constraints)})`,
    );
  }
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `checkSandboxPath: \`path\` must be a non-empty string without NUL characters (got ${describeValue(path)})`,
    );
  }
}
