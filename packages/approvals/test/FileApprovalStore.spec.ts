import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ApprovalService,
  FileApprovalStore,
  InMemoryApprovalStore,
  loadOrCreateSecret,
  lockFile,
} from '@brane/approvals';
import { describeApprovalStoreContract } from '@brane/approvals/testing';
import { ApprovalError } from '@brane/errors';
import { SECRET, makeTempDir, newApproval, removeTempDir, sampleRecord } from './fixtures/records';
import { bundleChild, runChildren } from './fixtures/runChildren';

describeApprovalStoreContract('FileApprovalStore', () => {
  const directory = makeTempDir();
  return {
    store: new FileApprovalStore({ directory: path.join(directory, 'approvals') }),
    dispose: () => {
      removeTempDir(directory);
    },
  };
});

describe('FileApprovalStore', () => {
  let root: string;
  let directory: string;

  beforeEach(() => {
    root = makeTempDir();
    directory = path.join(root, 'nested', 'approvals');
  });

  afterEach(() => {
    removeTempDir(root);
  });

  it('defaults to .brane/approvals, resolved against the working directory at construction', () => {
    expect(new FileApprovalStore().directory).toBe(path.resolve(process.cwd(), '.brane/approvals'));
    expect(new FileApprovalStore({ directory: 'relative/dir' }).directory).toBe(
      path.join(process.cwd(), 'relative/dir'),
    );
  });

  it.each([[''], [42], [null]])('refuses the directory %p', (value) => {
    expect(() => new FileApprovalStore({ directory: value as string })).toThrow(/`directory` must be a non-empty path/);
  });

  it('creates its directory on the first write only, and keeps one `<id>.json` file per record', async () => {
    const store = new FileApprovalStore({ directory });
    await store.get(sampleRecord().id);
    await store.list();
    expect(fs.existsSync(directory)).toBe(false);

    await store.create(sampleRecord());

    expect(fs.readdirSync(directory)).toStrictEqual([`${sampleRecord().id}.json`]);
    expect(JSON.parse(fs.readFileSync(path.join(directory, `${sampleRecord().id}.json`), 'utf8'))).toStrictEqual(
      sampleRecord(),
    );
  });

  it('keeps records across a restart: a new store on the same directory reads them, and they still verify', async () => {
    const before = new ApprovalService({ store: new FileApprovalStore({ directory }), secret: SECRET });
    const requested = await before.request(newApproval());
    await before.approve(requested.id, { approver: 'alice' });

    const after = new ApprovalService({ store: new FileApprovalStore({ directory }), secret: SECRET });

    await expect(after.get(requested.id)).resolves.toMatchObject({ status: 'approved', decision: { by: 'alice' } });
    await expect(after.list()).resolves.toHaveLength(1);
  });

  it.each([
    ['invalid JSON', '{"id": "01HZX0000000000000000000AA", '],
    ['a JSON array', '[1, 2]'],
    ['JSON null', 'null'],
    ['an empty file', ''],
  ])('reports a record file holding %s as APPROVAL_TAMPERED, from get, list and update', async (_, text) => {
    const store = new FileApprovalStore({ directory });
    await store.create(sampleRecord());
    fs.writeFileSync(path.join(directory, `${sampleRecord().id}.json`), text);

    for (const call of [
      () => store.get(sampleRecord().id),
      () => store.list(),
      () => store.update(sampleRecord(), 'seal-1'),
    ]) {
      await expect(call()).rejects.toThrow(ApprovalError);
      await expect(call()).rejects.toMatchObject({ code: 'APPROVAL_TAMPERED', approvalId: sampleRecord().id });
    }
  });

  it('lists only record files: not temporary files, lock directories, the secret or other files', async () => {
    const store = new FileApprovalStore({ directory });
    await store.create(sampleRecord());
    fs.writeFileSync(path.join(directory, `.${sampleRecord().id}.123.abc.tmp`), 'partial');
    fs.writeFileSync(path.join(directory, `${sampleRecord().id}.json.2841`), 'partial');
    fs.mkdirSync(path.join(directory, `${sampleRecord().id}.json.lock`));
    fs.writeFileSync(path.join(directory, 'secret.key'), 'ab'.repeat(32));
    fs.writeFileSync(path.join(directory, 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(directory, 'bad name.json'), '{}');

    await expect(store.list()).resolves.toStrictEqual([sampleRecord()]);
  });

  it('leaves no temporary file behind after create, even when the id already exists', async () => {
    const store = new FileApprovalStore({ directory });
    await store.create(sampleRecord());
    await expect(store.create(sampleRecord())).rejects.toThrow(/already exists/);

    expect(fs.readdirSync(directory)).toStrictEqual([`${sampleRecord().id}.json`]);
  });

  it('waits for the lock another holder has on a record before it compares and writes', async () => {
    const store = new FileApprovalStore({ directory });
    await store.create(sampleRecord());
    const held = await lockFile(path.join(directory, `${sampleRecord().id}.json`));

    let settled = false;
    const update = store.update(sampleRecord({ status: 'approved', seal: 'seal-2' }), 'seal-1').finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(settled).toBe(false);
    await expect(store.get(sampleRecord().id)).resolves.toMatchObject({ status: 'pending' });

    await held.release();
    await expect(update).resolves.toBe(true);
    await expect(store.get(sampleRecord().id)).resolves.toMatchObject({ status: 'approved' });
    expect(fs.existsSync(path.join(directory, `${sampleRecord().id}.json.lock`))).toBe(false);
  });

  it('reports I/O failures as APPROVAL_STORE_FAILED with the cause', async () => {
    fs.mkdirSync(path.dirname(directory), { recursive: true });
    fs.writeFileSync(directory, 'a file where the directory should be');
    const store = new FileApprovalStore({ directory });

    for (const call of [() => store.create(sampleRecord()), () => store.get(sampleRecord().id), () => store.list()]) {
      const error: unknown = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApprovalError);
      expect(error).toMatchObject({ code: 'APPROVAL_STORE_FAILED', approvalId: expect.any(String) as unknown });
      expect((error as { cause: { code: unknown } }).cause.code).toMatch(/^E[A-Z]+$/);
    }
  });

  it('reads the same records as any other store would: a record copied in from memory verifies', async () => {
    const memory = new InMemoryApprovalStore();
    const record = await new ApprovalService({ store: memory, secret: SECRET }).request(newApproval());
    await new FileApprovalStore({ directory }).create(record);

    await expect(
      new ApprovalService({ store: new FileApprovalStore({ directory }), secret: SECRET }).get(record.id),
    ).resolves.toStrictEqual(record);
  });

  describe('across processes', () => {
    let bundle: string;

    beforeAll(() => {
      bundle = bundleChild(makeTempDir());
    });

    afterAll(() => {
      removeTempDir(path.dirname(bundle));
    });

    it('lets exactly one of 8 processes claiming the same approved record win', async () => {
      const secret = await loadOrCreateSecret(directory);
      const service = new ApprovalService({ store: new FileApprovalStore({ directory }), secret });
      const init = newApproval();
      await service.request(init);
      await service.approve(init.id, { approver: 'alice' });
      const binding = {
        capability: init.capability,
        args: init.args,
        tenantId: init.tenantId,
        principalId: init.principalId,
      };

      const results = await runChildren(bundle, 8, ['claim', directory, init.id, JSON.stringify(binding)]);

      expect(results.filter((result) => (result as { claimed?: string }).claimed === 'executing')).toHaveLength(1);
      expect(results.filter((result) => (result as { code?: string }).code === 'APPROVAL_ALREADY_USED')).toHaveLength(
        7,
      );
      await expect(service.get(init.id)).resolves.toMatchObject({ status: 'executing' });
      expect(fs.readdirSync(directory).sort()).toStrictEqual([`${init.id}.json`, 'secret.key']);
    }, 60_000);

    it('makes one secret when 8 processes load it at once from an empty directory', async () => {
      const results = (await runChildren(bundle, 8, ['secret', directory])) as { secret: string }[];

      const secrets = new Set(results.map((result) => result.secret));
      expect(secrets.size).toBe(1);
      expect((await loadOrCreateSecret(directory)).toString('hex')).toBe([...secrets][0]);
    }, 60_000);
  });
});
