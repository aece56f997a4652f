import { Controller, HttpCode, Inject, Param, Post, UseInterceptors, type Type } from '@nestjs/common';
import { Runtime } from '@brane/core';
import { BraneContextInterceptor } from './BraneContextInterceptor.js';

/** What the resume route answers once the approved action ran. */
export interface ResumeResult {
  readonly approvalId: string;
  readonly status: 'executed';
  /** What the capability returned. */
  readonly result: unknown;
}

/**
 * Builds the controller of the resume route: `POST <route>` runs the approved action with `runtime.resume`, in
 * the identity of the request (its tenant and principal must be those of the original request, or the resume
 * is refused), exactly once. A pending approval is 409, an unknown one 404, a second resume 409.
 */
export function createResumeController(route: string): Type {
  class BraneResumeController {
    constructor(private readonly runtime: Runtime) {}

    async resume(approvalId: string): Promise<ResumeResult> {
      const result = await this.runtime.resume(approvalId);
      return { approvalId, status: 'executed', result };
    }
  }
  const { prototype } = BraneResumeController;
  const method = Object.getOwnPropertyDescriptor(prototype, 'resume') as PropertyDescriptor;
  Controller()(BraneResumeController);
  Inject(Runtime)(BraneResumeController, undefined, 0);
  // Whether or not the interceptor is global, the resume runs in the request's identity.
  UseInterceptors(BraneContextInterceptor)(BraneResumeController);
  Post(route)(prototype, 'resume', method);
  HttpCode(200)(prototype, 'resume', method);
  Param('approvalId')(prototype, 'resume', 0);
  return BraneResumeController;
}
