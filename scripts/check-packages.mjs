// Checks every publishable package as npm would receive it: packs it, then
// - @arethetypeswrong/cli: its types resolve, each for its own format, under node10, node16 (from CJS and from
//   ESM) and bundler resolution, for every entry of `exports`;
// - publint (strict): the manifest, the files and the exports map agree;
// - `npm publish --dry-run` of the tarball: npm accepts it.
// Run after `pnpm build`. Prints each problem and exits non-zero if any package has one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packWorkspace, workspacePackages } from './packWorkspace.mjs';

const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);

const work = mkdtempSync(join(tmpdir(), 'brane-packages-'));
const failures = [];
const run = (label, command, args, options = {}) => {
  try {
    execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe', ...options });
    return true;
  } catch (error) {
    failures.push(label);
    console.log(`not ok - ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    return false;
  }
};
try {
  const tarballs = packWorkspace(work);
  for (const { name, dir } of workspacePackages()) {
    const tarball = tarballs.get(name);
    const ok = [
      // The default profile checks node10, node16 from CJS, node16 from ESM and bundler.
      run(`${name}: attw`, bin('attw'), [tarball, '--format', 'table-flipped']),
      run(`${name}: publint`, bin('publint'), [dir, '--strict', '--pack', 'pnpm']),
      run(`${name}: npm publish --dry-run`, 'npm', ['publish', '--dry-run', '--access', 'public', tarball], {
        cwd: work,
      }),
    ].every(Boolean);
    if (ok) console.log(`ok - ${name}: attw, publint, npm publish --dry-run`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.log(`package checks failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('package checks passed');
