import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Runtime } from '@brane/core';
import { Observable, type Subscription } from 'rxjs';
import { BraneRequestContext } from './BraneRequestContext.js';

/**
 * Runs each request's handler (and its pipes, and everything it awaits) in `runtime.withContext` with the
 * identity `identify` reads from the request: its tenant, principal and scopes, or no identity at all for an
 * anonymous request (never the runtime's own). Guards run before interceptors, so the `req.user` a
 * Passport-style guard sets is there to read. `BraneModule` installs it globally unless told not to.
 */
export class BraneContextInterceptor implements NestInterceptor {
  constructor(
    private readonly runtime: Runtime,
    private readonly requests: BraneRequestContext,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // The handler runs when its observable is subscribed to, so the subscription is made inside the context:
    // subscribing outside it would run the handler with no identity of the request.
    return new Observable((subscriber) => {
      let subscription: Subscription | undefined;
      let closed = false;
      this.requests.overridesFor(context).then(
        (overrides) => {
          if (closed) return;
          subscription = this.runtime.withContext(overrides, () => next.handle().subscribe(subscriber));
        },
        (error: unknown) => {
          subscriber.error(error);
        },
      );
      return () => {
        closed = true;
        subscription?.unsubscribe();
      };
    });
  }
}

Injectable()(BraneContextInterceptor);
Inject(Runtime)(BraneContextInterceptor, undefined, 0);
Inject(BraneRequestContext)(BraneContextInterceptor, undefined, 1);
