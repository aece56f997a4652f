import { Catch, Inject, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApprovalRequiredError, BraneError } from '@brane/errors';
import { BRANE_OPTIONS } from './BRANE_OPTIONS.js';
import { braneErrorResponse, type BraneErrorResponse } from './braneErrorResponse.js';
import type { ResolvedBraneOptions } from './parseBraneOptions.js';

/**
 * Answers Brane errors over HTTP (see `braneErrorResponse`): `CapabilityDeniedError` is 403 with the bounded
 * reason (429 with `Retry-After` when a limit had no room), `ApprovalRequiredError` is 202 with the approval id and a resume link (once the request is in the
 * approval store), configuration and other server-side errors are 500 (logged, never shown). Other errors,
 * and non-HTTP contexts, are left to Nest.
 */
export class BraneExceptionFilter implements ExceptionFilter<BraneError> {
  readonly #logger = new Logger('BraneExceptionFilter');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly options: ResolvedBraneOptions,
  ) {}

  catch(error: BraneError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const response: unknown = host.switchToHttp().getResponse();
    const answer = braneErrorResponse(error, { ...this.options.errors, resumePath: this.options.resumePath });
    if (answer.status >= 500) this.#logger.error(error.message, error.stack);
    if (!(error instanceof ApprovalRequiredError)) {
      this.#reply(response, answer);
      return;
    }
    // A 202 promises that the request is stored: a synchronous capability throws before the store has it.
    error.recorded.then(
      () => {
        this.#reply(response, answer);
      },
      (cause: unknown) => {
        this.#logger.error(
          `Approval ${error.approvalId} could not be stored`,
          cause instanceof Error ? cause.stack : undefined,
        );
        const failure = new BraneError('APPROVAL_STORE_FAILED', 'The approval request could not be stored', { cause });
        this.#reply(response, braneErrorResponse(failure, { ...this.options.errors }));
      },
    );
  }

  #reply(response: unknown, answer: BraneErrorResponse): void {
    const adapter = this.adapterHost.httpAdapter;
    for (const [name, value] of Object.entries(answer.headers)) adapter.setHeader(response, name, value);
    adapter.reply(response, answer.body, answer.status);
  }
}

Catch(BraneError)(BraneExceptionFilter);
Injectable()(BraneExceptionFilter);
Inject(HttpAdapterHost)(BraneExceptionFilter, undefined, 0);
Inject(BRANE_OPTIONS)(BraneExceptionFilter, undefined, 1);
