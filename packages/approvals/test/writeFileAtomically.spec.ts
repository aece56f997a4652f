import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '@brane/approvals';
import { makeTempDir, removeTempDir } from './fixtures/records';

describe('writeFileAtomically', () => {
  let directory: string;

  beforeEach(() => {
    directory = makeTempDir();
  });

  afterEach(() => {
    removeTempDir(directory);
  });

  it('creates or replaces the file whole, with no temporary file left behind', async () => {
    const file = path.join(directory, 'a.json');
    await writeFileAtomically(file, 'one');
    await writeFileAtomically(file, 'two');
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(directory)).toStrictEqual(['a.json']);
  });

  it('gives a new file the requested mode', async () => {
    const file = path.join(directory, 'private.json');
    await writeFileAtomically(file, '{}', { mode: 0o600 });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('fails without touching the old file or leaving a temporary one when the rename fails', async () => {
    const target = path.join(directory, 'dir');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomically(target, 'text')).rejects.toMatchObject({ code: expect.any(String) as unknown });
    expect(fs.readdirSync(directory)).toStrictEqual(['dir']);
  });
});
