import { Decision, Runtime } from '@brane/sdk';
import { RecipeAgent, recipeRuntime } from '../recipe/braneRecipe.js';

/** What governance keeps in memory. */
export interface MemoryResults {
  readonly calls: number;
  /** Heap after the calls minus heap before, both after a full GC. */
  readonly heapGrowthBytes: number;
  readonly instances: number;
  /** Heap retained per governed instance, beyond the instance itself. */
  readonly bytesPerGovernedInstance: number;
  readonly policies: number;
  /** Heap retained per registered policy (all share one function, so this is Brane's own cost). */
  readonly bytesPerPolicy: number;
}

function collect(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the memory benchmarks need node --expose-gc (pnpm bench passes it)');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Heap growth over many governed calls, and bytes retained per governed instance and per policy. */
export function memorySuite(quick: boolean): MemoryResults {
  const { runtime, agent } = recipeRuntime();
  const calls = quick ? 100_000 : 1_000_000;
  for (let i = 0; i < 10_000; i++) agent.refundCustomer('cust_1', 75); // warm up before the baseline
  const before = collect();
  let sum = 0;
  for (let i = 0; i < calls; i++) {
    try {
      sum += agent.refundCustomer('cust_1', i % 10 === 0 ? 349 : 75);
    } catch {
      sum -= 1;
    }
  }
  const heapGrowthBytes = collect() - before;
  if (sum === 0) throw new Error('unreachable: keeps the loop alive');

  const instances = quick ? 1_000 : 10_000;
  const agents = Array.from({ length: instances }, () => new RecipeAgent());
  const ungoverned = collect();
  for (const instance of agents) runtime.govern(instance);
  const bytesPerGovernedInstance = (collect() - ungoverned) / instances;

  const policies = quick ? 1_000 : 10_000;
  const registry = new Runtime();
  const empty = collect();
  const allow = (): Decision => Decision.allow();
  for (let i = 0; i < policies; i++) registry.beforeCapability(`cap_${i % 100}`, { name: `policy_${i}` }, allow);
  const bytesPerPolicy = (collect() - empty) / policies;
  if (agents.length !== instances || registry.policies.length !== policies) throw new Error('unreachable');
  return { calls, heapGrowthBytes, instances, bytesPerGovernedInstance, policies, bytesPerPolicy };
}
