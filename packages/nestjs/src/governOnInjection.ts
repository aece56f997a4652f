import { Inject, Optional } from '@nestjs/common';
import { Runtime } from '@brane/core';

/** The property through which the container hands a new agent instance to its runtime. Module-private. */
const GOVERN: unique symbol = Symbol('brane.nestjs.govern');

/**
 * Makes every instance of `agentClass` that the container creates from now on (request-scoped and transient
 * providers are created per request or per consumer) governed by the `Runtime` visible in its module, before
 * the container hands it to anyone: it declares an optional property injection of `Runtime` whose setter
 * governs the instance. Property injection is applied right after the constructor, so no consumer ever holds
 * the ungoverned instance; a container without a `Runtime` leaves it ungoverned, and every capability call
 * on it is then refused (`UNGOVERNED_CALL`), never run.
 */
export function governOnInjection(agentClass: abstract new (...args: never[]) => object): void {
  const prototype = agentClass.prototype as object;
  if (Object.hasOwn(prototype, GOVERN)) return;
  Object.defineProperty(prototype, GOVERN, {
    set(this: object, runtime: unknown) {
      if (runtime instanceof Runtime) runtime.govern(this);
    },
    enumerable: false,
    configurable: false,
  });
  Optional()(prototype, GOVERN);
  Inject(Runtime)(prototype, GOVERN);
}
