// Packs every publishable workspace package with `pnpm pack` (which turns `workspace:*` into the version), as
// npm would publish it. Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const packagesDir = join(import.meta.dirname, '..', 'packages');

/** The publishable packages: `{ name, dir, manifest }` for each directory of packages/ not marked private. */
export function workspacePackages() {
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, dir, manifest };
    })
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Packs each package into `destination`; returns a map from package name to the tarball's absolute path. */
export function packWorkspace(destination) {
  const tarballs = new Map();
  for (const { name, dir } of workspacePackages()) {
    const output = execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' });
    const tarball = output.trim().split('\n').at(-1).trim();
    if (!tarball.endsWith('.tgz')) throw new Error(`pnpm pack of ${name} printed no tarball: ${output}`);
    tarballs.set(name, tarball);
  }
  return tarballs;
}
