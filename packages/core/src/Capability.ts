import './polyfillSymbolMetadata.js';
import { ConfigurationError } from '@brane/errors';
import { defineCapability, type CapabilityOptions } from './CapabilityDefinition.js';
import { CAPABILITIES, type CapabilityRecord } from './classMetadata.js';
import { decoratedMethod } from './decoratorCall.js';
import { createGate } from './gates.js';

/** The decorator `@Capability(...)` returns; it works with standard and `experimentalDecorators` compilation. */
export interface CapabilityDecorator {
  // `any` matches the constraint of the standard library's ClassMethodDecoratorContext.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  <This, Fn extends (this: This, ...args: any) => any>(method: Fn, context: ClassMethodDecoratorContext<This, Fn>): Fn;
  (prototype: object, key: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor;
}

/**
 * Marks a method as a capability. The method is replaced on the prototype by a gate that hands every call
 * to the runtime governing the instance (see `runtime.govern`); on an ungoverned instance the call is
 * refused. Options are validated here, when the class is defined.
 *
 * @example
 * class SupportAgent {
 *   @Capability({ name: 'refund_customer', type: 'tool', risk: 'high' })
 *   async refundCustomer(customerId: string, amountUsd: number) { ... }
 * }
 */
export function Capability(options: CapabilityOptions = {}): CapabilityDecorator {
  if (typeof options === 'function') {
    throw new ConfigurationError(
      'INVALID_DECORATOR_USAGE',
      '@Capability must be called: write `@Capability()` or `@Capability({ ... })`',
    );
  }
  return ((...args: unknown[]) => {
    const decoration = decoratedMethod('@Capability', args);
    const definition = defineCapability(options, decoration.method, decoration.where, decoration.key);
    const gate = createGate(definition, decoration.method, decoration.key);
    const record: CapabilityRecord = { key: decoration.key, definition, gate };
    decoration.record(CAPABILITIES, record);
    return decoration.result(gate);
  }) as CapabilityDecorator;
}
