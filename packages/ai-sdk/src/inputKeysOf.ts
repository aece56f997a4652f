import { asSchema, type Tool } from 'ai';

const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * The keys a tool's input takes, from its input schema (zod, a standard schema, or `jsonSchema(...)`): the
 * properties of an object schema, so that a `transform_input` naming any other key is a deny. `undefined`
 * (any key) for a schema that allows more properties (`additionalProperties`) or is not an object; none for a
 * tool without a schema, or one whose schema cannot be read (fail closed: no transform may invent a key).
 *
 * @internal
 */
export async function inputKeysOf(tool: Tool): Promise<readonly string[] | undefined> {
  try {
    return keysOf(await asSchema(tool.inputSchema).jsonSchema);
  } catch {
    return NO_KEYS;
  }
}

/** The keys an object JSON schema names, as {@link inputKeysOf} reads them. */
export function keysOf(schema: unknown): readonly string[] | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const { type, properties, additionalProperties } = schema as Record<string, unknown>;
  if (type !== 'object' || (additionalProperties !== undefined && additionalProperties !== false)) return undefined;
  if (properties === undefined) return NO_KEYS;
  if (typeof properties !== 'object' || properties === null) return undefined;
  return Object.freeze(Object.keys(properties).filter((key) => key !== '__proto__'));
}
