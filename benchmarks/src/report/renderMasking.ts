import { MASKED_BYTES, type MaskingResults } from '../suites/maskingSuite.js';

const ms = (value: number): string => `${value.toFixed(2)} ms`;
const escapeCell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('`', "'");

/** The masking section: one 1 MB argument through every default pattern and each one alone, beside a plain scan. */
export function renderMasking(run: MaskingResults): string {
  const size = `${(MASKED_BYTES / 1_000_000).toString()} MB`;
  return [
    `Masking one ${size} argument (an agent chooses its arguments, and every audited call masks them), best of a few`,
    `runs: prose with ids and emails, and the security review's adversarial input (\`eyJ-\` repeated, quadratic for the`,
    `old JWT pattern). Target: a few milliseconds per pattern. The scan is a linear pass over the same text: the floor.`,
    '',
    `| masking ${size} | prose | adversarial (\`eyJ-\`…) |`,
    '| --- | --- | --- |',
    `| a linear scan (\`indexOf\`, reference) | ${ms(run.scan.prose)} | ${ms(run.scan.adversarial)} |`,
    `| every default pattern (\`maskSecrets\`) | ${ms(run.allDefaults.prose)} | ${ms(run.allDefaults.adversarial)} |`,
    ...run.perPattern.map(
      (row) => `| \`${escapeCell(row.pattern)}\` alone | ${ms(row.prose)} | ${ms(row.adversarial)} |`,
    ),
  ].join('\n');
}
