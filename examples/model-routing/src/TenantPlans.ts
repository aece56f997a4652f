/** A tenant's subscription plan. */
export type Plan = 'free' | 'pro' | 'enterprise';

/** The plan of each tenant. In production this comes from billing. */
export class TenantPlans {
  constructor(
    private readonly plans: Readonly<Record<string, Plan>>,
    private readonly fallback: Plan,
  ) {}

  /** The plan of a tenant; unknown tenants, and calls without a tenant, get the fallback. */
  for(tenantId: string | undefined): Plan {
    return (tenantId === undefined ? undefined : this.plans[tenantId]) ?? this.fallback;
  }
}

/** The plans of the example: unknown tenants are treated as free, the cheaper mistake. */
export const examplePlans = new TenantPlans(
  { tenant_acme: 'pro', tenant_globex: 'enterprise', tenant_hobby: 'free' },
  'free',
);
