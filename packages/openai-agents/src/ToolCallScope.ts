import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunContext } from '@openai/agents';
import type { ToolCallDetails } from './sdkTypes.js';

/**
 * What a governed tool's body needs beyond its arguments, which are all the policies see: the SDK's run
 * context and call details, and whether this call only records an approval request.
 *
 * @internal
 */
export interface ToolCallScope {
  readonly runContext: RunContext | undefined;
  readonly details: ToolCallDetails | undefined;
  /** `true` while `needsApproval` records a Brane approval request: the tool must not run. */
  readonly probe: boolean;
}

/**
 * Carries the {@link ToolCallScope} from the SDK's call into the governed function, through Brane's
 * policies (and through `runtime.resume`), without making it an argument the policies would see and an
 * approval would be bound to.
 *
 * @internal
 */
export const toolCallScope = new AsyncLocalStorage<ToolCallScope>();
