import type { RecipeRow } from '../suites/recipeSuite.js';
import type { ScaleResults, StartupResults } from '../suites/scaleSuite.js';
import { FLEET_WORKERS, type FleetResults } from '../suites/fleetSuite.js';
import type { AuditResults } from '../suites/auditSuite.js';
import type { FeatureResults } from '../suites/featureSuite.js';
import { FINGERPRINTED_KB, type SessionResults } from '../suites/sessionSuite.js';

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
  audited: { readonly features: FeatureResults; readonly audit: AuditResults },
  sessions: SessionResults,
): TargetResult[] {
  const recording = sessions.inSession.avgNs - sessions.noSession.avgNs;
  const fingerprintingPerKb = (sessions.labelled.avgNs - sessions.unlabelled.avgNs) / FINGERPRINTED_KB;
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
    ...auditTargets(audited.features, audited.audit),
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
      name: 'Audit into PostgreSQL, one process, async durability',
      target: 'at least 20,000 actions a second',
      measured: fleet.ran ? `${fleet.audit.perSecond.toFixed(0)} actions a second` : `not run: ${fleet.reason}`,
      met: fleet.ran && fleet.audit.perSecond >= 20_000,
    },
    {
      name: '`brane audit query --tenant T --since D` over 10 million rows',
      target: 'under 1 s',
      measured: !fleet.ran
        ? `not run: ${fleet.reason}`
        : 'skipped' in fleet.auditQuery
          ? `not run: ${fleet.auditQuery.skipped}`
          : `${fleet.auditQuery.queryMs.toFixed(1)} ms over ${fleet.auditQuery.rows.toLocaleString('en-US')} rows`,
      met:
        fleet.ran &&
        !('skipped' in fleet.auditQuery) &&
        fleet.auditQuery.rows >= 10_000_000 &&
        fleet.auditQuery.queryMs < 1_000,
    },
    {
      name: 'Recording a call in an in-memory session',
      target: 'at most 1 µs over the same call without a session',
      measured: `${ns(recording)} over the call without a session`,
      met: recording <= 1_000,
    },
    {
      name: 'Fingerprinting a labelled output (value taint)',
      target: 'at most 50 µs per KB over the same output unlabelled',
      measured: `${ns(fingerprintingPerKb)} per KB over the same ${FINGERPRINTED_KB} KB output unlabelled`,
      met: fingerprintingPerKb <= 50_000,
    },
  ];
}

const rate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')} actions/s`;

/** The targets of the audit trail (issue 14), from the feature suite's audited call and the audit suite's runs. */
function auditTargets(features: FeatureResults, audit: AuditResults): TargetResult[] {
  const over = features.audited.avgNs - features.plain.avgNs;
  const one = audit.durableByCallers.find((each) => each.callers === 1);
  const many = audit.durableByCallers.find((each) => each.callers === 64);
  const growth = one === undefined || many === undefined ? 0 : many.perSecond / one.perSecond;
  const { burst } = audit;
  return [
    {
      name: 'Audited sync recipe call, a counting sink',
      target: 'at most 3 µs over the same call without audit',
      measured: `${ns(over)} over (${(features.audited.avgNs / features.plain.avgNs).toFixed(1)}× the call without audit)`,
      met: over <= 3_000,
    },
    {
      name: 'JSONL default sink, async durability, sustained',
      target: 'at least 200,000 actions/s, fsynced in batches',
      measured: `${rate(audit.asyncSustained.perSecond)} (pino, same bytes, same disk: ${rate(audit.pino.perSecond)}; the same calls with a counting sink: ${rate(audit.asyncReference.counting.perSecond)}, without audit: ${rate(audit.asyncReference.unaudited.perSecond)})`,
      met: audit.asyncSustained.perSecond >= 200_000,
    },
    {
      name: "`durability: 'sync'`, 64 concurrent async callers",
      target: 'at least 10× the single-caller rate',
      measured: `${growth.toFixed(1)}× (${rate(many?.perSecond ?? 0)} vs ${rate(one?.perSecond ?? 0)})`,
      met: growth >= 10,
    },
    {
      name: 'Bytes per recipe action in the JSONL log',
      target: 'at most 700',
      measured: `${audit.bytesPerAction.toFixed(0)} bytes`,
      met: audit.bytesPerAction <= 700,
    },
    {
      name: `A ${burst.actions.toLocaleString('en-US')}-call sync burst with \`audit: {}\``,
      target: '0 denied, 0 lost, the log verifies',
      measured: `${burst.denied} denied, ${burst.actions - burst.recorded} lost, ${burst.verified ? 'verifies' : '**does not verify**'} (${rate(burst.perSecond)})`,
      met: burst.denied === 0 && burst.recorded === burst.actions && burst.verified,
    },
  ];
}
