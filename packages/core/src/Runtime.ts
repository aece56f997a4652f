import type { AuditSinkStats } from '@brane/audit';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import {
  PolicyRegistry,
  type Policy,
  type PolicyFunction,
  type PolicyOptions,
  type PolicyStage,
  type PolicyTarget,
} from '@brane/policy-engine';
import { assembleRuntime, type RuntimeParts } from './assembleRuntime.js';
import type { CapabilityDefinition, CapabilityOptions } from './CapabilityDefinition.js';
import { explainCall, positionalArgs, type Explanation } from './explain.js';
import type { Approvals } from './Approvals.js';
import type { CapabilityInvoker } from './CapabilityInvoker.js';
import { CapabilityRegistry } from './CapabilityRegistry.js';
import { defineFunctionCapability, governedFunction } from './governFunction.js';
import { installBindings, planGovernance } from './governInstance.js';
import { governorOf, setGovernor } from './governors.js';
import { overrideIdentity, parseContextOverrides, type ContextOverrides, type Identity } from './Identity.js';
import { bindPolicies } from './bindPolicies.js';
import { functionPolicy } from './functionPolicy.js';
import { refuseUndeclaredStream } from './streams/refuseUndeclaredStream.js';
import type { StreamingFunction, StreamSource } from './streams/StreamingFunction.js';
import type { RuntimeOptions } from './RuntimeOptions.js';
import { PolicySources } from './PolicySources.js';
import { SetupCheck } from './SetupCheck.js';
import { TargetDirectory, resumeTargetError } from './TargetDirectory.js';
import type { ValidationReport } from './ValidationReport.js';

/**
 * Governs capability use: holds the policies, the governed capabilities and the identity actions run
 * under, and enforces every decision.
 *
 * @example
 * const runtime = new Runtime({ agentId: 'support-agent', environment: 'prod', tenantId: 'tenant_acme' });
 * runtime.use(new RefundPolicies(limits));
 * const agent = runtime.govern(new SupportAgent());
 * await agent.refundCustomer('cust_123', 75); // allowed; 349 would throw CapabilityDeniedError
 */
export class Runtime {
  readonly #policies = new PolicyRegistry();
  readonly #capabilities = new CapabilityRegistry();
  /** The policies registered from each policy instance or function, for `unuse`. */
  readonly #sources = new PolicySources(this.#policies);
  readonly #targets = new TargetDirectory();
  readonly #invoker: CapabilityInvoker;
  /** Its approvals, audit trail, limits, sessions, and how `explain` evaluates (see {@link assembleRuntime}). */
  readonly #parts: RuntimeParts;
  /** Decides approvals: `approve`, `reject`, `get`, `list`. */
  readonly approvals: Approvals;
  readonly #setup: SetupCheck;

  constructor(options: RuntimeOptions = {}) {
    this.#parts = assembleRuntime(options, {
      policies: this.#policies,
      capabilities: this.#capabilities,
      targets: this.#targets,
    });
    this.#invoker = this.#parts.invoker;
    this.approvals = this.#parts.approvals.approvals;
    this.#setup = new SetupCheck(this.#policies, this.#capabilities, this.#invoker, this.#parts.refusesUnknownTargets);
  }

  /** The identity actions run under right now: the runtime's, overridden by any enclosing `withContext`. */
  get identity(): Identity {
    return this.#invoker.identity();
  }

  /**
   * Governs every `@Capability` method of `instance` and returns it. From now on each call, by any path
   * (the instance, a destructured or bound method, the prototype's method, a subclass's `super`), is
   * evaluated by this runtime's policies. Governing the same instance twice is a no-op.
   */
  govern<T extends object>(instance: T): T {
    if ((typeof instance !== 'object' && typeof instance !== 'function') || instance === null) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `runtime.govern: expected an object with @Capability methods (got ${describeValue(instance)})`,
      );
    }
    const governor = governorOf(instance);
    if (governor === this.#invoker) return instance;
    if (governor !== undefined) {
      throw new ConfigurationError(
        'ALREADY_GOVERNED',
        'runtime.govern: this instance is already governed by another runtime',
      );
    }
    const plan = planGovernance(instance);
    for (const { definition } of plan.capabilities) {
      this.#checkDefinition(definition, `runtime.govern(${plan.className})`);
    }
    this.#capabilities.registerAll(plan.capabilities, `runtime.govern(${plan.className})`);
    this.#setup.checkBeforeNextCall();
    installBindings(instance, plan, this.#invoker);
    setGovernor(instance, this.#invoker);
    this.#targets.addInstance(
      instance,
      plan.bindings.map((binding) => binding.invocation),
    );
    return instance;
  }

  /**
   * Returns a governed version of `fn`, for code that is not a class method (tool handlers, closures).
   *
   * @example
   * const search = runtime.capability({ name: 'search_docs', risk: 'low' }, async (query: string) => ...);
   * const rows = runtime.capability({ name: 'export_rows', stream: true }, async function* (table: string) { ... });
   */
  capability<F extends (...args: never[]) => StreamSource>(
    options: CapabilityOptions & { readonly stream: true },
    fn: F,
  ): StreamingFunction<F>;
  capability<F extends (...args: never[]) => unknown>(options: CapabilityOptions, fn: F): F;
  capability<F extends (...args: never[]) => unknown>(options: CapabilityOptions, fn: F): F {
    const definition = defineFunctionCapability(options, fn);
    this.#checkDefinition(definition, definition.declaredAt);
    refuseUndeclaredStream(definition, fn, definition.declaredAt);
    this.#capabilities.registerAll(
      [{ definition, root: definition, location: definition.declaredAt }],
      definition.declaredAt,
    );
    this.#setup.checkBeforeNextCall();
    const invocation = governedFunction(definition, fn, this.#invoker);
    this.#targets.addFunction(invocation);
    return invocation.entry as unknown as F;
  }

  /**
   * Registers every `@BeforeCapability` and `@AfterCapability` method of `instance` (an injectable policy
   * class) and returns it. Registering the same instance twice is a no-op.
   */
  use<T extends object>(instance: T): T {
    if (typeof instance !== 'object' || instance === null) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `runtime.use: expected an instance of a policy class (got ${describeValue(instance)})`,
      );
    }
    if (this.#sources.has(instance)) return instance;
    this.#register(instance, bindPolicies(instance));
    return instance;
  }

  /** Registers a plain function as a before-policy and returns it unchanged. */
  beforeCapability<F extends PolicyFunction>(target: PolicyTarget, fn: F): F;
  beforeCapability<F extends PolicyFunction>(target: PolicyTarget, options: PolicyOptions, fn: F): F;
  beforeCapability<F extends PolicyFunction>(target: PolicyTarget, optionsOrFn: PolicyOptions | F, fn?: F): F {
    return this.#registerFunction('before', target, optionsOrFn, fn);
  }

  /** Registers a plain function as an after-policy and returns it unchanged. */
  afterCapability<F extends PolicyFunction>(target: PolicyTarget, fn: F): F;
  afterCapability<F extends PolicyFunction>(target: PolicyTarget, options: PolicyOptions, fn: F): F;
  afterCapability<F extends PolicyFunction>(target: PolicyTarget, optionsOrFn: PolicyOptions | F, fn?: F): F {
    return this.#registerFunction('after', target, optionsOrFn, fn);
  }

  /** Removes the policies registered from a policy instance or function; returns whether there were any. */
  unuse(source: object): boolean {
    return this.#sources.remove(source);
  }

  /**
   * Runs `fn` with identity overrides (per request: tenant, principal, scopes, trace, session). Fields named replace
   * the current ones; the rest come from the enclosing context, then the runtime. Isolated across
   * concurrent async requests. `signal` is the request's: a call waiting for an approval is abandoned when it
   * (or an enclosing one) aborts, and its request withdrawn.
   */
  withContext<T>(overrides: ContextOverrides, fn: () => T): T {
    const parsed = parseContextOverrides(overrides, 'runtime.withContext');
    if (typeof fn !== 'function') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `runtime.withContext: expected a function to run (got ${describeValue(fn)})`,
      );
    }
    const outer = this.#invoker.signal();
    const signal = parsed.signal;
    const combined = signal === undefined || outer === undefined ? (signal ?? outer) : AbortSignal.any([outer, signal]);
    return this.#invoker.runWithIdentity(overrideIdentity(this.identity, parsed), fn, combined);
  }

  /**
   * Runs the action that approval `approvalId` was requested for, once a human approved it, and returns its
   * result. Works in any process that governs the capability and shares the approval store, after a
   * restart too. The approval is used once: the before-policies run again on the approved arguments (and
   * see `ctx.approval`); the tenant and principal must be those of the request; a second resume is refused
   * with `APPROVAL_ALREADY_USED`, and concurrent resumes in one process by that tenant and principal share
   * the single execution.
   *
   * @param options.target the governed instance to run a method capability on, when several are governed
   */
  async resume(approvalId: string, options: { readonly target?: object | undefined } = {}): Promise<unknown> {
    if (typeof approvalId !== 'string' || approvalId === '') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `runtime.resume: expected an approval id (got ${describeValue(approvalId)})`,
      );
    }
    const record = await (await this.#parts.approvals.service()).get(approvalId);
    const target = this.#targets.find(record.capability, options.target);
    if (typeof target === 'string') {
      throw resumeTargetError(approvalId, record.capability, target, this.#capabilities.hasName(record.capability));
    }
    return this.#invoker.resume(approvalId, target);
  }

  /**
   * Evaluates the before-policies of a call to `capability` with `args` (by position, or by name) without
   * executing it, under the runtime's identity with `context` overriding it. Returns every matching policy
   * in order, its decision and whether it was enforced, and the final decision. Nothing runs.
   *
   * @example
   * const { decision, policies } = await runtime.explain('refund_customer', { customerId: 'c1', amountUsd: 250 });
   */
  async explain(
    capability: string,
    args: readonly unknown[] | Readonly<Record<string, unknown>> = [],
    context: ContextOverrides = {},
  ): Promise<Explanation> {
    const definition = this.#capabilities.named(capability, 'runtime.explain');
    return explainCall({
      definition,
      plan: this.#policies.plans(definition.name).before,
      identity: overrideIdentity(this.identity, parseContextOverrides(context, 'runtime.explain')),
      args: positionalArgs(definition, args),
      limits: this.#parts.limits.store,
      sessions: this.#parts.sessions,
      ...this.#parts.explaining,
    });
  }

  /** Per audit sink: events queued, dropped (under `overflow: 'drop'`), failed writes, the last error. */
  auditStats(): Readonly<Record<string, AuditSinkStats>> {
    return this.#parts.audit?.stats() ?? {};
  }

  /**
   * Flushes the audit trail and closes its sinks, and closes the approval store (which releases only what it
   * opened itself, such as a pool opened from a connection string; never a pool you gave it). Call it before
   * the process exits.
   */
  async close(): Promise<void> {
    const results = await Promise.allSettled([
      this.#parts.audit?.close(),
      this.#parts.approvals.close(),
      this.#parts.sessions.close(),
    ]);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /** The registered policies, in registration order. */
  get policies(): readonly Policy[] {
    return this.#policies.list();
  }

  /** The governed capabilities, one per name. */
  get capabilities(): readonly CapabilityDefinition[] {
    return this.#capabilities.list();
  }

  /**
   * Reports every policy whose exact target no governed class or function declares (a typo, or a missing
   * `govern`); a `*` target is never unknown. Unless the runtime was built with `unknownTargets: 'ignore'`,
   * governed calls run this check once after each policy registration and are refused with a
   * `ConfigurationError` (`UNKNOWN_TARGET`) while it reports a problem.
   *
   * Also reports (`MINIFIED_PARAMS`) every policy that reads an argument by a name its capability lacks, when the
   * capability's names were read from a parameter list that looks minified (`t, n, i`); governed calls are then
   * refused with a `ConfigurationError` (`UNRESOLVED_PARAMS`) until the capability has `params`.
   */
  validate(): ValidationReport {
    return this.#setup.validate();
  }

  /**
   * Declares capability names that are registered later, as they are discovered (for example the tools an
   * MCP server lists): a policy whose target `matches` is not reported as unknown before its capability is
   * registered. Adapters call it; application code rarely needs to.
   */
  declareDynamicCapabilities(matches: (name: string) => boolean): void {
    this.#setup.declareDynamic(matches);
  }

  /** Refuses a capability its runtime's sessions or audit trail cannot record as it declares. */
  #checkDefinition(definition: CapabilityDefinition, where: string): void {
    this.#parts.sessions.check(definition, where);
    this.#parts.audit?.check(definition, where);
  }

  #registerFunction<F extends PolicyFunction>(
    stage: PolicyStage,
    target: PolicyTarget,
    optionsOrFn: PolicyOptions | F,
    fn?: F,
  ): F {
    const { evaluate, policy } = functionPolicy(stage, target, optionsOrFn, fn);
    this.#register(evaluate, [policy]);
    return evaluate;
  }

  #register(source: object, policies: readonly Policy[]): void {
    this.#sources.add(source, policies);
    this.#setup.checkBeforeNextCall();
  }
}
