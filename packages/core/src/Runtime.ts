import type { ApprovalService, ApprovalStore } from '@brane/approvals';
import type { AuditSinkStats } from '@brane/audit';
import { Decision } from '@brane/decisions';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import {
  PolicyRegistry,
  parseOptions,
  type Policy,
  type PolicyFunction,
  type PolicyOptions,
  type PolicyStage,
  type PolicyTarget,
} from '@brane/policy-engine';
import { defineCapability, type CapabilityDefinition, type CapabilityOptions } from './CapabilityDefinition.js';
import { explainCall, positionalArgs, type ExplainInput, type Explanation } from './explain.js';
import { ApprovalFlow } from './ApprovalFlow.js';
import { approvalsOf, type Approvals } from './Approvals.js';
import { CapabilityInvoker } from './CapabilityInvoker.js';
import { LimitGate } from './limits/LimitGate.js';
import { InMemoryLimitStore } from '@brane/limits';
import { createApprovalService, requireSecretFor } from './createApprovalService.js';
import { CapabilityRegistry } from './CapabilityRegistry.js';
import { registerEntry } from './gates.js';
import { installBindings, planGovernance } from './governInstance.js';
import { INVOKE, governorOf, setGovernor, type Invocation } from './governors.js';
import {
  overrideIdentity,
  parseContextOverrides,
  runtimeIdentity,
  type ContextOverrides,
  type Identity,
} from './Identity.js';
import { bindPolicies } from './bindPolicies.js';
import { functionPolicy } from './functionPolicy.js';
import { nameOf } from './nameOf.js';
import { refuseUndeclaredStream } from './streams/refuseUndeclaredStream.js';
import type { StreamingFunction, StreamSource } from './streams/StreamingFunction.js';
import { runtimeOptionsSchema, type RuntimeOptions } from './RuntimeOptions.js';
import { SessionRecorder } from './SessionRecorder.js';
import { TargetDirectory, resumeTargetError } from './TargetDirectory.js';
import { AuditTrail } from './audit/AuditTrail.js';
import { unknownTargetError, validatePolicies, type ValidationReport } from './ValidationReport.js';
import { assertNotMinified, findMinifiedParams } from './minifiedParams.js';

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
  readonly #sources = new Map<object, Policy[]>();
  readonly #targets = new TargetDirectory();
  readonly #invoker: CapabilityInvoker;
  readonly #approvalService: () => Promise<ApprovalService>;
  /** Decides approvals: `approve`, `reject`, `get`, `list`. */
  readonly approvals: Approvals;
  readonly #audit: AuditTrail | undefined;
  /** Reserves the limits that decisions carry, in the runtime's limit store. */
  readonly #limits: LimitGate;
  /** The approval store given in the options, closed by `close` (it releases only what it opened itself). */
  readonly #approvalStore: ApprovalStore | undefined;
  /** Sessions: their store, and the fingerprint key. */
  readonly #sessions: SessionRecorder;
  /** How `explain` evaluates: as an async call would, with the runtime's metadata. */
  readonly #explaining: Pick<ExplainInput, 'mode' | 'metadata'>;
  /** Whether a policy on an unknown target refuses governed calls (`unknownTargets: 'throw'`, the default). */
  readonly #refusesUnknownTargets: boolean;
  /** Predicates of capability names that are registered as they are discovered (`declareDynamicCapabilities`). */
  readonly #dynamic: ((name: string) => boolean)[] = [];

  constructor(options: RuntimeOptions = {}) {
    const parsed = parseOptions(runtimeOptionsSchema, options, 'new Runtime');
    const approvalOptions = parsed.approvals ?? {};
    requireSecretFor(approvalOptions.store, approvalOptions.secret);
    this.#approvalStore = approvalOptions.store;
    let service: Promise<ApprovalService> | undefined;
    this.#approvalService = () => (service ??= createApprovalService(approvalOptions));
    this.#audit = parsed.audit === undefined ? undefined : new AuditTrail(parsed.audit);
    this.#sessions = new SessionRecorder(parsed.sessions);
    this.approvals = approvalsOf(this.#approvalService, this.#audit);
    const identity = runtimeIdentity(parsed);
    const defaultDecision =
      parsed.defaultDecision === 'deny'
        ? Decision.deny('No policy matched this capability, and the runtime denies by default')
        : Decision.allow();
    const metadata = Object.freeze({ ...parsed.metadata });
    this.#limits = new LimitGate(parsed.limits ?? new InMemoryLimitStore());
    const policyTimeoutMs = parsed.policyTimeoutMs ?? 5000;
    this.#explaining = { mode: { whenNoneMatch: defaultDecision, async: true, timeoutMs: policyTimeoutMs }, metadata };
    this.#invoker = new CapabilityInvoker({
      policies: this.#policies,
      capabilities: this.#capabilities,
      targets: this.#targets,
      approvals: new ApprovalFlow(this.#approvalService, this.#policies, this.#audit),
      waitForApproval: approvalOptions.wait ?? false,
      identity,
      defaultDecision,
      policyTimeoutMs,
      metadata,
      audit: this.#audit,
      limits: this.#limits,
      sessions: this.#sessions,
    });
    this.#refusesUnknownTargets = (parsed.unknownTargets ?? 'throw') === 'throw';
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
      this.#sessions.check(definition, `runtime.govern(${plan.className})`);
      this.#audit?.check(definition, `runtime.govern(${plan.className})`);
    }
    this.#capabilities.registerAll(plan.capabilities, `runtime.govern(${plan.className})`);
    this.#checkBeforeNextCall();
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
    if (typeof fn !== 'function') {
      throw new BraneError('INVALID_ARGUMENT', `runtime.capability: expected a function (got ${describeValue(fn)})`);
    }
    const original = fn as unknown as (...args: unknown[]) => unknown;
    const label = nameOf(options) ?? fn.name;
    const definition = defineCapability(options, fn, `runtime.capability(${label})`, fn.name);
    this.#sessions.check(definition, definition.declaredAt);
    this.#audit?.check(definition, definition.declaredAt);
    refuseUndeclaredStream(definition, fn, definition.declaredAt);
    this.#capabilities.registerAll(
      [{ definition, root: definition, location: definition.declaredAt }],
      definition.declaredAt,
    );
    this.#checkBeforeNextCall();
    const invoker = this.#invoker;
    const governed = function (this: unknown, ...args: unknown[]): unknown {
      return invoker[INVOKE](invocation, this, args);
    };
    const invocation: Invocation = { definition, original, entry: governed };
    registerEntry(governed, invocation);
    this.#targets.addFunction(invocation);
    Object.defineProperty(governed, 'name', { value: fn.name });
    Object.defineProperty(governed, 'length', { value: fn.length });
    return governed as unknown as F;
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
    const policies = this.#sources.get(source);
    if (policies === undefined) return false;
    for (const policy of policies) this.#policies.remove(policy);
    this.#sources.delete(source);
    return true;
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
    const record = await (await this.#approvalService()).get(approvalId);
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
    const definition = typeof capability === 'string' ? this.#capabilities.byName(capability) : undefined;
    if (definition === undefined) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `runtime.explain: no governed capability is named ${describeValue(capability)}`,
      );
    }
    const identity = overrideIdentity(this.identity, parseContextOverrides(context, 'runtime.explain'));
    const plan = this.#policies.plans(definition.name).before;
    return explainCall({
      definition,
      plan,
      identity,
      args: positionalArgs(definition, args),
      limits: this.#limits.store,
      sessions: this.#sessions,
      ...this.#explaining,
    });
  }

  /** Per audit sink: events queued, dropped (under `overflow: 'drop'`), failed writes, the last error. */
  auditStats(): Readonly<Record<string, AuditSinkStats>> {
    return this.#audit?.stats() ?? {};
  }

  /**
   * Flushes the audit trail and closes its sinks, and closes the approval store (which releases only what it
   * opened itself, such as a pool opened from a connection string; never a pool you gave it). Call it before
   * the process exits.
   */
  async close(): Promise<void> {
    const results = await Promise.allSettled([
      this.#audit?.close(),
      this.#approvalStore?.close?.(),
      this.#sessions.close(),
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
    const unknown = this.#unknownTargets();
    const minified = findMinifiedParams(this.#policies.list(), this.#capabilities.list());
    return { ok: unknown.ok && minified.length === 0, problems: [...unknown.problems, ...minified] };
  }

  #unknownTargets(): ValidationReport {
    return validatePolicies(
      this.#policies.list(),
      (name) => this.#capabilities.hasName(name) || this.#dynamic.some((matches) => matches(name)),
      () => this.#capabilities.list().map((definition) => definition.name),
    );
  }

  /**
   * Declares capability names that are registered later, as they are discovered (for example the tools an
   * MCP server lists): a policy whose target `matches` is not reported as unknown before its capability is
   * registered. Adapters call it; application code rarely needs to.
   */
  declareDynamicCapabilities(matches: (name: string) => boolean): void {
    if (typeof matches !== 'function') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `runtime.declareDynamicCapabilities: expected a function of a capability name (got ${describeValue(matches)})`,
      );
    }
    this.#dynamic.push(matches);
  }

  /**
   * Has the next governed call check the setup first: a policy on an unknown target (`UNKNOWN_TARGET`, unless
   * `unknownTargets: 'ignore'`) or reading arguments a minifier renamed (`UNRESOLVED_PARAMS`) refuses it.
   */
  #checkBeforeNextCall(): void {
    this.#invoker.checkBeforeNextCall(() => {
      const unknown = this.#refusesUnknownTargets ? this.#unknownTargets() : undefined;
      if (unknown?.ok === false) throw unknownTargetError(unknown);
      assertNotMinified(this.#policies.list(), this.#capabilities.list());
    });
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
    this.#policies.addAll(policies);
    this.#checkBeforeNextCall();
    const registered = this.#sources.get(source);
    if (registered === undefined) this.#sources.set(source, [...policies]);
    else registered.push(...policies);
  }
}
