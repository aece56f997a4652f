import type { BenchOptions } from './measure.js';
import { auditSuite } from './suites/auditSuite.js';
import { bundleSuite } from './suites/bundleSuite.js';
import { consoleSuite } from './suites/consoleSuite.js';
import { featureSuite } from './suites/featureSuite.js';
import { fleetSuite } from './suites/fleetSuite.js';
import { limitsSuite } from './suites/limitsSuite.js';
import { maskingSuite } from './suites/maskingSuite.js';
import { memorySuite } from './suites/memorySuite.js';
import { nestSuite } from './suites/nestSuite.js';
import { RECIPE_CASES, RECIPE_FORMS, recipeCase } from './suites/recipeSuite.js';
import { REGISTERED_SIZES, matchingSuite, registeredSuite, startupSuite } from './suites/scaleSuite.js';
import { sessionSuite } from './suites/sessionSuite.js';

/**
 * Each job runs in a fresh Node process: measured in one process, a case's time depended on which cases ran
 * before it (their JIT state), by up to 40%. One case per process makes every form's numbers comparable.
 * A job returns JSON-safe results.
 */
export const JOBS: Readonly<Record<string, (options: BenchOptions) => Promise<unknown>>> = {
  ...Object.fromEntries(
    RECIPE_FORMS.flatMap((form) =>
      RECIPE_CASES.map((kind) => [
        `recipe:${form}:${kind}`,
        (options: BenchOptions) => recipeCase(form, kind, options),
      ]),
    ),
  ),
  startup: (options) => Promise.resolve(startupSuite(options.quick)),
  ...Object.fromEntries(
    REGISTERED_SIZES.map((size) => [`registered:${size}`, (options: BenchOptions) => registeredSuite(size, options)]),
  ),
  matching: matchingSuite,
  features: featureSuite,
  nestjs: nestSuite,
  memory: (options) => Promise.resolve(memorySuite(options.quick)),
  fleet: fleetSuite,
  limits: limitsSuite,
  audit: auditSuite,
  sessions: sessionSuite,
  console: consoleSuite,
  masking: (options) => maskingSuite(options.quick),
  bundle: () => bundleSuite(),
};
