import {
  ApprovalError,
  ApprovalRequiredError,
  BRANE_ERROR_CODES,
  BraneError,
  CapabilityDeniedError,
  ConfigurationError,
  type BraneErrorCode,
} from '@brane/errors';
import { braneErrorResponse, defaultStatusOf } from '../src/braneErrorResponse';

const options = { maxReasonLength: 40, resumePath: (id: string) => `/brane/approvals/${id}/resume` };
const decision = (reason: string) =>
  ({ type: 'deny', reason, policyName: 'refund_limit', policyVersion: '1' }) as never;

describe('braneErrorResponse', () => {
  it.each<[BraneErrorCode, number]>([
    ['CAPABILITY_DENIED', 403],
    ['APPROVAL_REQUIRED', 202],
    ['APPROVAL_REJECTED', 403],
    ['APPROVAL_MISMATCH', 403],
    ['APPROVER_NOT_ALLOWED', 403],
    ['SANDBOX_VIOLATION', 403],
    ['APPROVAL_NOT_FOUND', 404],
    ['APPROVAL_PENDING', 409],
    ['APPROVAL_ALREADY_DECIDED', 409],
    ['APPROVAL_ALREADY_USED', 409],
    ['APPROVAL_EXPIRED', 410],
    ['APPROVAL_STORE_FAILED', 503],
    ['SESSION_STORE_FAILED', 503],
    ['AUDIT_BUFFER_FULL', 503],
    ['AUDIT_WRITE_FAILED', 503],
    ['AUDIT_READ_FAILED', 503],
    ['SANDBOX_TIMEOUT', 504],
    ['INVALID_OPTIONS', 500],
    ['UNGOVERNED_CALL', 500],
    ['ALREADY_GOVERNED', 500],
    ['FEATURE_NOT_LOADED', 500],
    ['APPROVAL_TAMPERED', 500],
  ])('answers %s with %i', (code, status) => {
    expect(defaultStatusOf(code)).toBe(status);
  });

  it('maps every code of the closed set', () => {
    for (const code of BRANE_ERROR_CODES) expect(defaultStatusOf(code)).toBeGreaterThanOrEqual(200);
  });

  it('answers a deny with 403, its bounded reason, the policy and the action', () => {
    const error = new CapabilityDeniedError({
      decision: decision(`Refund of ${'9'.repeat(5000)}`),
      capability: 'refund_customer',
      stage: 'before',
      actionId: 'act_1',
    });
    const { status, body } = braneErrorResponse(error, options);
    expect(status).toBe(403);
    expect(body).toMatchObject({
      code: 'CAPABILITY_DENIED',
      messageCut: true,
      capability: 'refund_customer',
      policy: 'refund_limit',
      stage: 'before',
      actionId: 'act_1',
    });
    expect(String(body['message']).length).toBeLessThan(100);
  });

  const limited = (retryAfterMs: number | undefined) =>
    new CapabilityDeniedError({
      decision: decision('Limit `emails:agent_1` has no room'),
      capability: 'send_email',
      stage: 'before',
      actionId: 'act_9',
      limit: { key: 'emails:agent_1', kind: 'count', max: 20, cost: 1, remaining: 0, retryAfterMs },
    });

  it('answers a limit without room with 429, the limit, and Retry-After in whole seconds rounded up', () => {
    const { status, body, headers } = braneErrorResponse(limited(1_200), options);
    expect(status).toBe(429);
    expect(headers).toEqual({ 'Retry-After': '2' });
    expect(body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'CAPABILITY_DENIED',
      capability: 'send_email',
      actionId: 'act_9',
      limit: { key: 'emails:agent_1', kind: 'count', max: 20, remaining: 0, retryAfterMs: 1_200 },
    });
    expect(braneErrorResponse(limited(1_000), options).headers).toEqual({ 'Retry-After': '1' });
    expect(braneErrorResponse(limited(1), options).headers).toEqual({ 'Retry-After': '1' });
  });

  it.each([undefined, 0, -5, Number.NaN, Number.POSITIVE_INFINITY])(
    'answers a limit without room with 429 and no Retry-After when retryAfterMs is %p',
    (retryAfterMs) => {
      const { status, body, headers } = braneErrorResponse(limited(retryAfterMs), options);
      expect(status).toBe(429);
      expect(headers).toEqual({});
      expect(body['limit']).toMatchObject({ kind: 'count', max: 20, remaining: 0 });
      if (retryAfterMs !== 0) expect(body['limit']).not.toHaveProperty('retryAfterMs');
    },
  );

  it('lets the application choose the status of a limit denial too', () => {
    expect(braneErrorResponse(limited(500), { ...options, status: () => 403 }).status).toBe(403);
  });

  it('answers an approval with 202, its id and a resume link in the body and the Location header', () => {
    const error = new ApprovalRequiredError({
      approvalId: 'appr_1',
      capability: 'refund_customer',
      actionId: 'act_2',
      decision: { type: 'approval_required', reason: 'Finance must approve' } as never,
      approverGroups: ['finance-ops'],
      expiresAt: '2030-01-01T00:00:00.000Z',
      recorded: Promise.resolve(),
    });
    expect(braneErrorResponse(error, options)).toEqual({
      status: 202,
      headers: { Location: '/brane/approvals/appr_1/resume' },
      body: {
        statusCode: 202,
        error: 'Accepted',
        code: 'APPROVAL_REQUIRED',
        message: 'Finance must approve',
        approvalId: 'appr_1',
        capability: 'refund_customer',
        actionId: 'act_2',
        approverGroups: ['finance-ops'],
        expiresAt: '2030-01-01T00:00:00.000Z',
        resume: '/brane/approvals/appr_1/resume',
      },
    });
    expect(braneErrorResponse(error, { maxReasonLength: 40 }).headers).toEqual({});
  });

  it('never repeats the message of a server-side error', () => {
    const error = new ConfigurationError('DUPLICATE_POLICY', 'secret internal detail');
    const { status, body } = braneErrorResponse(error, options);
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
  });

  it('names the approval of an approval error', () => {
    const { status, body } = braneErrorResponse(
      new ApprovalError('APPROVAL_PENDING', 'appr_3', 'Approval appr_3 is pending'),
      options,
    );
    expect(status).toBe(409);
    expect(body).toMatchObject({ approvalId: 'appr_3', message: 'Approval appr_3 is pending' });
  });

  it('lets the application choose the status, and falls back to 500 on a status that is not one', () => {
    const error = new BraneError('SANDBOX_VIOLATION', 'Host not allowed');
    expect(braneErrorResponse(error, { ...options, status: () => 451 }).status).toBe(451);
    expect(braneErrorResponse(error, { ...options, status: () => undefined }).status).toBe(403);
    expect(braneErrorResponse(error, { ...options, status: () => 99 }).status).toBe(500);
  });
});
