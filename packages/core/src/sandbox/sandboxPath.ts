import { currentAction } from '../currentAction.js';
import { checkSandboxPath } from './checkSandboxPath.js';

/**
 * Resolves `path` for a capability body and checks it against the running action's sandbox: the real
 * path (symlinks followed) must lie under an allowed path, or a `SandboxViolationError` is thrown. Open
 * exactly the path it returns. Outside a sandboxed action it only resolves the path.
 *
 * @example
 * const file = await sandboxPath(`/srv/reports/${name}`);
 * return readFile(file, 'utf8');
 */
export function sandboxPath(path: string): Promise<string> {
  const action = currentAction();
  const constraints = action?.sandbox ?? {};
  return checkSandboxPath({ capability: action?.capability.name ?? 'unknown', constraints }, path);
}
