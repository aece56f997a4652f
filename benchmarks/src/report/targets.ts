import type { RecipeRow } from '../suites/recipeSuite.js';
import type { ScaleResults, StartupResults } from '../suites/scaleSuite.js';
import { FLEET_WORKERS, type FleetResults } from '../suites/fleetSuite.js';
import type { SessionResults } from '../suites/sessionSuite.js';

/** One target of the benchmark issue and whether this run met it. */
export interface TargetResult {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

function row(rows: readonly RecipeRow[], prefix: string): RecipeRow {
  const found = rows.find((r) => r.form.startsWith(prefix));
  if (found === undefined) throw new Error(`no recipe row for ${prefix}`);
  return found;
}

const ns = (value: number): string => `${value.toFixed(0)} ns`;

/** Evaluates the targets, each from ratios and differences measured in this one run. */
export function evaluateTargets(
  recipe: readonly RecipeRow[],
  scale: ScaleResults,
  startup: StartupResults,
  fleet: FleetResults,
  sessions: SessionResults,
): TargetResult[] {
  const recording = sessions.inSession.avgNs - sessions.noSession.avgNs;
  const direct = row(recipe, 'direct');
  const brane = row(recipe, 'Brane');
  const inline = row(recipe, 'inline');
  const casl = row(recipe, 'CASL');
  const syncOverhead = brane.syncAllowed.avgNs - direct.syncAllowed.avgNs;
  const asyncOverhead = brane.asyncAllowed.avgNs - direct.asyncAllowed.avgNs;
  const few = scale.registered.find((r) => r.registered === 10)?.noneMatching;
  const many = scale.registered.find((r) => r.registered === 10_000)?.noneMatching;
  if (few === undefined || many === undefined) throw new Error('missing scale measurements');
  const scaleRatio = many.avgNs / few.avgNs;
  return [
    {
      name: 'Governed sync call, three matching policies, allowed, audit off',
      target: 'at most 150 ns over a direct call',
      measured: `${ns(syncOverhead)} over direct (${(brane.syncAllowed.avgNs / inline.syncAllowed.avgNs).toFixed(1)}× the inline check, ${(casl.syncAllowed.avgNs / brane.syncAllowed.avgNs).toFixed(1)}× under CASL)`,
      met: syncOverhead <= 150,
    },
    {
      name: 'Governed async call',
      target: 'at most 1 µs over a direct async call',
      measured: `${ns(asyncOverhead)} over direct`,
      met: asyncOverhead <= 1_000,
    },
    {
      name: '10,000 registered policies, none matching',
      target: 'at most 1.2× the cost with 10 registered',
      measured: `${scaleRatio.toFixed(2)}× (${ns(many.avgNs)} vs ${ns(few.avgNs)})`,
      met: scaleRatio <= 1.2,
    },
    {
      name: `Start-up: registering ${startup.policies.toLocaleString('en-US')} policies`,
      target: 'under 100 ms',
      measured: `${startup.coldMs.toFixed(1)} ms in a fresh process (${startup.warmMs.toFixed(1)} ms warm)`,
      met: startup.coldMs < 100,
    },
    {
      name: `Approval lifecycle on PostgreSQL (request, approve, claim, complete), ${FLEET_WORKERS} concurrent workers`,
      target: 'at least 1,000 a second',
      measured: fleet.ran
        ? `${fleet.postgres.perSecond.toFixed(0)} a second (${fleet.file.perSecond.toFixed(0)} on the file store)`
        : `not run: ${fleet.reason}`,
      met: fleet.ran && fleet.postgres.perSecond >= 1_000,
    },
    {
      name: 'Recording a call in an in-memory session',
      target: 'at most 1 µs over the same call without a session',
      measured: `${ns(recording)} over the call without a session`,
      met: recording <= 1_000,
    },
  ];
}
