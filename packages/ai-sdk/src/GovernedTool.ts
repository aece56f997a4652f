import type { Tool } from 'ai';
import type { ParsedGovernToolsOptions } from './GovernToolsOptions.js';
import type { GovernedCall, ToolGovernor } from './ToolGovernor.js';
import type { ToolExecute } from './toolCallScope.js';

/** One tool being governed: what its `needsApproval`, `execute` and `toModelOutput` wrappers share. */
export interface GovernedTool {
  readonly governor: ToolGovernor;
  /** The SDK tool name. */
  readonly tool: string;
  /** Its Brane capability name. */
  readonly capability: string;
  /** The governed call of the capability. */
  readonly call: GovernedCall;
  /** The tool as given. */
  readonly original: Tool;
  /** The tool's own `execute`. */
  readonly execute: ToolExecute;
  readonly options: ParsedGovernToolsOptions;
  /** Whether the tool streams preliminary results (an `async function*` execute, or `stream: true`). */
  readonly stream: boolean;
  /** The keys its input schema names, read once when it is governed. */
  readonly keys: Promise<readonly string[] | undefined>;
}
