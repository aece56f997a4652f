import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JOBS } from './jobs.js';
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
import type { FeatureResults } from './suites/featureSuite.js';
import type { MemoryResults } from './suites/memorySuite.js';
import { RECIPE_FORMS, type RecipeRow } from './suites/recipeSuite.js';
import type { ScaleResults, StartupResults } from './suites/scaleSuite.js';

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

/** Runs one job in a fresh process (this script with `--job`) and returns its JSON result. */
function runJob(job: string): unknown {
  log(`  ${job}...`);
  const args = ['--expose-gc', process.argv[1] as string, '--job', job, ...(quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`benchmark job ${job} failed (exit ${String(child.status ?? child.signal)})`);
  return JSON.parse(child.stdout) as unknown;
}

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

  log('benchmarks (each in its own process):');
  const recipe = RECIPE_FORMS.map((form) => runJob(`recipe:${form}`) as RecipeRow);
  const startup = runJob('startup') as StartupResults;
  const scale = runJob('scale') as ScaleResults;
  const features = runJob('features') as FeatureResults;
  const memory = runJob('memory') as MemoryResults;
  const targets = evaluateTargets(recipe, scale, startup);
  const report = renderReport({
    machine: machineInfo(),
    quick,
    equivalence: { requests: requests.length, forms: forms.map((f) => f.name), disagreements: disagreements.length },
    recipe,
    scale,
    startup,
    features,
    memory,
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
