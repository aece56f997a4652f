import * as fs from 'node:fs';
import * as path from 'node:path';
import { lockFile } from '@brane/approvals';
import { makeTempDir, removeTempDir } from './fixtures/records';

describe('lockFile', () => {
  let directory: string;
  let file: string;

  beforeEach(() => {
    directory = makeTempDir();
    file = path.join(directory, 'record.json');
  });

  afterEach(() => {
    removeTempDir(directory);
  });

  it('holds `<file>.lock` until released, and a second holder waits for it', async () => {
    const first = await lockFile(file);
    expect(fs.statSync(`${file}.lock`).isDirectory()).toBe(true);
    let second = false;
    const waiting = lockFile(file).then((held) => {
      second = true;
      return held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(second).toBe(false);

    await first.release();
    const held = await waiting;
    expect(held.compromised).toBeUndefined();
    await held.release();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('lets one holder at a time in, among many waiting at once', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const held = await lockFile(file, { waitMs: 30_000 });
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inside -= 1;
        await held.release();
      }),
    );
    expect(most).toBe(1);
    expect(fs.readdirSync(directory)).toStrictEqual([]);
  });

  it('gives up after `waitMs` when the holder is alive', async () => {
    const first = await lockFile(file, { staleMs: 10_000 });
    await expect(lockFile(file, { waitMs: 50 })).rejects.toMatchObject({ code: 'ELOCKED' });
    await first.release();
  });

  it('takes over a stale lock left by a dead holder, and leaves nothing of it behind', async () => {
    fs.mkdirSync(`${file}.lock`);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.lock`, past, past);

    const held = await lockFile(file, { staleMs: 1_000, waitMs: 100 });
    await held.release();
    expect(fs.readdirSync(directory)).toStrictEqual([]);
  });

  it('keeps a held lock fresh, so a waiter does not take it over', async () => {
    const first = await lockFile(file, { staleMs: 400 });
    await expect(lockFile(file, { staleMs: 400, waitMs: 1_200 })).rejects.toMatchObject({ code: 'ELOCKED' });
    expect(first.compromised).toBeUndefined();
    await first.release();
  });

  it('knows when its lock was taken from it, and then does not remove the new holder`s lock', async () => {
    const first = await lockFile(file, { staleMs: 100 });
    fs.rmSync(`${file}.lock`, { recursive: true });
    const second = await lockFile(file, { staleMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(first.compromised).toBeInstanceOf(Error);
    await first.release();
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
    await second.release();
  });
});
