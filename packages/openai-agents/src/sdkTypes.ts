import type { FunctionTool } from '@openai/agents';

/**
 * The details the Agents SDK passes to a function tool's `invoke` and `execute` (the model's tool call, an
 * abort signal); the SDK does not export the type under a name of its own.
 */
export type ToolCallDetails = Parameters<FunctionTool['invoke']>[2];

/** A function tool of any context, parameters and result. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's own `Tool` union uses `any` here
export type AnyFunctionTool = FunctionTool<any, any, any>;
