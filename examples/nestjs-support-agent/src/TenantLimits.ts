import { Injectable } from '@nestjs/common';

/** Refund limits per tenant, in USD: a provider the policies inject. In production, configuration or a database. */
@Injectable()
export class TenantLimits {
  readonly #limits: Readonly<Record<string, number>> = { tenant_acme: 100, tenant_globex: 250 };

  /** The refund limit of a tenant; tenants without one get $100. */
  for(tenantId: string | undefined): number {
    return (tenantId === undefined ? undefined : this.#limits[tenantId]) ?? 100;
  }
}
