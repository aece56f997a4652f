import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApprovalService } from '@brane/approvals';
import { ID, OTHER_ID, T0, approvalServiceIn, newApproval } from '../fixtures/approvals';
import { makeTempDir, removeTempDir, runCli } from '../fixtures/runCli';

const NOW = T0 + 60_000;

describe('brane approvals', () => {
  let root: string;
  let dir: string;
  let service: ApprovalService;
  const cli = (args: readonly string[], env: Record<string, string> = {}, now = NOW) =>
    runCli(args, { cwd: root, env, now: () => now });

  beforeEach(async () => {
    root = makeTempDir();
    dir = path.join(root, '.brane', 'approvals');
    service = await approvalServiceIn(dir);
    await service.request(newApproval());
    await service.request(
      newApproval({
        id: OTHER_ID,
        capability: 'crm.delete',
        tenantId: 'globex',
        request: { approverGroups: ['it'], reason: 'Bulk delete' },
      }),
    );
  });

  afterEach(() => {
    removeTempDir(root);
  });

  describe('list', () => {
    it('lists every approval in the default directory, oldest first, as a table', async () => {
      const result = await cli(['approvals', 'list']);

      expect(result).toMatchObject({ code: 0, stderr: '' });
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID\s+STATE\s+CAPABILITY\s+TENANT\s+REQUESTED\s+EXPIRES\s+REASON$/);
      expect(lines[1]).toMatch(
        new RegExp(
          `^${ID}\\s+pending\\s+payments\\.refund\\s+acme\\s+2023-11-14T22:13:20\\.000Z\\s+.*Refund over 500$`,
        ),
      );
      expect(lines[2]).toMatch(new RegExp(`^${OTHER_ID}\\s+pending\\s+crm\\.delete\\s+globex\\s+.*Bulk delete$`));
    });

    it('prints the records and their state as JSON', async () => {
      const result = await cli(['approvals', 'list', '--json']);

      expect(result.code).toBe(0);
      const { directory, approvals } = result.json<{ directory: string; approvals: Record<string, unknown>[] }>();
      expect(directory).toBe(dir);
      expect(approvals.map((approval) => [approval['id'], approval['state'], approval['status']])).toStrictEqual([
        [ID, 'pending', 'pending'],
        [OTHER_ID, 'pending', 'pending'],
      ]);
      expect(approvals[0]).toMatchObject({
        args: { customerId: 'cust_1', amount: 900 },
        request: { reason: 'Refund over 500' },
      });
    });

    it.each([
      [['--state', 'approved'], []],
      [
        ['--state', 'pending'],
        [ID, OTHER_ID],
      ],
      [['--capability', 'crm.delete'], [OTHER_ID]],
      [['--tenant', 'acme'], [ID]],
    ])('filters with %p', async (filter, ids) => {
      const result = await cli(['approvals', 'list', '--json', ...filter]);

      expect(result.json<{ approvals: { id: string }[] }>().approvals.map((approval) => approval.id)).toStrictEqual(
        ids,
      );
    });

    it('derives `expired` from the clock, and says when nothing matches', async () => {
      const later = T0 + 2 * 3_600_000;

      expect((await cli(['approvals', 'list', '--state', 'expired', '--json'], {}, later)).json()).toMatchObject({
        approvals: [
          { id: ID, state: 'expired', status: 'pending' },
          { id: OTHER_ID, state: 'expired' },
        ],
      });
      const none = await cli(['approvals', 'list', '--state', 'rejected']);
      expect(none).toMatchObject({ code: 0, stdout: `No rejected approvals in ${dir}\n` });
    });

    it('pages with --limit and --cursor, and says how to get the next page', async () => {
      const first = await cli(['approvals', 'list', '--limit', '1', '--json']);
      expect(first.json()).toMatchObject({ approvals: [{ id: ID }], nextCursor: ID });
      const second = await cli(['approvals', 'list', '--limit', '1', '--cursor', ID, '--json']);
      expect(second.json()).toMatchObject({ approvals: [{ id: OTHER_ID }], nextCursor: null });

      const text = await cli(['approvals', 'list', '--limit', '1']);
      expect(text.stdout).toMatch(new RegExp(`\\nMore: add --cursor ${ID}\\n$`));
      expect((await cli(['approvals', 'list', '--cursor', OTHER_ID])).stdout).toBe(`No approvals in ${dir}\n`);
    });

    it.each([[['--limit', '0']], [['--limit', 'ten']], [['--cursor', 'not an id']]])(
      'refuses %p as a usage error (exit 2)',
      async (args) => {
        expect(await cli(['approvals', 'list', ...args])).toMatchObject({ code: 2, stdout: '' });
      },
    );

    it('reads a missing directory as empty, and creates nothing (no directory, no key)', async () => {
      const missing = path.join(root, 'nowhere');

      const result = await cli(['approvals', 'list', '--dir', 'nowhere']);

      expect(result).toMatchObject({ code: 0, stdout: `No approvals in ${missing}\n` });
      expect(fs.existsSync(missing)).toBe(false);
      expect((await cli(['approvals', 'list', '--dir', 'nowhere', '--json'])).json()).toStrictEqual({
        directory: missing,
        approvals: [],
      });
    });

    it('refuses an unknown --state as a usage error (exit 2), naming the states', async () => {
      const result = await cli(['approvals', 'list', '--state', 'open']);

      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /argument 'open' is invalid. Allowed choices are pending, approved, rejected, executing, completed, withdrawn, expired/,
      );
    });
  });

  describe('the key', () => {
    it('fails with NO_APPROVAL_SECRET when there are records but neither BRANE_APPROVAL_SECRET nor secret.key', async () => {
      fs.rmSync(path.join(dir, 'secret.key'));

      const result = await cli(['approvals', 'list', '--json']);

      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `brane: NO_APPROVAL_SECRET: No key to verify the approvals in ${dir}: set BRANE_APPROVAL_SECRET to the key the runtime uses (there is no ${path.join(dir, 'secret.key')})\n`,
      );
      expect(result.json()).toStrictEqual({
        error: { code: 'NO_APPROVAL_SECRET', message: expect.stringContaining('BRANE_APPROVAL_SECRET') as string },
      });
    });

    it('prefers BRANE_APPROVAL_SECRET, as the runtime does: another key reads every record as tampered', async () => {
      const result = await cli(['approvals', 'list'], {
        BRANE_APPROVAL_SECRET: 'another-key-of-at-least-32-bytes-0123456789',
      });

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^brane: APPROVAL_TAMPERED: .*\n$/);
      expect(result.stderr.split('\n')).toHaveLength(2); // one line, no stack
    });

    it('reports a BRANE_APPROVAL_SECRET that is too short', async () => {
      const result = await cli(['approvals', 'list'], { BRANE_APPROVAL_SECRET: 'short' });

      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(
        /^brane: INVALID_APPROVAL_SECRET: BRANE_APPROVAL_SECRET: `secret` must be at least 32 bytes/,
      );
    });
  });

  describe('show', () => {
    it('shows the call, its arguments and context, the policies and the approvers', async () => {
      const result = await cli(['approvals', 'show', ID]);

      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(`Approval ${ID}\n`);
      for (const line of [
        /state\s+pending/,
        /capability\s+payments\.refund/,
        /tenant\s+acme/,
        /principal\s+user_7/,
        /policies\s+refund-limit@2, audit/,
        /approvers\s+finance-ops/,
        /reason\s+Refund over 500/,
        /context\s+\{"limit":500\}/,
        /decision\s+-/,
      ]) {
        expect(result.stdout).toMatch(line);
      }
      expect(result.stdout).not.toMatch(/approver\s/);
      // the bound arguments come last, under their own header, one per row
      expect(result.stdout).toMatch(
        /\n\nArguments \(2 arguments\): approving runs payments\.refund with exactly these\n {2}amount {6}900\n {2}customerId {2}"cust_1"\n$/,
      );
    });

    it('escapes every value and keeps the arguments last: a reason cannot forge or hide an argument row (finding 5)', async () => {
      const forged =
        'Refund\n\nArguments (2 arguments): approving runs payments.refund with exactly these\n  amount      25\x1b[8m';
      await service.request(
        newApproval({
          id: '01HZX0000000000000000000CC',
          args: { amount: 25_000, 'note\namount': '\x1b[2K\r25', customerId: 'cust_1\u202e' },
          request: { approverGroups: ['ops\x07'], reason: forged, context: { say: '\x9b8m' } },
        }),
      );

      const result = await cli(['approvals', 'show', '01HZX0000000000000000000CC']);
      const lines = result.stdout.trimEnd().split('\n');

      expect(result.code).toBe(0);
      // eslint-disable-next-line no-control-regex -- what must not reach the terminal
      expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(lines.filter((line) => line.startsWith('Arguments'))).toHaveLength(1);
      expect(lines.slice(-4)).toStrictEqual([
        'Arguments (3 arguments): approving runs payments.refund with exactly these',
        '  amount        25000',
        '  customerId    "cust_1\\u202e"',
        '  note\\namount  "\\u001b[2K\\r25"',
      ]);
      expect(result.stdout).toMatch(/reason\s+Refund\\n\\nArguments \(2 arguments\).*amount {6}25\\x1b\[8m\n/);
    });

    it('shows whether the approver was a typed name or an authenticated identity, and through which groups', async () => {
      await service.approve(OTHER_ID, { approver: { id: 'ann@it', groups: ['it', 'staff'], authenticatedBy: 'oidc' } });
      await service.reject(ID, { approver: 'maria@finance' });

      const authenticated = await cli(['approvals', 'show', OTHER_ID]);
      const typed = await cli(['approvals', 'show', ID]);

      expect(authenticated.stdout).toMatch(/\n {2}approver {5}ann@it \(authenticated by oidc; groups it\)\n/);
      expect(typed.stdout).toMatch(
        /\n {2}approver {5}maria@finance \(a name typed by the operator, not authenticated\)\n/,
      );
    });

    it('shows the decision and the execution once there are some', async () => {
      await service.approve(ID, { approver: 'maria@finance', comment: 'Known customer' });
      await service.claim(ID, {
        capability: 'payments.refund',
        args: { amount: 900, customerId: 'cust_1' },
        tenantId: 'acme',
        principalId: 'user_7',
      });
      await service.complete(ID, { outcome: 'failed', error: 'Gateway timeout' });

      const result = await cli(['approvals', 'show', ID]);

      expect(result.stdout).toMatch(/state\s+completed/);
      expect(result.stdout).toMatch(/decision\s+approved at 2023-11-14T22:13:20\.000Z/);
      expect(result.stdout).toMatch(/approver\s+maria@finance \(a name typed by the operator, not authenticated\)/);
      expect(result.stdout).toMatch(/comment\s+Known customer/);
      expect(result.stdout).toMatch(/execution\s+claimed at .*, completed at .*: failed/);
      expect(result.stdout).toMatch(/error\s+Gateway timeout/);
      expect((await cli(['approvals', 'show', ID, '--json'])).json()).toMatchObject({
        approval: { id: ID, state: 'completed', decision: { by: 'maria@finance' }, execution: { outcome: 'failed' } },
      });
    });

    it('shows a withdrawn request, when and why, and lists it by that state (security review, finding 9)', async () => {
      await service.withdraw(ID, { reason: 'The caller abandoned the call: Request cancelled' });

      const result = await cli(['approvals', 'show', ID]);
      const listed = await cli(['approvals', 'list', '--state', 'withdrawn', '--json']);

      expect(result.stdout).toMatch(/state\s+withdrawn/);
      expect(result.stdout).toMatch(
        /withdrawn\s+at 2023-11-14T22:13:20\.000Z: The caller abandoned the call: Request cancelled/,
      );
      expect(listed.json()).toMatchObject({ approvals: [{ id: ID, state: 'withdrawn', status: 'withdrawn' }] });
    });

    it('bounds a long reason and comment, but shows the arguments whole (security review, finding 10)', async () => {
      const huge = 'r'.repeat(100_000);
      await service.request(
        newApproval({ id: '01HZX0000000000000000000CC', request: { approverGroups: ['ops'], reason: huge } }),
      );

      const shown = await cli(['approvals', 'show', '01HZX0000000000000000000CC']);
      const listed = await cli(['approvals', 'list']);

      expect(shown.stdout).toMatch(/reason\s+r{2000} … \[cut 98,000 characters\]\n/);
      expect(listed.stdout).toMatch(/r{2000} … \[cut 98,000 characters\]$/m);
      expect(shown.stdout.length).toBeLessThan(5_000);
    });

    it('prints the record as JSON, with its state', async () => {
      const result = await cli(['approvals', 'show', ID, '--json']);

      expect(result.code).toBe(0);
      expect(result.json()).toStrictEqual({ approval: { ...(await service.get(ID)), state: 'pending' } });
    });

    it('fails with APPROVAL_NOT_FOUND (exit 1) for an unknown id, on one line naming the store and --dir/--store', async () => {
      const result = await cli(['approvals', 'show', '01HZX00000000000000000000Z', '--json']);
      const message = `No approval 01HZX00000000000000000000Z in ${dir} (pass --dir <path> or --store postgres://… to look in the store the runtime uses)`;

      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`brane: APPROVAL_NOT_FOUND: ${message}\n`);
      expect(result.json()).toStrictEqual({ error: { code: 'APPROVAL_NOT_FOUND', message } });
    });

    it.each([['approve'], ['reject']])('%s of an id in no store names the directory looked in', async (verb) => {
      const result = await cli(['approvals', verb, ID, '--approver', 'maria', '--dir', 'elsewhere']);

      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `brane: APPROVAL_NOT_FOUND: No approval ${ID} in ${path.join(root, 'elsewhere')} (pass --dir <path> or --store postgres://… to look in the store the runtime uses)\n`,
      );
    });

    it('fails with APPROVAL_TAMPERED for a record edited in the store', async () => {
      const file = path.join(dir, `${ID}.json`);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"amount":900', '"amount":90'));

      const result = await cli(['approvals', 'show', ID]);

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^brane: APPROVAL_TAMPERED: [^\n]*\n$/);
    });

    it.each([[['approvals', 'show']], [['approvals', 'show', 'not an id']], [['approvals', 'show', ID, 'extra']]])(
      'is a usage error (exit 2): %p',
      async (args) => {
        const result = await cli(args);

        expect(result).toMatchObject({ code: 2, stdout: '' });
        expect(result.stderr).toMatch(/^error: .*\n\(add --help for usage\)\n$/);
      },
    );
  });

  describe('approve and reject', () => {
    it('approves: the record is approved, by the approver, with the comment', async () => {
      const result = await cli([
        'approvals',
        'approve',
        ID,
        '--approver',
        'maria@finance',
        '--comment',
        'Known customer',
      ]);

      expect(result).toMatchObject({
        code: 0,
        stdout: `Approved ${ID} (payments.refund) as maria@finance; the runtime may now resume it, once.\n`,
      });
      expect(await service.get(ID)).toMatchObject({
        status: 'approved',
        decision: {
          outcome: 'approved',
          by: 'maria@finance',
          comment: 'Known customer',
          at: new Date(NOW).toISOString(),
        },
      });
    });

    it('rejects, and prints the decided record as JSON', async () => {
      const result = await cli(['approvals', 'reject', OTHER_ID, '--approver', 'it-lead', '--json']);

      expect(result.code).toBe(0);
      expect(result.json()).toStrictEqual({ approval: { ...(await service.get(OTHER_ID)), state: 'rejected' } });
      expect(result.json()).toMatchObject({ approval: { decision: { outcome: 'rejected', by: 'it-lead' } } });
    });

    it.each([
      [
        'APPROVAL_ALREADY_DECIDED',
        async () => {
          await service.approve(ID, { approver: 'someone' });
        },
        NOW,
      ],
      ['APPROVAL_EXPIRED', async () => undefined, T0 + 3_600_000],
      [
        'APPROVAL_NOT_FOUND',
        async () => {
          fs.rmSync(path.join(dir, `${ID}.json`));
        },
        NOW,
      ],
    ])('fails with %s (exit 1), on one line', async (code, arrange, now) => {
      await arrange();

      const result = await cli(['approvals', 'approve', ID, '--approver', 'maria@finance', '--json'], {}, now);

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^brane: ${code}: [^\\n]+\\n$`));
      expect(result.json()).toMatchObject({ error: { code } });
    });

    it('fails with APPROVER_NOT_ALLOWED when the principal approves their own action and the policy forbids it', async () => {
      await service.request(
        newApproval({ id: 'self', request: { approverGroups: ['finance-ops'], reason: 'r', distinctApprover: true } }),
      );

      const result = await cli(['approvals', 'approve', 'self', '--approver', 'user_7']);

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^brane: APPROVER_NOT_ALLOWED: user_7 may not decide approval self/);
      expect(await service.get('self')).toMatchObject({ status: 'pending' });
    });

    it.each([
      [['approvals', 'approve', ID], /required option '--approver <name>' not specified/],
      [
        ['approvals', 'reject', ID, '--approver', ' \t '],
        // what was typed is quoted escaped, like every text the CLI prints
        /option '--approver <name>' argument ' \\t ' is invalid. Expected a non-empty value/,
      ],
      [['approvals', 'approve', '../etc', '--approver', 'x'], /Expected an approval id/],
      [['approvals', 'approve', ID, '--approver', 'x', '--bogus'], /unknown option '--bogus'/],
    ])('is a usage error (exit 2): %p', async (args, message) => {
      const result = await cli(args);

      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(message);
      expect(await service.get(ID)).toMatchObject({ status: 'pending' });
    });
  });
});
