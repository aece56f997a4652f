import { BraneError, describeValue } from '@brane/errors';

/**
 * Checks the second argument the SDK passes a governed tool's `execute` or `needsApproval`: its tool call
 * options, an object (`{ toolCallId, messages, abortSignal, ... }`). A tool called without them (`execute(input)`
 * from app code or a test) is refused with a `BraneError` (`INVALID_ARGUMENT`) that names what it got, before
 * any policy runs and without running the tool, instead of failing on a property read deep inside.
 *
 * @internal
 */
export function requireCallOptions(tool: string, hook: 'execute' | 'needsApproval', options: unknown): void {
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) return;
  throw new BraneError(
    'INVALID_ARGUMENT',
    `${hook} of governed tool \`${tool}\`: expected the SDK's tool call options as the second argument, such as \`{ toolCallId, messages: [] }\` (got ${describeValue(options)}); the tool did not run`,
    { details: { tool, hook } },
  );
}
