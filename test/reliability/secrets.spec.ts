import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { SHAPE_NAMES, leaks, type Canary } from './fixtures/canaries.js';
import { runSecretScenario, type SecretRun, type SinkName } from './fixtures/runSecretScenario.js';
import {
  OUTCOMES,
  SENSITIVE_NAMES,
  canariesByPlace,
  expectedEnd,
  secretScenario,
  type Place,
  type SecretScenario,
} from './fixtures/secretScenario.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/** Each case is one governed call (two with an approval) on a fresh runtime with every sink. */
const CASES = 1_000;
const SINKS: readonly SinkName[] = ['memory', 'jsonl', 'console', 'otel'];

/** The figures of the property, summed over its cases. */
class Figures {
  cases = 0;
  /** Canaries placed, and canaries found (any 12 characters of one) in a sink, by place. */
  readonly placed: Record<string, number> = {};
  readonly hits: Record<string, number> = {};
  /** A policy's error message that reached the caller's deny (the README: the reason never repeats it). */
  callerHits = 0;
  callerChecks = 0;
  /** Cases whose call ended otherwise than planned, did not get the real secrets, or went unrecorded. */
  misruns = 0;
  /** Where the search must find the secrets: the approval store keeps the arguments it will resume with. */
  storeCases = 0;
  storeFinds = 0;
  readonly outcomes: Record<string, number> = {};
  readonly shapes = new Set<string>();
  readonly sensitiveNames = new Set<string>();
  readonly bytesSearched: Record<string, number> = {};

  /** Counts one case; returns how many canaries were found where they must not be, plus 1 for a misrun. */
  add(scenario: SecretScenario, run: SecretRun): number {
    this.cases += 1;
    this.outcomes[scenario.outcome] = (this.outcomes[scenario.outcome] ?? 0) + 1;
    let found = 0;
    const byPlace = Object.entries(canariesByPlace(scenario)) as [Place, readonly Canary[]][];
    for (const [place, canaries] of byPlace) {
      this.placed[place] = (this.placed[place] ?? 0) + canaries.length;
      for (const canary of canaries) {
        if (canary.shape !== undefined) this.shapes.add(canary.shape);
        for (const sink of SINKS) {
          if (!leaks(run.sinks[sink], canary)) continue;
          found += 1;
          this.hits[`${place} in ${sink}`] = (this.hits[`${place} in ${sink}`] ?? 0) + 1;
        }
      }
    }
    for (const named of [scenario.nested, scenario.output]) this.sensitiveNames.add(named.name);
    for (const sink of SINKS) this.bytesSearched[sink] = (this.bytesSearched[sink] ?? 0) + run.sinks[sink].length;
    if (scenario.outcome === 'policyThrows') {
      this.callerChecks += 1;
      if (leaks(run.callerSees, scenario.hidden)) {
        this.callerHits += 1;
        found += 1;
      }
    }
    if (scenario.outcome === 'approval') {
      this.storeCases += 1;
      if (leaks(run.storeText, scenario.password) && leaks(run.storeText, scenario.nested.canary)) this.storeFinds += 1;
    }
    const misrun =
      run.ended !== expectedEnd(scenario.outcome) ||
      !run.delivered ||
      run.actionsRecorded !== run.callsMade ||
      SINKS.some((sink) => run.sinks[sink].length === 0);
    if (misrun) this.misruns += 1;
    return found + (misrun ? 1 : 0);
  }

  get totalHits(): number {
    return Object.values(this.hits).reduce((sum, n) => sum + n, 0);
  }
}

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-secrets-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

// 1,000 cases take a few seconds; `pnpm test:long` runs ten times as many.
jest.setTimeout(10 * 60_000);

describe('secret canaries: args, outputs, errors, reasons', () => {
  it('no canary ever reaches a sink (memory, JSONL file, console, OpenTelemetry)', async () => {
    const startedAt = performance.now();
    const figures = new Figures();
    await fc.assert(
      fc.asyncProperty(secretScenario, async (scenario) => {
        const run = await runSecretScenario(scenario, scratch);
        return figures.add(scenario, run) === 0;
      }),
      propertyParameters(CASES),
    );
    reportFigures('secrets', {
      cases: figures.cases,
      ...prefixed('placed ', figures.placed),
      hits: figures.totalHits,
      callerChecks: figures.callerChecks,
      callerHits: figures.callerHits,
      misruns: figures.misruns,
      storeCases: figures.storeCases,
      storeFinds: figures.storeFinds,
      shapes: figures.shapes.size,
      sensitiveNames: figures.sensitiveNames.size,
      ...prefixed('outcome ', figures.outcomes),
      ...prefixed('bytes ', figures.bytesSearched),
      seconds: Math.round((performance.now() - startedAt) / 100) / 10,
    });

    const cases = propertyParameters(CASES).numRuns;
    expect(figures.cases).toBe(cases);
    expect(figures.hits).toEqual({});
    expect(figures.callerHits).toBe(0);
    expect(figures.misruns).toBe(0);
    // Every place, outcome, shape and sensitive name was exercised, and every sink searched.
    expect(Object.keys(figures.placed).sort()).toEqual(['approval comments', 'args', 'errors', 'outputs', 'reasons']);
    expect(Object.values(figures.placed).every((n) => n > 0)).toBe(true);
    expect(Object.keys(figures.outcomes).sort()).toEqual([...OUTCOMES].sort());
    expect(figures.shapes.size).toBe(SHAPE_NAMES.length);
    expect(figures.sensitiveNames.size).toBe(SENSITIVE_NAMES.length);
    expect(SINKS.every((sink) => (figures.bytesSearched[sink] ?? 0) > 0)).toBe(true);
    // The search is not blind: it finds the arguments where Brane keeps them on purpose.
    expect(figures.storeFinds).toBe(figures.storeCases);
    expect(figures.storeCases).toBeGreaterThan(0);
  });
});

function prefixed(prefix: string, values: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}${key}`, value]));
}
