import { parseOptions } from '@brane/policy-engine';
import { option } from '@brane/policy-engine';
import type { BraneErrorOptions, BraneModuleSetup, BraneOptions } from './BraneModuleOptions.js';
import type { IdentifyRequest } from './RequestIdentity.js';

/** The default route of `POST` requests that resume an approved action. */
export const DEFAULT_RESUME_ROUTE = 'brane/approvals/:approvalId/resume';
/** The default bound on a reason or message copied into a response. */
export const DEFAULT_MAX_REASON_LENGTH = 1000;

/** A `BraneModule`'s setup, with defaults applied. */
export interface ResolvedBraneSetup {
  readonly global: boolean;
  readonly policies: 'all' | 'marked';
  readonly interceptor: boolean;
  readonly filter: boolean;
  readonly resumeRoute: string | false;
  readonly unknownTargets: 'warn' | 'throw' | 'ignore';
  /** Identifies this module instance in the container (a scoped module wires the modules importing it). */
  readonly moduleKey: symbol;
  /**
   * Makes each `forRoot` call a module of its own: Nest merges dynamic modules whose metadata serialise alike,
   * and two scoped modules must not share one runtime.
   */
  readonly instance: string;
}

/** A `BraneModule`'s options once its factory resolved, with defaults applied. */
export interface ResolvedBraneOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the request type is the application's
  readonly identify: IdentifyRequest<any> | undefined;
  readonly errors: { readonly maxReasonLength: number; readonly status: BraneErrorOptions['status'] };
  /** The `POST` path that resumes approval `id`, relative to the application's global prefix. */
  readonly resumePath: ((approvalId: string) => string) | undefined;
}

const route = option
  .string()
  .max(512)
  .regex(
    /^[^\s?#]*:approvalId\b[^\s?#]*$/,
    'must be a path with an `:approvalId` parameter, such as `approvals/:approvalId/resume`',
  );

const setupSchema = option.strictObject({
  global: option.boolean().optional(),
  policies: option.enum(['all', 'marked']).optional(),
  interceptor: option.boolean().optional(),
  filter: option.boolean().optional(),
  resumeRoute: option.union([route, option.literal(false)]).optional(),
  unknownTargets: option.enum(['warn', 'throw', 'ignore']).optional(),
});

const optionsSchema = option.strictObject({
  // Validated by `new Runtime`, which names each bad option.
  runtime: option.record().optional(),
  identify: option.function().optional(),
  errors: option
    .strictObject({
      maxReasonLength: option.number().int().min(16).max(1_000_000).optional(),
      status: option.function().optional(),
    })
    .optional(),
});

let modules = 0;

/** Validates the setup of `forRoot` / `forRootAsync` (unknown keys are refused) and applies defaults. */
export function parseBraneSetup(setup: BraneModuleSetup, where: string): ResolvedBraneSetup {
  const parsed = parseOptions(setupSchema, setup, where);
  return {
    global: parsed.global ?? true,
    policies: parsed.policies ?? 'all',
    interceptor: parsed.interceptor ?? true,
    filter: parsed.filter ?? true,
    resumeRoute: parsed.resumeRoute ?? DEFAULT_RESUME_ROUTE,
    unknownTargets: parsed.unknownTargets ?? 'throw',
    moduleKey: Symbol('brane.nestjs.module'),
    instance: `brane-module-${++modules}`,
  };
}

/** Validates what `forRoot` was given or the factory of `forRootAsync` returned, and applies defaults. */
export function parseBraneOptions(
  options: BraneOptions,
  setup: ResolvedBraneSetup,
  where: string,
): ResolvedBraneOptions {
  parseOptions(optionsSchema, options, where);
  const resumeRoute = setup.resumeRoute;
  return {
    identify: options.identify,
    errors: {
      maxReasonLength: options.errors?.maxReasonLength ?? DEFAULT_MAX_REASON_LENGTH,
      status: options.errors?.status,
    },
    resumePath:
      resumeRoute === false
        ? undefined
        : (approvalId) => `/${resumeRoute.replace(/^\/+/, '')}`.replace(':approvalId', encodeURIComponent(approvalId)),
  };
}
