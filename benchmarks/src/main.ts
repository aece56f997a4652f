import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JOBS } from './jobs.js';
import { runBestOf, runJob } from './runJob.js';
import { braneForm } from './recipe/braneForm.js';
import { caslForm } from './recipe/caslForm.js';
import { casbinForm } from './recipe/casbinForm.js';
import { cedarForm } from './recipe/cedarForm.js';
import { checkEquivalence } from './recipe/checkEquivalence.js';
import { inlineForm } from './recipe/inlineForm.js';
import { recipeRequests } from './recipe/RecipeRequest.js';
import { machineInfo } from './report/machineInfo.js';
import { renderReport } from './report/renderReport.js';
import { evaluateTargets } from './report/targets.js';
import { limitTargets } from './report/limitTargets.js';
import type { AuditResults } from './suites/auditSuite.js';
import type { ConsoleResults } from './suites/consoleSuite.js';
import type { MaskingResults } from './suites/maskingSuite.js';
import type { BundleResults } from './suites/bundleSuite.js';
import type { FeatureResults } from './suites/featureSuite.js';
import type { FleetResults } from './suites/fleetSuite.js';
import { pickLimits, type LimitsResults } from './suites/limitsSuite.js';
import type { MemoryResults } from './suites/memorySuite.js';
import type { NestResults } from './suites/nestSuite.js';
import type { SessionResults } from './suites/sessionSuite.js';
import { RECIPE_CASES, RECIPE_FORMS, type RecipeCase, type RecipeRow } from './suites/recipeSuite.js';
import type { Measurement } from './measure.js';
import {
  REGISTERED_SIZES,
  type MatchingResult,
  type RegisteredResult,
  type StartupResults,
} from './suites/scaleSuite.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    job: { type: 'string' },
  },
});
const quick = values.quick;
const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

async function orchestrate(): Promise<void> {
  log('checking that every form gives the same answers...');
  const forms = [braneForm(), caslForm(), await casbinForm(), cedarForm()];
  const requests = recipeRequests();
  const disagreements = await checkEquivalence(inlineForm, forms, requests);
  for (const d of disagreements) {
    log(`DISAGREEMENT ${d.form} (${d.mode}) on ${JSON.stringify(d.request)}: expected ${d.expected}, got ${d.actual}`);
  }
  if (disagreements.length > 0)
    throw new Error(`${disagreements.length} disagreements: the forms do not enforce the same rules`);
  log(`all ${forms.length} forms agree with the inline check on ${requests.length} requests, sync and async`);

  // Every timing is the best of three fresh processes (one when quick); memory is measured once.
  const processes = quick ? 1 : 3;
  const best = (job: string): unknown => runBestOf(job, processes, quick);
  log(`benchmarks (each in its own process, best of ${processes}):`);
  const recipe = RECIPE_FORMS.map((form): RecipeRow => {
    const cases = RECIPE_CASES.map(
      (kind) => best(`recipe:${form}:${kind}`) as { form: string; measurement?: Measurement },
    );
    const of = (kind: RecipeCase): Measurement | undefined => cases[RECIPE_CASES.indexOf(kind)]?.measurement;
    const allowed = (kind: RecipeCase): Measurement => {
      const measurement = of(kind);
      if (measurement === undefined) throw new Error(`no ${kind} measurement for ${form}`);
      return measurement;
    };
    return {
      form: cases[0]?.form ?? form,
      syncAllowed: allowed('syncAllowed'),
      syncDenied: of('syncDenied'),
      asyncAllowed: allowed('asyncAllowed'),
      asyncDenied: of('asyncDenied'),
    };
  });
  const startup = best('startup') as StartupResults;
  const scale = {
    registered: REGISTERED_SIZES.map((size) => best(`registered:${size}`) as RegisteredResult),
    matching: best('matching') as MatchingResult[],
  };
  const features = best('features') as FeatureResults;
  const sessions = best('sessions') as SessionResults;
  const nest = best('nestjs') as NestResults;
  const memory = runJob('memory', quick) as MemoryResults;
  // Measured once: it takes a while, and its figures are rates over seconds, not nanoseconds.
  const fleet = runJob('fleet', quick) as FleetResults;
  if (!fleet.ran) log(`fleet benchmarks skipped: ${fleet.reason}`);
  const consoleInbox = best('console') as ConsoleResults;
  const masking = best('masking') as MaskingResults;
  // Sizes, not times: one run.
  const bundle = runJob('bundle', quick) as BundleResults;
  // Measured once: rates over runs that write and fsync a log, like the fleet's.
  const audit = runJob('audit', quick) as AuditResults;
  const limits = pickLimits(Array.from({ length: processes }, () => runJob('limits', quick) as LimitsResults));
  const targets = [
    ...evaluateTargets(recipe, scale, startup, fleet, { features, audit }, sessions),
    ...limitTargets(limits),
  ];
  const report = renderReport({
    machine: machineInfo(),
    quick,
    equivalence: { requests: requests.length, forms: forms.map((f) => f.name), disagreements: disagreements.length },
    recipe,
    scale,
    startup,
    features,
    sessions,
    nest,
    memory,
    fleet,
    audit,
    limits,
    console: consoleInbox,
    masking,
    bundle,
    targets,
  });
  if (values.out !== undefined) {
    writeFileSync(values.out, report);
    log(`wrote ${values.out}`);
  }
  if (quick) {
    console.log('quick run: the forms agree and every benchmark ran; its timings are not meaningful');
    return;
  }
  for (const t of targets) {
    console.log(`${t.met ? 'met    ' : 'MISSED '} ${t.name}: ${t.measured} (target: ${t.target})`);
  }
}

async function main(): Promise<void> {
  if (values.job === undefined) return orchestrate();
  const job = JOBS[values.job];
  if (job === undefined) throw new Error(`unknown job \`${values.job}\` (jobs: ${Object.keys(JOBS).join(', ')})`);
  process.stdout.write(JSON.stringify(await job({ quick })));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
