import type { ContextOverrides } from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';
import type { ToolExtra } from './handlerExtra.js';

/** How a governed server finds the identity of each call. */
export type McpRequestContext = (extra: ToolExtra) => ContextOverrides | undefined;

/**
 * The overrides `context` made for the request behind `extra`: `undefined` (the runtime's identity) or a plain
 * object, which `runtime.withContext` then checks field by field. Anything else is refused with a `BraneError`
 * (`INVALID_ARGUMENT`) that names what came back, so the tool never runs: a promise (an `async` `context`), a
 * `Map` or a class instance names no field `withContext` reads, and would run the call as the runtime's own
 * identity instead of the request's; an object inheriting from another could name a field it does not own.
 *
 * @internal
 */
export function requestOverrides(
  context: McpRequestContext | undefined,
  extra: ToolExtra,
): ContextOverrides | undefined {
  if (context === undefined) return undefined;
  const overrides: unknown = context(extra);
  if (overrides === undefined || isOwnFieldsObject(overrides)) return overrides;
  throw new BraneError(
    'INVALID_ARGUMENT',
    `governMcpServer: \`context\` must return the call's identity overrides, a plain object such as \`{ principalId }\`, or \`undefined\`, and synchronously (got ${describeValue(overrides)}); the tool did not run`,
    { details: { got: describeValue(overrides) } },
  );
}

/** An object literal (or `Object.create(null)`): every field it names is its own. */
function isOwnFieldsObject(value: unknown): value is ContextOverrides {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
