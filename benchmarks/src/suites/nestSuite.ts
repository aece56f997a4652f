import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { BraneContextInterceptor, BraneRequestContext, DEFAULT_MAX_REASON_LENGTH } from '@brane/nestjs';
import { Runtime } from '@brane/sdk';
import { lastValueFrom, from, type Observable } from 'rxjs';
import { benchEach, type BenchOptions, type Measurement } from '../measure.js';
import { RECIPE_IDENTITY, RecipeAsyncAgent, RecipePolicies } from '../recipe/braneRecipe.js';

/** A request's handler with and without `BraneContextInterceptor`. */
export interface NestResults {
  readonly plain: Measurement;
  readonly intercepted: Measurement;
}

/**
 * What `@brane/nestjs` adds to each request, without HTTP (whose cost and noise would hide it): the handler
 * (an async recipe refund) subscribed as Nest subscribes to it, bare, then through the interceptor, which reads
 * the identity from `req.user`, validates it and runs the handler in `withContext`. Each request is a new
 * request object, as in a server.
 */
export async function nestSuite(options: BenchOptions): Promise<NestResults> {
  const runtime = new Runtime({ agentId: 'support-agent', ...RECIPE_IDENTITY });
  runtime.use(new RecipePolicies());
  const agent = runtime.govern(new RecipeAsyncAgent());
  const requests = new BraneRequestContext(runtime, {
    identify: (request: { user: { tenant: string; id: string; scopes: string[] } }) => ({
      tenantId: request.user.tenant,
      principalId: request.user.id,
      scopes: request.user.scopes,
    }),
    errors: { maxReasonLength: DEFAULT_MAX_REASON_LENGTH, status: undefined },
    resumePath: undefined,
  });
  const interceptor = new BraneContextInterceptor(runtime, requests);
  const handler: CallHandler = { handle: (): Observable<number> => from(agent.refundCustomer('cust_1', 75)) };
  // The interceptor reads only the request (the context's first argument); the rest of a context is unused.
  const context = (): ExecutionContext => {
    const request = { user: { tenant: 'tenant_acme', id: 'user_1', scopes: ['refunds:create'] } };
    return { getArgByIndex: () => request, getType: () => 'http' } as unknown as ExecutionContext;
  };
  const [plain, intercepted] = await benchEach(
    [
      { name: 'handler', fn: () => lastValueFrom(handler.handle()) },
      {
        name: 'handler through BraneContextInterceptor',
        fn: () => lastValueFrom(interceptor.intercept(context(), handler)),
      },
    ],
    options,
  );
  return { plain: plain as Measurement, intercepted: intercepted as Measurement };
}
