import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BraneModule } from '@brane/nestjs';
import { InMemoryApprovalStore } from '@brane/sdk';
import { BearerAuthGuard, identifyUser } from './BearerAuthGuard.js';
import { PaymentGateway } from './PaymentGateway.js';
import { RefundController } from './RefundController.js';
import { RefundPolicies } from './RefundPolicies.js';
import { SupportAgent } from './SupportAgent.js';
import { TenantLimits } from './TenantLimits.js';

/** The support service: Brane, an authentication guard, the agent, its policies and a controller. */
@Module({
  imports: [
    BraneModule.forRoot({
      runtime: {
        agentId: 'support-agent',
        environment: 'prod',
        // In production: the file store or your database, shared with the approvers' tools.
        approvals: { store: new InMemoryApprovalStore() },
      },
      identify: identifyUser,
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: BearerAuthGuard },
    PaymentGateway,
    TenantLimits,
    RefundPolicies,
    SupportAgent,
  ],
  controllers: [RefundController],
})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module: its decorator is its content
export class AppModule {}
