/** Refund limits per tenant, in USD. In production these come from configuration or a database. */
export class TenantLimits {
  constructor(
    private readonly limits: Readonly<Record<string, number>>,
    private readonly fallback: number,
  ) {}

  /** The refund limit of a tenant; tenants without one get the default limit. */
  for(tenantId: string | undefined): number {
    return (tenantId === undefined ? undefined : this.limits[tenantId]) ?? this.fallback;
  }
}

/** The limits of the recipe. */
export const recipeLimits = new TenantLimits({ tenant_acme: 100, tenant_globex: 250, tenant_initech: 50 }, 100);
