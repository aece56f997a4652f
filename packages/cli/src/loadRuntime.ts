import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Runtime } from '@brane/core';
import { describeValue } from '@brane/errors';
import { CliError, usageError } from './CliError.js';
import type { CliIo } from './CliIo.js';
import { describeError } from './describeError.js';

/** What `brane policies` reads from a runtime: a `Runtime` from `@brane/core`, or any object shaped like one. */
export type RuntimeLike = Pick<Runtime, 'policies' | 'capabilities' | 'validate'> & { close?: () => unknown };

/** The file extensions Node loads as JavaScript modules. */
const MODULE_EXTENSIONS = ['.js', '.cjs', '.mjs'];

/**
 * Loads the runtime that the JavaScript module `file` (resolved against `io.cwd`) provides, by dynamic `import()`
 * (through `io.importModule`). The module provides it, in this order of preference, as:
 *
 * 1. a named export `runtime`;
 * 2. a named export `createRuntime`, a function returning a runtime or a promise of one;
 * 3. a default export that is a runtime, or a function returning one (or a promise of one).
 *
 * For a CommonJS module, `module.exports = runtime` and `module.exports = { runtime }` both work. A runtime is
 * recognised by its shape (`policies`, `capabilities`, `validate()`), not by `instanceof`, since the module may
 * load its own copy of `@brane/core`.
 */
export async function loadRuntime(file: string, io: Pick<CliIo, 'cwd' | 'importModule'>): Promise<RuntimeLike> {
  const absolute = path.resolve(io.cwd, file);
  if (!MODULE_EXTENSIONS.includes(path.extname(absolute))) {
    throw usageError(
      `\`${file}\` is not a JavaScript module: expected a .js, .cjs or .mjs file (build TypeScript first)`,
    );
  }
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (stat === undefined || !stat.isFile()) throw new CliError('MODULE_NOT_FOUND', `No module file at ${absolute}`);
  let namespace: unknown;
  try {
    namespace = await io.importModule(pathToFileURL(absolute).href);
  } catch (error) {
    throw new CliError('MODULE_LOAD_FAILED', `Could not load ${absolute}: ${describeError(error).message}`, {
      cause: error,
    });
  }
  return findRuntime(namespace, absolute);
}

/** Whether `value` has the shape of a runtime: `policies` and `capabilities` arrays, and a `validate` method. */
export function isRuntimeLike(value: unknown): value is RuntimeLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    Array.isArray(candidate['policies']) &&
    Array.isArray(candidate['capabilities']) &&
    typeof candidate['validate'] === 'function'
  );
}

async function findRuntime(namespace: unknown, file: string): Promise<RuntimeLike> {
  if (isRuntimeLike(namespace)) return namespace;
  if (typeof namespace === 'function') {
    // A loader that returns `module.exports` itself (a `require`-based `importModule`): a factory.
    return expectRuntime(await call(namespace, 'the module', file), 'the module', file);
  }
  const exports = asRecord(namespace);
  const fallback = asRecord(exports['default']); // a CommonJS module's `module.exports`, when it is an object
  for (const scope of [exports, fallback]) {
    if (scope['runtime'] !== undefined) return expectRuntime(scope['runtime'], 'the export `runtime`', file);
    const factory = scope['createRuntime'];
    if (typeof factory === 'function')
      return expectRuntime(await call(factory, 'createRuntime()', file), 'createRuntime()', file);
  }
  const byDefault = exports['default'];
  if (isRuntimeLike(byDefault)) return byDefault;
  if (typeof byDefault === 'function') {
    return expectRuntime(await call(byDefault, 'the default export', file), 'the default export', file);
  }
  const names = Object.keys(exports);
  throw new CliError(
    'NOT_A_RUNTIME',
    `${file} provides no runtime: export \`runtime\`, a \`createRuntime()\` function, or a default runtime or function returning one (it exports ${names.length === 0 ? 'nothing' : names.map((name) => `\`${name}\``).join(', ')})`,
  );
}

async function call(factory: unknown, what: string, file: string): Promise<unknown> {
  try {
    return await (factory as () => unknown)();
  } catch (error) {
    throw new CliError('MODULE_LOAD_FAILED', `${what} of ${file} failed: ${describeError(error).message}`, {
      cause: error,
    });
  }
}

function expectRuntime(value: unknown, what: string, file: string): RuntimeLike {
  if (isRuntimeLike(value)) return value;
  throw new CliError(
    'NOT_A_RUNTIME',
    `${what} of ${file} is not a runtime: expected an object with \`policies\`, \`capabilities\` and \`validate()\` (got ${describeValue(value)})`,
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null
    ? (value as Record<string, unknown>)
    : {};
}
