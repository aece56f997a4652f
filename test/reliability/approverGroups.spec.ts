import fc from 'fast-check';
import { ApprovalService, InMemoryApprovalStore } from '@brane/approvals';
import { ApprovalError } from '@brane/errors';
import { propertyParameters, reportFigures } from './propertyRuns.js';

// Issue 12, finding 8: the approver was whatever name a resume payload gave, and approverGroups were never
// checked. Now a vouched identity decides only through one of the request's groups, and never as the principal
// under distinctApprover; a typed name (the CLI's `--approver`) is recorded as unauthenticated.

const SECRET = 'reliability-secret-0123456789abcdef0123';
const PRINCIPAL = 'user_7';
/** Ways to write the principal that must count as the principal (case, full-width forms). */
const PRINCIPAL_ALIASES = ['user_7', 'USER_7', 'User_7', 'ｕｓｅｒ＿７'];
const OTHERS = ['maria@finance', 'user_8', 'user_77', 'sam'];
const GROUPS = ['finance-ops', 'cfo', 'it-admins', 'support'];
/** Groups an approver may be vouched into: the real ones, and near misses that must not count. */
const VOUCHED_GROUPS = [...GROUPS, 'Finance-Ops', 'finance-ops ', 'finance', 'cfo-deputies', 'finance\u2011ops'];

const approver = fc.oneof(
  fc.constantFrom(...PRINCIPAL_ALIASES, ...OTHERS).map((name) => ({ typed: true as const, name })),
  fc
    .record({
      id: fc.constantFrom(...PRINCIPAL_ALIASES, ...OTHERS),
      groups: fc.subarray(VOUCHED_GROUPS, { maxLength: 4 }),
    })
    .map((identity) => ({ typed: false as const, identity: identity })),
);
const scenario = fc.record({
  approverGroups: fc.oneof(
    { weight: 9, arbitrary: fc.subarray(GROUPS, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant([] as string[]) }, // a request naming no group: any approver
  ),
  distinctApprover: fc.boolean(),
  approver,
  outcome: fc.constantFrom('approve' as const, 'reject' as const),
  through: fc.constantFrom('service', 'service-after-refusal'),
});

describe('approver groups: an approval is decided only by an approver the request allows', () => {
  it('for any approver identity and group set: in one of the groups, and not the principal when distinct', async () => {
    const figures = { cases: 0, allowed: 0, refusedGroups: 0, refusedDistinct: 0, typed: 0, violations: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async ({ approverGroups, distinctApprover, approver: who, outcome, through }) => {
        figures.cases += 1;
        const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: SECRET });
        const request = { approverGroups, reason: 'Large refund', distinctApprover };
        const { id } = await service.request({
          id: '01HZX0000000000000000000AA',
          capability: 'payments.refund',
          args: { amount: 900 },
          principalId: PRINCIPAL,
          environment: 'prod',
          actionId: 'act_1',
          traceId: 'trace_1',
          policies: [{ name: 'refund_limit' }],
          request,
          expiresInMs: 60_000,
        });
        if (through === 'service-after-refusal' && approverGroups.length > 0) {
          // An attempt refused first (in no group) changes nothing for the next one.
          const refused = await service
            .approve(id, { approver: { id: 'nobody', groups: ['none'] } })
            .catch(() => 'refused');
          if (refused !== 'refused') return false;
        }
        const id_ = who.typed ? who.name : who.identity.id;
        const isPrincipal = PRINCIPAL_ALIASES.includes(id_);
        const matching = who.typed ? [] : approverGroups.filter((group) => who.identity.groups.includes(group));
        const distinctRefusal = distinctApprover && isPrincipal;
        const groupRefusal = !who.typed && approverGroups.length > 0 && matching.length === 0;
        const expected = !distinctRefusal && !groupRefusal;
        const input = { approver: who.typed ? who.name : who.identity };
        const result = await (outcome === 'approve' ? service.approve(id, input) : service.reject(id, input)).then(
          (record) => ({ record, error: undefined }),
          (error: unknown) => ({ record: undefined, error }),
        );
        const stored = await service.get(id);
        let ok: boolean;
        if (expected) {
          figures.allowed += 1;
          if (who.typed) figures.typed += 1;
          ok =
            result.record !== undefined &&
            stored.status === (outcome === 'approve' ? 'approved' : 'rejected') &&
            stored.decision?.by === id_ &&
            stored.decision.authenticated === !who.typed &&
            JSON.stringify(stored.decision.groups) === JSON.stringify(matching);
        } else {
          figures[distinctRefusal ? 'refusedDistinct' : 'refusedGroups'] += 1;
          ok =
            result.error instanceof ApprovalError &&
            result.error.code === 'APPROVER_NOT_ALLOWED' &&
            stored.status === 'pending' &&
            stored.decision === undefined;
        }
        if (!ok) figures.violations += 1;
        return ok;
      }),
      propertyParameters(3_000),
    );
    reportFigures('approver groups', figures);
    expect(figures.violations).toBe(0);
    // Every branch exercised: allowed (typed and vouched), refused for groups and for being the principal.
    expect(figures.allowed - figures.typed).toBeGreaterThan(0);
    expect(figures.typed).toBeGreaterThan(0);
    expect(figures.refusedGroups).toBeGreaterThan(0);
    expect(figures.refusedDistinct).toBeGreaterThan(0);
  });
});
