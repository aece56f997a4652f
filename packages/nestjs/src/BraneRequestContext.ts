import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Runtime, type ContextOverrides } from '@brane/core';
import { BRANE_OPTIONS } from './BRANE_OPTIONS.js';
import type { ResolvedBraneOptions } from './parseBraneOptions.js';
import { toContextOverrides } from './toContextOverrides.js';

/**
 * Runs code in the identity of a request: the guard-friendly half of `BraneContextInterceptor`, for code that
 * runs outside it (guards, which run before interceptors; middleware-like code; gateways). Inject it and call
 * `run(context, fn)`. The identity is read once per request, whoever asks first.
 *
 * @example
 * canActivate(context: ExecutionContext) {
 *   return this.brane.run(context, () => this.agent.mayOpenTicket());
 * }
 */
export class BraneRequestContext {
  /** The identity read from each request object, so `identify` runs once per request. */
  readonly #identities = new WeakMap<object, Promise<ContextOverrides>>();

  constructor(
    private readonly runtime: Runtime,
    private readonly options: ResolvedBraneOptions,
  ) {}

  /**
   * The `withContext` overrides of the request behind `context`: every identity field named, so that an
   * anonymous request (or a missing field) runs with no identity rather than the runtime's.
   */
  overridesFor(context: ExecutionContext): Promise<ContextOverrides> {
    const request: unknown = context.getArgByIndex(0);
    const key = typeof request === 'object' && request !== null ? request : undefined;
    const cached = key === undefined ? undefined : this.#identities.get(key);
    if (cached !== undefined) return cached;
    const identity = this.#read(request, context);
    if (key !== undefined) this.#identities.set(key, identity);
    return identity;
  }

  /** Runs `fn` in the identity of the request behind `context`, and returns (a promise of) its result. */
  async run<T>(context: ExecutionContext, fn: () => T): Promise<Awaited<T>> {
    const overrides = await this.overridesFor(context);
    return await this.runtime.withContext(overrides, fn);
  }

  async #read(request: unknown, context: ExecutionContext): Promise<ContextOverrides> {
    const identify = this.options.identify;
    return toContextOverrides(identify === undefined ? undefined : await identify(request, context));
  }
}

Injectable()(BraneRequestContext);
Inject(Runtime)(BraneRequestContext, undefined, 0);
Inject(BRANE_OPTIONS)(BraneRequestContext, undefined, 1);
