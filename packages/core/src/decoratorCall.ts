import { ConfigurationError, describeValue } from '@brane/errors';
import { recordInLegacyMetadata, recordInMetadata, type CAPABILITIES, type POLICIES } from './classMetadata.js';

/** A method being decorated, whichever decorator standard the caller compiled with. */
export interface MethodDecoration {
  /** The method name. */
  readonly key: string;
  /** The method, undecorated. */
  readonly method: (...args: unknown[]) => unknown;
  /** For messages: ``@Capability on `SupportAgent.refund` `` (standard decorators do not reveal the class). */
  readonly where: string;
  /** Stores a record in the class's metadata. */
  record(key: typeof CAPABILITIES | typeof POLICIES, record: unknown): void;
  /** What the decorator returns to replace the method with `replacement` (or keep it, with none). */
  result(replacement?: (...args: unknown[]) => unknown): unknown;
}

/**
 * Reads the arguments a decorator was called with and returns the method it decorates. Standard (TC39)
 * decorators are called as `(method, context)`; `experimentalDecorators` as `(prototype, key, descriptor)`.
 * Anything but a public, non-static, string-named method is an `INVALID_DECORATOR_USAGE` error.
 */
export function decoratedMethod(decorator: string, args: readonly unknown[]): MethodDecoration {
  const [first, second, third] = args;
  if (isStandardContext(second)) return standardMethod(decorator, first, second);
  if (
    args.length === 3 &&
    typeof first === 'object' &&
    first !== null &&
    (typeof second === 'string' || typeof second === 'symbol')
  ) {
    return legacyMethod(decorator, first, second, third as PropertyDescriptor | undefined);
  }
  if (args.length === 3 && typeof first === 'function') {
    throw misuse(`${decorator} on static method \`${first.name}.${String(second)}\`: decorate an instance method`);
  }
  throw misuse(`${decorator} must decorate a class method (it was applied to ${describeValue(first)})`);
}

function standardMethod(decorator: string, method: unknown, context: DecoratorContext): MethodDecoration {
  const name = typeof context.name === 'symbol' ? context.name.toString() : String(context.name);
  const where = `${decorator} on \`${name}\``;
  if (context.kind !== 'method') throw misuse(`${where}: it decorates methods, not a ${context.kind}`);
  if (context.static) throw misuse(`${where}: it decorates instance methods, not static ones`);
  if (context.private) throw misuse(`${where}: it cannot decorate a private method`);
  if (typeof context.name !== 'string') throw misuse(`${where}: the method must have a string name`);
  if (context.metadata === undefined) {
    throw misuse(
      `${where}: decorator metadata is unavailable; import Brane before the class is defined, and compile with TypeScript 5.2 or later`,
    );
  }
  const metadata = context.metadata;
  return {
    key: context.name,
    method: method as (...args: unknown[]) => unknown,
    where,
    record: (key, record) => {
      recordInMetadata(metadata, key, record);
    },
    result: (replacement) => replacement,
  };
}

function legacyMethod(
  decorator: string,
  prototype: object,
  key: string | symbol,
  descriptor: PropertyDescriptor | undefined,
): MethodDecoration {
  const className = (prototype as { constructor?: { name?: string } }).constructor?.name ?? 'anonymous class';
  const where = `${decorator} on \`${className}.${String(key)}\``;
  if (typeof descriptor?.value !== 'function') throw misuse(`${where}: it decorates methods, not accessors or fields`);
  if (typeof key !== 'string') throw misuse(`${where}: the method must have a string name`);
  return {
    key,
    method: descriptor.value as (...args: unknown[]) => unknown,
    where,
    record: (metadataKey, record) => {
      recordInLegacyMetadata(prototype, metadataKey, record);
    },
    result: (replacement) => (replacement === undefined ? descriptor : { ...descriptor, value: replacement }),
  };
}

function isStandardContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

function misuse(message: string): ConfigurationError {
  return new ConfigurationError('INVALID_DECORATOR_USAGE', message);
}
