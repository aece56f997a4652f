import * as path from 'node:path';
import { escapeForTerminal } from '@brane/errors';
import { Command } from 'commander';
import { EXIT_FAILURE } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import { checkRuntime, type CheckReport } from '../checkRuntime.js';
import { commandAction } from '../commandAction.js';
import { formatTable } from '../formatTable.js';
import { inWorkingDirectory } from '../inWorkingDirectory.js';
import { loadRuntime } from '../loadRuntime.js';
import { summarizeRuntime, type RuntimeSummary } from '../summarizeRuntime.js';

interface PoliciesOptions {
  readonly check?: boolean;
  readonly dir?: string;
}

/**
 * `brane policies <module> [--check]`: the capabilities and policies of the runtime a module provides (see
 * `loadRuntime` for the contract); `--check` fails when a high-risk capability is unguarded or a policy targets
 * nothing declared. `--dir` is the directory the module resolves from and its runtime is built and closed in (the
 * process's working directory meanwhile), so the runtime's `.brane` defaults are those of that directory.
 */
export function policiesCommand(io: CliIo): Command {
  const command = new Command('policies')
    .description("list a runtime's capabilities and policies")
    .argument('<module>', 'a .js, .cjs or .mjs file exporting `runtime`, `createRuntime()`, or a default of either')
    .option(
      '--dir <path>',
      "the directory the module resolves from and its runtime runs in, with the runtime's .brane defaults (default: the working directory)",
    )
    .option(
      '--check',
      'fail unless every high or critical capability has an enforced before-policy and every policy target is declared',
    );
  return commandAction<PoliciesOptions>(command, io, async ({ options, args, output }) => {
    const directory = path.resolve(io.cwd, options.dir ?? '.');
    const module = path.resolve(directory, args[0] ?? '');
    return inWorkingDirectory(directory, async () => {
      const runtime = await loadRuntime(args[0] ?? '', { ...io, cwd: directory });
      try {
        const summary = summarizeRuntime(runtime);
        const check = options.check === true ? checkRuntime(runtime, summary) : undefined;
        output.result({ module, ...summary, ...(check === undefined ? {} : { check }) }, () =>
          [`Module ${module}`, formatSummary(summary), ...(check === undefined ? [] : [formatCheck(check)])].join(
            '\n\n',
          ),
        );
        return check?.ok === false ? EXIT_FAILURE : 0;
      } finally {
        await closeQuietly(runtime);
      }
    });
  });
}

function formatSummary({ capabilities, policies }: RuntimeSummary): string {
  const capabilityTable =
    capabilities.length === 0
      ? 'No capabilities (govern an instance, or declare a capability, in the module)'
      : formatTable(
          ['NAME', 'TYPE', 'RISK'],
          capabilities.map(({ name, type, risk }) => [name, type, risk]),
        );
  const policyTable =
    policies.length === 0
      ? 'No policies'
      : formatTable(
          ['NAME', 'VERSION', 'STAGE', 'TARGETS', 'PRIORITY', 'MODE', 'ENABLED'],
          policies.map((policy) => [
            policy.name,
            policy.version ?? '-',
            policy.stage,
            policy.targets.join(', '),
            String(policy.priority),
            policy.mode,
            policy.enabled ? 'yes' : 'no',
          ]),
        );
  return `Capabilities (${capabilities.length})\n${capabilityTable}\n\nPolicies (${policies.length})\n${policyTable}`;
}

function formatCheck(check: CheckReport): string {
  if (check.ok) {
    return 'Check passed: every high or critical capability has an enforced before-policy, and every policy target is declared.';
  }
  const count = `${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}`;
  return [
    `Check failed: ${count}`,
    ...check.problems.map((problem) => `  ${escapeForTerminal(`${problem.code}  ${problem.message}`)}`),
  ].join('\n');
}

/** Lets the runtime flush and release what it holds (audit sinks), so the process can exit; errors are ignored. */
async function closeQuietly(runtime: { close?: () => unknown }): Promise<void> {
  try {
    if (typeof runtime.close === 'function') await runtime.close();
  } catch {
    // The listing is complete; a runtime that fails to close is not this command's failure.
  }
}
