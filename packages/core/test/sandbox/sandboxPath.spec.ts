import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decision } from '@brane/decisions';
import { SandboxViolationError } from '@brane/errors';
import { Capability, Runtime, sandboxPath } from '@brane/core';

let root = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'brane-sandbox-path-'));
  writeFileSync(join(root, 'report.txt'), 'q1');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

class Reports {
  @Capability({ name: 'read_report', sandbox: { filesystem: true } })
  async read(path: string): Promise<string> {
    return readFile(await sandboxPath(path), 'utf8');
  }
}

function reports(): Reports {
  const runtime = new Runtime();
  runtime.beforeCapability('read_report', { name: 'paths' }, () =>
    Decision.sandbox({ filesystem: { allowPaths: [root] } }),
  );
  return runtime.govern(new Reports());
}

describe('sandboxPath', () => {
  it('resolves a path inside the sandbox', async () => {
    await expect(reports().read(join(root, 'report.txt'))).resolves.toBe('q1');
  });

  it('refuses a path outside it, including through `..`', async () => {
    await expect(reports().read('/etc/hostname')).rejects.toBeInstanceOf(SandboxViolationError);
    await expect(reports().read(join(root, '..', 'elsewhere.txt'))).rejects.toMatchObject({
      code: 'SANDBOX_VIOLATION',
      kind: 'filesystem',
      capability: 'read_report',
    });
  });

  it('only resolves outside a sandboxed action', async () => {
    await expect(sandboxPath(join(root, 'report.txt'))).resolves.toBe(join(root, 'report.txt'));
  });
});
