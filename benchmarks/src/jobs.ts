import type { BenchOptions } from './measure.js';
import { featureSuite } from './suites/featureSuite.js';
import { memorySuite } from './suites/memorySuite.js';
import { RECIPE_FORMS, recipeRow } from './suites/recipeSuite.js';
import { scaleSuite, startupSuite } from './suites/scaleSuite.js';

/**
 * Each job runs in a fresh Node process, so that one engine's JIT state cannot change another's timings
 * (and a V8 deoptimizer crash seen once with Casbin's async API after other engines' benchmarks cannot take
 * the run down with it). A job returns JSON-safe results.
 */
export const JOBS: Readonly<Record<string, (options: BenchOptions) => Promise<unknown>>> = {
  ...Object.fromEntries(
    RECIPE_FORMS.map((form) => [`recipe:${form}`, (options: BenchOptions) => recipeRow(form, options)]),
  ),
  startup: (options) => Promise.resolve(startupSuite(options.quick)),
  scale: scaleSuite,
  features: featureSuite,
  memory: (options) => Promise.resolve(memorySuite(options.quick)),
};
