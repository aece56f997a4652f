import {
  ApprovalRejectedError,
  ApprovalRequiredError,
  CapabilityDeniedError,
  ConfigurationError,
  Decision,
  SandboxViolationError,
} from '@brane/sdk';
import { toolErrorResult } from '../src/toolErrorResult.js';

describe('toolErrorResult', () => {
  it('maps a deny to the reason for the model, and its details in _meta.brane', () => {
    const decision = Decision.deny('Too large', { policyName: 'limit' });
    const error = new CapabilityDeniedError({
      decision,
      capability: 'mcp.files.write',
      stage: 'before',
      actionId: 'a1',
    });

    expect(toolErrorResult(error)).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'Denied by policy: Too large' }],
      _meta: {
        brane: {
          code: 'CAPABILITY_DENIED',
          decision: 'deny',
          capability: 'mcp.files.write',
          actionId: 'a1',
          reason: 'Too large',
          policy: 'limit',
          stage: 'before',
        },
      },
    });
  });

  it('maps an approval request to a result that names the approval, its approvers and expiry', () => {
    const error = new ApprovalRequiredError({
      approvalId: 'ap_1',
      capability: 'mcp.files.write',
      actionId: 'a1',
      decision: Decision.requireApproval({ approverGroup: 'ops', reason: 'Large write' }),
      approverGroups: ['ops', 'admins'],
      expiresAt: '2030-01-01T00:00:00.000Z',
      recorded: Promise.resolve(),
    });

    expect(toolErrorResult(error)).toEqual({
      isError: true,
      content: [
        {
          type: 'text',
          text: 'Approval required; the call has not run. Approval ap_1 is pending with ops or admins until 2030-01-01T00:00:00.000Z. Reason: Large write',
        },
      ],
      _meta: {
        brane: {
          code: 'APPROVAL_REQUIRED',
          decision: 'approval_required',
          capability: 'mcp.files.write',
          actionId: 'a1',
          reason: 'Large write',
          approval: {
            approvalId: 'ap_1',
            approverGroups: ['ops', 'admins'],
            expiresAt: '2030-01-01T00:00:00.000Z',
            reason: 'Large write',
          },
        },
      },
    });
  });

  it('maps any other Brane error to its message and code', () => {
    const rejected = new ApprovalRejectedError({
      approvalId: 'ap_1',
      capability: 'mcp.files.write',
      rejectedBy: 'sam',
      rejectedAt: '2030-01-01T00:00:00.000Z',
    });
    const violation = new SandboxViolationError({
      capability: 'mcp.web.fetch',
      kind: 'network',
      target: 'evil.example',
      allowed: [],
    });

    expect(toolErrorResult(rejected)).toEqual({
      isError: true,
      content: [{ type: 'text', text: rejected.message }],
      _meta: { brane: { code: 'APPROVAL_REJECTED', capability: 'mcp.files.write' } },
    });
    expect(toolErrorResult(violation)).toMatchObject({
      content: [{ text: 'Capability `mcp.web.fetch` may not reach host `evil.example`: its sandbox allows no hosts' }],
      _meta: { brane: { code: 'SANDBOX_VIOLATION', capability: 'mcp.web.fetch' } },
    });
  });

  it('rethrows configuration errors and errors that are not Brane decisions', () => {
    const misconfigured = new ConfigurationError('INVALID_OPTIONS', 'bad options');
    const failure = new Error('disk on fire');

    expect(() => toolErrorResult(misconfigured)).toThrow(misconfigured);
    expect(() => toolErrorResult(failure)).toThrow(failure);
    expect(() => toolErrorResult('text')).toThrow('text');
  });
});
