import type { RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { getObjectShape, normalizeObjectSchema } from '@modelcontextprotocol/sdk/server/zod-compat.js';

const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * The keys a registered tool's input takes, from its input schema as it is now (`update({ paramsSchema })`
 * changes it): the properties of an object schema; none for a tool without an input schema (its handler gets
 * no arguments) or one no longer registered; `undefined` (any key) for a schema that is not an object. A
 * `transform_input` naming another key is a deny.
 *
 * @internal
 */
export function inputKeys(tool: RegisteredTool | undefined): readonly string[] | undefined {
  if (tool === undefined || tool.inputSchema === undefined) return NO_KEYS;
  const shape = getObjectShape(normalizeObjectSchema(tool.inputSchema));
  return shape === undefined ? undefined : Object.keys(shape).filter((key) => key !== '__proto__');
}
