import * as fs from 'node:fs';

/**
 * @internal Rewrites the head file atomically: a reader sees the old head or the new one, never half of one.
 */
export function writeHead(file: string, temp: string, seq: number, hash: string): void {
  try {
    fs.writeFileSync(temp, `${JSON.stringify({ seq, hash, updatedAt: new Date().toISOString() })}\n`);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** @internal Writes all of `bytes` at `position`, however many writes it takes. */
export function writeFullySync(fd: number, bytes: Buffer, position: number): void {
  for (let offset = 0; offset < bytes.length;) {
    offset += fs.writeSync(fd, bytes, offset, bytes.length - offset, position + offset);
  }
}

/** @internal {@link writeFullySync}, asynchronously. */
export async function writeFully(fd: number, bytes: Buffer, position: number): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    offset += await new Promise<number>((resolve, reject) => {
      fs.write(fd, bytes, offset, bytes.length - offset, position + offset, (error, written) => {
        if (error) reject(error);
        else resolve(written);
      });
    });
  }
}
