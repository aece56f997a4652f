import {
  ApprovalError,
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  CapabilityDeniedError,
  boundText,
  type BraneError,
  type BraneErrorCode,
  type LimitExceeded,
} from '@brane/errors';

/** The HTTP answer to a Brane error. */
export interface BraneErrorResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the answer depends on besides the error. */
export interface BraneErrorResponseOptions {
  readonly maxReasonLength: number;
  /** The path that resumes an approval, when the module serves one. */
  readonly resumePath?: ((approvalId: string) => string) | undefined;
  /** Overrides the status; `undefined` keeps the default. */
  readonly status?: ((error: BraneError) => number | undefined) | undefined;
}

/**
 * The default status of each code. 4xx: the request's own action was refused, and the body says why. 5xx: the
 * service is misconfigured or unavailable; the body says only that, the log has the details.
 */
export function defaultStatusOf(code: BraneErrorCode): number {
  switch (code) {
    case 'CAPABILITY_DENIED':
    case 'APPROVAL_REJECTED':
    case 'APPROVAL_MISMATCH':
    case 'APPROVER_NOT_ALLOWED':
    case 'SANDBOX_VIOLATION':
      return 403;
    case 'APPROVAL_REQUIRED':
      return 202;
    case 'APPROVAL_NOT_FOUND':
      return 404;
    case 'APPROVAL_PENDING':
    case 'APPROVAL_ALREADY_DECIDED':
    case 'APPROVAL_ALREADY_USED':
      return 409;
    case 'APPROVAL_EXPIRED':
    case 'APPROVAL_WITHDRAWN':
      return 410;
    case 'SANDBOX_TIMEOUT':
      return 504;
    case 'APPROVAL_STORE_FAILED':
    case 'SESSION_STORE_FAILED':
    case 'AUDIT_BUFFER_FULL':
    case 'AUDIT_WRITE_FAILED':
    case 'AUDIT_READ_FAILED':
    case 'LIMIT_STORE_FAILED':
      return 503;
    case 'POLICY_ERROR':
    case 'POLICY_TIMEOUT':
    case 'INVALID_DECISION':
    case 'ASYNC_POLICY_ON_SYNC_CAPABILITY':
    case 'UNKNOWN_ARGUMENT':
    case 'INVALID_ARGUMENT':
    case 'INVALID_OPTIONS':
    case 'UNKNOWN_TARGET':
    case 'INVALID_DECORATOR_USAGE':
    case 'UNRESOLVED_PARAMS':
    case 'DUPLICATE_CAPABILITY':
    case 'DUPLICATE_POLICY':
    case 'ALREADY_GOVERNED':
    case 'FEATURE_NOT_LOADED':
    case 'UNGOVERNED_CALL':
    case 'APPROVAL_TAMPERED':
      return 500;
    default:
      return code satisfies never;
  }
}

const TITLES: Readonly<Record<number, string>> = {
  202: 'Accepted',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  409: 'Conflict',
  410: 'Gone',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Builds the HTTP answer to a Brane error: a denied action is 403 with its (bounded) reason, or 429 with the
 * limit and a `Retry-After` header when a limit had no room for it; an action waiting
 * for approval is 202 with the approval id and a link that resumes it once approved; a server-side fault is a
 * 5xx that never repeats the error's message.
 */
export function braneErrorResponse(error: BraneError, options: BraneErrorResponseOptions): BraneErrorResponse {
  const status = statusOf(error, options);
  const head = { statusCode: status, error: TITLES[status] ?? 'Error', code: error.code };
  if (status >= 500) return { status, body: { ...head, message: 'Brane could not complete this action' }, headers: {} };
  const bound = (text: string): Record<string, unknown> => {
    const message = boundText(text, options.maxReasonLength);
    return message === text ? { message } : { message, messageCut: true };
  };
  if (error instanceof ApprovalRequiredError) {
    const resume = options.resumePath?.(error.approvalId);
    const body = {
      ...head,
      ...bound(error.reason),
      approvalId: error.approvalId,
      capability: error.capability,
      actionId: error.actionId,
      approverGroups: error.approverGroups,
      expiresAt: error.expiresAt,
      ...(resume === undefined ? {} : { resume }),
    };
    return { status, body, headers: resume === undefined ? {} : { Location: resume } };
  }
  if (error instanceof CapabilityDeniedError) {
    const body = {
      ...head,
      ...bound(error.reason),
      capability: error.capability,
      policy: error.policyName,
      stage: error.stage,
      actionId: error.actionId,
      ...(error.limit === undefined ? {} : { limit: limitBody(error.limit) }),
    };
    return { status, body, headers: error.limit === undefined ? {} : retryAfterHeader(error.limit.retryAfterMs) };
  }
  const approvalId =
    error instanceof ApprovalError || error instanceof ApprovalRejectedError || error instanceof ApprovalExpiredError
      ? { approvalId: error.approvalId }
      : {};
  return { status, body: { ...head, ...bound(error.message), ...approvalId }, headers: {} };
}

function statusOf(error: BraneError, options: BraneErrorResponseOptions): number {
  const chosen = options.status?.(error);
  if (chosen === undefined) {
    // A limit without room is "too many requests": the same call may succeed later, unlike a policy's deny.
    return error instanceof CapabilityDeniedError && error.limit !== undefined ? 429 : defaultStatusOf(error.code);
  }
  return Number.isInteger(chosen) && chosen >= 100 && chosen <= 599 ? chosen : 500;
}

/** The limit that denied the call, as the client sees it (its key is in the reason already). */
function limitBody(limit: LimitExceeded): Record<string, unknown> {
  const retry = limit.retryAfterMs;
  return {
    key: limit.key,
    kind: limit.kind,
    max: limit.max,
    remaining: limit.remaining,
    ...(typeof retry === 'number' && Number.isFinite(retry) && retry >= 0 ? { retryAfterMs: retry } : {}),
  };
}

/** The longest wait a limit store can report: its longest window, 366 days (`MAX_WINDOW_MS` of `@brane/decisions`). */
const LONGEST_WAIT_MS = 366 * 86_400_000;

/**
 * `Retry-After` in whole seconds, rounded up; none when the wait is unknown, never ends, is already over, or is
 * longer than any window (no store reports one: such a figure is not to be trusted, nor printed as `1e+21`).
 */
function retryAfterHeader(retryAfterMs: number | undefined): Record<string, string> {
  if (typeof retryAfterMs !== 'number' || !(retryAfterMs > 0) || !(retryAfterMs <= LONGEST_WAIT_MS)) return {};
  // At least 1: a wait of a few microseconds divided by 1000 can round to 0, which means "now".
  return { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}
