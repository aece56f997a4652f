import { BraneError } from '@brane/errors';
import type { NewApproval } from '@brane/approvals';
import { pendingRecord } from '../src/NewApproval';
import { T0, newApproval } from './fixtures/records';

describe('pendingRecord', () => {
  it('builds the pending record, requested now and expiring expiresInMs later', () => {
    expect(pendingRecord(newApproval(), T0)).toStrictEqual({
      id: '01HZX0000000000000000000AA',
      status: 'pending',
      capability: 'payments.refund',
      args: { amount: 900, customerId: 'cust_1', meta: { channel: 'chat', tags: ['vip'] } },
      tenantId: 'acme',
      principalId: 'user_7',
      agentId: 'support-bot',
      environment: 'production',
      actionId: 'act_1',
      traceId: 'trace_1',
      policies: [{ name: 'refund-limit', version: '2' }, { name: 'audit' }],
      request: {
        approverGroups: ['finance-ops'],
        reason: 'Refund over 500',
        context: { limit: 500 },
        distinctApprover: false,
      },
      requestedAt: '2023-11-14T22:13:20.000Z',
      expiresAt: '2023-11-14T22:14:20.000Z',
    });
  });

  it('keeps the capability’s risk when the runtime gives it', () => {
    expect(pendingRecord(newApproval({ risk: 'high' }), T0).risk).toBe('high');
    expect('risk' in pendingRecord(newApproval(), T0)).toBe(false);
  });

  it('leaves out absent optional fields rather than storing undefined', () => {
    const record = pendingRecord(
      newApproval({
        tenantId: undefined,
        principalId: undefined,
        agentId: undefined,
        policies: [{ name: 'p', version: undefined }],
      }),
      T0,
    );

    expect(Object.keys(record)).not.toEqual(expect.arrayContaining(['tenantId']));
    expect('principalId' in record || 'agentId' in record).toBe(false);
    expect(record.policies).toStrictEqual([{ name: 'p' }]);
  });

  it('copies args and context as JSON data, so later mutations of the input change nothing', () => {
    const init = newApproval({
      args: { list: [1], skip: undefined },
      request: { approverGroups: ['g'], reason: 'r', context: { n: 1 } },
    });
    const record = pendingRecord(init, T0);
    (init.args['list'] as number[]).push(2);
    (init.request.context as Record<string, unknown>)['n'] = 2;

    expect(record.args).toStrictEqual({ list: [1] });
    expect(record.request.context).toStrictEqual({ n: 1 });
  });

  it('defaults the context to {} and distinctApprover to false, and keeps distinctApprover true', () => {
    const plain = pendingRecord(newApproval({ request: { approverGroups: ['g'], reason: 'r' } }), T0);
    const distinct = pendingRecord(
      newApproval({ request: { approverGroups: ['g'], reason: 'r', distinctApprover: true } }),
      T0,
    );

    expect(plain.request).toStrictEqual({ approverGroups: ['g'], reason: 'r', context: {}, distinctApprover: false });
    expect(distinct.request.distinctApprover).toBe(true);
  });

  it('ignores request fields it does not store (a composed ApprovalRequest can be passed as is)', () => {
    const request = {
      approverGroups: ['g'],
      reason: 'r',
      expiresInMs: 5,
      requestedBy: [{ name: 'p', version: undefined }],
    };

    expect(pendingRecord(newApproval({ request }), T0).request).toStrictEqual({
      approverGroups: ['g'],
      reason: 'r',
      context: {},
      distinctApprover: false,
    });
  });

  const bad = (change: Record<string, unknown>): NewApproval => ({ ...newApproval(), ...change });

  it.each<[string, unknown, string]>([
    ['no input', undefined, '`approval` must be an object'],
    ['a path as id', bad({ id: '../../etc/passwd' }), '`id` must be an approval id'],
    ['an empty capability', bad({ capability: '' }), '`capability` must be a non-empty string'],
    ['args that are an array', bad({ args: [1, 2] }), '`args` must be an object'],
    [
      'args with a Date',
      bad({ args: { customer: { createdAt: new Date(0) } } }),
      '`args.customer.createdAt` is a Date',
    ],
    ['args with a function', bad({ args: { cb: () => 1 } }), '`args.cb` is a function'],
    ['a numeric tenant', bad({ tenantId: 5 }), '`tenantId` must be a non-empty string'],
    ['an empty risk', bad({ risk: '' }), '`risk` must be a non-empty string'],
    ['an empty principal', bad({ principalId: '' }), '`principalId` must be a non-empty string'],
    ['a missing environment', bad({ environment: undefined }), '`environment` must be a non-empty string'],
    ['a missing actionId', bad({ actionId: undefined }), '`actionId` must be a non-empty string'],
    ['a missing traceId', bad({ traceId: 1 }), '`traceId` must be a non-empty string'],
    ['policies that are not an array', bad({ policies: 'p' }), '`policies` must be an array'],
    [
      'a policy without a name',
      bad({ policies: [{ name: 'a' }, { version: '1' }] }),
      '`policies[1].name` must be a non-empty string',
    ],
    [
      'a numeric policy version',
      bad({ policies: [{ name: 'a', version: 2 }] }),
      '`policies[0].version` must be a string',
    ],
    ['no request', bad({ request: undefined }), '`request` must be an object'],
    [
      'approver groups that are not an array',
      bad({ request: { approverGroups: 'ops', reason: 'r' } }),
      '`request.approverGroups` must be an array',
    ],
    [
      'an empty approver group',
      bad({ request: { approverGroups: ['ops', ''], reason: 'r' } }),
      '`request.approverGroups[1]` must be a non-empty string',
    ],
    ['a missing reason', bad({ request: { approverGroups: ['ops'] } }), '`request.reason` must be a string'],
    [
      'a context that is not an object',
      bad({ request: { approverGroups: [], reason: 'r', context: 'x' } }),
      '`request.context` must be an object',
    ],
    [
      'a context with a Map',
      bad({ request: { approverGroups: [], reason: 'r', context: { m: new Map() } } }),
      '`request.context.m` is a Map',
    ],
    [
      'a non-boolean distinctApprover',
      bad({ request: { approverGroups: [], reason: 'r', distinctApprover: 'yes' } }),
      '`request.distinctApprover` must be a boolean',
    ],
    ['a zero expiry', bad({ expiresInMs: 0 }), '`expiresInMs` must be a positive number of milliseconds'],
    ['a negative expiry', bad({ expiresInMs: -5 }), '`expiresInMs` must be a positive number'],
    ['a NaN expiry', bad({ expiresInMs: NaN }), '`expiresInMs` must be a positive number'],
    ['an infinite expiry', bad({ expiresInMs: Infinity }), '`expiresInMs` must be a positive number'],
    ['an expiry past the end of time', bad({ expiresInMs: 8.64e15 }), '`expiresInMs` must be a positive number'],
    ['a string expiry', bad({ expiresInMs: '60000' }), '`expiresInMs` must be a positive number'],
  ])('refuses %s with INVALID_ARGUMENT naming the field', (_, init, message) => {
    expect(() => pendingRecord(init as NewApproval, T0)).toThrow(BraneError);
    expect(() => pendingRecord(init as NewApproval, T0)).toThrow(message);
    try {
      pendingRecord(init as NewApproval, T0);
    } catch (error) {
      expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
    }
  });
});
