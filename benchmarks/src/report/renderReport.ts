import type { ConsoleResults } from '../suites/consoleSuite.js';
import type { MaskingResults } from '../suites/maskingSuite.js';
import type { BundleResults } from '../suites/bundleSuite.js';
import { renderBundle } from './renderBundle.js';
import { STREAM_CHUNKS, type FeatureResults } from '../suites/featureSuite.js';
import type { AuditResults } from '../suites/auditSuite.js';
import { FINGERPRINTED_KB, type SessionResults } from '../suites/sessionSuite.js';
import type { FleetResults } from '../suites/fleetSuite.js';
import type { LimitsResults } from '../suites/limitsSuite.js';
import { renderLimits } from './limitTargets.js';
import type { MemoryResults } from '../suites/memorySuite.js';
import type { NestResults } from '../suites/nestSuite.js';
import type { RecipeRow } from '../suites/recipeSuite.js';
import type { ScaleResults, StartupResults } from '../suites/scaleSuite.js';
import type { MachineInfo } from './machineInfo.js';
import { formatNs, ns, ratio, table } from './formatMarkdown.js';
import { renderAudit } from './renderAudit.js';
import { renderConsole } from './renderConsole.js';
import { renderFleet } from './renderFleet.js';
import { renderMasking } from './renderMasking.js';
import type { TargetResult } from './targets.js';

/** Everything one run measured. */
export interface BenchmarkRun {
  readonly machine: MachineInfo;
  readonly quick: boolean;
  readonly equivalence: {
    readonly requests: number;
    readonly forms: readonly string[];
    readonly disagreements: number;
  };
  readonly recipe: readonly RecipeRow[];
  readonly scale: ScaleResults;
  readonly startup: StartupResults;
  readonly features: FeatureResults;
  /** Session recording and value fingerprinting. */
  readonly sessions: SessionResults;
  /** `@brane/nestjs`'s per-request interceptor. */
  readonly nest: NestResults;
  readonly memory: MemoryResults;
  readonly fleet: FleetResults;
  readonly limits: LimitsResults;
  readonly audit: AuditResults;
  /** The approval console's inbox with many pending approvals. */
  readonly console: ConsoleResults;
  readonly masking: MaskingResults;
  /** The minified bundle of a minimal governed agent. */
  readonly bundle: BundleResults;
  readonly targets: readonly TargetResult[];
}

/** Renders BENCHMARKS.md. */
export function renderReport(run: BenchmarkRun): string {
  const { machine, recipe, scale, startup, features, sessions, nest, memory } = run;
  const brane = recipe.find((r) => r.form.startsWith('Brane'));
  const direct = recipe.find((r) => r.form.startsWith('direct'));
  if (brane === undefined || direct === undefined) throw new Error('missing recipe rows');
  return `# Benchmarks

The cost of governance: Brane's overhead on a governed call, measured beside a direct call, a hand-written
inline check of the same rules, and the policy engines a user would embed instead. Times are the mean time
per call measured by [mitata](https://github.com/evanwashere/mitata). The machine is shared and a process's JIT
state matters, so each case runs in three fresh processes, three rounds each, and keeps its best; cases
compared with each other share a process and are interleaved. Compare the ratios within this run, not bare
times across machines.${run.quick ? '\n\n**This is a `--quick` run: its timings are not to be trusted.**' : ''}

- **Date:** ${machine.date}
- **Machine:** ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}
- **Node:** ${machine.node} (V8 ${machine.v8}), with \`--expose-gc\` and \`--no-turbo-inline-js-wasm-calls\` (V8 11 aborts in its
  deoptimizer after inlining calls into cedar-wasm; the flag only affects calls from JavaScript into WebAssembly)
- **Reproduce:** \`npm i -g pnpm@12.21.0 && pnpm install && pnpm bench\` writes this file; \`pnpm bench --quick\` is the
  smoke run CI does (it checks that every engine agrees and that every benchmark runs, not the timings).

## Targets

${table(
  ['case', 'target', 'measured', 'met'],
  run.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : '**no**']),
)}

## The recipe: three policies, every form

The three policies of \`recipe-refund-limit.txt\` (prod only, the \`refunds:create\` scope, the tenant's limit)
on one refund. A denied call includes building the form's error. Before timing anything, every form was run on
the same ${run.equivalence.requests} requests, sync and async, and compared with the inline check:
**${run.equivalence.disagreements} disagreements** (${run.equivalence.forms.join(', ')}).

${table(
  ['form', 'sync, allowed', 'sync, denied', 'async, allowed', 'async, denied', 'sync allowed vs Brane'],
  recipe.map((r) => [
    r.form,
    ns(r.syncAllowed),
    ns(r.syncDenied),
    ns(r.asyncAllowed),
    ns(r.asyncDenied),
    ratio(r.syncAllowed.avgNs, brane.syncAllowed.avgNs),
  ]),
)}

Brane's overhead over a direct call: **${formatNs(brane.syncAllowed.avgNs - direct.syncAllowed.avgNs)}** sync and
**${formatNs(brane.asyncAllowed.avgNs - direct.asyncAllowed.avgNs)}** async, allowed.

## Scale

A call that no policy matches, and the recipe call, with N capabilities and N policies registered besides (each N
in its own process):

${table(
  ['registered', 'none matching', 'recipe (3 matching)'],
  scale.registered.map((r) => [r.registered.toLocaleString('en-US'), ns(r.noneMatching), ns(r.recipe)]),
)}

M allowing policies matching one capability, exact targets or half of them \`*\`:

${table(
  ['matching', 'of which `*`', 'per call'],
  scale.matching.map((m) => [String(m.matching), String(m.wildcards), formatNs(m.avgNs)]),
)}

Registering ${startup.policies.toLocaleString('en-US')} policies on a fresh runtime: **${startup.coldMs.toFixed(1)} ms** the first time in a
fresh process (JIT warm-up included), ${startup.warmMs.toFixed(1)} ms once warm (best of ${run.quick ? 1 : 5}).

## Features

${table(
  ['feature', 'without', 'with', 'cost'],
  [
    [
      '`withContext` per-request identity (recipe call)',
      ns(features.plain),
      ns(features.withContext),
      formatNs(features.withContext.avgNs - features.plain.avgNs),
    ],
    [
      'a nested capability call',
      ns(features.flat),
      ns(features.nested),
      formatNs(features.nested.avgNs - features.flat.avgNs),
    ],
    [
      'the audit trail (recipe call; one action record into a counting sink, which never reads it)',
      ns(features.plain),
      ns(features.audited),
      formatNs(features.audited.avgNs - features.plain.avgNs),
    ],
    [
      '`@brane/nestjs` per request: identity from `req.user`, `withContext` (async recipe call, no HTTP)',
      ns(nest.plain),
      ns(nest.intercepted),
      formatNs(nest.intercepted.avgNs - nest.plain.avgNs),
    ],
    [
      "a request's `signal` in `withContext` (recipe call)",
      ns(features.contextOnly),
      ns(features.contextWithSignal),
      formatNs(features.contextWithSignal.avgNs - features.contextOnly.avgNs),
    ],
    [
      'a deny whose reason quotes a 1 MB argument instead of a short one (the reason bounded to 2,000 characters)',
      ns(features.deniedShort),
      ns(features.deniedHuge),
      formatNs(features.deniedHuge.avgNs - features.deniedShort.avgNs),
    ],
    [
      'recording the action in an in-memory session (sync call in `withContext`)',
      ns(sessions.noSession),
      ns(sessions.inSession),
      formatNs(sessions.inSession.avgNs - sessions.noSession.avgNs),
    ],
    [
      `fingerprinting a labelled output (${FINGERPRINTED_KB} KB of CRM text; cost per KB)`,
      ns(sessions.unlabelled),
      ns(sessions.labelled),
      formatNs((sessions.labelled.avgNs - sessions.unlabelled.avgNs) / FINGERPRINTED_KB),
    ],
    [
      `a streaming capability, per chunk (${STREAM_CHUNKS} chunks, one after-policy), against the raw async generator`,
      formatNs(features.rawStream.avgNs / STREAM_CHUNKS),
      formatNs(features.governedStream.avgNs / STREAM_CHUNKS),
      formatNs((features.governedStream.avgNs - features.rawStream.avgNs) / STREAM_CHUNKS),
    ],
  ],
)}

## Memory

${table(
  ['measure', 'result'],
  [
    [
      `heap growth over ${memory.calls.toLocaleString('en-US')} governed calls (1 in 10 denied), after GC`,
      `${(memory.heapGrowthBytes / 1024).toFixed(1)} KiB${Math.abs(memory.heapGrowthBytes) < 1024 * 1024 ? ' (no leak)' : ' (**possible leak**)'}`,
    ],
    [
      `retained per governed instance (${memory.instances.toLocaleString('en-US')} instances)`,
      `${memory.bytesPerGovernedInstance.toFixed(0)} bytes`,
    ],
    [
      `retained per registered policy (${memory.policies.toLocaleString('en-US')} policies)`,
      `${memory.bytesPerPolicy.toFixed(0)} bytes`,
    ],
  ],
)}

## Audit trail at volume

${renderAudit(run.audit)}

## Fleet: approvals on PostgreSQL

${renderFleet(run.fleet)}

## Limits

${renderLimits(run.limits)}
## Console: the inbox with many pending approvals

${renderConsole(run.console)}

## Masking a 1 MB argument

${renderMasking(run.masking)}

## Bundle size

${renderBundle(run.bundle)}

## The forms

- **direct call**: the refund function, ungoverned.
- **inline check**: the three rules as hand-written \`if\`s before the call: the floor.
- **Brane**: \`@Capability\` on the agent, the recipe's \`RecipePolicies\` class registered with \`runtime.use\`.
- **CASL**: an ability built once per agent from its scopes, a rule per tenant limit; \`ability.can\` decides, and a denial
  throws \`ForbiddenError.from(ability).throwUnlessCan\` (it captures a stack, so it is built only to deny).
- **Casbin**: an ABAC model with a policy line per tenant limit; \`enforceSync\`, and \`enforce\` for async.
- **Cedar**: a \`permit\` per tenant limit, parsed once with \`preparsePolicySet\`; \`statefulIsAuthorized\` per call.

The sources are in [\`benchmarks/src\`](benchmarks/src); the equivalence check is unit-tested in
[\`benchmarks/test\`](benchmarks/test).
`;
}
