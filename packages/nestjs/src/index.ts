/**
 * Brane in NestJS: `BraneModule` provides the `Runtime`, registers policy providers, governs agent providers,
 * runs each request in its identity and answers Brane errors over HTTP.
 */
export { BRANE_OPTIONS } from './BRANE_OPTIONS.js';
export { BraneContextInterceptor } from './BraneContextInterceptor.js';
export { BraneExceptionFilter } from './BraneExceptionFilter.js';
export { BraneModule } from './BraneModule.js';
export type {
  BraneErrorOptions,
  BraneModuleAsyncOptions,
  BraneModuleOptions,
  BraneModuleSetup,
  BraneOptions,
} from './BraneModuleOptions.js';
export { BranePolicies } from './BranePolicies.js';
export { BraneRequestContext } from './BraneRequestContext.js';
export { braneErrorResponse, defaultStatusOf } from './braneErrorResponse.js';
export type { BraneErrorResponse, BraneErrorResponseOptions } from './braneErrorResponse.js';
export type { ResumeResult } from './createResumeController.js';
export { DEFAULT_MAX_REASON_LENGTH, DEFAULT_RESUME_ROUTE } from './parseBraneOptions.js';
export type { ResolvedBraneOptions } from './parseBraneOptions.js';
export type { IdentifyRequest, RequestIdentity } from './RequestIdentity.js';
export { toContextOverrides } from './toContextOverrides.js';
