import * as path from 'node:path';
import { ApprovalError, ApprovalExpiredError, ApprovalRejectedError } from '@brane/sdk';

/** Exit code of a step that Brane refused (the approval cannot be decided or used as asked). */
export const REFUSED = 2;

/**
 * Runs one step of the approval demo as the body of a process, with its command-line arguments by name.
 * The process exits 0 when the step did its job; {@link REFUSED} when Brane refused it, after printing
 * `refused: <code>: <message>`; 1 on anything else.
 *
 * @example
 * runStep(['directory', 'approvalId'], async ({ directory, approvalId }) => { ... });
 */
export function runStep<const Name extends string>(
  names: readonly Name[],
  step: (args: Readonly<Record<Name, string>>) => Promise<void>,
): void {
  const values = process.argv.slice(2);
  if (values.length < names.length) {
    const script = path.basename(process.argv[1] ?? 'step');
    console.error(`usage: node ${script} ${names.map((name) => `<${name}>`).join(' ')}`);
    process.exitCode = 1;
    return;
  }
  const args = Object.fromEntries(names.map((name, i) => [name, values[i]])) as Record<Name, string>;
  step(args).catch((error: unknown) => {
    if (
      error instanceof ApprovalError ||
      error instanceof ApprovalRejectedError ||
      error instanceof ApprovalExpiredError
    ) {
      console.log(`refused: ${error.code}: ${error.message}`);
      process.exitCode = REFUSED;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  });
}
