import type { StructuredToolInterface } from '@langchain/core/tools';
import { getInteropZodObjectShape, isInteropZodObject } from '@langchain/core/utils/types';

const STRING_INPUT: readonly string[] = Object.freeze(['input']);

/**
 * The keys a tool's input takes, from its schema, so that a `transform_input` naming any other key is a
 * deny: `input` for a string tool; the shape of a zod object schema (v3 or v4), or the properties of an
 * object JSON schema. `undefined` (any key) for a schema that lets more keys through (a passthrough or
 * catchall object, `additionalProperties`) or that is not an object.
 *
 * @internal
 */
export function inputKeysOf(tool: StructuredToolInterface, stringInput: boolean): readonly string[] | undefined {
  if (stringInput) return STRING_INPUT;
  const schema: unknown = tool.schema;
  if (isInteropZodObject(schema)) return acceptsOtherKeys(schema) ? undefined : named(getInteropZodObjectShape(schema));
  if (typeof schema !== 'object' || schema === null) return undefined;
  const { type, properties, additionalProperties } = schema as Record<string, unknown>;
  if (type !== 'object' || (additionalProperties !== undefined && additionalProperties !== false)) return undefined;
  if (properties === undefined) return Object.freeze([]);
  return typeof properties === 'object' && properties !== null ? named(properties) : undefined;
}

function named(shape: object): readonly string[] {
  return Object.freeze(Object.keys(shape).filter((key) => key !== '__proto__'));
}

/** A zod object that keeps keys its shape does not name: `.passthrough()` (v3), or a catchall (v3, v4). */
function acceptsOtherKeys(schema: object): boolean {
  const v3 = (schema as { _def?: { unknownKeys?: unknown; catchall?: { _def?: { typeName?: unknown } } } })._def;
  const v4 = (schema as { _zod?: { def?: { catchall?: { _zod?: { def?: { type?: unknown } } } } } })._zod?.def;
  if (v4 !== undefined) return v4.catchall !== undefined && v4.catchall._zod?.def?.type !== 'never';
  if (v3?.unknownKeys === 'passthrough') return true;
  return v3?.catchall !== undefined && v3.catchall._def?.typeName !== 'ZodNever';
}
