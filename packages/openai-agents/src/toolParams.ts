const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The argument names of a tool's capability, read from its JSON schema: the schema's properties when it is
 * closed (`additionalProperties: false`, as every strict tool's is) and each is a JavaScript identifier.
 * Then policies read `ctx.arg('amountUsd')` and a typo fails closed. Otherwise `undefined`: the capability
 * takes the input object as it is, and policies read its keys (`ctx.hasArg` first).
 *
 * @internal
 */
export function toolParams(schema: unknown): readonly string[] | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const { properties, additionalProperties } = schema as { properties?: unknown; additionalProperties?: unknown };
  if (additionalProperties !== false || typeof properties !== 'object' || properties === null) return undefined;
  const names = Object.keys(properties);
  return names.every((name) => IDENTIFIER.test(name) && name !== '__proto__') ? names : undefined;
}
